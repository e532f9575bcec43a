package dev.esim.catalog.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Our re-delivery signature is one Stripe's own verifier (stripe-java, as payment-ingress uses it) accepts. */
class StripeSignatureTest {

    private static final String SECRET = "whsec_sandbox_local_only_do_not_use_in_production";
    private static final String PAYLOAD =
            "{\"id\":\"evt_123\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";

    @Test
    void stripeJavaVerifiesTheHeaderWeSign() throws SignatureVerificationException {
        // given a header signed now
        String header = StripeSignature.header(PAYLOAD, SECRET, Instant.now());

        // then stripe-java's verifier accepts it within Stripe's 300 s tolerance
        assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300)).isTrue();
    }

    @Test
    void aHeaderSignedWithAnotherSecretOrOverAnotherBodyIsRejected() {
        String header = StripeSignature.header(PAYLOAD, "whsec_other", Instant.now());

        assertThatThrownBy(() -> Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
        String genuine = StripeSignature.header(PAYLOAD, SECRET, Instant.now());
        assertThatThrownBy(() -> Webhook.Signature.verifyHeader(PAYLOAD.replace("123", "124"), genuine, SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void theHeaderCarriesTheSigningTimeInUnixSeconds() {
        assertThat(StripeSignature.header(PAYLOAD, SECRET, Instant.ofEpochSecond(1_700_000_000L)))
                .startsWith("t=1700000000,v1=")
                .matches("t=\\d+,v1=[0-9a-f]{64}");
    }
}
