package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.chaos.Journey.Intent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayChoiceTest {

    @Test
    void aPlanPricedInPoundsIsPaidThroughGovUkPayUnlessTheJourneyNeedsAStripeTestHelper() {
        assertThat(Journey.gatewayFor(Intent.PAY, "GBP")).isEqualTo(Journey.GOVUKPAY);
        assertThat(Journey.gatewayFor(Intent.PAY_THEN_REFUND, "GBP")).isEqualTo(Journey.GOVUKPAY);
        assertThat(Journey.gatewayFor(Intent.PAY_THEN_TOP_UP, "gbp")).isEqualTo(Journey.GOVUKPAY);
        assertThat(Journey.gatewayFor(Intent.DECLINE, "GBP")).isEqualTo(Journey.GOVUKPAY);
        assertThat(Journey.gatewayFor(Intent.MISMATCH, "GBP")).isEqualTo(Journey.STRIPE);
        assertThat(Journey.gatewayFor(Intent.PAY_THEN_CHARGEBACK, "GBP")).isEqualTo(Journey.STRIPE);
    }

    @Test
    void everyOtherCurrencyIsPaidThroughStripe() {
        for (Intent intent : Intent.values()) {
            assertThat(Journey.gatewayFor(intent, "USD")).isEqualTo(Journey.STRIPE);
            assertThat(Journey.gatewayFor(intent, "EUR")).isEqualTo(Journey.STRIPE);
            assertThat(Journey.gatewayFor(intent, null)).isEqualTo(Journey.STRIPE);
        }
    }

    @Test
    void theCatalogueGivesEachPlansCurrencyInItsOrder() throws Exception {
        Map<String, String> plans = Chaos.plans(Outside.JSON.readTree("{\"items\":["
                + "{\"sku\":\"US-5GB-30D\",\"price\":{\"amount\":12.99,\"currency\":\"USD\"}},"
                + "{\"sku\":\"GB-1GB-7D\",\"price\":{\"amount\":3.99,\"currency\":\"GBP\"}},"
                + "{\"sku\":\"FR-3GB-15D\",\"price\":{\"amount\":9.99,\"currency\":\"EUR\"}}]}"));

        assertThat(plans).containsExactly(Map.entry("US-5GB-30D", "USD"), Map.entry("GB-1GB-7D", "GBP"),
                Map.entry("FR-3GB-15D", "EUR"));
    }

    @Test
    void aGovUkPayClickTookEffectWhenThePaymentIsInTheStateItsButtonLeadsTo() {
        assertThat(Traffic.clickTookEffect("pay", "success", null)).isTrue();
        assertThat(Traffic.clickTookEffect("pay", "started", null)).isFalse();
        assertThat(Traffic.clickTookEffect("pay", "failed", "P0010")).isFalse();
        assertThat(Traffic.clickTookEffect("decline", "failed", "P0010")).isTrue();
        assertThat(Traffic.clickTookEffect("decline", "failed", "P0020")).as("expired, not declined").isFalse();
        assertThat(Traffic.clickTookEffect("decline", "success", null)).isFalse();
        assertThat(Traffic.clickTookEffect("cancel", "failed", "P0030")).isTrue();
    }
}
