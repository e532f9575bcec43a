package dev.esim.sandbox.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds Stripe webhook event JSON for one of our orders, shaped as Stripe sends it for the API version stripe-java
 * pins ({@code com.stripe.Stripe.API_VERSION}), so {@code com.stripe.net.Webhook.constructEvent} parses it and its
 * {@code getDataObjectDeserializer().getObject()} yields the typed object. The sandbox gateway renders its own
 * webhooks with the same code; other modules' tests and {@link Trigger} use this builder directly.
 *
 * <p>The order id travels as Stripe copies it: on Checkout Session events in {@code client_reference_id} and
 * {@code metadata.order_id}; on PaymentIntent and Charge events in {@code metadata.order_id} — which Stripe only
 * does when the session was created with {@code payment_intent_data[metadata][order_id]}, as catalog-service does.
 *
 * <pre>{@code
 * String json = StripeEvents.forOrder("ord_123").amount(1499).currency("usd").build("checkout.session.completed");
 * String header = StripeSigner.header(json, "whsec_sandbox_local_only_do_not_use_in_production");
 * }</pre>
 *
 * <p>Not thread-safe: one builder per event (or per test).
 */
public final class StripeEvents {

    /** Event types this builder produces. */
    public static final List<String> TYPES = List.of(
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
            "payment_intent.succeeded",
            "payment_intent.payment_failed",
            "charge.refunded",
            "refund.updated");

    private final String orderId;
    private long amount = 1499;
    private String currency = "usd";
    private String customerEmail = "traveller@example.com";
    private String planName = "eSIM plan";
    private String paymentStatus;
    private String sessionId = StripeJson.checkoutSessionId();
    private String paymentIntentId = StripeJson.id("pi_");
    private String chargeId = StripeJson.id("ch_");
    private String paymentMethodId = StripeJson.id("pm_");
    private String refundId = StripeJson.id("re_");
    private Long refundAmount;
    private String eventId;
    private Instant created = Instant.now();
    private String successUrl = "http://localhost:8082/checkout/success?session_id={CHECKOUT_SESSION_ID}";
    private String cancelUrl = "http://localhost:8082/checkout/cancel";
    private final Map<String, String> extraMetadata = new LinkedHashMap<>();

    private StripeEvents(String orderId) {
        this.orderId = Objects.requireNonNull(orderId, "orderId");
    }

    /** A builder for events about order {@code orderId}; every other field has a realistic default. */
    public static StripeEvents forOrder(String orderId) {
        return new StripeEvents(orderId);
    }

    /** Amount in the currency's minor unit (cents); default 1499. */
    public StripeEvents amount(long minorUnits) {
        this.amount = minorUnits;
        return this;
    }

    /** ISO currency, lower-cased as Stripe writes it; default {@code usd}. */
    public StripeEvents currency(String isoCode) {
        this.currency = isoCode.toLowerCase(Locale.ROOT);
        return this;
    }

    public StripeEvents customerEmail(String email) {
        this.customerEmail = email;
        return this;
    }

    /** The line item's name, e.g. {@code "Europe 5 GB / 30 days"}. */
    public StripeEvents planName(String name) {
        this.planName = name;
        return this;
    }

    /**
     * {@code payment_status} of a {@code checkout.session.completed}: {@code paid} (default) or {@code unpaid} for a
     * delayed payment method, which is later settled by {@code checkout.session.async_payment_succeeded/failed}.
     */
    public StripeEvents paymentStatus(String status) {
        if (!"paid".equals(status) && !"unpaid".equals(status)) {
            throw new IllegalArgumentException("payment_status is paid or unpaid, not " + status);
        }
        this.paymentStatus = status;
        return this;
    }

    public StripeEvents sessionId(String id) {
        this.sessionId = id;
        return this;
    }

    public StripeEvents paymentIntentId(String id) {
        this.paymentIntentId = id;
        return this;
    }

    public StripeEvents chargeId(String id) {
        this.chargeId = id;
        return this;
    }

    public StripeEvents refundId(String id) {
        this.refundId = id;
        return this;
    }

