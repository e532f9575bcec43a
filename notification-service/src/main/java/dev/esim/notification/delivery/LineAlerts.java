package dev.esim.notification.delivery;

import dev.esim.notification.email.Notice;
import dev.esim.notification.order.OrderBook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a provider's line alert into at most one e-mail per line and threshold: "80 % used", "all used", "expires
 * soon". Providers repeat alerts (every usage report past a threshold, redeliveries, replays): the delivery's id is
 * derived from the line and the threshold, not from the alert, so the traveller hears about each threshold once.
 * The threshold is read from the figures (used ÷ (used + remaining)), which every provider sends. An alert that
 * names no order (eSIM Go's name only the ICCID) is matched to the order the line was issued for.
 */
final class LineAlerts {

    /** A usage alert below this share of the data says nothing worth an e-mail. */
    static final int FIRST_THRESHOLD = 80;

    private final OrderBook orders;

    public LineAlerts(OrderBook orders) {
        this.orders = orders;
    }

    /**
     * @param orderId the order the provider named; blank when it named none
     * @return the e-mail to send, or empty when the alert is below every threshold
     * @throws OrderNotYetKnownException the line's activation has not been read yet: retry later
     */
    public Optional<DeliveryRequest> usage(String orderId, String iccid, long usedMb, long remainingMb,
            Instant occurredAt) {
        int percent = threshold(usedMb, remainingMb);
        if (percent == 0) {
            return Optional.empty();
        }
        String order = orderOf(orderId, iccid);
        return Optional.of(new DeliveryRequest(eventId(iccid, "usage-" + percent), order, occurredAt,
                o -> new Notice.LineUsage(iccid, percent, remainingMb, o.planNames()), null));
    }

    /** @see #usage */
    public DeliveryRequest expiring(String orderId, String iccid, Instant expiresAt, Instant occurredAt) {
        String order = orderOf(orderId, iccid);
        return new DeliveryRequest(eventId(iccid, "expiring"), order, occurredAt,
                o -> new Notice.LineExpiring(iccid, expiresAt, o.planNames()), null);
    }

    /** 100 when nothing is left, 80 from 80 % used, else 0 (no e-mail). */
    static int threshold(long usedMb, long remainingMb) {
        if (remainingMb <= 0 && usedMb > 0) {
            return 100;
        }
        long total = usedMb + remainingMb;
        return total > 0 && usedMb * 100 >= total * FIRST_THRESHOLD ? FIRST_THRESHOLD : 0;
    }

    private String orderOf(String orderId, String iccid) {
        if (orderId != null && !orderId.isBlank()) {
            return orderId;
        }
        return orders.orderOfLine(iccid).orElseThrow(() -> new OrderNotYetKnownException("line " + iccid));
    }

    /** A name-based UUID: the same line and threshold give the same id in every instance, forever. */
    static String eventId(String iccid, String what) {
        return UUID.nameUUIDFromBytes(("line-alert:" + iccid + ":" + what).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
