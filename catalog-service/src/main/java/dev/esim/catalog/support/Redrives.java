package dev.esim.catalog.support;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's "redrive this dead letter": the record goes back onto the topic its DLT belongs to — and only there —
 * with its key, value bytes and headers as they were, less the headers about the failed delivery, plus
 * {@value #HEADER} naming who redrove it and when. The value keeps its event id, so a redrive is safe: every consumer
 * dedupes on it, and redriving twice is harmless. Each redrive is recorded in {@code dead_letter_redrives} (who, when,
 * why, which record, where to) in the same database transaction, committed only once Kafka has acknowledged the
 * record: there is no redrive without its audit row.
 */
final class Redrives {

    private static final Logger LOG = LoggerFactory.getLogger(Redrives.class);

    /** The header a redriven record carries: {@code operator=<name>; at=<instant>; from=<dlt>/<partition>@<offset>}. */
    static final String HEADER = "esim-redrive";
    static final int MAX_REASON = 500;

    /** What the form asked for, as sent. */
    record Request(String topic, String partition, String offset, String reason, String operator) {
    }

    /** What came of a request: {@code refused} says why in words (nothing was published, nothing recorded). */
    record Result(Outcome outcome, String refused) {

        static Result refused(String why) {
            return new Result(Outcome.REFUSED, why);
        }
    }

    enum Outcome {
        /** Published and recorded. */
        REDRIVEN,
        /** Kafka was not reached or did not acknowledge: nothing recorded (it may have arrived; again is harmless). */
        NOT_SENT,
        /** Bad input: not a dead-letter topic of ours, no such record, no reason, a forged origin. */
        REFUSED;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A redrive recorded earlier. */
    record Done(String operator, Instant at) {
    }

    private final DeadLetterTopics topics;
    private final Map<String, Object> producerConfig;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** @param producerConfig the service's producer settings (brokers, security); serializers are ours */
    Redrives(DeadLetterTopics topics, Map<String, Object> producerConfig, Duration timeout, JdbcClient jdbc,
             TransactionTemplate tx, Clock clock) {
        Map<String, Object> own = new HashMap<>(producerConfig);
        own.keySet().retainAll(ProducerConfig.configNames());
        own.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        // idempotent and durable like the outbox relay's producer; a redrive waits for nothing longer than this
        own.put(ProducerConfig.ACKS_CONFIG, "all");
        own.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        own.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-support-redrive");
        own.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        own.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        own.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        own.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
        this.producerConfig = Map.copyOf(own);
        this.topics = topics;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Blocking. */
    Result redrive(Request request) {
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            return Result.refused("A reason is required, at most " + MAX_REASON + " characters.");
        }
        String dlt = request.topic() == null ? "" : request.topic().strip();
        Optional<String> target = DeadLetterTopics.targetOf(dlt);
        if (target.isEmpty()) {
            return Result.refused("That is not the dead-letter topic of one of the platform's topics.");
        }
        int partition;
        long offset;
        try {
            partition = Integer.parseInt(request.partition() == null ? "" : request.partition().strip());
            offset = Long.parseLong(request.offset() == null ? "" : request.offset().strip());
        } catch (NumberFormatException e) {
            return Result.refused("The partition and offset must be numbers.");
        }
        if (partition < 0 || offset < 0) {
            return Result.refused("The partition and offset must be numbers.");
        }
        String at = dlt + "/" + partition + "@" + offset;
        Optional<ConsumerRecord<byte[], byte[]>> found;
        try {
            found = topics.find(dlt, partition, offset);
        } catch (KafkaException e) {
            LOG.warn("Redrive of {} by {}: the dead letter could not be read: {}", at, request.operator(),
                    e.toString());
            return new Result(Outcome.NOT_SENT, null);
        }
        if (found.isEmpty()) {
            return Result.refused("There is no dead letter at " + at + " (it may have outlived the topic's"
                    + " retention).");
        }
        ConsumerRecord<byte[], byte[]> record = found.get();
        if (!DeadLetter.belongsTo(record, target.get())) {
            LOG.warn("Redrive of {} by {} refused: its header names another topic than {}", at, request.operator(),
                    target.get());
            return Result.refused("The dead letter at " + at + " names another topic as its origin ("
                    + DeadLetter.of(record).origin() + "); a dead letter on " + dlt + " is redriven only into "
                    + target.get() + ".");
        }
        Instant now = clock.instant();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            tx.executeWithoutResult(status -> {
                jdbc.sql("""
                                insert into dead_letter_redrives (dlt_topic, dlt_partition, dlt_offset, record_key,
                                    target_topic, requested_by, reason, redriven_at)
                                values (:dlt, :partition, :offset, :key, :target, :by, :reason, :at)""")
                        .param("dlt", dlt).param("partition", partition).param("offset", offset).param("key", key)
                        .param("target", target.get()).param("by", request.operator()).param("reason", reason)
                        .param("at", Timestamp.from(now)).update();
                send(producer, redriven(record, target.get(), request.operator(), now, at));
            });
        } catch (NotSent | KafkaException e) {
            LOG.warn("Redrive of {} into {} by {} not acknowledged by Kafka: {}", at, target.get(), request.operator(),
                    e.toString());
            return new Result(Outcome.NOT_SENT, null);
        }
        LOG.info("Dead letter {} (key {}) redriven into {} by {}", at, key, target.get(), request.operator());
        return new Result(Outcome.REDRIVEN, null);
    }

    /**
     * The redrives recorded for the dead letters of these topics since {@code since} (no dead letter parked before it
     * is asked about), by {@code <dlt>/<partition>@<offset>}, oldest first.
     */
    Map<String, List<Done>> done(Collection<String> dlts, Instant since) {
        Map<String, List<Done>> done = new HashMap<>();
        if (dlts.isEmpty()) {
            return done;
        }
        jdbc.sql("""
                        select dlt_topic, dlt_partition, dlt_offset, requested_by, redriven_at from dead_letter_redrives
                        where dlt_topic in (:topics) and redriven_at >= :since order by redriven_at""")
                .param("topics", List.copyOf(dlts)).param("since", Timestamp.from(since))
                .query((rs, row) -> Map.entry(rs.getString(1) + "/" + rs.getInt(2) + "@" + rs.getLong(3),
                        new Done(rs.getString(4), rs.getTimestamp(5).toInstant())))
                .list()
                .forEach(e -> done.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return done;
    }

    /**
     * The dead letter as its topic's consumers first got it: same key (so the same partition, picked by the key as
     * every service does), same value bytes and event headers. The timestamp is the producer's — the record is
     * delivered again now, and an old one could make the broker's retention delete it at once.
     */
    private static ProducerRecord<byte[], byte[]> redriven(ConsumerRecord<byte[], byte[]> record, String target,
                                                          String operator, Instant now, String from) {
        List<Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            if (DeadLetter.isOriginalHeader(header)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(HEADER, ("operator=" + operator + "; at=" + now + "; from=" + from)
                .getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(target, null, null, record.key(), record.value(), new RecordHeaders(headers));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new NotSent(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent(e);
        }
    }

    /** Kafka did not acknowledge: the audit row is rolled back with it. */
    private static final class NotSent extends RuntimeException {
        NotSent(Throwable cause) {
            super(cause);
        }
    }
}