    /** Amount refunded by {@code charge.refunded}/{@code refund.updated}; default the whole amount. */
    public StripeEvents refundAmount(long minorUnits) {
        this.refundAmount = minorUnits;
        return this;
    }

    /** The event id; default a fresh random {@code evt_…} per {@link #build} call. */
    public StripeEvents eventId(String id) {
        this.eventId = id;
        return this;
    }

    /** The event's (and its objects') {@code created} time; default now. */
    public StripeEvents created(Instant time) {
        this.created = time;
        return this;
    }

    public StripeEvents successUrl(String url) {
        this.successUrl = url;
        return this;
    }

    public StripeEvents cancelUrl(String url) {
        this.cancelUrl = url;
        return this;
    }

    /** Extra metadata next to {@code order_id} (on the session and the PaymentIntent alike). */
    public StripeEvents metadata(String key, String value) {
        this.extraMetadata.put(key, value);
        return this;
    }

    /** The event as Stripe's pretty-printed JSON, the exact bytes to sign and post. */
    public String build(String type) {
        return StripeJson.write(buildMap(type));
    }

    Map<String, Object> buildMap(String type) {
        long t = created.getEpochSecond();
        Map<String, Object> object;
        Map<String, Object> previous = null;
        switch (type) {
            case "checkout.session.completed" -> {
                String status = paymentStatus == null ? "paid" : paymentStatus;
                object = StripeObjects.session(session("complete", status, paymentIntentId), false);
            }
            case "checkout.session.async_payment_succeeded" ->
                object = StripeObjects.session(session("complete", "paid", paymentIntentId), false);
            case "checkout.session.async_payment_failed" ->
                object = StripeObjects.session(session("complete", "unpaid", paymentIntentId), false);
            case "checkout.session.expired" ->
                object = StripeObjects.session(session("expired", "unpaid", null), false);
            case "payment_intent.succeeded" -> object = StripeObjects.paymentIntent(paymentIntent("succeeded", false));
            case "payment_intent.payment_failed" ->
                object = StripeObjects.paymentIntent(paymentIntent("requires_payment_method", true));
            case "charge.refunded" -> {
                ChargeState charge = charge("succeeded").withRefunded(refunded());
                object = StripeObjects.charge(charge);
                previous = StripeObjects.obj("amount_refunded", 0, "refunded", false);
            }
            case "refund.updated" -> {
                object = StripeObjects.refund(new RefundState(refundId, t, refunded(), currency, chargeId,
                        paymentIntentId, Map.of(), "requested_by_customer", "succeeded"));
                previous = StripeObjects.obj("status", "pending");
            }
            default -> throw new IllegalArgumentException("unsupported event type " + type + "; one of " + TYPES);
        }
        String id = eventId != null ? eventId : StripeJson.id("evt_");
        return StripeObjects.event(id, type, t, object, previous, 1, null, null);
    }

    private long refunded() {
        return refundAmount != null ? refundAmount : amount;
    }

    private Map<String, String> sessionMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("order_id", orderId);
        m.putAll(extraMetadata);
        return m;
    }

    private SessionState session(String status, String payStatus, String piId) {
        long t = created.getEpochSecond();
        LineItem line = new LineItem("li_" + StripeJson.derived(sessionId, 24), planName, null, amount, 1, currency);
        return new SessionState(sessionId, t - 60, t - 60 + Duration.ofHours(24).toSeconds(), currency, List.of(line),
                orderId, customerEmail, sessionMetadata(), sessionMetadata(), successUrl, cancelUrl,
                null, status, payStatus, piId, customerEmail);
    }

    private PaymentIntentState paymentIntent(String status, boolean declined) {
        return new PaymentIntentState(paymentIntentId, created.getEpochSecond(), amount, currency, status,
                sessionMetadata(), chargeId, paymentMethodId, null, declined);
    }

    private ChargeState charge(String status) {
        return new ChargeState(chargeId, created.getEpochSecond(), amount, 0, currency, paymentIntentId,
                paymentMethodId, customerEmail, sessionMetadata(), status);
    }
}
