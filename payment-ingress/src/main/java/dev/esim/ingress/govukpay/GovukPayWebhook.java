package dev.esim.ingress.govukpay;

import dev.esim.ingress.event.Normalised;
import java.util.List;
import java.util.Objects;

/**
 * Receives a GOV.UK Pay webhook message: verifies {@code Pay-Signature} against every configured signing secret,
 * parses the message once and normalises it. No Spring, no Kafka: the web layer calls it, the publisher takes its
 * result.
 *
 * <p><b>Live or test.</b> GOV.UK Pay's messages do not say whether they come from a live or a test account — the
 * account's mode is a property of its keys — so {@code livemode} is what the configuration declares, and the service
 * refuses to start when that disagrees with {@code esim.environment} ({@code IngressProperties}). The keys themselves
 * ({@code api_live_…} / {@code api_test_…}) are checked against the environment by guardrails, like Stripe's.
 */
public final class GovukPayWebhook {

    public static final String SOURCE = "govukpay";
    public static final String SIGNATURE_HEADER = "Pay-Signature";

    private final PaySignature signature;
    private final GovukPayNormaliser normaliser;

    /**
     * @param secrets  every currently valid webhook signing secret; any one matching suffices
     * @param live     whether the GOV.UK Pay account is live: every event carries it as {@code livemode}
     * @param payments names the order of a refund, whose message does not carry our reference
     */
    public GovukPayWebhook(List<String> secrets, boolean live, PaymentReferences payments) {
        this.signature = new PaySignature(secrets);
        this.normaliser = new GovukPayNormaliser(live, Objects.requireNonNull(payments, "payments"));
    }

    public Normalised receive(byte[] body, String signatureHeader) {
        signature.verify(body, signatureHeader);
        return normaliser.normalise(GovukPayMessage.parse(body), body);
    }
}
