package dev.esim.sandbox.gateway;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Like {@code stripe trigger}, without Stripe: builds one event with {@link StripeEvents}, signs it with
 * {@link StripeSigner} and posts it to a webhook endpoint, then prints the answer. Exit code 0 for a 2xx answer,
 * 1 otherwise, 2 for bad arguments.
 *
 * <pre>
 * java -cp … dev.esim.sandbox.gateway.Trigger checkout.session.completed --order-id ord_123 --amount 1499 \
 *     --currency usd --url http://localhost:8080/webhooks/stripe --secret whsec_…
 * </pre>
 */
@Command(name = "trigger", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build, sign and post a Stripe-shaped webhook event (like `stripe trigger`).",
        footer = {"", "Event types: checkout.session.completed, checkout.session.async_payment_succeeded,",
                "  checkout.session.async_payment_failed, checkout.session.expired, payment_intent.succeeded,",
                "  payment_intent.payment_failed, charge.refunded, refund.updated"})
public final class Trigger implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENT_TYPE", description = "e.g. checkout.session.completed")
    String type;

    @Option(names = "--order-id", required = true,
            description = "our order id (client_reference_id, metadata.order_id)")
    String orderId;

    @Option(names = "--amount", defaultValue = "1499", description = "minor units (cents); default ${DEFAULT-VALUE}")
    long amount;

    @Option(names = "--currency", defaultValue = "usd", description = "default ${DEFAULT-VALUE}")
    String currency;

    @Option(names = "--url", defaultValue = "http://localhost:8080/webhooks/stripe",
            description = "webhook endpoint; default ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--secret", defaultValue = "${env:SANDBOX_GATEWAY_WEBHOOK_SECRET:-"
            + GatewayProperties.SANDBOX_WEBHOOK_SECRET + "}",
            description = "whsec_… signing secret; default $SANDBOX_GATEWAY_WEBHOOK_SECRET or the sandbox secret")
    String secret;

    @Option(names = "--payment-status", description = "for checkout.session.completed: paid (default) or unpaid")
    String paymentStatus;

    @Option(names = "--customer-email", description = "default traveller@example.com")
    String customerEmail;

    @Option(names = "--refund-amount", description = "for charge.refunded / refund.updated; default the whole amount")
    Long refundAmount;

    @Option(names = "--event-id", description = "fixed evt_… id, e.g. to test duplicate delivery; default random")
    String eventId;

    @Option(names = "--session-id", description = "fixed cs_test_… id; default random")
    String sessionId;

    @Option(names = "--payment-intent-id", description = "fixed pi_… id; default random")
    String paymentIntentId;

    @Option(names = "--metadata", description = "extra metadata, key=value (repeatable)")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--signed-at", description = "signature timestamp (unix seconds), e.g. an old one to test"
            + " tolerance; default now")
    Long signedAt;

    @Option(names = "--print-payload", description = "also print the JSON that was posted")
    boolean printPayload;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Trigger()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!StripeEvents.TYPES.contains(type)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unsupported event type '" + type + "'; one of " + StripeEvents.TYPES);
        }
        StripeEvents builder = StripeEvents.forOrder(orderId).amount(amount).currency(currency);
        if (paymentStatus != null) {
            builder.paymentStatus(paymentStatus);
        }
        if (customerEmail != null) {
            builder.customerEmail(customerEmail);
        }
        if (refundAmount != null) {
            builder.refundAmount(refundAmount);
        }
        if (eventId != null) {
            builder.eventId(eventId);
        }
        if (sessionId != null) {
            builder.sessionId(sessionId);
        }
        if (paymentIntentId != null) {
            builder.paymentIntentId(paymentIntentId);
        }
        metadata.forEach(builder::metadata);
        String payload = builder.build(type);
        Instant at = signedAt == null ? Instant.now() : Instant.ofEpochSecond(signedAt);
        String signature = StripeSigner.header(payload, secret, at);
        if (printPayload) {
            out.println(payload);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        out.println("Triggered " + type + " " + idOf(payload) + " for order " + orderId + " -> " + url);
        out.println("HTTP " + response.statusCode());
        out.println(response.body());
        out.flush();
        return response.statusCode() >= 200 && response.statusCode() < 300 ? 0 : 1;
    }

    private static String idOf(String payload) {
        int i = payload.indexOf("\"evt_");
        return i < 0 ? "" : payload.substring(i + 1, payload.indexOf('"', i + 1));
    }
}
