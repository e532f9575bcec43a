package dev.esim.sandbox.gateway;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checkout Sessions: creation from stripe-java's parameters ({@code mode=payment}, {@code price_data} line items in
 * one currency, {@code expires_at} within Stripe's bounds), look-up, and expiry — by the API, or by themselves once
 * past {@code expires_at} — with {@code checkout.session.expired}.
 */
final class CheckoutSessions {

    private static final Duration MIN_EXPIRY = Duration.ofMinutes(30);
    private static final Duration MAX_EXPIRY = Duration.ofHours(24);

    private final Clock clock;
    private final LedgerState state;
    private final EventLog events;

    CheckoutSessions(Clock clock, LedgerState state, EventLog events) {
        this.clock = clock;
        this.state = state;
        this.events = events;
    }

    SessionState create(StripeParams p, String publicBaseUrl) {
        synchronized (state) {
            String mode = p.requiredString("mode");
            if (!"payment".equals(mode)) {
                throw StripeApiException.invalid("parameter_invalid_string", "mode",
                        "The sandbox gateway supports mode=payment only, not " + mode + ".");
            }
            List<LineItem> lines = lineItems(p);
            long now = clock.instant().getEpochSecond();
            long expiresAt = expiresAt(p, now);
            String successUrl = p.string("success_url");
            String cancelUrl = p.string("cancel_url");
            String customerEmail = p.string("customer_email");
            StripeParams piData = p.object("payment_intent_data");
            Map<String, String> piMetadata = piData == null ? Map.of() : piData.metadata("metadata");
            String id = StripeJson.checkoutSessionId();
            SessionState s = new SessionState(id, now, expiresAt, lines.get(0).currency(), List.copyOf(lines),
                    p.string("client_reference_id"), customerEmail, p.metadata("metadata"), piMetadata, successUrl,
                    cancelUrl, publicBaseUrl + "/pay/" + id, "open", "unpaid", null, null);
            state.put(s);
            return s;
        }
    }

    SessionState session(String id) {
        synchronized (state) {
            SessionState s = state.session(id);
            if (s == null) {
                throw StripeApiException.noSuch("checkout.session", "session", id);
            }
            return expireIfOverdue(s);
        }
    }

    /** The session, refused unless it is still open (a traveller acts on it). */
    SessionState open(String id) {
        SessionState s = session(id);
        if (!s.isOpen()) {
            throw StripeApiException.invalid("checkout_session_not_open", null,
                    "This Checkout Session is " + s.status() + ".");
        }
        return s;
    }

    SessionState expire(String id) {
        synchronized (state) {
            SessionState s = session(id);
            if (!s.isOpen()) {
                throw StripeApiException.invalid("checkout_session_not_open", null,
                        "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has"
                                + " a status of \"" + s.status() + "\".");
            }
            return markExpired(s);
        }
    }

    /** Expires every open session past its {@code expires_at}, with its {@code checkout.session.expired} event. */
    void expireOverdue() {
        synchronized (state) {
            List.copyOf(state.sessions()).forEach(this::expireIfOverdue);
        }
    }

    private SessionState expireIfOverdue(SessionState s) {
        if (s.isOpen() && clock.instant().getEpochSecond() >= s.expiresAt()) {
            return markExpired(s);
        }
        return s;
    }

    private SessionState markExpired(SessionState s) {
        return state.journal().atomically(() -> {
            SessionState expired = s.withStatus("expired", "unpaid");
            state.put(expired);
            events.send(List.of(events.emit("checkout.session.expired", StripeObjects.session(expired, false), null)));
            return expired;
        });
    }

    /** {@code line_items}: at least one, all in the same currency. */
    private static List<LineItem> lineItems(StripeParams p) {
        List<StripeParams> items = p.objects("line_items");
        if (items.isEmpty()) {
            throw StripeApiException.missing("line_items");
        }
        List<LineItem> lines = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < items.size(); i++) {
            LineItem line = lineItem(items.get(i), "line_items[" + i + "]");
            if (currency != null && !currency.equals(line.currency())) {
                throw StripeApiException.invalid("parameter_invalid_string",
                        "line_items[" + i + "][price_data][currency]",
                        "All line items must use the same currency.");
            }
            currency = line.currency();
            lines.add(line);
        }
        return lines;
    }

    /** {@code expires_at}, 24 h ahead when not given. */
    private static long expiresAt(StripeParams p, long now) {
        Long expiresAt = p.integer("expires_at");
        if (expiresAt == null) {
            return now + MAX_EXPIRY.toSeconds();
        }
        if (expiresAt < now + MIN_EXPIRY.toSeconds() - 60 || expiresAt > now + MAX_EXPIRY.toSeconds() + 60) {
            // Stripe's own bounds (with a minute of slack for clock skew between caller and sandbox)
            throw StripeApiException.invalid("parameter_invalid_integer", "expires_at",
                    "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session"
                            + " creation.");
        }
        return expiresAt;
    }

    private static LineItem lineItem(StripeParams item, String param) {
        if (item.has("price")) {
            throw StripeApiException.noSuch("price", param + "[price]", item.string("price"));
        }
        StripeParams price = item.object("price_data");
        if (price == null) {
            throw StripeApiException.invalid("parameter_missing", param,
                    "You must specify either `price` or `price_data` for each line item.");
        }
        String currency = currency(price, param);
        long unit = unitAmount(price, param);
        StripeParams product = price.object("product_data");
        if (product == null) {
            throw StripeApiException.invalid("parameter_missing", param + "[price_data]",
                    "You must specify either `product` or `product_data` when creating a price.");
        }
        long quantity = quantity(item, param);
        return new LineItem(StripeJson.id("li_"), product.requiredString("name"), product.string("description"), unit,
                quantity, currency);
    }

    private static String currency(StripeParams price, String param) {
        String currency = price.requiredString("currency").toLowerCase(Locale.ROOT);
        try {
            Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StripeApiException.invalid("parameter_invalid_string", param + "[price_data][currency]",
                    "Invalid currency: " + currency);
        }
        return currency;
    }

    private static long unitAmount(StripeParams price, String param) {
        Long unit = price.integer("unit_amount");
        if (unit == null && price.string("unit_amount_decimal") != null) {
            unit = new BigDecimal(price.string("unit_amount_decimal")).longValueExact();
        }
        if (unit == null) {
            throw StripeApiException.missing(param + "[price_data][unit_amount]");
        }
        if (unit < 0) {
            throw StripeApiException.invalid("parameter_invalid_integer", param + "[price_data][unit_amount]",
                    "This value must be greater than or equal to 0.");
        }
        return unit;
    }

    private static long quantity(StripeParams item, String param) {
        Long quantity = item.integer("quantity");
        if (quantity == null) {
            throw StripeApiException.missing(param + "[quantity]");
        }
        if (quantity < 1) {
            throw StripeApiException.invalid("parameter_invalid_integer", param + "[quantity]",
                    "Quantity must be at least 1.");
        }
        return quantity;
    }
}
