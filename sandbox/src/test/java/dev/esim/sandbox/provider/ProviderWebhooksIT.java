package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.SandboxApplication;
import dev.esim.sandbox.SandboxHttp.Response;
import dev.esim.sandbox.provider.WebhookReceiver.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Async activation: 202, then a signed {@code activation.ready} to a real local receiver, with delivery faults. */
class ProviderWebhooksIT {

    /** The documented sandbox secret: the test must agree with the README, not with the code. */
    private static final String SANDBOX_WEBHOOK_SECRET = "simsec_sandbox_local_only";

    private static WebhookReceiver receiver;
    private static ConfigurableApplicationContext sandbox;
    private static ProviderSimulator simulator;
    private static ProviderApi api;

    @BeforeAll
    static void startSandboxAndReceiver() {
        receiver = new WebhookReceiver();
        sandbox = SandboxApplication.start(Map.of(
                "server.port", 0,
                "sandbox.provider.activation-mode", "async",
                "sandbox.provider.activation-mode-by-sku[US-1GB-7D]", "sync",
                "sandbox.provider.async-activation-delay", "50ms",
                "sandbox.provider.callback-url", receiver.url().toString(),
                "sandbox.provider.webhook.initial-backoff", "100ms"));
        simulator = sandbox.getBean(ProviderSimulator.class);
        api = new ProviderApi(Integer.parseInt(sandbox.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        receiver.clear();
    }

    @Test
    void answers202ThenDeliversASignedActivationReady() {
        // when
        Response accepted = api.order("key-async-1", "ord-async-1", "US-5GB-30D");

        // then
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("status").asString()).isEqualTo("processing");
        assertThat(accepted.json().path("line").isNull()).isTrue();
        Delivery delivery = awaitDeliveries(1).get(0);
        assertThat(signatureIsValid(delivery)).isTrue();
        JsonNode event = ProviderApi.JSON.readTree(delivery.body());
        assertThat(event.path("type").asString()).isEqualTo("activation.ready");
        assertThat(event.path("id").asString()).startsWith("evt_");
        assertThat(event.path("data").path("reference").asString()).isEqualTo("ord-async-1");
        String iccid = event.path("data").path("line").path("iccid").asString();
        assertThat(Iccids.passesLuhn(iccid)).isTrue();
        JsonNode order = api.get("/v1/orders/" + accepted.json().path("order_id").asString()).json();
        assertThat(order.path("status").asString()).isEqualTo("completed");
        assertThat(order.path("line").path("iccid").asString()).isEqualTo(iccid);
        assertThat(order.path("line").path("smdp_plus").asString())
                .isEqualTo(event.path("data").path("line").path("smdp_plus").asString());
        assertThat(simulator.profilesIssued("ord-async-1")).isEqualTo(1);
    }

    @Test
    void honoursAPerSkuSyncOverride() {
        Response completed = api.order("key-override-1", "ord-override-1", "US-1GB-7D");

        assertThat(completed.status()).isEqualTo(201);
        assertThat(completed.json().path("line").path("iccid").asString()).startsWith("8988307");
    }

    @Test
    void deliversEachWebhookNTimesUnderTheDuplicateCallbackFault() {
        simulator.setFaults(ProviderFaults.none().withDuplicateCallbacks(3));

        api.order("key-dup-1", "ord-dup-1", "GB-3GB-15D");

        List<Delivery> deliveries = awaitDeliveries(3);
        assertThat(deliveries).allSatisfy(d -> assertThat(signatureIsValid(d)).isTrue());
        assertThat(deliveries.stream().map(d -> ProviderApi.JSON.readTree(d.body()).path("id").asString()).distinct())
                .hasSize(1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> receiver.deliveries().size() == 3);
        assertThat(simulator.profilesIssued("ord-dup-1")).isEqualTo(1);
    }

    @Test
    void retriesWithBackOffWhileTheReceiverAnswersNon2xx() {
        receiver.answer(500, 503);

        api.order("key-retry-1", "ord-retry-1", "IT-5GB-30D");

        List<Delivery> deliveries = awaitDeliveries(3);
        assertThat(deliveries).extracting(Delivery::body).containsOnly(deliveries.get(0).body());
        assertThat(deliveries).allSatisfy(d -> assertThat(signatureIsValid(d)).isTrue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ProviderStats stats = simulator.stats();
            assertThat(stats.webhookAttempts()).isEqualTo(3);
            assertThat(stats.webhooksDelivered()).isEqualTo(1);
        });
    }

    @Test
    void deliversALaterEventFirstUnderTheOutOfOrderFault() {
        // given the first activation is held back
        simulator.setFaults(ProviderFaults.none().withOutOfOrderCallbacks(true));
        String first = api.order("key-ooo-1", "ord-ooo-1", "ES-5GB-30D").json().path("order_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/orders/" + first).json().path("status").asString().equals("completed"));

        // when a second activation follows
        api.order("key-ooo-2", "ord-ooo-2", "ES-5GB-30D");

        // then the second arrives before the first
        assertThat(awaitDeliveries(2)).extracting(d -> ProviderApi.JSON.readTree(d.body())
                        .path("data").path("reference").asString())
                .containsExactly("ord-ooo-2", "ord-ooo-1");
    }

    @Test
    void failedAsyncActivationSendsOrderFailedAndRefunds() {
        simulator.setFaults(ProviderFaults.none().withAsyncActivationFailing(true));
        var before = simulator.balance();

        api.order("key-fail-1", "ord-fail-1", "US-5GB-30D");

        JsonNode event = ProviderApi.JSON.readTree(awaitDeliveries(1).get(0).body());
        assertThat(event.path("type").asString()).isEqualTo("order.failed");
        assertThat(event.path("data").path("reference").asString()).isEqualTo("ord-fail-1");
        assertThat(simulator.profilesIssued("ord-fail-1")).isZero();
        assertThat(simulator.balance()).isEqualByComparingTo(before);
    }

    private static List<Delivery> awaitDeliveries(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries().size() >= count);
        return receiver.deliveries();
    }

    /** Verifies {@code t=…,v1=…} the way payment-ingress must: HMAC-SHA256 over t + "." + raw body, 5 minutes' skew. */
    private static boolean signatureIsValid(Delivery delivery) {
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : delivery.signature().split(",")) {
            String[] kv = part.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        long t = Long.parseLong(parts.get("t"));
        String expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SANDBOX_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = HexFormat.of().formatHex(
                    mac.doFinal((t + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return expected.equals(parts.get("v1")) && Math.abs(System.currentTimeMillis() / 1000 - t) <= 300;
    }
}
