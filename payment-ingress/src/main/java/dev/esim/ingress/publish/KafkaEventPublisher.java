package dev.esim.ingress.publish;

import dev.esim.events.Topics;
import dev.esim.ingress.event.Envelope;
import dev.esim.ingress.event.Fact;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The publishing adapter. The producer is idempotent with {@code acks=all} (application.yml), so the returned future
 * completes only once every in-sync replica has the record; a timeout or broker error fails it and the web layer
 * answers 503 so the gateway retries. A retry after a lost acknowledgement may write the record twice: both copies
 * carry the same deterministic event id, which is what consumers dedupe on.
 */
final class KafkaEventPublisher implements EventPublisher {

    private final KafkaTemplate<String, Object> template;
    private final AvroMapping mapping;

    KafkaEventPublisher(KafkaTemplate<String, Object> template, AvroMapping mapping) {
        this.template = template;
        this.mapping = mapping;
    }

    @Override
    public CompletableFuture<Published> publish(Envelope envelope) {
        String topic;
        SpecificRecord value;
        if (envelope.fact() instanceof Fact.PaymentFact) {
            topic = Topics.PAYMENTS.name();
            value = mapping.payment(envelope);
        } else {
            topic = Topics.PROVIDER_EVENTS.name();
            value = mapping.provider(envelope);
        }
        try {
            return template.send(topic, envelope.key(), value).thenApply(result -> new Published(
                    result.getRecordMetadata().topic(), result.getRecordMetadata().partition(),
                    result.getRecordMetadata().offset()));
        } catch (RuntimeException e) {
            // send() throws synchronously when metadata or the schema registry is unreachable within max.block.ms
            return CompletableFuture.failedFuture(e);
        }
    }
}
