package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaySignatureTest {

    @Test
    void isTheLowerCaseHexHmacSha256OfTheBodyKeyedWithTheSigningSecret() {
        // expected values from `printf '%s' BODY | openssl dgst -sha256 -hmac SECRET`
        assertThat(PaySignature.of("{\"id\":\"m1\",\"event_type\":\"card_payment_succeeded\"}",
                "govukpay_whsec_sandbox_local_only"))
                .isEqualTo("0c1bdba4e283d7d78913058ddbd295c101eafa424799d956224617950710e821");
    }

    @Test
    void readsBodyAndSecretAsUtf8() {
        assertThat(PaySignature.of("café £", "sécret"))
                .isEqualTo("e3fcbfffeb3c3d4a36321c6d3d94e846b3d41faf1c8228a241ecd25dd010cfa7");
    }
}
