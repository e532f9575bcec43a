package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConservationTest {

    private static final Instant PAID_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = PAID_AT.plus(Duration.ofHours(8));
    private static final Duration GRACE = Duration.ofHours(6);

    private final Conservation law = new Conservation();

    @Test
    void aPaidAndDeliveredOrderAndARefundedUndeliveredOneKeepTheLaw() {
        law.placed("ord_ok", 1299, "USD", 1);
        law.paid("ord_ok", "pi_1", 1299, "USD", PAID_AT);
        law.paid("ord_ok", "pi_1", 1299, "USD", PAID_AT); // the same payment, announced by a second event
        law.delivered("ord_ok", "8988300000000000001");
        law.placed("ord_refunded", 1299, "USD", 1);
        law.paid("ord_refunded", "pi_2", 1299, "USD", PAID_AT);
        law.refunded("ord_refunded", "re_2", 1299);

        assertThat(law.findings(LATER, GRACE)).isEmpty();
    }

    @Test
    void moneyKeptWithoutTheWholeOrderDeliveredIsFoundOnceTheGracePeriodIsOver() {
        law.placed("ord_two", 2598, "USD", 2);
        law.paid("ord_two", "pi_1", 2598, "USD", PAID_AT);
        law.delivered("ord_two", "8988300000000000001");

        assertThat(law.findings(PAID_AT.plus(Duration.ofMinutes(5)), GRACE)).isEmpty();
        assertThat(law.findings(LATER, GRACE)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Conservation.Kind.PAID_NOT_DELIVERED);
            assertThat(f.detail()).contains("1 of 2 line(s)");
        });
    }

    @Test
    void aLineForAnUnderpaidOrderAndALineKeptAfterAFullRefundAreFound() {
        law.placed("ord_under", 5000, "USD", 1);
        law.paid("ord_under", "pi_1", 100, "USD", PAID_AT);
        law.delivered("ord_under", "8988300000000000001");
        law.placed("ord_kept", 1299, "USD", 1);
        law.paid("ord_kept", "pi_2", 1299, "USD", PAID_AT);
        law.delivered("ord_kept", "8988300000000000002");
        law.refunded("ord_kept", "re_2", 1299);

        assertThat(law.findings(LATER, GRACE)).extracting(Conservation.Finding::orderId, Conservation.Finding::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ord_kept", Conservation.Kind.REFUNDED_BUT_DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("ord_under", Conservation.Kind.DELIVERED_UNPAID));
    }

    @Test
    void aCancelledLineAfterAFullRefundAndAPartialRefundOfADeliveredOrderKeepTheLaw() {
        law.placed("ord_cancelled", 1299, "USD", 1);
        law.paid("ord_cancelled", "pi_1", 1299, "USD", PAID_AT);
        law.delivered("ord_cancelled", "8988300000000000001");
        law.refunded("ord_cancelled", "re_1", 1299);
        law.cancelled("ord_cancelled", "8988300000000000001");
        law.placed("ord_goodwill", 1299, "USD", 1);
        law.paid("ord_goodwill", "pi_2", 1299, "USD", PAID_AT);
        law.delivered("ord_goodwill", "8988300000000000002");
        law.refunded("ord_goodwill", "re_2", 300);

        assertThat(law.findings(LATER, GRACE)).isEmpty();
    }
}
