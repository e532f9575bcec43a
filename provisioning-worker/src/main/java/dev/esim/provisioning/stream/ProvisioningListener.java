package dev.esim.provisioning.stream;

import dev.esim.events.Topics;
import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.provisioning.order.CrashPoint;
import dev.esim.provisioning.order.Delivery;
import dev.esim.provisioning.order.DuplicateInputs;
import dev.esim.provisioning.order.Inbound;
import dev.esim.provisioning.order.Outcome;
import dev.esim.provisioning.order.ProvisioningService;
import dev.esim.provisioning.order.RecordPosition;
import dev.esim.provisioning.order.UnprocessableEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Consume-process-produce, one Kafka transaction per poll: the outcome events of every input handled in the poll and
 * their offsets commit together or not at all. Thin on purpose; the decisions are in {@link ProvisioningService}.
 *
 * <p>The inputs of a poll are handled one by one, in log order. An input that can never be processed goes to
 * {@code <topic>-dlt} inside the same transaction and the poll goes on. An input that fails for a technical reason
 * ends the poll there: the inputs before it commit, it and the rest are fetched again after a back-off
 * ({@link Acknowledgment#nack(int, Duration)}), and after {@link ListenerRetries#maxRetries()} failed attempts it is
 * dead-lettered too. A poll also ends, without a back-off, once it has run {@code maxPollDuration}: outcomes become
 * visible only when their transaction commits, so a poll full of provider calls must not hold them back.
 *
 * <p>A replay's duplicates are recognised in one look per poll ({@link DuplicateInputs}) and skipped when their first
 * handling committed: draining a replayed topic then costs a query per poll, not a handler run per event.
 *
 * <p>All inputs (the worker's own checks included) are keyed by order id and have the same partition count, and the
 * consumer uses the range assignor, so one thread sees every event of an order, in order per topic.
 */
final class ProvisioningListener {

    /** The listener container's id in the {@code KafkaListenerEndpointRegistry}. */
    static final String ID = "provisioning-worker";

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningListener.class);
    private static final LogAccessor LOGS = new LogAccessor(ProvisioningListener.class);

    private final ProvisioningService service;
    private final DuplicateInputs duplicates;
    private final InboundMapper inbound;
    private final OutboundMapper outbound;
    private final KafkaTemplate<Object, Object> template;
    private final BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters;
    private final ListenerRetries retries;
    private final Duration maxPollDuration;
    private final CrashPoint crash;
    private final LongSupplier nanoTime;

    ProvisioningListener(ProvisioningService service, DuplicateInputs duplicates, InboundMapper inbound,
                         OutboundMapper outbound,
                         KafkaTemplate<Object, Object> template,
                         BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters, ListenerRetries retries,
                         Duration maxPollDuration, CrashPoint crash, LongSupplier nanoTime) {
        this.service = service;
        this.duplicates = duplicates;
        this.inbound = inbound;
        this.outbound = outbound;
        this.template = template;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.maxPollDuration = maxPollDuration;
        this.crash = crash;
        this.nanoTime = nanoTime;
    }

    @KafkaListener(id = ID, idIsGroup = false, batch = "true",
            topics = {"#{T(dev.esim.events.Topics).ORDERS.name()}", "#{T(dev.esim.events.Topics).PAYMENTS.name()}",
                    "#{T(dev.esim.events.Topics).PROVIDER_EVENTS.name()}",
                    "#{T(dev.esim.events.Topics).PROVISIONING_CHECKS.name()}"},
            concurrency = "${esim.worker.concurrency:1}")
    void on(List<ConsumerRecord<String, Object>> records, Acknowledgment ack, Consumer<?, ?> consumer) {
        TransactionCarriers carriers = new TransactionCarriers(consumer);
        long started = nanoTime.getAsLong();
        Map<RecordPosition, DuplicateInputs.Input> inputs = inputs(records);
        Set<RecordPosition> skippable = duplicates.skippable(List.copyOf(inputs.values()), carriers);
        List<DuplicateInputs.Input> handled = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (i > 0 && nanoTime.getAsLong() - started > maxPollDuration.toNanos()) {
                ack.nack(i, Duration.ZERO);
                break;
            }
            ConsumerRecord<String, Object> record = records.get(i);
            RecordPosition position = position(record);
            if (skippable.contains(position)) {
                retries.done(position);
                continue; // a replay's duplicate: its first handling committed, nothing is left for it to do
            }
            try {
                List<Outcome> outcomes = handle(record, new Delivery(position, carriers));
                for (Outcome outcome : outcomes) {
                    template.send(Topics.ACTIVATIONS.name(), outcome.orderId(), outbound.toAvro(outcome));
                }
                carriers.carried(position);
                retries.done(position);
                if (inputs.containsKey(position)) {
                    handled.add(inputs.get(position));
                }
            } catch (RuntimeException e) {
                if (!isRetryable(e)) {
                    deadLetter(record, position, e);
                    continue;
                }
                Duration backOff = retries.failed(position);
                if (backOff == null) {
                    deadLetter(record, position, e);
                    continue;
                }
                LOG.warn("input={} outcome=retry_later in={} reason=\"{}\"", position, backOff,
                        KafkaConfiguration.reason(e));
                ack.nack(i, backOff);
                break;
            }
        }
        duplicates.handled(handled);
        crash.reached(CrashPoint.BEFORE_KAFKA_COMMIT);
    }

    /** The poll's inputs that name an event id (and an order), by position: a replay's duplicates in one look. */
    private static Map<RecordPosition, DuplicateInputs.Input> inputs(List<ConsumerRecord<String, Object>> records) {
        Map<RecordPosition, DuplicateInputs.Input> inputs = new LinkedHashMap<>();
        for (ConsumerRecord<String, Object> record : records) {
            String eventId = InboundMapper.eventId(record.value());
            if (eventId != null && record.key() != null) {
                RecordPosition position = position(record);
                inputs.put(position, new DuplicateInputs.Input(eventId, record.key(), position));
            }
        }
        return inputs;
    }

    private List<Outcome> handle(ConsumerRecord<String, Object> record, Delivery delivery) {
        DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOGS);
        if (unreadable != null) {
            throw unreadable;
        }
        Inbound event = inbound.map(record.value());
        return service.handle(event, delivery);
    }

    /**
     * Publishes the input to {@code <topic>-dlt} in this poll's transaction. Outcomes it decided were not published
     * with it: the claims it marked as carried by it forget that, so the next input of the order publishes them.
     */
    private void deadLetter(ConsumerRecord<String, Object> record, RecordPosition position, RuntimeException e) {
        service.abandon(position);
        duplicates.abandoned(record.key());
        deadLetters.accept(record, e);
        retries.done(position);
        LOG.warn("input={} outcome=dead_lettered reason=\"{}\"", position, KafkaConfiguration.reason(e));
    }

    /** Inputs that no retry can help: unreadable or undecryptable bytes, events the worker can never act on. */
    static boolean isRetryable(Throwable e) {
        return !(e instanceof UnprocessableEventException || e instanceof FieldDecryptionException
                || e instanceof IllegalArgumentException || e instanceof DeserializationException);
    }

    static RecordPosition position(ConsumerRecord<?, ?> record) {
        return new RecordPosition(record.topic(), record.partition(), record.offset());
    }
}
