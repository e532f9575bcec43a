package dev.esim.catalog.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.catalog.api.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayChoiceTest {

    /** Stripe takes any currency, GOV.UK Pay pounds only; nothing else is configured. */
    private static final CheckoutGateway GATEWAYS = new CheckoutGateway() {
        @Override
        public Session createSession(SessionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean takes(String gateway, String currency) {
            return "stripe".equals(gateway) || "govukpay".equals(gateway) && "GBP".equals(currency);
        }
    };

    private final GatewayChoice choice = new GatewayChoice(GATEWAYS, "stripe", Map.of("GB", "govukpay"));

    @Test
    void theClientsChoiceWinsWhenTheGatewayTakesTheCurrency() {
        assertThat(choice.choose("govukpay", "FR", "GBP")).isEqualTo("govukpay");
        assertThat(choice.choose("stripe", "GB", "GBP")).isEqualTo("stripe");
    }

    @Test
    void aChoiceThatCannotTakeTheCurrencyOrIsNotConfiguredIsRefusedAsBadInput() {
        assertThatThrownBy(() -> choice.choose("govukpay", "GB", "EUR"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("govukpay").contains("EUR");
                });
        assertThatThrownBy(() -> choice.choose("adyen", "NL", "EUR")).isInstanceOf(ApiException.class);
    }

    @Test
    void withoutAChoiceTheCountrysGatewayServesWhenItTakesTheCurrencyElseTheDefault() {
        assertThat(choice.choose(null, "GB", "GBP")).isEqualTo("govukpay");
        assertThat(choice.choose(null, "gb", "GBP")).isEqualTo("govukpay");
        assertThat(choice.choose(null, "GB", "EUR")).isEqualTo("stripe");
        assertThat(choice.choose(null, "FR", "GBP")).isEqualTo("stripe");
        assertThat(choice.choose(null, null, "GBP")).isEqualTo("stripe");
    }
}
