package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.SandboxApplication;
import dev.esim.sandbox.SandboxHttp.Response;
import java.math.BigDecimal;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The simulated provider API in sync mode, over real HTTP, as the provider-client adapter sees it. */
class ProviderSimulatorIT {

    private static ConfigurableApplicationContext sandbox;
    private static ProviderSimulator simulator;
    private static ProviderApi api;

    @BeforeAll
    static void startSandbox() {
        // lines are installed only when a test says so, so cancel tests do not depend on the wall clock
        sandbox = SandboxApplication.start(Map.of("server.port", 0, "sandbox.provider.auto-install-after", "0s"));
        simulator = sandbox.getBean(ProviderSimulator.class);
        api = new ProviderApi(Integer.parseInt(sandbox.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
        sandbox.getBean("failoverProviderSimulator", ProviderSimulator.class).reset();
    }

    @Test
    void startsOnTheFreePortItWasGivenNotTheLocalStackPort() {
        assertThat(sandbox.getEnvironment().getProperty("local.server.port")).isNotEqualTo("8090");
        assertThat(api.get("/v1/balance").status()).isEqualTo(200);
    }

    @Test
    void theFailoverProviderIsASecondProviderWithItsOwnKeyIccidsCountersAndFaults() {
        // given: the primary cannot sell the plan
        ProviderApi roamlink = api.provider("roamlink", "sk_sandbox_roamlink_local");
        api.admin("/faults", "{\"out_of_stock_skus\": [\"US-5GB-30D\"]}");

        // when
        Response atPrimary = api.order("key-failover-1", "ord-failover-1", "US-5GB-30D");
        Response atSecond = roamlink.order("key-failover-1", "ord-failover-1", "US-5GB-30D");
        Response primaryKeyAtSecond = roamlink.withKey(ProviderApi.SANDBOX_KEY).get("/v1/balance");

        // then
        assertThat(atPrimary.status()).isEqualTo(409);
        assertThat(atPrimary.errorCode()).isEqualTo("sku_unavailable");
        assertThat(atSecond.status()).as(atSecond.body()).isEqualTo(201);
        String iccid = atSecond.json().path("line").path("iccid").asString();
        assertThat(iccid).startsWith("8944501").hasSize(19);
        assertThat(Iccids.passesLuhn(iccid)).isTrue();
        assertThat(atSecond.json().path("line").path("smdp_plus").asString()).contains("sm-dp-plus.roamlink.example");
        assertThat(roamlink.adminGet("/stats").json().path("profiles_issued").path("ord-failover-1").asInt())
                .isEqualTo(1);
        assertThat(api.adminGet("/stats").json().path("profiles_issued").has("ord-failover-1")).isFalse();
        assertThat(api.get("/v1/lines/" + iccid).status()).isEqualTo(404);
        assertThat(roamlink.get("/v1/lines/" + iccid).status()).isEqualTo(200);
        assertThat(primaryKeyAtSecond.status()).isEqualTo(401);
        assertThat(api.provider("simology", ProviderApi.SANDBOX_KEY).adminGet("/stats").json()
                .path("profiles_issued").size()).isZero();
    }

    @Test
    void replaysAnIdempotentOrderWithTheSameBodyAndIssuesOneProfile() {
        // given
        String reference = "ord-replay-1";

        // when
        Response first = api.order("key-replay-1", reference, "US-5GB-30D");
        Response replay = api.order("key-replay-1", reference, "US-5GB-30D");

        // then
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("X-Request-Id")).startsWith("req_").isNotEqualTo(first.header("X-Request-Id"));
        assertThat(simulator.profilesIssued(reference)).isEqualTo(1);
        assertThat(api.adminGet("/stats").json().path("profiles_issued").path(reference).asInt()).isEqualTo(1);
        assertThat(api.get("/v1/balance").json().path("amount").decimalValue()).isEqualByComparingTo("990.50");
    }

    @Test
    void issuesALuhnValidIccidAndAnLpaStringCarryingTheActivationCode() {
        JsonNode order = api.order("key-line-1", "ord-line-1", "EU-10GB-30D").json();

        JsonNode line = order.path("line");
        assertThat(order.path("status").asString()).isEqualTo("completed");
        assertThat(order.path("order_id").asString()).startsWith("ord_");
        assertThat(line.path("iccid").asString()).hasSize(19).startsWith("8988307");
        assertThat(Iccids.passesLuhn(line.path("iccid").asString())).isTrue();
        assertThat(line.path("smdp_plus").asString())
                .isEqualTo("LPA:1$sm-dp-plus.simology.net$" + line.path("activation_code").asString());
        assertThat(api.get("/v1/orders/" + order.path("order_id").asString()).json()).isEqualTo(order);
        assertThat(api.get("/v1/orders?reference=ord-line-1").json().path("items").get(0)).isEqualTo(order);
        assertThat(api.get("/v1/lines/" + line.path("iccid").asString()).json().path("status").asString())
                .isEqualTo("ready");
    }

    @Test
    void answersConflictWhenAnIdempotencyKeyIsReusedWithADifferentBody() {
        api.order("key-conflict-1", "ord-conflict-1", "US-5GB-30D");

        Response conflicting = api.order("key-conflict-1", "ord-conflict-2", "US-5GB-30D");

        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.errorCode()).isEqualTo("conflict");
        assertThat(conflicting.json().path("error").path("request_id").asString())
                .isEqualTo(conflicting.header("X-Request-Id"));
        assertThat(simulator.profilesIssued("ord-conflict-2")).isZero();
    }

