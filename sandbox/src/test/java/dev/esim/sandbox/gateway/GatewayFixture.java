package dev.esim.sandbox.gateway;

import com.stripe.StripeClient;
import com.stripe.param.checkout.SessionCreateParams;
import dev.esim.sandbox.SandboxApplication;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole sandbox in-process on a free port, with the gateway's webhooks aimed at a
 * {@link WebhookReceiver}.
 */
final class GatewayFixture implements AutoCloseable {

    static final String SECRET = "whsec_sandbox_local_only_do_not_use_in_production";

    final WebhookReceiver receiver;
    final ConfigurableApplicationContext context;
    final String base;

    GatewayFixture(Map<String, Object> extra) throws Exception {
        receiver = new WebhookReceiver(SECRET);
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", 0);
        props.put("sandbox.gateway.webhook-url", receiver.url());
        props.put("sandbox.gateway.async-delay", "300ms");
        props.put("sandbox.gateway.retry.initial-backoff", "200ms");
        props.put("sandbox.gateway.retry.max-backoff", "400ms");
        // the default 10 attempts are spent within ~3 s: too short for a test that holds the receiver down a while
        props.put("sandbox.gateway.retry.max-attempts", "200");
        props.putAll(extra);
        context = SandboxApplication.start(props);
        base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    StripeClient stripe() {
        return stripe("sk_test_sandbox_gateway_it");
    }

    StripeClient stripe(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(base + "/stripe").setMaxNetworkRetries(0).build();
    }

    /** What catalog-service sends: one plan, server-side price, our order id in three places. */
    static SessionCreateParams checkout(String orderId, long amount, String currency) {
        return SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(currency)
                                .setUnitAmount(amount)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Europe 5 GB / 30 days")
                                        .setDescription("eSIM data plan, 33 countries")
                                        .build())
                                .build())
                        .build())
                .setClientReferenceId(orderId)
                .putMetadata("order_id", orderId)
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("order_id", orderId).build())
                .setCustomerEmail("traveller@example.com")
                .setSuccessUrl("http://shop.test/success?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl("http://shop.test/cancel")
                .setExpiresAt(Instant.now().plusSeconds(3600).getEpochSecond())
                .build();
    }

    @Override
    public void close() {
        context.close();
        receiver.close();
    }
}
