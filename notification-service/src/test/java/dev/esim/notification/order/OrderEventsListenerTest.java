package dev.esim.notification.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.LineCancellationRequested;
import dev.esim.events.avro.OrderEvent;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which order events the service acts on: each payload it knows, and none of the others. */
class OrderEventsListenerTest {

    private final List<String> calls = new ArrayList<>();
    private final OrderEventsListener listener = new OrderEventsListener(recordingOrderBook(),
            sealed -> {
                calls.add("unsealer.open");
                return "traveller@example.com";
            },
            (orderId, requestEventId) -> {
                calls.add("resends.resend");
                return 0;
            },
            Clock.fixed(Instant.parse("2026-01-10T09:00:00Z"), ZoneOffset.UTC));

    @Test
    void aLineCancellationRequestIsIgnored() {
        // the worker cancels the line and publishes LineCancelled; nothing here is e-mailed or remembered
        listener.on(event(LineCancellationRequested.newBuilder().setIccid("8988307000000000001")
                .setRequestedBy("alice").setReason("traveller no longer needs the line").build()));

        assertThat(calls).isEmpty();
    }

    @Test
    void anErasureRequestReachesTheOrderBook() {
        listener.on(event(CustomerDataErasureRequested.newBuilder().setRequestedBy("dana")
                .setReason("GDPR request REQ-7").build()));

        assertThat(calls).containsExactly("orders.erase");
    }

    private static OrderEvent event(Object payload) {
        return OrderEvent.newBuilder().setEventId("evt-1").setOccurredAt(Instant.parse("2026-01-10T09:00:00Z"))
                .setOrderId("ord-1").setCausationId("console-evt-1").setPayload(payload).build();
    }

    /** An order book that only notes which of its methods were called. */
    private OrderBook recordingOrderBook() {
        return (OrderBook) Proxy.newProxyInstance(OrderBook.class.getClassLoader(), new Class<?>[] {OrderBook.class},
                (proxy, method, args) -> {
                    calls.add("orders." + method.getName());
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
