package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CreatePaymentRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VALID = "\"reference\":\"ord-1\",\"description\":\"Europe 5 GB\","
            + "\"return_url\":\"https://shop.test/orders/ord-1\"";

    @Test
    void readsAFullRequestAndDefaultsTheLanguageToEnglish() {
        CreatePaymentRequest request = parse("{\"amount\":1499," + VALID + ",\"email\":\"t@example.com\","
                + "\"metadata\":{\"order_id\":\"ord-1\",\"lines\":2,\"gift\":true}}");

        assertThat(request.amount()).isEqualTo(1499);
        assertThat(request.reference()).isEqualTo("ord-1");
        assertThat(request.returnUrl()).isEqualTo("https://shop.test/orders/ord-1");
        assertThat(request.email()).isEqualTo("t@example.com");
        assertThat(request.language()).isEqualTo("en");
        assertThat(request.metadata()).isEqualTo(Map.of("order_id", "ord-1", "lines", 2L, "gift", true));
    }

    @Test
    void takesAmountsFromOnePennyToOneHundredThousandPounds() {
        assertThat(parse("{\"amount\":1," + VALID + "}").amount()).isEqualTo(1);
        assertThat(parse("{\"amount\":10000000," + VALID + "}").amount()).isEqualTo(10_000_000);
        assertRefused("{\"amount\":10000001," + VALID + "}", 422, "P0102", "amount");
        assertRefused("{\"amount\":14.99," + VALID + "}", 422, "P0102", "amount");
        assertRefused("{" + VALID + "}", 400, "P0101", "amount");
        assertRefused("{\"amount\":null," + VALID + "}", 400, "P0101", "amount");
    }

    @Test
    void refusesABlankRequiredTextAsMissingAndANonStringAsInvalid() {
        assertRefused("{\"amount\":1,\"reference\":\" \",\"description\":\"d\",\"return_url\":\"https://s.test\"}",
                400, "P0101", "reference");
        assertRefused("{\"amount\":1,\"reference\":12,\"description\":\"d\",\"return_url\":\"https://s.test\"}",
                422, "P0102", "reference");
        assertRefused("{\"amount\":1,\"reference\":\"r\",\"description\":\"" + "d".repeat(256)
                + "\",\"return_url\":\"https://s.test\"}", 422, "P0102", "description");
        assertRefused("{\"amount\":1,\"reference\":\"r\",\"description\":\"d\",\"return_url\":\"/orders/1\"}",
                422, "P0102", "return_url");
        assertRefused("{\"amount\":1," + VALID + ",\"email\":\"" + "e".repeat(255) + "\"}", 422, "P0102", "email");
    }

    @Test
    void refusesMetadataOutsideGovUkPaysBounds() {
        assertRefused("{\"amount\":1," + VALID + ",\"metadata\":{}}", 422, "P0102", "metadata");
        assertRefused("{\"amount\":1," + VALID + ",\"metadata\":{\"" + "k".repeat(31) + "\":\"v\"}}",
                422, "P0102", "metadata");
        assertRefused("{\"amount\":1," + VALID + ",\"metadata\":{\"k\":\"" + "v".repeat(101) + "\"}}",
                422, "P0102", "metadata");
        assertRefused("{\"amount\":1," + VALID + ",\"metadata\":{\"k\":{\"nested\":1}}}", 422, "P0102", "metadata");
    }

    @Test
    void refusesWhatTheSandboxDoesNotServeInsteadOfIgnoringIt() {
        assertRefused("{\"amount\":1," + VALID + ",\"moto\":true}", 422, "P0102", "moto");
        assertRefused("{\"amount\":1," + VALID + ",\"authorisation_mode\":\"moto_api\"}", 422, "P0102",
                "authorisation_mode");
        assertRefused("{\"amount\":1," + VALID + ",\"agreement_id\":\"a\"}", 422, "P0102", "agreement_id");
        assertThat(parse("{\"amount\":1," + VALID + ",\"delayed_capture\":false,\"moto\":false}").amount())
                .isEqualTo(1);
    }

    @Test
    void refusesABodyThatIsNotAnObjectWithP0197() {
        assertRefused("[]", 400, "P0197", null);
        assertRefused("\"text\"", 400, "P0197", null);
    }

    private static CreatePaymentRequest parse(String body) {
        return CreatePaymentRequest.parse(JSON.readTree(body));
    }

    private static void assertRefused(String body, int status, String code, String field) {
        assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.body().get("field")).isEqualTo(field);
        });
    }
}