    @Test
    void refusesAnOutOfStockSkuWithSkuUnavailable() {
        // given
        assertThat(api.admin("/faults", "{\"out_of_stock_skus\": [\"JP-3GB-15D\"]}").status()).isEqualTo(200);

        // when
        Response refused = api.order("key-stock-1", "ord-stock-1", "JP-3GB-15D");

        // then
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("sku_unavailable");
        assertThat(simulator.profilesIssued("ord-stock-1")).isZero();
        JsonNode japan = api.get("/v1/catalog?country=JP").json().path("items");
        assertThat(japan.valueStream().filter(p -> p.path("sku").asString().equals("JP-3GB-15D")))
                .singleElement().satisfies(p -> assertThat(p.path("available").asBoolean()).isFalse());
        assertThat(api.order("key-stock-2", "ord-stock-2", "JP-10GB-30D").status()).isEqualTo(201);
    }

    @Test
    void refusesAnOrderWhenTheBalanceIsBelowTheNetPrice() {
        // given
        assertThat(api.admin("/balance", "{\"amount\": 5.00}").status()).isEqualTo(200);

        // when
        Response refused = api.order("key-bal-1", "ord-bal-1", "US-5GB-30D");
        Response affordable = api.order("key-bal-2", "ord-bal-2", "US-1GB-7D");

        // then
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.errorCode()).isEqualTo("insufficient_balance");
        assertThat(affordable.status()).isEqualTo(201);
        assertThat(simulator.balance()).isEqualByComparingTo("1.50");
    }

    @Test
    void answersABurstOf429sWithRetryAfter() {
        simulator.setFaults(ProviderFaults.none().withRateLimitBurst(2, 7));

        List<Response> responses = List.of(api.get("/v1/balance"), api.get("/v1/balance"), api.get("/v1/balance"));

        assertThat(responses).extracting(Response::status).containsExactly(429, 429, 200);
        assertThat(responses.get(0).header("Retry-After")).isEqualTo("7");
        assertThat(responses.get(0).errorCode()).isEqualTo("rate_limited");
        assertThat(responses.get(0).json().path("error").path("retry_after").asInt()).isEqualTo(7);
    }

    @Test
    void limitsRequestsToTenPerSecondAndMeasuresThePeak() {
        // given the default limit of 10 requests per second
        long start = System.nanoTime();

        // when 30 requests arrive at once
        List<CompletableFuture<Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            inFlight.add(api.getAsync("/v1/balance"));
        }
        List<Response> responses = inFlight.stream().map(CompletableFuture::join).toList();
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        // then no more than 10 per started second got through, the rest were told when to come back
        List<Response> limited = responses.stream().filter(r -> r.status() == 429).toList();
        long admitted = responses.stream().filter(r -> r.status() == 200).count();
        assertThat(limited).isNotEmpty().allSatisfy(r -> {
            assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
            assertThat(r.errorCode()).isEqualTo("rate_limited");
        });
        assertThat(admitted).isLessThanOrEqualTo(10L * ((long) Math.floor(elapsedSeconds) + 1));
        ProviderStats stats = simulator.stats();
        assertThat(stats.maxRequestsPerSecond()).isGreaterThan(10);
        assertThat(stats.requestsTo("GET /v1/balance")).isEqualTo(30);
        assertThat(stats.rateLimited()).isEqualTo(limited.size());
    }

    @Test
    void refusesToCancelAnInstalledLine() {
        // given
        String iccid = api.order("key-cancel-1", "ord-cancel-1", "FR-5GB-30D").json().path("line").path("iccid")
                .asString();
        simulator.installLine(iccid);

        // when
        Response refused = api.post("/v1/lines/" + iccid + "/cancel", "key-cancel-2", "{}");

        // then
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("conflict");
        JsonNode line = api.get("/v1/lines/" + iccid).json();
        assertThat(line.path("status").asString()).isEqualTo("active");
        assertThat(line.path("installed").asBoolean()).isTrue();
        assertThat(simulator.stats().cancellations()).isZero();
    }

    @Test
    void cancelsAndRefundsALineThatWasNeverInstalled() {
        BigDecimal before = simulator.balance();
        String iccid = api.order("key-refund-1", "ord-refund-1", "FR-5GB-30D").json().path("line").path("iccid")
                .asString();

        Response cancelled = api.post("/v1/lines/" + iccid + "/cancel", "key-refund-2", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("refunded").asBoolean()).isTrue();
        assertThat(api.get("/v1/lines/" + iccid).json().path("status").asString()).isEqualTo("cancelled");
        assertThat(simulator.balance()).isEqualByComparingTo(before);
        assertThat(simulator.stats().cancellations()).isEqualTo(1);
    }

    @Test
    void topUpAddsDataToTheLineAndIsCounted() {
        String iccid = api.order("key-top-1", "ord-top-1", "US-5GB-30D").json().path("line").path("iccid")
                .asString();

        Response topUp = api.post("/v1/topups", "key-top-2",
                "{\"iccid\":\"" + iccid + "\",\"sku\":\"US-1GB-7D\",\"reference\":\"top-1\"}");
        Response wrongRegion = api.post("/v1/topups", "key-top-3",
                "{\"iccid\":\"" + iccid + "\",\"sku\":\"JP-3GB-15D\",\"reference\":\"top-2\"}");

        assertThat(topUp.status()).isEqualTo(201);
        assertThat(topUp.json().path("status").asString()).isEqualTo("applied");
        assertThat(topUp.json().path("data_added_mb").asLong()).isEqualTo(1024);
        assertThat(api.get("/v1/lines/" + iccid).json().path("data").path("remaining_mb").asLong())
                .isEqualTo(5120 + 1024);
        assertThat(wrongRegion.status()).isEqualTo(400);
        assertThat(simulator.stats().topups()).isEqualTo(1);
    }

    @Test
    void usageAdvancesWithSimulatorTimeOnceTheLineIsInstalled() {
        String iccid = api.order("key-use-1", "ord-use-1", "US-5GB-30D").json().path("line").path("iccid")
                .asString();
        simulator.installLine(iccid);

        simulator.advanceClock(Duration.ofHours(10));

        // 40 MB per hour by default
        assertThat(api.get("/v1/lines/" + iccid).json().path("data").path("used_mb").asLong()).isEqualTo(400);
    }

    @Test
    void catalogueFiltersByRegion() {
        JsonNode items = api.get("/v1/catalog?region=western-europe").json().path("items");

        assertThat(items.valueStream().map(p -> p.path("region").asString())).isNotEmpty()
                .allMatch("western-europe"::equals);
        assertThat(items.valueStream().filter(p -> p.path("sku").asString().equals("EU-10GB-30D")))
                .singleElement()
                .satisfies(p -> assertThat(p.path("price").path("currency").asString()).isEqualTo("EUR"));
    }

    @Test
    void refusesLiveKeysWithAuthError() {
        Response refused = api.withKey("sk_live_0123456789").get("/v1/catalog");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("auth_error");
        assertThat(refused.header("X-Request-Id")).startsWith("req_");
        assertThat(api.withKey("sk_sandbox_wrong").get("/v1/catalog").status()).isEqualTo(401);
    }

    @Test
    void failsEverySecondRequestAtAServerErrorRateOfOneHalf() {
        simulator.setFaults(ProviderFaults.none().withServerErrorRate(0.5).onlyOn("GET /v1/balance"));

        List<Integer> statuses = List.of(api.get("/v1/balance").status(), api.get("/v1/balance").status(),
                api.get("/v1/balance").status(), api.get("/v1/balance").status());

        assertThat(statuses).containsExactly(200, 500, 200, 500);
        assertThat(api.get("/v1/catalog").status()).isEqualTo(200);
    }

    @Test
    void aTimeoutAfterCommitLeavesTheOrderFindableByReference() {
        // given the provider takes the order but answers long after the client gave up
        simulator.setFaults(ProviderFaults.none().withTimeouts(1.0, Duration.ofSeconds(5))
                .withFailuresAfterCommit(true).onlyOn("POST /v1/orders"));

        // when (the client's 2 s leave a loaded machine time to deliver the request before it gives up)
        assertThatThrownBy(() -> api.postWithTimeout("/v1/orders", "key-lost-1",
                "{\"reference\":\"ord-lost-1\",\"sku\":\"US-5GB-30D\"}", Duration.ofSeconds(2)))
                .isInstanceOf(HttpTimeoutException.class);

        // then the lookup by our reference finds the one profile that was issued
        JsonNode found = await().atMost(Duration.ofSeconds(10)).until(
                () -> api.get("/v1/orders?reference=ord-lost-1").json().path("items"), items -> items.size() == 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("line").path("iccid").asString()).startsWith("8988307");
        assertThat(simulator.profilesIssued("ord-lost-1")).isEqualTo(1);
    }
}
