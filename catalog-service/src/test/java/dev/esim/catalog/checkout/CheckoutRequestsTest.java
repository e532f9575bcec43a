package dev.esim.catalog.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.catalog.api.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckoutRequestsTest {

    private static final String SUCCESS = "https://shop.example/success?session_id={SESSION_ID}";
    private static final String CANCEL = "https://shop.example/cancel";

    @Test
    void turnsSeed001sPlaceholderIntoStripes() {
        CheckoutCommand command = CheckoutRequests.validate(body("alex@example.com", SUCCESS, Map.of()), 10);

        assertThat(command.successUrl()).isEqualTo("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}");
        assertThat(command.items()).containsExactly(new CheckoutCommand.Item("US-5GB-30D", 1));
        assertThat(command.customerCountry()).isEqualTo("GB");
    }

    @Test
    void refusesAReturnUrlCarryingTheCustomersEmail() {
        assertThatThrownBy(() -> CheckoutRequests.validate(
                body("alex@example.com", "https://shop.example/ok?email=alex%40example.com", Map.of()), 10))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("validation_error");
                    assertThat(e.getMessage()).doesNotContain("alex");
                });
        assertThatThrownBy(() -> CheckoutRequests.validate(
                body("alex@example.com", "https://shop.example/ok/ALEX@example.com", Map.of()), 10))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void refusesRelativeOrNonHttpUrlsAndBadEmails() {
        assertThatThrownBy(() -> CheckoutRequests.validate(body("alex@example.com", "/success", Map.of()), 10))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> CheckoutRequests.validate(body("alex@example.com", "javascript:alert(1)", Map.of()),
                10)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> CheckoutRequests.validate(body("not-an-email", SUCCESS, Map.of()), 10))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void sameRequestInAnotherFieldOrderIsTheSameCommand() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(CheckoutRequests.validate(body("alex@example.com", SUCCESS, ab), 10))
                .isEqualTo(CheckoutRequests.validate(body("alex@example.com", SUCCESS, ba), 10));
    }

    @Test
    void boundsQuantitiesAndItems() {
        CheckoutRequests.CheckoutBody tooMany = new CheckoutRequests.CheckoutBody(
                new CheckoutRequests.Customer("alex@example.com", null),
                List.of(new CheckoutRequests.Item("US-5GB-30D", 11)), SUCCESS, CANCEL, null, null);
        assertThatThrownBy(() -> CheckoutRequests.validate(tooMany, 10)).isInstanceOf(ApiException.class);
        CheckoutRequests.CheckoutBody none = new CheckoutRequests.CheckoutBody(
                new CheckoutRequests.Customer("alex@example.com", null), List.of(), SUCCESS, CANCEL, null, null);
        assertThatThrownBy(() -> CheckoutRequests.validate(none, 10)).isInstanceOf(ApiException.class);
    }

    @Test
    void aTopUpNamesAValidIccid() {
        CheckoutCommand command = CheckoutRequests.validate(new CheckoutRequests.TopUpBody("8988307000001234567",
                "US-1GB-7D", new CheckoutRequests.Customer("alex@example.com", null), SUCCESS, CANCEL, null, null));
        assertThat(command.kind()).isEqualTo("TOP_UP");
        assertThat(command.topupIccid()).isEqualTo("8988307000001234567");

        assertThatThrownBy(() -> CheckoutRequests.validate(new CheckoutRequests.TopUpBody("12ab", "US-1GB-7D",
                new CheckoutRequests.Customer("alex@example.com", null), SUCCESS, CANCEL, null, null)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void aPaymentGatewayIsOptionalAndMustLookLikeAGatewaysName() {
        assertThat(CheckoutRequests.validate(body("alex@example.com", SUCCESS, null), 10).paymentGateway()).isNull();
        CheckoutRequests.CheckoutBody govukpay = new CheckoutRequests.CheckoutBody(
                new CheckoutRequests.Customer("alex@example.com", "GB"),
                List.of(new CheckoutRequests.Item("GB-1GB-7D", 1)), SUCCESS, CANCEL, null, "govukpay");
        assertThat(CheckoutRequests.validate(govukpay, 10).paymentGateway()).isEqualTo("govukpay");
        for (String bad : new String[] {"", "GOVUKPAY", "gov uk pay", "x", "a".repeat(40), "stripe;drop"}) {
            CheckoutRequests.CheckoutBody body = new CheckoutRequests.CheckoutBody(
                    new CheckoutRequests.Customer("alex@example.com", "GB"),
                    List.of(new CheckoutRequests.Item("GB-1GB-7D", 1)), SUCCESS, CANCEL, null, bad);
            assertThatThrownBy(() -> CheckoutRequests.validate(body, 10)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    private static CheckoutRequests.CheckoutBody body(String email, String successUrl, Map<String, String> metadata) {
        return new CheckoutRequests.CheckoutBody(new CheckoutRequests.Customer(email, "gb"),
                List.of(new CheckoutRequests.Item("US-5GB-30D", null)), successUrl, CANCEL, metadata, null);
    }
}
