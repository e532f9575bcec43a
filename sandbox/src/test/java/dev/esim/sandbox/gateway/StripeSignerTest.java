package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeSignerTest {

    private static final String SECRET = "whsec_sandbox_local_only_do_not_use_in_production";
    private final String payload = StripeEvents.forOrder("ord_1").build("checkout.session.completed");

    @Test
    void producesAHeaderStripeJavaAccepts() throws Exception {
        // when
        String header = StripeSigner.header(payload, SECRET);

        // then
        Event event = Webhook.constructEvent(payload, header, SECRET);
        assertThat(event.getType()).isEqualTo("checkout.session.completed");
        assertThat(header).matches("t=\\d{10},v1=[0-9a-f]{64}");
    }

    @Test
    void matchesStripesDocumentedComputation() {
        // HMAC-SHA256(key = secret, message = "<t>.<payload>"), hex: the value below is Stripe's scheme applied to
        // fixed inputs, computed independently with `printf '1700000000.{}' | openssl dgst -sha256 -hmac <secret>`
        assertThat(StripeSigner.header("{}", SECRET, Instant.ofEpochSecond(1_700_000_000L))).isEqualTo(
                "t=1700000000,v1=c2dc1bbbe4f939224950e6e8bb961e701d0fd6b13f2d88105089b15f9f410e6a");
    }

    @Test
    void aTamperedPayloadFailsVerification() {
        String header = StripeSigner.header(payload, SECRET);

        assertThatThrownBy(() -> Webhook.constructEvent(payload.replace("1499", "1"), header, SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void anotherSecretFailsVerification() {
        String header = StripeSigner.header(payload, "whsec_someone_else");

        assertThatThrownBy(() -> Webhook.constructEvent(payload, header, SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void anOldTimestampIsRejectedAsStale() {
        String header = StripeSigner.header(payload, SECRET, Instant.now().minusSeconds(600));

        assertThatThrownBy(() -> Webhook.constructEvent(payload, header, SECRET))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessageContaining("tolerance");
    }
}
