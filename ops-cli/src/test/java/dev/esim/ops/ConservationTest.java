package dev.esim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConservationTest {

    private static final Instant PAID_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = PAID_AT.plus(Duration.ofHours(8));
    private static final Duration GRACE = Duration.ofHours(6);
    private static final String US_5GB = "US-5GB-30D";
    private static final String US_1GB = "US-1GB-7D";
    private static final String LINE_1 = "8988300000000000001";
    private static final String LINE_2 = "8988300000000000002";

    private final Conservation law = new Conservation();

    @Test
    void aPaidAndDeliveredOrderAndARefundedUndeliveredOneKeepTheLaw() {
        law.placed("ord_ok", 1299, "USD", List.of(new Conservation.Item(US_5GB, 1, 1299)));
        law.paid("ord_ok", "pi_1", 1299, "USD", PAID_AT);
        law.paid("ord_ok", "pi_1", 1299, "USD", PAID_AT); // the same payment, announced by a second event
        law.delivered("ord_ok", "8988300000000000001", US_5GB);
        law.placed("ord_refunded", 1299, "USD", List.of(new Conservation.Item(US_5GB, 1, 1299)));
        law.paid("ord_refunded", "pi_2", 1299, "USD", PAID_AT);
        law.refunded("ord_refunded", "re_2", 1299);

        assertThat(law.findings(LATER, GRACE)).isEmpty();
    }

    @Test
    void moneyKeptWithoutTheWholeOrderDeliveredIsFoundOnceTheGracePeriodIsOver() {
        law.placed("ord_two", 2598, "USD", List.of(new Conservation.Item(US_5GB, 2, 1299)));
        law.paid("ord_two", "pi_1", 2598, "USD", PAID_AT);
        law.delivered("ord_two", "8988300000000000001", US_5GB);

        assertThat(law.findings(PAID_AT.plus(Duration.ofMinutes(5)), GRACE)).isEmpty();
        assertThat(law.findings(LATER, GRACE)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Conservation.Kind.PAID_NOT_DELIVERED);
            assertThat(f.detail()).contains("1 of 2 line(s)");
        });
    }

    @Test
    void aLineForAnUnderpaidOrderAndALineKeptAfterAFullRefundAreFound() {
        law.placed("ord_under", 5000, "USD", List.of(new Conservation.Item(US_5GB, 1, 5000)));
        law.paid("ord_under", "pi_1", 100, "USD", PAID_AT);
        law.delivered("ord_under", "8988300000000000001", US_5GB);
        law.placed("ord_kept", 1299, "USD", List.of(new Conservation.Item(US_5GB, 1, 1299)));
        law.paid("ord_kept", "pi_2", 1299, "USD", PAID_AT);
        law.delivered("ord_kept", "8988300000000000002", US_5GB);
        law.refunded("ord_kept", "re_2", 1299);

        assertThat(law.findings(LATER, GRACE)).extracting(Conservation.Finding::orderId, Conservation.Finding::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ord_kept", Conservation.Kind.REFUNDED_BUT_DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("ord_under", Conservation.Kind.DELIVERED_UNPAID));
    }

    @Test
    void aCancelledLineAfterAFullRefundAndAPartialRefundOfADeliveredOrderKeepTheLaw() {
        law.placed("ord_cancelled", 1299, "USD", List.of(new Conservation.Item(US_5GB, 1, 1299)));
        law.paid("ord_cancelled", "pi_1", 1299, "USD", PAID_AT);
        law.delivered("ord_cancelled", "8988300000000000001", US_5GB);
        law.refunded("ord_cancelled", "re_1", 1299);
        law.cancelled("ord_cancelled", "8988300000000000001");
        law.placed("ord_goodwill", 1299, "USD", List.of(new Conservation.Item(US_5GB, 1, 1299)));
        law.paid("ord_goodwill", "pi_2", 1299, "USD", PAID_AT);
        law.delivered("ord_goodwill", "8988300000000000002", US_5GB);
        law.refunded("ord_goodwill", "re_2", 300);

        assertThat(law.findings(LATER, GRACE)).isEmpty();
    }

    /** Support cancelled one line of a two-line order; its price was refunded, or not, or in part. */
    @Test
    void aLineCancelledOnRequestKeepsTheLawOnlyWhenItsPriceWasRefunded() {
        for (String order : List.of("ord_refunded", "ord_unrefunded", "ord_short")) {
            law.placed(order, 2598, "USD", List.of(new Conservation.Item(US_5GB, 2, 1299)));
            law.paid(order, "pi_" + order, 2598, "USD", PAID_AT);
            law.delivered(order, LINE_1 + order, US_5GB);
            law.delivered(order, LINE_2 + order, US_5GB);
            law.cancelled(order, LINE_2 + order);
        }
        law.refunded("ord_refunded", "re_1", 1299);
        law.refunded("ord_short", "re_2", 1000);

        assertThat(law.findings(LATER, GRACE)).extracting(Conservation.Finding::orderId, Conservation.Finding::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ord_short", Conservation.Kind.PAID_NOT_DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("ord_unrefunded", Conservation.Kind.PAID_NOT_DELIVERED));
        assertThat(law.findings(LATER, GRACE)).first().satisfies(f ->
                assertThat(f.detail()).contains("kept 1598 USD").contains("1 of 2 line(s) delivered, worth 1299"));
    }

    @Test
    void aMixedPriceOrderMayKeepThePriceOfTheLineItStillHas() {
        List<Conservation.Item> items = List.of(new Conservation.Item(US_5GB, 1, 1299),
                new Conservation.Item(US_1GB, 1, 499));
        law.placed("ord_cheap_cancelled", 1798, "USD", items);
        law.placed("ord_dear_cancelled", 1798, "USD", items);
        for (String order : List.of("ord_cheap_cancelled", "ord_dear_cancelled")) {
            law.paid(order, "pi_" + order, 1798, "USD", PAID_AT);
            law.delivered(order, LINE_1 + order, US_5GB);
            law.delivered(order, LINE_2 + order, US_1GB);
            law.refunded(order, "re_" + order, 499); // the cheaper plan's price
        }
        law.cancelled("ord_cheap_cancelled", LINE_2 + "ord_cheap_cancelled");
        law.cancelled("ord_dear_cancelled", LINE_1 + "ord_dear_cancelled");

        assertThat(law.findings(LATER, GRACE)).singleElement().satisfies(f -> {
            assertThat(f.orderId()).isEqualTo("ord_dear_cancelled");
            assertThat(f.kind()).isEqualTo(Conservation.Kind.PAID_NOT_DELIVERED);
        });
    }

    @Test
    void aLineOfAPlanTheOrderDoesNotListIsWorthTheOrdersAverageUnitPrice() {
        // a line issued by the second provider after failover names that provider's SKU
        law.placed("ord_failover", 2598, "USD", List.of(new Conservation.Item(US_5GB, 2, 1299)));
        law.paid("ord_failover", "pi_1", 2598, "USD", PAID_AT);
        law.delivered("ord_failover", LINE_1, "P-US-8GB-30");
        law.delivered("ord_failover", LINE_2, null);
        law.cancelled("ord_failover", LINE_2);
        law.refunded("ord_failover", "re_1", 1299);

        assertThat(law.findings(LATER, GRACE)).isEmpty();
    }
}
