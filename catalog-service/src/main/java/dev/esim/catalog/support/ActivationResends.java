package dev.esim.catalog.support;

import dev.esim.catalog.orders.EmailHashes;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.FieldSealer;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.events.EventIds;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's "resend the activation e-mail" (optionally to a corrected address): an
 * {@code ActivationEmailResendRequested} event through the outbox, which notification-service acts on. The event's
 * id derives from the order and the console form's nonce, so the same form sent twice is one event. A corrected
 * address travels only sealed in the event (PII keyset, associated data = the event's id) and replaces the order's
 * e-mail hash; it is never stored in clear nor logged.
 */
final class ActivationResends {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationResends.class);

    static final int MAX_REASON = 500;
    static final int MAX_ADDRESS = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9-]{8,64}");

    /** What came of a request, by the code the order page words. */
    enum Outcome {
        /** Published, to the order's own address. */
        REQUESTED,
        /** Published, to the corrected address (the order's e-mail hash now is its). */
        REQUESTED_NEW_ADDRESS,
        /** No line of the order is ready: there is no activation e-mail to send again. */
        NOT_DELIVERED,
        NOT_FOUND,
        /** A reason of 1–500 characters, an e-mail address if any, and the form's nonce are needed. */
        VALIDATION_ERROR;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param correctedAddress blank for none
     * @param nonce            the console form's: fixes the event id and is its causation id
     */
    record Request(String orderId, String reason, String correctedAddress, String nonce, String operator) {
    }

    private final Orders orders;
    private final Outbox outbox;
    private final FieldSealer sealer;
    private final EmailHashes emailHashes;
    private final TransactionTemplate tx;
    private final Clock clock;

    ActivationResends(Orders orders, Outbox outbox, FieldSealer sealer, EmailHashes emailHashes,
                      TransactionTemplate tx, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.sealer = sealer;
        this.emailHashes = emailHashes;
        this.tx = tx;
        this.clock = clock;
    }

    /** Blocking. */
    Outcome request(Request request) {
        String reason = request.reason() == null ? "" : request.reason().strip();
        String address = request.correctedAddress() == null ? "" : request.correctedAddress().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON || request.nonce() == null
                || !NONCE.matcher(request.nonce()).matches()
                || (!address.isEmpty() && (address.length() > MAX_ADDRESS || !EMAIL.matcher(address).matches()))) {
            return Outcome.VALIDATION_ERROR;
        }
        String orderId = request.orderId();
        String eventId = EventIds.derive(orderId, "ActivationEmailResendRequested", request.nonce());
        Optional<String> newAddress = address.isEmpty() ? Optional.empty() : Optional.of(address);
        Outcome outcome = tx.execute(status -> {
            Optional<OrderStatus> current = orders.lockStatus(orderId);
            if (current.isEmpty()) {
                return Outcome.NOT_FOUND;
            }
            if (current.get() != OrderStatus.ACTIVE && !orders.hasLines(orderId)) {
                return Outcome.NOT_DELIVERED;
            }
            boolean appended = outbox.append(new OutboxEvent.ActivationEmailResendRequested(eventId,
                    clock.millis(), request.nonce(), orderId, request.operator(), reason,
                    newAddress.map(a -> sealer.seal(a, eventId)).orElse(null)));
            // a form sent again changes nothing: its event (and address) was the first one's
            if (appended) {
                newAddress.ifPresent(a -> orders.changeEmailHash(orderId, emailHashes.of(a)));
            }
            return newAddress.isPresent() ? Outcome.REQUESTED_NEW_ADDRESS : Outcome.REQUESTED;
        });
        LOG.info("Activation e-mail resend of order {} by {}: {} (event {}, corrected address: {})", orderId,
                request.operator(), outcome.code(), eventId, newAddress.isPresent() ? "yes" : "no");
        return outcome;
    }
}
