package dev.esim.catalog;

import dev.esim.events.OrderTokens;
import dev.esim.events.kafka.DeadLetters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything catalog-service is configured with, under {@code esim.*}. Every default works in the local stack
 * (sandbox gateway and provider simulator on port 8090, sandbox keysets and secrets).
 *
 * @param environment {@code sandbox} or {@code live}; sandbox and live secrets never mix (checked at start-up)
 * @param crypto      {@code esim.crypto.pii-keyset}: Tink keyset JSON for e-mail addresses; empty = sandbox keyset
 * @param catalog     {@code esim.catalog.*}
 */
@Validated
@ConfigurationProperties("esim")
public record CatalogProperties(
        @DefaultValue("sandbox") @NotBlank String environment,
        @DefaultValue @Valid Crypto crypto,
        @DefaultValue @Valid Catalog catalog) {

    public boolean live() {
        return "live".equals(environment);
    }

    public record Crypto(@DefaultValue("") String piiKeyset) {
    }

    /**
     * @param provider  where plans and line usage come from (provider-client's Simology adapter)
     * @param regions   SKU prefix → region slug for multi-country plans (the provider API lists a region, the
     *                  provider-client's plan does not carry it); a single-country plan's region is its country
     * @param pricing   retail price rules per currency ({@code default} applies to currencies not listed)
     * @param sync      catalogue refresh
     * @param cache     HTTP caching of the catalogue
     * @param checkout  checkout sessions and order expiry
     * @param stripe    the payment gateway
     * @param support   support-only endpoints (refunds)
     * @param lines     line usage cache
     * @param outbox    the relay that publishes outbox rows to Kafka
     * @param reconciliation the mop-up job for journeys the events did not finish
     * @param retention what is deleted when (idempotency keys, published outbox rows)
     * @param failoverProviders the providers the worker may fail over to ({@code esim.worker.providers} after the
     *                  first): lines they issued are read and topped up there; their plans are not sold
     */
    public record Catalog(
            @DefaultValue @Valid Provider provider,
            Map<String, String> regions,
            @DefaultValue @Valid Pricing pricing,
            @DefaultValue @Valid Sync sync,
            @DefaultValue @Valid Cache cache,
            @DefaultValue @Valid Checkout checkout,
            @DefaultValue @Valid Stripe stripe,
            @DefaultValue @Valid GovUkPay govukpay,
            @DefaultValue @Valid Support support,
            @DefaultValue @Valid Lines lines,
            @DefaultValue @Valid Outbox outbox,
            @DefaultValue @Valid Reconciliation reconciliation,
            @DefaultValue @Valid OrderLinks orderLinks,
            @DefaultValue @Valid Retention retention,
            @DefaultValue @Valid Consumer consumer,
            List<@Valid Provider> failoverProviders) {

        public Catalog {
            failoverProviders = failoverProviders == null ? List.of() : List.copyOf(failoverProviders);
            if (regions == null || regions.isEmpty()) {
                regions = Map.of("EU", "western-europe", "NA", "north-america", "GLOBAL", "global");
            }
        }
    }

    /**
     * The status listener's error policy: a failing event (the database away) is retried with exponential back-off,
     * then parked on its topic's dead-letter topic.
     *
     * @param initialBackoff first wait, multiplied by {@code multiplier} per retry up to {@code maxBackoff}
     * @param maxRetries     retries before the event is dead-lettered
     */
    public record Consumer(
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("10s") @NotNull Duration maxBackoff,
            @DefaultValue("6") @Min(0) int maxRetries) {

        public DeadLetters.BackOff backOff() {
            return new DeadLetters.BackOff(initialBackoff, multiplier, maxBackoff, maxRetries);
        }
    }

    /**
     * @param apiKey          Simology bearer key (never logged)
     * @param callsPerSecond  catalog-service's share of the provider's rate limit, for all its instances together
     *                        (the worker's calls-per-second and this one add up to at most the provider's limit)
     */
    public record Provider(
            @DefaultValue("simology") @NotBlank String name,
            @DefaultValue("http://localhost:8090/provider/simology") @NotNull URI baseUrl,
            @DefaultValue("sk_sandbox_simology_local") @NotBlank String apiKey,
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("5") int callsPerSecond) {

        @Override
        public String toString() {
            return "Provider[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=<redacted>]";
        }
    }

    /**
     * Retail price = net × (1 + margin) rounded up to the next {@code k × step − charm}: with step 1.00 and charm
     * 0.01 a net 9.50 at 35 % (12.825) sells at 12.99.
     */
    public record Pricing(Map<String, @Valid Rule> rules) {

        public Pricing {
            Map<String, Rule> merged = new java.util.LinkedHashMap<>();
            merged.put("default", new Rule(new BigDecimal("35"), new BigDecimal("1.00"), new BigDecimal("0.01")));
            merged.put("JPY", new Rule(new BigDecimal("35"), new BigDecimal("10"), BigDecimal.ZERO));
            if (rules != null) {
                merged.putAll(rules);
            }
            rules = Map.copyOf(merged);
        }
    }

    public record Rule(@NotNull BigDecimal marginPercent, @NotNull BigDecimal step, @NotNull BigDecimal charm) {
    }

    /**
     * @param interval      full refresh period
     * @param initialDelay  first refresh after start-up
     * @param enabled       off in tests that seed plans themselves
     */
    public record Sync(
            @DefaultValue("15m") @NotNull Duration interval,
            @DefaultValue("2s") @NotNull Duration initialDelay,
            @DefaultValue("true") boolean enabled) {
    }

    /** @param maxAge {@code Cache-Control: max-age} of catalogue responses (seed 001: "several minutes") */
    public record Cache(@DefaultValue("5m") @NotNull Duration maxAge) {
    }

    /**
     * @param sessionLifetime  how long a checkout may stay unpaid (Stripe accepts 30 min – 24 h)
     * @param expiryInterval   how often unpaid orders past their lifetime are expired
     * @param maxQuantity      per line item
     * @param claimTimeout     an idempotency key still "in progress" after this (a crashed request) may be retried
     * @param defaultGateway   the payment gateway of a checkout that names none and whose country has none
     * @param gatewayByCountry ISO country code of the traveller → gateway (e.g. {@code GB: govukpay})
     */
    public record Checkout(
            @DefaultValue("90m") @NotNull Duration sessionLifetime,
            @DefaultValue("1m") @NotNull Duration expiryInterval,
            @DefaultValue("10") int maxQuantity,
            @DefaultValue("30s") @NotNull Duration claimTimeout,
            @DefaultValue("stripe") @NotBlank String defaultGateway,
            Map<String, String> gatewayByCountry) {

        public Checkout {
            gatewayByCountry = gatewayByCountry == null ? Map.of() : Map.copyOf(gatewayByCountry);
        }
    }

    /**
     * @param apiKey   secret key; {@code sk_test_…} in sandbox, {@code sk_live_…} in live (never logged)
     * @param apiBase  the Stripe API root; the sandbox gateway's Stripe-shaped API locally
     */
    public record Stripe(
            @DefaultValue("sk_test_sandbox_local") @NotBlank String apiKey,
            @DefaultValue("http://localhost:8090/stripe") @NotBlank String apiBase,
            @DefaultValue("2") int maxNetworkRetries,
            @DefaultValue("10s") @NotNull Duration timeout) {

        @Override
        public String toString() {
            return "Stripe[apiBase=" + apiBase + ", apiKey=<redacted>]";
        }
    }

    /**
     * GOV.UK Pay, the second payment gateway (pounds only).
     *
     * @param enabled        whether checkouts may be paid through it (orders already opened there are refunded and
     *                       reconciled there only while it is)
     * @param apiKey         the service's API key, {@code api_test_…} or {@code api_live_…} (never logged)
     * @param apiBase        the API root ({@code https://publicapi.payments.service.gov.uk}); the sandbox's fake
     *                       locally
     * @param webhookUrl     payment-ingress's GOV.UK Pay endpoint: reconciliation re-delivers recovered messages there
     * @param webhookSecret  the webhook's signing secret(s), comma-separated as payment-ingress's
     *                       {@code GOVUKPAY_WEBHOOK_SECRETS}; the first signs re-deliveries (never logged)
     */
    public record GovUkPay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(GovUkPay.SANDBOX_API_KEY) @NotBlank String apiKey,
            @DefaultValue("http://localhost:8090/govukpay") @NotBlank String apiBase,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("http://localhost:8080/webhooks/govukpay") @NotNull URI webhookUrl,
            @DefaultValue(GovUkPay.SANDBOX_WEBHOOK_SECRET) @NotBlank String webhookSecret) {

        public static final String SANDBOX_API_KEY = "api_test_sandbox_govukpay_local";
        public static final String SANDBOX_WEBHOOK_SECRET = "govukpay_whsec_sandbox_local_only";

        public String signingSecret() {
            return webhookSecret.split(",")[0].strip();
        }

        @Override
        public String toString() {
            return "GovUkPay[enabled=" + enabled + ", apiBase=" + apiBase + ", webhookUrl=" + webhookUrl
                    + ", apiKey=<redacted>, webhookSecret=<redacted>]";
        }
    }

    /**
     * @param secret the HMAC key of the order-scoped tokens ({@code ORDER_LINK_SECRET}, shared with
     *               notification-service, which puts them in the e-mail's order link; never logged)
     */
    public record OrderLinks(@DefaultValue(OrderTokens.SANDBOX_SECRET) @NotBlank String secret) {

        @Override
        public String toString() {
            return "OrderLinks[secret=<redacted>]";
        }
    }

    /**
     * Who may act as support. Each operator has a token of their own; only its SHA-256 is configured, and the audit
     * records the operator's name.
     *
     * @param apiToken  the token of the one shared operator named {@code support} (scopes {@code refunds},
     *                  {@code resend} and {@code redrive}); blank for none — a deployment with named operators
     *                  should leave it blank (never logged)
     * @param operators operator name → their token's SHA-256 (hex) and scopes ({@code refunds}, {@code resend},
     *                  {@code redrive})
     * @param sessionSecret   HMAC key of the support console's session cookies and form tokens
     *                        ({@code SUPPORT_SESSION_SECRET}, at least 16 characters; the sandbox one is refused
     *                        in live; never logged)
     * @param sessionLifetime how long a console sign-in lasts
     * @param emailLookupKey  HMAC key of the orders' e-mail hashes the console finds an order by its traveller's
     *                        address with ({@code SUPPORT_EMAIL_LOOKUP_KEY}, at least 16 characters; the sandbox one
     *                        is refused in live; never logged). Changing it loses every stored hash's address.
     */
    public record Support(
            @DefaultValue("support_sandbox_token_local") String apiToken,
            Map<String, @Valid Operator> operators,
            @DefaultValue(Support.SANDBOX_SESSION_SECRET) @NotBlank String sessionSecret,
            @DefaultValue("8h") @NotNull Duration sessionLifetime,
            @DefaultValue(Support.SANDBOX_EMAIL_LOOKUP_KEY) @NotBlank String emailLookupKey) {

        /** The published sandbox session secret (README); refused in live mode. */
        public static final String SANDBOX_SESSION_SECRET = "supsec_sandbox_local_only";

        /** The published sandbox e-mail lookup key (README); refused in live mode. */
        public static final String SANDBOX_EMAIL_LOOKUP_KEY = "emlkey_sandbox_local_only";

        public Support {
            operators = operators == null ? Map.of() : Map.copyOf(operators);
        }

        /** @param tokenSha256 hex SHA-256 of the operator's bearer token ({@code printf %s "$TOKEN" | sha256sum}) */
        public record Operator(
                @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[0-9a-fA-F]{64}") String tokenSha256,
                @DefaultValue("refunds") java.util.List<String> scopes) {
        }

        @Override
        public String toString() {
            return "Support[apiToken=<redacted>, operators=" + operators.keySet() + ", sessionSecret=<redacted>,"
                    + " sessionLifetime=" + sessionLifetime + ", emailLookupKey=<redacted>]";
        }
    }

    /**
     * @param cacheTtl        how long one ICCID's usage is served from memory (seed 001: 30–60 s)
     * @param cacheMaxLines   readings held at most; the least used are evicted first
     * @param missesPerSecond provider usage calls per second at most (cache misses); past it a lookup gets 429
     */
    public record Lines(
            @DefaultValue("45s") @NotNull Duration cacheTtl,
            @DefaultValue("100000") @Positive long cacheMaxLines,
            @DefaultValue("2") @Positive int missesPerSecond) {
    }

    /**
     * @param pollInterval  how often unsent rows are looked for (a commit also wakes the relay at once)
     * @param batchSize     rows per relay pass
     */
    public record Outbox(
            @DefaultValue("500ms") @NotNull Duration pollInterval,
            @DefaultValue("200") int batchSize,
            @DefaultValue("10s") @NotNull Duration sendTimeout) {
    }

    /**
     * The retention purge (the README's retention table), in batches of short statements.
     *
     * @param idempotencyKeys an {@code Idempotency-Key} is forgotten this long after it was used (Stripe keeps its
     *                        own for 24 hours); a request with the same key afterwards is a new request
     * @param publishedOutbox an outbox row (its event, the e-mail address encrypted in it) is deleted this long after
     *                        it was published to Kafka, where the event lives on
     * @param interval        how often the purge runs
     * @param batchSize       rows deleted per statement
     */
    public record Retention(
            @DefaultValue("7d") @NotNull Duration idempotencyKeys,
            @DefaultValue("7d") @NotNull Duration publishedOutbox,
            @DefaultValue("1h") @NotNull Duration interval,
            @DefaultValue("1000") @Positive int batchSize) {
    }

    /**
     * The mop-up job (seed 000's "background reconciliation"): see the README's Reconciliation section.
     *
     * @param enabled        off switch of the schedule (the job stays runnable on demand)
     * @param interval       fixed delay between runs
     * @param initialDelay   first run after start-up
     * @param gracePeriod    journeys younger than this are left alone (seed 000: three hours, after GOV.UK Pay)
     * @param lookback       how far back undelivered gateway events and orders are looked at (Stripe retries a
     *                       webhook for three days and keeps events for thirty)
     * @param stuckAfter     a paid order not active after this is looked up at the provider
     * @param batchSize      orders per sweep and run
     * @param webhookUrl     payment-ingress's Stripe endpoint: recovered gateway events are re-delivered there
     * @param webhookSecret  signing secret(s) of that endpoint, comma-separated as {@code STRIPE_WEBHOOK_SECRETS};
     *                       the first one signs (never logged)
     * @param eventTypes     gateway event types worth recovering (the ones payment-ingress publishes)
     * @param timeout        per HTTP call to the gateway and to payment-ingress
     */
    public record Reconciliation(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5m") @NotNull Duration interval,
            @DefaultValue("5m") @NotNull Duration initialDelay,
            @DefaultValue("3h") @NotNull Duration gracePeriod,
            @DefaultValue("3d") @NotNull Duration lookback,
            @DefaultValue("15m") @NotNull Duration stuckAfter,
            @DefaultValue("100") int batchSize,
            @DefaultValue("http://localhost:8080/webhooks/stripe") @NotNull URI webhookUrl,
            @DefaultValue("whsec_sandbox_local_only_do_not_use_in_production") @NotBlank String webhookSecret,
            @DefaultValue({"checkout.session.completed", "checkout.session.async_payment_succeeded",
                    "checkout.session.async_payment_failed", "payment_intent.succeeded",
                    "payment_intent.payment_failed", "charge.refunded", "refund.updated", "charge.dispute.created",
                    "charge.dispute.closed"})
            java.util.List<String> eventTypes,
            @DefaultValue("10s") @NotNull Duration timeout) {

        /** The secret that signs re-deliveries: the first of a rotation list. */
        public String signingSecret() {
            return webhookSecret.split(",")[0].strip();
        }

        @Override
        public String toString() {
            return "Reconciliation[enabled=" + enabled + ", interval=" + interval + ", gracePeriod=" + gracePeriod
                    + ", webhookUrl=" + webhookUrl + ", webhookSecret=<redacted>]";
        }
    }
}
