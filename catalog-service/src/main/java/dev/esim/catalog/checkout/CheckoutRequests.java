package dev.esim.catalog.checkout;

import dev.esim.catalog.api.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON bodies of {@code POST /v1/checkout/sessions} and {@code POST /v1/topups} (seed 001 shapes), and their
 * validation into a {@link CheckoutCommand}. Prices are not part of either body: anything a client sends as a price
 * is ignored, the total is computed from our catalogue.
 */
final class CheckoutRequests {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern GATEWAY = Pattern.compile("[a-z][a-z0-9_]{1,31}");
    private static final Pattern ICCID = Pattern.compile("[0-9]{18,22}");
    private static final int MAX_ITEMS = 10;
    private static final int MAX_METADATA_KEYS = 20;

    record Customer(String email, String country) {
    }

    record Item(String sku, Integer quantity) {
    }

    record CheckoutBody(Customer customer, List<Item> items, String successUrl, String cancelUrl,
                        Map<String, String> metadata, String paymentGateway) {
    }

    record TopUpBody(String iccid, String sku, Customer customer, String successUrl, String cancelUrl,
                     Map<String, String> metadata, String paymentGateway) {
    }

    private CheckoutRequests() {
    }

    static CheckoutCommand validate(CheckoutBody body, int maxQuantity) {
        if (body == null) {
            throw ApiException.validation("A JSON body is required.");
        }
        String email = email(body.customer());
        if (body.items() == null || body.items().isEmpty()) {
            throw ApiException.validation("items must list at least one plan.");
        }
        if (body.items().size() > MAX_ITEMS) {
            throw ApiException.validation("At most " + MAX_ITEMS + " items per checkout.");
        }
        List<CheckoutCommand.Item> items = new ArrayList<>();
        for (int i = 0; i < body.items().size(); i++) {
            Item item = body.items().get(i);
            if (item == null || item.sku() == null || !SKU.matcher(item.sku()).matches()) {
                throw ApiException.validation("items[" + i + "].sku is missing or not a SKU.");
            }
            int quantity = item.quantity() == null ? 1 : item.quantity();
            if (quantity < 1 || quantity > maxQuantity) {
                throw ApiException.validation("items[" + i + "].quantity must be between 1 and " + maxQuantity + ".");
            }
            items.add(new CheckoutCommand.Item(item.sku(), quantity));
        }
        return new CheckoutCommand("NEW_LINE", null, email, country(body.customer()), List.copyOf(items),
                url("success_url", body.successUrl(), email), url("cancel_url", body.cancelUrl(), email),
                metadata(body.metadata()), gateway(body.paymentGateway()));
    }

    static CheckoutCommand validate(TopUpBody body) {
        if (body == null) {
            throw ApiException.validation("A JSON body is required.");
        }
        if (body.iccid() == null || !ICCID.matcher(body.iccid()).matches()) {
            throw ApiException.validation("iccid must be the line's 18–22 digit ICCID.");
        }
        if (body.sku() == null || !SKU.matcher(body.sku()).matches()) {
            throw ApiException.validation("sku is missing or not a SKU.");
        }
        String email = email(body.customer());
        return new CheckoutCommand("TOP_UP", body.iccid(), email, country(body.customer()),
                List.of(new CheckoutCommand.Item(body.sku(), 1)), url("success_url", body.successUrl(), email),
                url("cancel_url", body.cancelUrl(), email), metadata(body.metadata()),
                gateway(body.paymentGateway()));
    }

    /** Optional: null lets configuration choose (see {@code GatewayChoice}). */
    private static String gateway(String name) {
        if (name == null) {
            return null;
        }
        if (!GATEWAY.matcher(name).matches()) {
            throw ApiException.validation("payment_gateway must be the name of a payment gateway, e.g. stripe.");
        }
        return name;
    }

    private static String email(Customer customer) {
        if (customer == null || customer.email() == null) {
            throw ApiException.validation("customer.email is required.");
        }
        String email = customer.email().strip();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiException.validation("customer.email is not an e-mail address.");
        }
        return email;
    }

    private static String country(Customer customer) {
        if (customer.country() == null || customer.country().isBlank()) {
            return null;
        }
        if (!COUNTRY.matcher(customer.country()).matches()) {
            throw ApiException.validation("customer.country must be an ISO 3166 alpha-2 code.");
        }
        return customer.country().toUpperCase(Locale.ROOT);
    }

    /**
     * An absolute http(s) URL. Seed 001's {@code {SESSION_ID}} placeholder becomes Stripe's
     * {@code {CHECKOUT_SESSION_ID}}. No personal data in URLs: one that carries the customer's e-mail address
     * (which would end up in browser history and access logs) is refused.
     */
    static String url(String field, String value, String email) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field + " is required.");
        }
        String url = value.strip().replace("{SESSION_ID}", "{CHECKOUT_SESSION_ID}");
        if (url.length() > 2048) {
            throw ApiException.validation(field + " is too long.");
        }
        try {
            URI uri = new URI(url.replace("{CHECKOUT_SESSION_ID}", "cs_placeholder"));
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw ApiException.validation(field + " must be an absolute http(s) URL.");
            }
        } catch (URISyntaxException e) {
            throw ApiException.validation(field + " is not a valid URL.");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String lowerEmail = email.toLowerCase(Locale.ROOT);
        if (lower.contains(lowerEmail)
                || lower.contains(URLEncoder.encode(lowerEmail, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT))) {
            throw ApiException.validation(field + " must not carry personal data such as the e-mail address.");
        }
        return url;
    }

    private static TreeMap<String, String> metadata(Map<String, String> metadata) {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (metadata == null) {
            return sorted;
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw ApiException.validation("metadata holds at most " + MAX_METADATA_KEYS + " keys.");
        }
        metadata.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 40) {
                throw ApiException.validation("metadata keys are 1–40 characters.");
            }
            if (v != null && v.length() > 500) {
                throw ApiException.validation("metadata values are at most 500 characters.");
            }
            sorted.put(k, v == null ? "" : v);
        });
        return sorted;
    }
}
