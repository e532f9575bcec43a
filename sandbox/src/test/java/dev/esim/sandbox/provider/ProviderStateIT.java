package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.RestartableSandbox;
import dev.esim.sandbox.SandboxHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The provider simulators on a state directory: stopped and started again, they remember what they answered. */
class ProviderStateIT {

    private static final String US = "US-5GB-30D";

    @TempDir
    Path dir;

    private RestartableSandbox sandbox;

    @BeforeEach
    void sandbox() {
        sandbox = new RestartableSandbox(dir, Map.of("sandbox.provider.auto-install-after", "0s",
                "sandbox.provider.async-activation-delay", "3s",
                "sandbox.provider.callback-url", "http://127.0.0.1:9/unreachable",
                "sandbox.provider.rate-limit-per-second", 0, "sandbox.failover-provider.rate-limit-per-second", 0));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ProviderApi start() {
        return new ProviderApi(sandbox.start());
    }

    @Test
    void ordersLinesKeysBalanceAndCountersSurviveARestart() {
        // given: an installed, topped-up line, a cancelled one, an async order still processing, and one at roamlink
        ProviderApi api = start();
        Response ordered = api.order("key-1", "ord-1", US);
        assertThat(ordered.status()).as(ordered.body()).isEqualTo(201);
        String iccid = ordered.json().path("line").path("iccid").asString();
        assertThat(api.admin("/lines/" + iccid + "/install", "").status()).isEqualTo(200);
        assertThat(api.admin("/lines/" + iccid + "/usage", "{\"add_mb\": 900}").status()).isEqualTo(200);
        Response toppedUp = api.post("/v1/topups", "topup-1", "{\"iccid\":\"" + iccid + "\",\"sku\":\"" + US + "\"}");
        assertThat(toppedUp.status()).as(toppedUp.body()).isEqualTo(201);
        String cancelledIccid = api.order("key-2", "ord-2", US).json().path("line").path("iccid").asString();
        assertThat(api.post("/v1/lines/" + cancelledIccid + "/cancel", "cancel-2", "").status()).isEqualTo(200);
        api.admin("/activation-mode", "{\"mode\": \"async\"}");
        Response processing = api.order("key-3", "ord-3", US);
        assertThat(processing.status()).isEqualTo(202);
        ProviderApi roamlink = api.provider("roamlink", "sk_sandbox_roamlink_local");
        Response atRoamlink = roamlink.order("key-r", "ord-r", US);
        assertThat(atRoamlink.status()).isEqualTo(201);

        String order = api.get("/v1/orders/" + ordered.json().path("order_id").asString()).body();
        String line = api.get("/v1/lines/" + iccid).body();
        String cancelled = api.get("/v1/lines/" + cancelledIccid).body();
        JsonNode balance = api.get("/v1/balance").json();
        JsonNode stats = api.adminGet("/stats").json();
        assertThat(stats.path("profiles_issued").path("ord-1").asInt()).isEqualTo(1);
        assertThat(stats.path("profiles_issued").has("ord-3")).isFalse();
        assertThat(stats.path("cancellations").asLong()).isEqualTo(1);
        assertThat(stats.path("topups").asLong()).isEqualTo(1);

        // when: stopped before the async activation is due, started again on the same directory
        api = start();
        roamlink = api.provider("roamlink", "sk_sandbox_roamlink_local");

        // then: everything is still there
        assertThat(api.get("/v1/orders/" + ordered.json().path("order_id").asString()).body()).isEqualTo(order);
        assertThat(api.get("/v1/lines/" + iccid).body()).isEqualTo(line).contains("\"installed\":true");
        assertThat(api.get("/v1/lines/" + cancelledIccid).body()).isEqualTo(cancelled).contains("cancelled");
        Response cancelRetried = api.post("/v1/lines/" + cancelledIccid + "/cancel", "cancel-2", "");
        assertThat(cancelRetried.status()).as(cancelRetried.body()).isEqualTo(200);
        assertThat(cancelRetried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/v1/balance").json()).isEqualTo(balance);
        JsonNode restarted = api.adminGet("/stats").json();
        assertThat(restarted.path("profiles_issued").path("ord-1").asInt()).isEqualTo(1);
        assertThat(restarted.path("profiles_issued").path("ord-2").asInt()).isEqualTo(1);
        assertThat(restarted.path("cancellations").asLong()).isEqualTo(1);
        assertThat(restarted.path("topups").asLong()).isEqualTo(1);
        assertThat(roamlink.get("/v1/orders?reference=ord-r").json().path("items")).hasSize(1);

        // and an idempotent retry gets the original answer and no second profile
        Response retried = api.order("key-1", "ord-1", US);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.body()).isEqualTo(ordered.body());
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.order("key-1", "ord-other", US).status()).isEqualTo(409);
        Response topUpRetried = api.post("/v1/topups", "topup-1", "{\"iccid\":\"" + iccid + "\",\"sku\":\"" + US
                + "\"}");
        assertThat(topUpRetried.body()).isEqualTo(toppedUp.body());
        assertThat(api.adminGet("/stats").json().path("profiles_issued").path("ord-1").asInt()).isEqualTo(1);
        assertThat(api.adminGet("/stats").json().path("topups").asLong()).isEqualTo(1);
        assertThat(roamlink.order("key-r", "ord-r", US).body()).isEqualTo(atRoamlink.body());

        // and the async order the restart interrupted is completed with exactly one profile
        String processingId = processing.json().path("order_id").asString();
        ProviderApi restartedApi = api;
        await().atMost(Duration.ofSeconds(15)).until(() ->
                restartedApi.get("/v1/orders/" + processingId).json().path("status").asString().equals("completed"));
        assertThat(api.adminGet("/stats").json().path("profiles_issued").path("ord-3").asInt()).isEqualTo(1);

        // and a new order gets an ICCID the journal never saw
        Response another = api.order("key-4", "ord-4", US);
        assertThat(another.status()).as(another.body()).isEqualTo(201);
        String fresh = another.json().path("line").path("iccid").asString();
        assertThat(fresh).isNotIn(iccid, cancelledIccid);

        // when: started once more, from the journal the last start compacted
        api = start();

        // then
        assertThat(api.get("/v1/lines/" + iccid).body()).isEqualTo(line);
        assertThat(api.order("key-1", "ord-1", US).body()).isEqualTo(ordered.body());
        JsonNode third = api.adminGet("/stats").json();
        assertThat(third.path("profiles_issued").path("ord-1").asInt()).isEqualTo(1);
        assertThat(third.path("profiles_issued").path("ord-3").asInt()).isEqualTo(1);
        assertThat(third.path("profiles_issued").path("ord-4").asInt()).isEqualTo(1);
        assertThat(third.path("cancellations").asLong()).isEqualTo(1);
        assertThat(third.path("topups").asLong()).isEqualTo(1);
    }

