package dev.esim.ingress.publish;

import dev.esim.events.Topics;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The publishing adapter. The producer is idempotent with {@code acks=all} (application.yml), so the returned future
 * completes only once every in-sync replica has the record; a broker error or timeout fails it and the web layer
 * answers 503 so the gateway retries. A retry after a lost acknowledgement may write the record twice: both copies
 * carry the same deterministic event id, which is what consumers dedupe on.
 *
 * <p><b>Never blocking the caller</b> (the web layer calls it on the event loop). {@code KafkaProducer.send()} can
 * wait in three places: for the topic's metadata and for buffer space (both bounded by {@code max.block.ms}), and
 * inside the value serialiser, whose first use of a schema asks the schema registry over HTTP.
 * <ul>
 *   <li>The service runs with {@code max.block.ms=0}, so the first two fail at once instead. Nothing was sent then,
 *       and the send is tried again after a short, growing pause (5 ms … 250 ms), until the producer's own
 *       {@code delivery.timeout.ms} or until the caller cancels the future (the web layer's publish timeout).</li>
 *   <li>The first record of each (topic, schema) goes through {@code firstSends}, a pool that may block. Once one has
 *       been acknowledged the serialiser holds that schema's id for good (ours and Confluent's both cache it, unless
 *       {@code use.latest.version} is set), and later records are sent from the caller's thread.</li>
 * </ul>
 * With any other {@code max.block.ms}, or with {@code use.latest.version}, every send goes through {@code firstSends}.
 */
final class KafkaEventPublisher implements EventPublisher {

    private final KafkaTemplate<String, Object> template;
    private final AvroMapping mapping;
    private final Executor firstSends;
    private final boolean sendsCanBlock;
    private final Duration retryFor;
    /** (topic, schema) pairs acknowledged at least once: the serialiser has their schema id. */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    KafkaEventPublisher(KafkaTemplate<String, Object> template, AvroMapping mapping, Executor firstSends) {
        this.template = template;
        this.mapping = mapping;
        this.firstSends = firstSends;
        Map<String, Object> config = template.getProducerFactory().getConfigurationProperties();
        this.sendsCanBlock = !"0".equals(String.valueOf(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)))
                || Boolean.parseBoolean(String.valueOf(config.get("use.latest.version")));
        Object deliveryTimeout = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.retryFor = Duration.ofMillis(
                deliveryTimeout == null ? 120_000 : Long.parseLong(deliveryTimeout.toString())); // Kafka's default
    }

    @Override
    public CompletableFuture<Published> publish(Envelope envelope) {
        Outgoing out;
        if (envelope.fact() instanceof Fact.PaymentFact) {
            out = new Outgoing(Topics.PAYMENTS.name(), envelope.key(), mapping.payment(envelope));
        } else {
            out = new Outgoing(Topics.PROVIDER_EVENTS.name(), envelope.key(), mapping.provider(envelope));
        }
        attempt(out, 0);
        return out.result;
    }

    private void attempt(Outgoing out, int tries) {
        if (out.result.isDone()) {
            return; // cancelled by the caller, who gave up waiting
        }
        if (!sendsCanBlock && acknowledged.contains(out.kind)) {
            send(out, tries);
        } else {
            firstSends.execute(() -> send(out, tries));
        }
    }

    private void send(Outgoing out, int tries) {
        CompletableFuture<SendResult<String, Object>> sending;
        try {
            sending = template.send(out.topic, out.key, out.value);
        } catch (RuntimeException e) {
            // thrown by send() itself: the serialiser failed (e.g. registry unreachable), or no metadata yet
            sendFailedAtOnce(out, tries, e);
            return;
        }
        if (sending.isCompletedExceptionally()) {
            // reported by send() itself, before the record reached the producer's buffer
            sendFailedAtOnce(out, tries, sending.handle((ok, e) -> e).join());
            return;
        }
        sending.whenComplete((result, e) -> {
            if (e != null) {
                out.result.completeExceptionally(e);
            } else {
                acknowledged.add(out.kind);
                var metadata = result.getRecordMetadata();
                out.result.complete(new Published(metadata.topic(), metadata.partition(), metadata.offset()));
            }
        });
    }

    /**
     * With {@code max.block.ms=0}, a retriable error raised inside {@code send()} means "no metadata for the topic
     * yet" or "buffer full": nothing was sent, so it is tried again later; anything else fails the publish.
     */
    private void sendFailedAtOnce(Outgoing out, int tries, Throwable e) {
        Throwable retriable = retriableCause(e);
        if (retriable == null) {
            out.result.completeExceptionally(e);
        } else if (System.nanoTime() - out.startNanos > retryFor.toNanos()) {
            out.result.completeExceptionally(new NotSentYet(retriable));
        } else {
            long pauseMs = Math.min(250, 5L << Math.min(tries, 6));
            // the JDK's delay thread only hands the next try over: attempt() itself never blocks
            CompletableFuture.delayedExecutor(pauseMs, TimeUnit.MILLISECONDS, Runnable::run)
                    .execute(() -> attempt(out, tries + 1));
        }
    }

    private static Throwable retriableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return t;
            }
        }
        return null;
    }

    /** One record on its way, tried until it is acknowledged, fails, or the caller cancels {@code result}. */
    private static final class Outgoing {
        final String topic;
        final String key;
        final SpecificRecord value;
        final String kind;
        final long startNanos = System.nanoTime();
        final CompletableFuture<Published> result = new CompletableFuture<>();

        Outgoing(String topic, String key, SpecificRecord value) {
            this.topic = topic;
            this.key = key;
            this.value = value;
            this.kind = topic + ' ' + value.getSchema().getFullName();
        }
    }
}
