package dev.esim.ingress.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Receives a Stripe webhook: verifies it with stripe-java against every configured signing secret (so a secret can be
 * rotated without downtime: old and new are both configured while Stripe switches), checks the environment, and
 * normalises it. No Spring, no Kafka: the web layer calls it, the publisher takes its result.
 *
 * <p><b>Why not {@code Webhook.constructEvent}.</b> It verifies with {@code Webhook.Signature.verifyHeader} (which we
 * call directly, so the signature check is stripe-java's) and then builds a typed {@code Event}: a Gson parse, a
 * reflective mapping of the tree, and a re-serialisation of the whole body for {@code getRawJson}. We read only a
 * handful of fields, so the body's bytes are parsed once into a Jackson tree instead (README, "Benchmark"). Whether
 * stripe-java could have typed the data object (the API-version question) is still answered by stripe-java itself,
 * see {@link PinnedApiVersion}.
 */
public final class StripeWebhook {

    /** Told when an event's API version differs from the one this stripe-java build is pinned to. */
    @FunctionalInterface
    public interface ApiVersionMismatchListener {
        void mismatch(String eventType, String eventApiVersion);
    }

    public static final String SOURCE = "stripe";
    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    private final List<String> secrets;
    private final long toleranceSeconds;
    private final boolean live;
    private final Clock clock;
    private final StripeNormaliser normaliser;

    /**
     * @param secrets     every currently valid endpoint signing secret ({@code whsec_…}); any one matching suffices
     * @param tolerance   how old the signed timestamp may be (Stripe's default is 300 s)
     * @param environment {@code sandbox} or {@code live}: events whose {@code livemode} disagrees are refused
     * @param orders      names the order of a dispute that does not carry our order id
     */
    public StripeWebhook(List<String> secrets, Duration tolerance, String environment, Clock clock,
            ApiVersionMismatchListener listener, PaymentIntentOrders orders) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("at least one non-blank Stripe webhook secret is required");
        }
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = tolerance.toSeconds();
        if (toleranceSeconds < 1) {
            // stripe-java treats a tolerance of 0 as "do not check the timestamp"
            throw new IllegalArgumentException("tolerance must be at least one second");
        }
        this.live = "live".equals(environment);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.normaliser = new StripeNormaliser(listener, Objects.requireNonNull(orders, "orders"));
    }

    public Normalised receive(byte[] body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Missing Stripe-Signature header");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        verify(payload, signatureHeader);
        StripeEvent event = StripeEvent.parse(body);
        if (event.livemode() != live) {
            throw new WebhookRejected(Reason.VALIDATION_ERROR, "Wrong environment: a "
                    + (event.livemode() ? "live" : "test") + " mode event sent to the "
                    + (live ? "live" : "sandbox") + " endpoint");
        }
        return normaliser.normalise(event, body);
    }

    /**
     * One HMAC per configured secret until one verifies (signature and timestamp). Only when none does, the
     * signatures are checked again without the timestamp, so a genuine but stale delivery is told apart from a
     * forgery: the rare path pays for the distinction, not every webhook.
     */
    private void verify(String payload, String header) {
        for (String secret : secrets) {
            if (verifies(payload, header, secret, toleranceSeconds)) {
                return;
            }
        }
        for (String secret : secrets) {
            if (verifies(payload, header, secret, 0)) { // stripe-java: tolerance 0 = no timestamp check
                throw new WebhookRejected(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                        "Signature timestamp is older than " + toleranceSeconds + " s");
            }
        }
        throw new WebhookRejected(Reason.SIGNATURE_INVALID, "No signature matches a configured secret");
    }

    private boolean verifies(String payload, String header, String secret, long tolerance) {
        try {
            return Webhook.Signature.verifyHeader(payload, header, secret, tolerance, clock);
        } catch (SignatureVerificationException e) {
            return false;
        } catch (RuntimeException e) {
            // stripe-java 33.3.0 throws ArrayIndexOutOfBoundsException for an element without '=' (e.g. "t")
            throw new WebhookRejected(Reason.SIGNATURE_INVALID, "Malformed Stripe-Signature header");
        }
    }
}
