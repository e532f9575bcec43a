package dev.esim.provisioning.messaging;

import dev.esim.events.Topics;
import dev.esim.provisioning.order.CrashPoint;
import dev.esim.provisioning.order.Delivery;
import dev.esim.provisioning.order.Inbound;
import dev.esim.provisioning.order.Outcome;
import dev.esim.provisioning.order.ProvisioningService;
import dev.esim.provisioning.order.RecordPosition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Consume-process-produce, one Kafka transaction per input record: the outcome events and the input's offset commit
 * together or not at all. Thin on purpose; the decisions are in {@link ProvisioningService}.
 *
 * <p>All inputs (the worker's own checks included) are keyed by order id and have the same partition count, and the
 * consumer uses the range assignor, so one thread sees every event of an order, in order per topic.
 */
final class ProvisioningListener {

    private final ProvisioningService service;
    private final InboundMapper inbound;
    private final OutboundMapper outbound;
    private final KafkaTemplate<Object, Object> template;
    private final CrashPoint crash;

    ProvisioningListener(ProvisioningService service, InboundMapper inbound, OutboundMapper outbound,
                         KafkaTemplate<Object, Object> template, CrashPoint crash) {
        this.service = service;
        this.inbound = inbound;
        this.outbound = outbound;
        this.template = template;
        this.crash = crash;
    }

    @KafkaListener(id = "provisioning-worker", idIsGroup = false,
            topics = {"#{T(dev.esim.events.Topics).ORDERS.name()}", "#{T(dev.esim.events.Topics).PAYMENTS.name()}",
                    "#{T(dev.esim.events.Topics).PROVIDER_EVENTS.name()}",
                    "#{T(dev.esim.events.Topics).PROVISIONING_CHECKS.name()}"},
            concurrency = "${esim.worker.concurrency:1}")
    void on(ConsumerRecord<String, Object> record, Consumer<?, ?> consumer) {
        Inbound event = inbound.map(record.value());
        RecordPosition position = position(record);
        List<Outcome> outcomes = service.handle(event, new Delivery(position, p -> committed(consumer, p)));
        for (Outcome outcome : outcomes) {
            template.send(Topics.ACTIVATIONS.name(), outcome.orderId(), outbound.toAvro(outcome));
        }
        crash.reached(CrashPoint.BEFORE_KAFKA_COMMIT);
    }

    static RecordPosition position(ConsumerRecord<?, ?> record) {
        return new RecordPosition(record.topic(), record.partition(), record.offset());
    }

    /**
     * Whether this group's committed offset is past {@code p}, i.e. the transaction that consumed {@code p} committed.
     * A read_committed consumer fetches offsets with {@code require_stable}, so a transaction still in flight is
     * waited for rather than misread.
     */
    private static boolean committed(Consumer<?, ?> consumer, RecordPosition p) {
        TopicPartition tp = new TopicPartition(p.topic(), p.partition());
        Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(Set.of(tp));
        OffsetAndMetadata committed = offsets.get(tp);
        return committed != null && committed.offset() > p.offset();
    }
}
