package dev.esim.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.esim.notification.email.Notice;
import dev.esim.notification.email.Plan;
import dev.esim.notification.order.CustomerOrder;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Sealed;
import dev.esim.notification.secret.Unsealer;

/**
 * Builders for the delivery tests. Values are "sealed" by a see-through fake cipher (the plaintext bytes, key id
 * {@code fake}), so the tests are about the policy, not about Tink.
 */
final class DeliveryFixture {

    static final String LPA = "LPA:1$smdp.example.com$K2-SECRET-CODE";
    static final Plan PLAN = new Plan("EU-5GB-30D", "Europe 5 GB", List.of("FR"), 5120, 30);

    static final Unsealer SEE_THROUGH = sealed -> {
        if (!"fake".equals(sealed.keyId())) {
            throw new Unsealer.UnsealException("wrong key", null);
        }
        return new String(sealed.ciphertext(), StandardCharsets.UTF_8);
    };

    private DeliveryFixture() {
    }

    static Sealed seal(String plaintext, String eventId) {
        return new Sealed("fake", plaintext.getBytes(StandardCharsets.UTF_8), eventId);
    }

    static CustomerOrder order(String orderId, String email) {
        return new CustomerOrder(orderId, "order-event-" + orderId, "NEW_LINE", seal(email, "order-event-" + orderId),
                List.of(PLAN), Instant.parse("2025-01-10T09:00:00Z"));
    }

    static DeliveryRequest activationReady(String eventId, String orderId, Instant occurredAt) {
        Notice notice = new Notice.ActivationReady("8988307000001234567", PLAN, null, null);
        return new DeliveryRequest(eventId, orderId, occurredAt, order -> notice, seal(LPA, eventId));
    }

    static DeliveryRequest refund(String eventId, String orderId, Instant occurredAt) {
        return new DeliveryRequest(eventId, orderId, occurredAt,
                order -> new Notice.RefundSucceeded(1499, "EUR", order.planNames()), null);
    }

    static final class Orders implements OrderBook {

        final Map<String, CustomerOrder> byId = new HashMap<>();
        final Map<String, String> lines = new HashMap<>();
        final Set<String> erased = new HashSet<>();

        Orders with(CustomerOrder order) {
            byId.put(order.orderId(), order);
            return this;
        }

        @Override
        public void record(CustomerOrder order) {
            byId.putIfAbsent(order.orderId(), order);
        }

        /** What the retention purge does to an order: its customer data is gone, the order id stays. */
        Orders erase(String orderId) {
            byId.remove(orderId);
            erased.add(orderId);
            return this;
        }

        @Override
        public void changeAddress(String orderId, Sealed email) {
            byId.computeIfPresent(orderId, (id, order) -> new CustomerOrder(order.orderId(), order.orderEventId(),
                    order.kind(), email, order.items(), order.placedAt()));
        }

        @Override
        public Optional<CustomerOrder> find(String orderId) {
            return Optional.ofNullable(byId.get(orderId));
        }

        @Override
        public boolean erased(String orderId) {
            return erased.contains(orderId);
        }

        @Override
        public boolean erase(String orderId, Instant at) {
            byId.remove(orderId);
            return erased.add(orderId);
        }

        @Override
        public void recordLine(String iccid, String orderId) {
            lines.putIfAbsent(iccid, orderId);
        }

        @Override
        public Optional<String> orderOfLine(String iccid) {
            return Optional.ofNullable(lines.get(iccid));
        }
    }
}
