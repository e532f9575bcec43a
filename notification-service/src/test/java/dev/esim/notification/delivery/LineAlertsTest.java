package dev.esim.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.notification.email.Notice;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineAlertsTest {

    private static final Instant NOW = Instant.parse("2025-01-20T10:00:00Z");
    private static final String ICCID = "8988307000001234567";

    private final DeliveryFixture.Orders orders = new DeliveryFixture.Orders();
    private final LineAlerts alerts = new LineAlerts(orders);

    @Test
    void thresholdsAreEightyAndOneHundredPercentAndNothingBelow() {
        assertThat(LineAlerts.threshold(3_000, 2_000)).isZero();
        assertThat(LineAlerts.threshold(4_096, 1_024)).isEqualTo(80);
        assertThat(LineAlerts.threshold(4_900, 100)).isEqualTo(80);
        assertThat(LineAlerts.threshold(5_120, 0)).isEqualTo(100);
        assertThat(LineAlerts.threshold(0, 0)).isZero();
    }

    @Test
    void everyAlertPastOneThresholdIsTheSameDeliverySoTheTravellerHearsOnce() {
        var first = alerts.usage("ord_1", ICCID, 4_096, 1_024, NOW).orElseThrow();
        var later = alerts.usage("ord_1", ICCID, 4_500, 620, NOW.plusSeconds(3600)).orElseThrow();
        var full = alerts.usage("ord_1", ICCID, 5_120, 0, NOW.plusSeconds(7200)).orElseThrow();

        assertThat(later.eventId()).isEqualTo(first.eventId());
        assertThat(full.eventId()).isNotEqualTo(first.eventId());
        assertThat(alerts.usage("ord_1", ICCID, 1_000, 4_120, NOW)).isEmpty();
        Notice notice = full.notice().apply(DeliveryFixture.order("ord_1", "ana@example.com"));
        assertThat(notice).isInstanceOf(Notice.LineUsage.class);
        assertThat(((Notice.LineUsage) notice).percent()).isEqualTo(100);
    }

    @Test
    void anAlertNamingOnlyTheIccidReachesTheOrderTheLineWasIssuedFor() {
        assertThatThrownBy(() -> alerts.usage("", ICCID, 4_096, 1_024, NOW))
                .isInstanceOf(OrderNotYetKnownException.class);

        orders.recordLine(ICCID, "ord_9");

        assertThat(alerts.usage("", ICCID, 4_096, 1_024, NOW).orElseThrow().orderId()).isEqualTo("ord_9");
        assertThat(alerts.expiring(null, ICCID, NOW.plusSeconds(86_400), NOW).orderId()).isEqualTo("ord_9");
    }
}
