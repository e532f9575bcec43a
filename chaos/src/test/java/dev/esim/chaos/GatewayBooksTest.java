package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayBooksTest {

    private static final String ORDER = "ord_0123456789abcdef0123456789abcdef";

    private static JsonNode total(String amount, String currency) throws Exception {
        return Outside.JSON.readTree("{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}");
    }

    private static GatewayBooks.Payment govUkPay(boolean taken, String reference, long amount,
            Map<String, Long> refunds) {
        return new GatewayBooks.Payment(Journey.GOVUKPAY, "pay123", taken, taken ? "success" : "failed P0010",
                reference, amount, "GBP", refunds);
    }

    private static GatewayBooks.Findings judge(GatewayBooks.Payment p, boolean paid, String status, boolean disputed)
            throws Exception {
        return GatewayBooks.judge(p, "pay123", ORDER, paid, status, total("3.99", "GBP"), disputed);
    }

    @Test
    void aPaidOrderThatStaysActiveHasItsPaymentTakenForItsTotalAndNoRefund() throws Exception {
        GatewayBooks.Findings f = judge(govUkPay(true, ORDER, 399, Map.of()), true, "active", false);

        assertThat(f.payment()).isEmpty();
        assertThat(f.refunds()).isEmpty();
    }

    @Test
    void aRefundedOrderIsRefundedExactlyOnceInFull() throws Exception {
        assertThat(judge(govUkPay(true, ORDER, 399, Map.of("r1", 399L)), true, "refunded", false).refunds())
                .isEmpty();
        assertThat(judge(govUkPay(true, ORDER, 399, Map.of()), true, "refunded", false).refunds())
                .singleElement().asString().contains("0 times");
        Map<String, Long> twice = new LinkedHashMap<>();
        twice.put("r1", 399L);
        twice.put("r2", 399L);
        assertThat(judge(govUkPay(true, ORDER, 399, twice), true, "refunded", false).refunds())
                .singleElement().asString().contains("2 times").contains("r1").contains("r2");
        assertThat(judge(govUkPay(true, ORDER, 399, Map.of("r1", 100L)), true, "refunded", false).refunds())
                .singleElement().asString().contains("refunded 100 of 399");
    }

    @Test
    void moneyBackWhileTheOrderStaysActiveOrAfterAChargebackIsARefundTooMany() throws Exception {
        assertThat(judge(govUkPay(true, ORDER, 399, Map.of("r1", 399L)), true, "active", false).refunds())
                .singleElement().asString().contains("1 times").contains("order active");
        GatewayBooks.Payment stripe = new GatewayBooks.Payment(Journey.STRIPE, "cs_1", true, "complete/paid", ORDER,
                399, "gbp", Map.of("re_1", 399L));
        assertThat(judge(stripe, true, "refunded", true).refunds())
                .singleElement().asString().contains("after a chargeback");
        GatewayBooks.Payment chargedBack = new GatewayBooks.Payment(Journey.STRIPE, "cs_1", true, "complete/paid",
                ORDER, 399, "gbp", Map.of());
        assertThat(judge(chargedBack, true, "refunded", true).refunds()).as("the bank's money, no refund").isEmpty();
    }

    @Test
    void thePaymentIsTakenExactlyWhenTheTravellerPaidNamingTheOrderForItsTotal() throws Exception {
        assertThat(judge(govUkPay(false, ORDER, 399, Map.of()), true, "active", false).payment())
                .singleElement().asString().contains("paid, but govukpay payment pay123 is failed P0010");
        assertThat(judge(govUkPay(true, ORDER, 399, Map.of()), false, "pending_payment", false).payment())
                .singleElement().asString().contains("not paid by the traveller");
        assertThat(judge(govUkPay(false, ORDER, 399, Map.of()), false, "pending_payment", false).payment())
                .as("a decline").isEmpty();
        assertThat(judge(govUkPay(true, "ord_someone_else", 399, Map.of()), true, "active", false).payment())
                .singleElement().asString().contains("names ord_someone_else");
        assertThat(judge(govUkPay(true, ORDER, 299, Map.of()), true, "active", false).payment())
                .singleElement().asString().contains("299 GBP").contains("399 GBP");
        assertThat(judge(null, true, "active", false).payment())
                .singleElement().asString().contains("does not know its payment pay123");
        assertThat(judge(null, false, "pending_payment", false).payment()).isEmpty();
    }

    @Test
    void stripesLowerCaseCurrencyIsTheOrdersCurrency() throws Exception {
        GatewayBooks.Payment stripe = new GatewayBooks.Payment(Journey.STRIPE, "cs_1", true, "complete/paid", ORDER,
                1299, "usd", Map.of());

        assertThat(GatewayBooks.judge(stripe, "cs_1", ORDER, true, "active", total("12.99", "USD"), false).payment())
                .isEmpty();
        assertThat(GatewayBooks.judge(stripe, "cs_1", ORDER, true, "active", total("12.99", "EUR"), false).payment())
                .hasSize(1);
    }

    @Test
    void amountsInMinorUnitsFollowTheCurrency() throws Exception {
        assertThat(GatewayBooks.minor(total("3.99", "GBP"))).isEqualTo(399);
        assertThat(GatewayBooks.minor(total("12.9", "EUR"))).isEqualTo(1290);
        assertThat(GatewayBooks.minor(total("1500", "JPY"))).isEqualTo(1500);
        assertThat(GatewayBooks.minor(Outside.JSON.createObjectNode())).isEqualTo(-1);
    }
}
