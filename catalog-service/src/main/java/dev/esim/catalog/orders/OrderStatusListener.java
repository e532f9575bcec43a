package dev.esim.catalog.orders;

import dev.esim.catalog.plans.CatalogSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projects the order status from the payments, activations and provider-events topics ({@code read_committed}).
 * Each event is one fact, deduplicated by event id in the database, so redeliveries and replays are harmless and
 * the order of arrival does not matter (see {@code OrderProjection}). An out-of-stock failure also asks for a
 * catalogue refresh, so we stop selling what the provider no longer has, and a chargeback (opened or decided) is
 * handed to the {@link Disputes} (refunds' dispute desk), in the same transaction as the order's facts.
 *
 * <p>One database transaction per poll. The poll's facts recorded before (a replay's duplicates) are found with one
 * query and skipped, so a replay costs a statement per poll, not per event. When every event applies, that is all;
 * when one fails, the poll is rolled back and applied again with each event in a savepoint of its own: the events
 * before the failing one commit, and the error handler commits their offsets and retries (then dead-letters) that
 * one event.
 */
final class OrderStatusListener {

    private static final LogAccessor LOGS = new LogAccessor(OrderStatusListener.class);

    private final Orders orders;
    private final CatalogSync catalogSync;
    private final Disputes disputes;
    private final TransactionTemplate poll;
    private final TransactionTemplate event;

    OrderStatusListener(Orders orders, CatalogSync catalogSync, Disputes disputes, TransactionTemplate tx) {
        this.orders = orders;
        this.catalogSync = catalogSync;
        this.disputes = disputes;
        this.poll = new TransactionTemplate(tx.getTransactionManager(), tx);
        this.event = new TransactionTemplate(tx.getTransactionManager(), tx);
        this.event.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    // the group is spring.kafka.consumer.group-id (catalog-service), not the listener id
    @KafkaListener(id = "catalog-order-status", idIsGroup = false, batch = "true",
            topics = {"#{T(dev.esim.events.Topics).PAYMENTS.name()}", "#{T(dev.esim.events.Topics).ACTIVATIONS.name()}",
                    "#{T(dev.esim.events.Topics).PROVIDER_EVENTS.name()}"})
    void onEvents(List<ConsumerRecord<String, Object>> records) {
        try {
            poll.executeWithoutResult(status -> {
                Set<String> seen = recordedBefore(records);
                records.forEach(record -> onEvent(record, seen));
            });
            return;
        } catch (RuntimeException firstTry) {
            // an event failed, or the database did: the poll is rolled back whole, and tried again event by event
        }
        int[] failedAt = {-1};
        RuntimeException[] failure = {null};
        try {
            poll.executeWithoutResult(status -> {
                Set<String> seen = recordedBefore(records);
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord<String, Object> record = records.get(i);
                    try {
                        event.executeWithoutResult(savepoint -> onEvent(record, seen));
                    } catch (RuntimeException e) {
                        failedAt[0] = i;
                        failure[0] = e;
                        return;
                    }
                }
            });
        } catch (RuntimeException e) {
            // the poll's transaction did not commit (the database went away): nothing of it is stored
            throw new BatchListenerFailedException("the poll's transaction failed", e, 0);
        }
        if (failedAt[0] >= 0) {
            throw new BatchListenerFailedException("event " + failedAt[0] + " of the poll failed", failure[0],
                    failedAt[0]);
        }
    }

    /** The poll's events whose facts are recorded already (a replay's duplicates), in one query. */
    private Set<String> recordedBefore(List<ConsumerRecord<String, Object>> records) {
        List<String> eventIds = new ArrayList<>(records.size());
        for (ConsumerRecord<String, Object> record : records) {
            try {
                AvroOrderFacts.fact(record.value()).ifPresent(fact -> eventIds.add(fact.eventId()));
            } catch (RuntimeException unmappable) {
                // not skipped then: applying it fails in its own savepoint, where the error handler sees it
            }
        }
        return orders.recorded(eventIds);
    }

    private void onEvent(ConsumerRecord<String, Object> record, Set<String> recordedBefore) {
        DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOGS);
        if (unreadable != null) {
            throw unreadable;
        }
        Object value = record.value();
        AvroOrderFacts.fact(value).filter(fact -> !recordedBefore.contains(fact.eventId())).ifPresent(orders::apply);
        AvroOrderFacts.dispute(value).ifPresent(disputes::record);
        if (AvroOrderFacts.signalsOutOfStock(value)) {
            catalogSync.requestRefresh();
        }
    }
}
