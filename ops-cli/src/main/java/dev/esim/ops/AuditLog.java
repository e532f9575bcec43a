package dev.esim.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Who replayed what, when and why, on {@value #TOPIC}. Each action writes two JSON records under one
 * {@code audit_id} (the key): {@code started} before anything is re-delivered — if that write fails, nothing is
 * done — and {@code completed} or {@code failed} with the counts afterwards. Plain JSON strings, not Avro: the
 * audit trail must stay readable with {@code kafka-console-consumer} even when the registry is down.
 */
final class AuditLog {

    static final String TOPIC = "esim.ops.audit.v1";
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final Clock clock;
    private final String principal;

    /** @param principal the operator Kafka authenticated (SASL user name), null on an unauthenticated cluster */
    AuditLog(Admin admin, Producer<byte[], byte[]> producer, Clock clock, String principal) {
        this.admin = admin;
        this.producer = producer;
        this.clock = clock;
        this.principal = principal;
    }

    /** One audited action in progress. */
    final class Entry {

        private final ObjectNode json;

        private Entry(ObjectNode json) {
            this.json = json;
        }

        ObjectNode details() {
            return json;
        }

        String auditId() {
            return json.get("audit_id").asText();
        }

        void completed(Map<String, Long> counts) {
            finish("completed", counts, null);
        }

        void failed(Map<String, Long> counts, Throwable error) {
            finish("failed", counts, error.getClass().getSimpleName() + ": " + error.getMessage());
        }

        private void finish(String outcome, Map<String, Long> counts, String error) {
            ObjectNode done = json.deepCopy();
            done.put("outcome", outcome);
            done.put("at", Instant.now(clock).toString());
            ObjectNode countsJson = done.putObject("counts");
            counts.forEach(countsJson::put);
            if (error != null) {
                done.put("error", error);
            }
            send(done);
        }
    }

    /**
     * Writes the {@code started} record. {@code what} holds the action's own fields (topic, filters, mode, ...).
     * Fails with an {@link OpsException} if the record cannot be written: no audit, no replay.
     */
    Entry start(String action, String operator, String reason, Map<String, Object> what) {
        ensureTopic();
        ObjectNode json = AvroRendering.JSON.createObjectNode();
        json.put("audit_id", UUID.randomUUID().toString());
        json.put("outcome", "started");
        json.put("at", Instant.now(clock).toString());
        json.put("operator", operator);
        json.put("operator_authenticated", principal != null);
        json.put("action", action);
        json.put("reason", reason);
        json.put("tool", "esim-ops");
        what.forEach((key, value) -> json.set(key, AvroRendering.JSON.valueToTree(value)));
        send(json);
        return new Entry(json);
    }

    private void ensureTopic() {
        // One partition keeps the trail in order; kept forever, because an audit trail that expires is no trail.
        NewTopic topic = new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
        try {
            admin.createTopics(List.of(topic)).all().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                // Maybe we may not create topics but may write to an existing one: the send below decides.
                return;
            }
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("Interrupted while creating " + TOPIC);
        }
    }

    private void send(ObjectNode json) {
        byte[] key = json.get("audit_id").asText().getBytes(StandardCharsets.UTF_8);
        byte[] value = AvroRendering.toJsonLine(json).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new OpsException("Could not write the audit record to " + TOPIC + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("Interrupted while writing the audit record");
        }
    }

    /** {@code --operator}, else the login name: the "who" of the audit record. */
    /**
     * Who acts. On a cluster that authenticates clients the operator is the Kafka principal (the SASL user of
     * {@code --command-config}), and {@code --operator} may only repeat it: nobody acts in someone else's name. On
     * an unauthenticated cluster (the local stack) it is {@code --operator}, else {@code $USER}, and the audit record
     * says it was not authenticated.
     */
    String operator(String option) {
        if (principal != null) {
            if (option != null && !option.isBlank() && !option.equals(principal)) {
                throw OpsException.refused("--operator " + option + " is not who Kafka authenticated (" + principal
                        + "): the audit names the authenticated operator");
            }
            return principal;
        }
        if (option != null && !option.isBlank()) {
            return option;
        }
        String user = System.getenv("USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
    }
}