    @Test
    void resetForgetsThePersistedStateToo() {
        // given
        ProviderApi api = start();
        String orderId = api.order("key-1", "ord-1", US).json().path("order_id").asString();
        api.admin("/balance", "{\"amount\": 5.00}");

        // when
        api.admin("/reset", "");
        api = start();

        // then
        assertThat(api.get("/v1/orders/" + orderId).status()).isEqualTo(404);
        assertThat(api.get("/v1/balance").json().path("amount").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(api.adminGet("/stats").json().path("profiles_issued").isEmpty()).isTrue();
    }

    @Test
    void aJournalWithATornLastLineStartsFromTheRest() throws Exception {
        // given: a kill cut the last change short
        ProviderApi api = start();
        Response ordered = api.order("key-1", "ord-1", US);
        sandbox.stop();
        Files.writeString(dir.resolve("provider-simology.jsonl"),
                "[{\"kind\":\"order\",\"id\":\"ord_torn\",\"data\":{\"id\":\"ord_to", StandardOpenOption.APPEND);

        // when
        api = start();

        // then
        assertThat(api.get("/v1/orders/" + ordered.json().path("order_id").asString()).status()).isEqualTo(200);
        assertThat(api.get("/v1/orders/ord_torn").status()).isEqualTo(404);
        assertThat(api.order("key-1", "ord-1", US).body()).isEqualTo(ordered.body());
        assertThat(api.adminGet("/stats").json().path("profiles_issued").path("ord-1").asInt()).isEqualTo(1);
    }
}
