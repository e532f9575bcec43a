package dev.esim.sandbox.gateway;

import com.stripe.Stripe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders gateway state as Stripe API objects, field for field as the API version stripe-java pins
 * ({@link Stripe#API_VERSION}) returns them: every top-level field stripe-java's model knows about that a hosted,
 * card-paid, one-off Checkout would carry, with {@code null} where Stripe sends null. Key order follows Stripe's
 * ({@code id}, {@code object}, then alphabetical). {@code StripeObjectsTest} checks each key against stripe-java's
 * model so nothing here is invented.
 */
final class StripeObjects {

    private StripeObjects() {
    }

    static Map<String, Object> session(SessionState s, boolean expandLineItems) {
        boolean complete = "complete".equals(s.status());
        Map<String, Object> m = obj(
                "id", s.id(),
                "object", "checkout.session",
                "adaptive_pricing", obj("enabled", false),
                "after_expiration", null,
                "allow_promotion_codes", null,
                "amount_subtotal", s.amountTotal(),
                "amount_total", s.amountTotal(),
                "automatic_tax", obj("enabled", false, "liability", null, "provider", null, "status", null),
                "billing_address_collection", null,
                "cancel_url", s.cancelUrl(),
                "client_reference_id", s.clientReferenceId(),
                "client_secret", null,
                "collected_information", complete ? obj("business_name", null, "individual_name", null,
                        "shipping_details", null) : null,
                "consent", null,
                "consent_collection", null,
                "created", s.created(),
                "currency", s.currency(),
                "currency_conversion", null,
                "custom_fields", List.of(),
                "custom_text", obj("after_submit", null, "shipping_address", null, "submit", null,
                        "terms_of_service_acceptance", null),
                "customer", null,
                "customer_account", null,
                "customer_creation", "if_required",
                "customer_details", complete ? customerDetails(s.collectedEmail()) : null,
                "customer_email", s.customerEmail(),
                "discounts", List.of(),
                "expires_at", s.expiresAt(),
                "invoice", null,
                "invoice_creation", obj("enabled", false, "invoice_data", obj("account_tax_ids", null,
                        "custom_fields", null, "description", null, "footer", null, "issuer", null,
                        "metadata", Map.of(), "rendering_options", null)));
        if (expandLineItems) {
            m.put("line_items", lineItems(s));
        }
        m.putAll(obj(
                "livemode", false,
                "locale", null,
                "metadata", s.metadata(),
                "mode", "payment",
                "origin_context", null,
                "payment_intent", s.paymentIntentId(),
                "payment_link", null,
                "payment_method_collection", "if_required",
                "payment_method_configuration_details", null,
                "payment_method_options", obj("card", obj("request_three_d_secure", "automatic")),
                "payment_method_types", List.of("card"),
                "payment_status", s.paymentStatus(),
                "permissions", null,
                "phone_number_collection", obj("enabled", false),
                "recovered_from", null,
                "saved_payment_method_options", null,
                "setup_intent", null,
                "shipping_address_collection", null,
                "shipping_cost", null,
                "shipping_options", List.of(),
                "status", s.status(),
                "submit_type", null,
                "subscription", null,
                "success_url", s.successUrl(),
                "total_details", obj("amount_discount", 0, "amount_shipping", 0, "amount_tax", 0),
                "ui_mode", "hosted",
                // Stripe clears the hosted page URL once the session is no longer open
                "url", s.isOpen() ? s.url() : null,
                "wallet_options", null));
        return m;
    }

    static Map<String, Object> lineItems(SessionState s) {
        List<Object> data = new ArrayList<>();
        for (LineItem li : s.lineItems()) {
            data.add(obj(
                    "id", li.id(),
                    "object", "item",
                    "amount_discount", 0,
                    "amount_subtotal", li.amountTotal(),
                    "amount_tax", 0,
                    "amount_total", li.amountTotal(),
                    "currency", li.currency(),
                    "description", li.name(),
                    "metadata", Map.of(),
                    "price", obj(
                            "id", "price_" + li.id().substring(3),
                            "object", "price",
                            "active", false,
                            "billing_scheme", "per_unit",
                            "created", s.created(),
                            "currency", li.currency(),
                            "custom_unit_amount", null,
                            "livemode", false,
                            "lookup_key", null,
                            "metadata", Map.of(),
                            "nickname", null,
                            "product", "prod_" + li.id().substring(3),
                            "recurring", null,
                            "tax_behavior", "unspecified",
                            "tiers_mode", null,
                            "transform_quantity", null,
                            "type", "one_time",
                            "unit_amount", li.unitAmount(),
                            "unit_amount_decimal", Long.toString(li.unitAmount())),
                    "quantity", li.quantity()));
        }
        return list(data, "/v1/checkout/sessions/" + s.id() + "/line_items", false);
    }

    static Map<String, Object> paymentIntent(PaymentIntentState p) {
        return obj(
                "id", p.id(),
                "object", "payment_intent",
                "amount", p.amount(),
                "amount_capturable", 0,
                "amount_details", obj("tip", Map.of()),
                "amount_received", p.amountReceived(),
                "application", null,
                "application_fee_amount", null,
                "automatic_payment_methods", null,
                "canceled_at", null,
                "cancellation_reason", null,
                "capture_method", "automatic_async",
                "client_secret", p.id() + "_secret_" + StripeJson.derived(p.id(), 25),
                "confirmation_method", "automatic",
                "created", p.created(),
                "currency", p.currency(),
                "customer", null,
                "description", null,
                "excluded_payment_method_types", null,
                "last_payment_error", p.declined() ? obj(
                        "charge", p.latestChargeId(),
                        "code", "card_declined",
                        "decline_code", "generic_decline",
                        "doc_url", "https://stripe.com/docs/error-codes/card-declined",
                        "message", "Your card was declined.",
                        "type", "card_error") : null,
                "latest_charge", p.latestChargeId(),
                "livemode", false,
                "metadata", p.metadata(),
                "next_action", null,
                "on_behalf_of", null,
                "payment_method", p.declined() ? null : p.paymentMethodId(),
                "payment_method_configuration_details", null,
                "payment_method_options", obj("card", obj("installments", null, "mandate_options", null,
                        "network", null, "request_three_d_secure", "automatic")),
                "payment_method_types", List.of("card"),
                "processing", null,
                "receipt_email", p.receiptEmail(),
                "review", null,
                "setup_future_usage", null,
                "shipping", null,
                "source", null,
                "statement_descriptor", null,
                "statement_descriptor_suffix", null,
                "status", p.status(),
                "transfer_data", null,
                "transfer_group", null);
    }

    static Map<String, Object> charge(ChargeState c) {
        boolean failed = "failed".equals(c.status());
        return obj(
                "id", c.id(),
                "object", "charge",
                "amount", c.amount(),
                "amount_captured", failed ? 0 : c.amount(),
                "amount_refunded", c.amountRefunded(),
                "application", null,
                "application_fee", null,
                "application_fee_amount", null,
                "balance_transaction", failed ? null : "txn_" + c.id().substring(3),
                "billing_details", obj("address", obj("city", null, "country", "US", "line1", null, "line2", null,
                        "postal_code", "10001", "state", null), "email", c.billingEmail(), "name",
                        "Sandbox Traveller", "phone", null, "tax_id", null),
                "calculated_statement_descriptor", "ESIM SANDBOX",
                "captured", !failed,
                "created", c.created(),
                "currency", c.currency(),
                "customer", null,
                "description", null,
                "disputed", false,
                "failure_balance_transaction", null,
                "failure_code", failed ? "card_declined" : null,
                "failure_message", failed ? "Your card was declined." : null,
                "fraud_details", Map.of(),
                "livemode", false,
                "metadata", c.metadata(),
                "on_behalf_of", null,
                "outcome", obj(
                        "advice_code", null,
                        "network_advice_code", null,
                        "network_decline_code", null,
                        "network_status", failed ? "declined_by_network" : "approved_by_network",
                        "reason", failed ? "generic_decline" : null,
                        "risk_level", "normal",
                        "risk_score", 32,
                        "seller_message", failed ? "The bank did not return any further details with this decline."
                                : "Payment complete.",
                        "type", failed ? "issuer_declined" : "authorized"),
                "paid", !failed,
                "payment_intent", c.paymentIntentId(),
                "payment_method", c.paymentMethodId(),
                "payment_method_details", obj("card", obj(
                        "amount_authorized", failed ? null : c.amount(),
                        "brand", "visa",
                        "checks", obj("address_line1_check", null, "address_postal_code_check", null,
                                "cvc_check", "pass"),
                        "country", "US",
                        "exp_month", 12,
                        "exp_year", 2034,
                        "fingerprint", "sandboxCardFp01",
                        "funding", "credit",
                        "last4", failed ? "0002" : "4242",
                        "network", "visa",
                        "three_d_secure", null,
                        "wallet", null), "type", "card"),
                "radar_options", Map.of(),
                "receipt_email", null,
                "receipt_number", null,
                "receipt_url", null,
                "refunded", c.amountRefunded() > 0 && c.amountRefunded() == c.amount(),
                "review", null,
                "shipping", null,
                "source", null,
                "source_transfer", null,
                "statement_descriptor", null,
                "statement_descriptor_suffix", null,
                "status", c.status(),
                "transfer_data", null,
                "transfer_group", null);
    }

    static Map<String, Object> refund(RefundState r) {
        return obj(
                "id", r.id(),
                "object", "refund",
                "amount", r.amount(),
                "balance_transaction", "txn_" + r.id().substring(3),
                "charge", r.chargeId(),
                "created", r.created(),
                "currency", r.currency(),
                "destination_details", obj("card", obj("reference_status", "pending", "reference_type",
                        "acquirer_reference_number", "type", "refund"), "type", "card"),
                "metadata", r.metadata(),
                "payment_intent", r.paymentIntentId(),
                "reason", r.reason(),
                "receipt_number", null,
                "source_transfer_reversal", null,
                "status", r.status(),
                "transfer_reversal", null);
    }

    /** Stripe gives a dispute the charge and PaymentIntent it contests, never their metadata. */
    static Map<String, Object> dispute(DisputeState d) {
        boolean closed = !"needs_response".equals(d.status());
        return obj(
                "id", d.id(),
                "object", "dispute",
                "amount", d.amount(),
                "balance_transactions", List.of(),
                "charge", d.chargeId(),
                "created", d.created(),
                "currency", d.currency(),
                "evidence_details", obj("due_by", d.created() + 7 * 86_400, "has_evidence", false, "past_due", closed,
                        "submission_count", 0),
                "is_charge_refundable", false,
                "livemode", false,
                "metadata", Map.of(),
                "payment_intent", d.paymentIntentId(),
                "reason", d.reason(),
                "status", d.status());
    }

    /**
     * An {@code event} envelope. {@code requestId}/{@code idempotencyKey} are set when an API call caused it (a
     * refund), null when the traveller did (the checkout page), as Stripe does.
     */
    static Map<String, Object> event(String id, String type, long created, Map<String, Object> object,
            Map<String, Object> previousAttributes, int pendingWebhooks, String requestId, String idempotencyKey) {
        Map<String, Object> data = obj("object", object);
        if (previousAttributes != null) {
            data.put("previous_attributes", previousAttributes);
        }
        return obj(
                "id", id,
                "object", "event",
                "api_version", Stripe.API_VERSION,
                "created", created,
                "data", data,
                "livemode", false,
                "pending_webhooks", pendingWebhooks,
                "request", obj("id", requestId, "idempotency_key", idempotencyKey),
                "type", type);
    }

    static Map<String, Object> list(List<?> data, String url, boolean hasMore) {
        return obj("object", "list", "data", data, "has_more", hasMore, "url", url);
    }

    private static Map<String, Object> customerDetails(String email) {
        return obj(
                "address", obj("city", null, "country", "US", "line1", null, "line2", null, "postal_code", "10001",
                        "state", null),
                "business_name", null,
                "email", email,
                "individual_name", null,
                "name", "Sandbox Traveller",
                "phone", null,
                "tax_exempt", "none",
                "tax_ids", List.of());
    }

    /** A mutable, insertion-ordered map from alternating keys and values; values may be null. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
