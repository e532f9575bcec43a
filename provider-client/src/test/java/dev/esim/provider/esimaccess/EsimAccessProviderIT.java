package dev.esim.provider.esimaccess;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.esim.provider.AllocationPolling;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.LineUsage;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.resilience.ResilienceConfig;
import dev.esim.provider.resilience.ResilientEsimProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.esim.provider.esimaccess.EsimAccessFixture.ACCESS_CODE;
import static dev.esim.provider.esimaccess.EsimAccessFixture.ICCID;
import static dev.esim.provider.esimaccess.EsimAccessFixture.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The eSIM Access adapter, behind the resilience decorator, against a WireMock fake of its documented API. */
class EsimAccessProviderIT {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ORDER = "/api/v1/open/esim/order";
    private static final String QUERY = "/api/v1/open/esim/query";

    private ResilientEsimProvider provider;

    @BeforeEach
    void setUp() {
        EsimProvider adapter = EsimAccess.provider(new EsimAccessConfig(URI.create(wm.baseUrl()), ACCESS_CODE, SECRET,
                Duration.ofSeconds(3), null, null, 0));
        provider = ResilientEsimProvider.wrap(adapter, ResilienceConfig.defaults().withCallsPerSecond(8)
                .withRetry(3, Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private static void answer(String path, String body) {
        wm.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    @Test
    void ordersWithTheDerivedTransactionIdThenPollsUntilProfilesAreAllocated() {
        // given: the order is accepted, the query says "still allocating" (200010) twice, then returns the profile
        String transactionId = IdempotencyKeys.provision("order-42");
        answer(ORDER, EsimAccessFixture.orderPlaced("B24022308586593"));
        wm.stubFor(post(QUERY).inScenario("alloc").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(EsimAccessFixture.failure("200010", "Profile is being downloaded")))
                .willSetStateTo("still"));
        wm.stubFor(post(QUERY).inScenario("alloc").whenScenarioStateIs("still")
                .willReturn(aResponse().withBody(EsimAccessFixture.failure("200010", "Profile is being downloaded")))
                .willSetStateTo("ready"));
        wm.stubFor(post(QUERY).inScenario("alloc").whenScenarioStateIs("ready")
                .willReturn(aResponse().withBody(EsimAccessFixture.esimList(
                        EsimAccessFixture.esim("B24022308586593", transactionId, "GOT_RESOURCE", "RELEASED")))));

        // when
        ProvisionResult placed = provider.provision(ProvisionRequest.forOrder("order-42", "JP_1_7"));
        ProvisionResult allocated = AllocationPolling.awaitLine(provider, placed, 5, Duration.ofMillis(10));

        // then
        assertThat(placed).isEqualTo(new ProvisionResult.Pending("B24022308586593"));
        assertThat(allocated).isInstanceOfSatisfying(ProvisionResult.Completed.class, c -> {
            assertThat(c.line().iccid()).isEqualTo(ICCID);
            assertThat(c.line().lpa()).isEqualTo(EsimAccessFixture.AC);
            assertThat(c.line().smdpAddress()).isEqualTo("rsp-eu.redteamobile.com");
            assertThat(c.line().activationCode()).isEqualTo("0B17DD3670BE448FAD3D51A12F6EDDC6");
            assertThat(c.line().expiresAt()).isEqualTo(Instant.parse("2024-08-21T08:45:04Z"));
            assertThat(c.line().validFrom()).isNull(); // validity starts at first use
        });
        wm.verify(1, postRequestedFor(urlEqualTo(ORDER))
                .withRequestBody(matchingJsonPath("$.transactionId", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(transactionId)))
                .withRequestBody(matchingJsonPath("$.packageInfoList[0].packageCode",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("JP_1_7")))
                .withRequestBody(matchingJsonPath("$.packageInfoList[0].count",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))));
        wm.verify(3, postRequestedFor(urlEqualTo(QUERY))
                .withRequestBody(matchingJsonPath("$.orderNo",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("B24022308586593"))));
    }

    @Test
    void signsEveryRequestSoThatTheProviderCanVerifyIt() {
        answer("/api/v1/open/balance/query", EsimAccessFixture.ok(EsimAccessFixture.JSON.createObjectNode()
                .put("balance", 100000)));
        answer(ORDER, EsimAccessFixture.orderPlaced("B1"));

        provider.balance();
        provider.provision(ProvisionRequest.forOrder("order-1", "JP_1_7"));
        provider.provision(ProvisionRequest.forOrder("order-2", "JP_1_7"));

        List<LoggedRequest> requests = wm.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
                .urlMatching("/api/v1/open/.*")));
        assertThat(requests).hasSize(3);
        Set<String> requestIds = new HashSet<>();
        for (LoggedRequest r : requests) {
            String timestamp = r.getHeader("RT-Timestamp");
            String requestId = r.getHeader("RT-RequestID");
            assertThat(r.getHeader("RT-AccessCode")).isEqualTo(ACCESS_CODE);
            assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis())).isLessThan(60_000);
            assertThat(requestIds.add(requestId)).as("RT-RequestID is unique").isTrue();
            assertThat(EsimAccessSignature.verify(r.getHeader("RT-Signature"), SECRET, timestamp, requestId,
                    ACCESS_CODE, r.getBodyAsString())).as("signature of %s", r.getUrl()).isTrue();
            assertThat(EsimAccessSignature.verify(r.getHeader("RT-Signature"), "another-secret", timestamp, requestId,
                    ACCESS_CODE, r.getBodyAsString())).isFalse();
            assertThat(r.getBodyAsString()).doesNotContain(SECRET);
        }
    }

    @Test
    void mapsErrorsReportedInsideHttp200BodiesWithoutRetryingRefusals() {
        answer(ORDER, EsimAccessFixture.failure("200007", "Insufficient account balance"));
        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "JP_1_7")))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.providerCode()).isEqualTo("200007");
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.requestId()).isNotBlank();
                });
        wm.verify(1, postRequestedFor(urlEqualTo(ORDER)));

        wm.resetRequests();
        answer(ORDER, EsimAccessFixture.failure("200011", "Insufficient available Profiles for the package"));
        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "JP_1_7")))
                .isInstanceOf(OutOfStockException.class);
        wm.verify(1, postRequestedFor(urlEqualTo(ORDER)));

        wm.resetRequests();
        answer(ORDER, EsimAccessFixture.failure("310241", "The packageCode does not exist."));
        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "NOPE")))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("not_found"));

        answer(ORDER, EsimAccessFixture.failure("101003", "Request signature mismatch."));
        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "JP_1_7")))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("auth_error"));
        wm.verify(2, postRequestedFor(urlEqualTo(ORDER)));
    }

    @Test
    void retriesAServerErrorReportedInsideA200Body() {
        wm.stubFor(post(ORDER).inScenario("err").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(EsimAccessFixture.failure("000001", "Server error")))
                .willSetStateTo("ok"));
        wm.stubFor(post(ORDER).inScenario("err").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody(EsimAccessFixture.orderPlaced("B7"))));

        assertThat(provider.provision(ProvisionRequest.forOrder("o-7", "JP_1_7")))
                .isEqualTo(new ProvisionResult.Pending("B7"));

        List<LoggedRequest> orders = wm.findAll(postRequestedFor(urlEqualTo(ORDER)));
        assertThat(orders).hasSize(2);
        // the retry is the same transaction: eSIM Access deduplicates it
        assertThat(orders.get(0).getBodyAsString()).isEqualTo(orders.get(1).getBodyAsString());
    }

    @Test
    void findsAnOrderByOurReferenceByScanningForItsTransactionId() {
        String mine = IdempotencyKeys.provision("order-42");
        answer(QUERY, EsimAccessFixture.esimList(
                EsimAccessFixture.esim("B_other", IdempotencyKeys.provision("order-41"), "GOT_RESOURCE", "RELEASED"),
                EsimAccessFixture.esim("B_mine", mine, "GOT_RESOURCE", "RELEASED")));

        assertThat(provider.findOrderByReference("order-42")).hasValueSatisfying(o -> {
            assertThat(o.providerOrderId()).isEqualTo("B_mine");
            assertThat(o.reference()).isEqualTo("order-42");
            assertThat(o.line()).isPresent();
        });
        assertThat(provider.findOrderByReference("order-43")).isEmpty();

        JsonNode sent = readJson(wm.findAll(postRequestedFor(urlEqualTo(QUERY))).get(0).getBodyAsString());
        assertThat(sent.path("startTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(sent.path("pager").path("pageSize").asInt()).isEqualTo(100);
    }

    @Test
    void cancellingTwiceAnswersAsIfReplayedWhenTheProfileIsAlreadyCancelled() {
        answer("/api/v1/open/esim/cancel", EsimAccessFixture.failure("200002",
                "This operation is not allowed due to the order status."));
        answer(QUERY, EsimAccessFixture.esimList(EsimAccessFixture.esim("B1", "t", "CANCEL", "RELEASED")));

        assertThat(provider.cancelIfUnused(ICCID, IdempotencyKeys.cancel("order-1")).cancelled()).isTrue();

        answer(QUERY, EsimAccessFixture.esimList(EsimAccessFixture.esim("B1", "t", "IN_USE", "ENABLED")));
        assertThatThrownBy(() -> provider.cancelIfUnused(ICCID, IdempotencyKeys.cancel("order-1")))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("conflict"));
    }

    @Test
    void convertsBytesAndTenThousandthsIntoOurUnits() {
        answer("/api/v1/open/balance/query", EsimAccessFixture.ok(EsimAccessFixture.JSON.createObjectNode()
                .put("balance", 100000)));
        var pkg = EsimAccessFixture.JSON.createObjectNode();
        pkg.putArray("packageList").addObject().put("packageCode", "JC016").put("slug", "AU_1_7")
                .put("name", "Australia 1GB 7Days").put("price", 15000).put("currencyCode", "USD")
                .put("volume", 1073741824L).put("duration", 7).put("durationUnit", "DAY").put("location", "AU");
        answer("/api/v1/open/package/list", EsimAccessFixture.ok(pkg));
        answer(QUERY, EsimAccessFixture.esimList(EsimAccessFixture.esim("B1", "t", "IN_USE", "ENABLED")));

        assertThat(provider.balance().available().amount()).isEqualByComparingTo("10.00");
        ProviderPlan plan = provider.listPlans().get(0);
        assertThat(plan.dataAllowanceMb()).isEqualTo(1024);
        assertThat(plan.validityDays()).isEqualTo(7);
        assertThat(plan.coverage()).containsExactly("AU");
        assertThat(plan.netPrice().amount()).isEqualByComparingTo("1.50");
        LineUsage usage = provider.lineUsage(ICCID);
        assertThat(usage.status()).isEqualTo(LineUsage.LineStatus.ACTIVE);
        assertThat(usage.installed()).isTrue();
        assertThat(usage.usedMb()).isEqualTo(256);
        assertThat(usage.remainingMb()).isEqualTo(768);
    }

    @Test
    void treatsA5xxStatusAsUnavailable() {
        wm.stubFor(post(ORDER).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "JP_1_7")))
                .isInstanceOf(ProviderUnavailableException.class);
        wm.verify(3, postRequestedFor(urlEqualTo(ORDER)));
    }

    private static JsonNode readJson(String s) {
        try {
            return EsimAccessFixture.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
