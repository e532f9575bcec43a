package dev.esim.provider.simology;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.esim.provider.AllocationPolling;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.LineUsage;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import dev.esim.provider.resilience.ResilienceConfig;
import dev.esim.provider.resilience.ResilientEsimProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.esim.provider.simology.SimologyFixture.API_KEY;
import static dev.esim.provider.simology.SimologyFixture.ICCID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Simology adapter, behind the resilience decorator, against a WireMock fake of docs/provider-api.md. */
class SimologyProviderIT {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ResilienceConfig FAST = ResilienceConfig.defaults()
            .withRetry(3, Duration.ofMillis(5), Duration.ofMillis(20));

    private ResilientEsimProvider provider;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() {
        EsimProvider adapter = Simology.provider(new SimologyConfig(URI.create(wm.baseUrl()), API_KEY));
        provider = ResilientEsimProvider.wrap(adapter, FAST);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        provider.close();
    }

    @Test
    void provisionsSynchronouslyWithBearerAuthAndAKeyDerivedFromTheOrderId() {
        // given
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("X-Request-Id", "req_1")
                .withBody(SimologyFixture.completedOrder("ord_7Hq", "order-42", "US-5GB-30D"))));

        // when
        ProvisionResult result = provider.provision(ProvisionRequest.forOrder("order-42", "US-5GB-30D"));

        // then
        assertThat(result).isInstanceOfSatisfying(ProvisionResult.Completed.class, c -> {
            assertThat(c.providerOrderId()).isEqualTo("ord_7Hq");
            assertThat(c.line().iccid()).isEqualTo(ICCID);
            assertThat(c.line().lpa()).isEqualTo(SimologyFixture.LPA);
            assertThat(c.line().smdpAddress()).isEqualTo("sm-dp-plus.simology.net");
            assertThat(c.line().activationCode()).isEqualTo(SimologyFixture.ACTIVATION_CODE);
            assertThat(c.line().validFrom()).isEqualTo(Instant.parse("2025-01-10T09:12:44Z"));
            assertThat(c.line().expiresAt()).isEqualTo(Instant.parse("2025-02-09T23:59:59Z"));
        });
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/orders"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Idempotency-Key", equalTo(IdempotencyKeys.provision("order-42")))
                .withRequestBody(equalToJson("{\"reference\":\"order-42\",\"sku\":\"US-5GB-30D\",\"quantity\":1}")));
    }

    @Test
    void sendsTheSameIdempotencyKeyWhenTheSameOrderIsProvisionedAgain() {
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(201)
                .withBody(SimologyFixture.completedOrder("ord_7Hq", "order-42", "US-5GB-30D"))));

        provider.provision(ProvisionRequest.forOrder("order-42", "US-5GB-30D"));
        provider.provision(ProvisionRequest.forOrder("order-42", "US-5GB-30D"));
        provider.provision(ProvisionRequest.forOrder("order-43", "US-5GB-30D"));

        List<String> keys = wm.findAll(postRequestedFor(urlEqualTo("/v1/orders"))).stream()
                .map(r -> r.getHeader("Idempotency-Key")).toList();
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0)).isEqualTo(keys.get(1)).isNotEqualTo(keys.get(2));
    }

    @Test
    void provisionsAsynchronouslyAndPicksTheLineUpByPolling() {
        // given: 202 processing, then the order shows processing once more before it completes
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(202)
                .withBody(SimologyFixture.processingOrder("ord_async", "order-7", "US-5GB-30D"))));
        wm.stubFor(get("/v1/orders/ord_async").inScenario("alloc").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(SimologyFixture.processingOrder("ord_async", "order-7", "US-5GB-30D")))
                .willSetStateTo("ready"));
        wm.stubFor(get("/v1/orders/ord_async").inScenario("alloc").whenScenarioStateIs("ready")
                .willReturn(aResponse()
                        .withBody(SimologyFixture.completedOrder("ord_async", "order-7", "US-5GB-30D"))));

        // when
        ProvisionResult first = provider.provision(ProvisionRequest.forOrder("order-7", "US-5GB-30D"));
        ProvisionResult last = AllocationPolling.awaitLine(provider, first, 5, Duration.ofMillis(10));

        // then
        assertThat(first).isEqualTo(new ProvisionResult.Pending("ord_async"));
        assertThat(last).isInstanceOfSatisfying(ProvisionResult.Completed.class,
                c -> assertThat(c.line().iccid()).isEqualTo(ICCID));
        wm.verify(2, getRequestedFor(urlEqualTo("/v1/orders/ord_async")));
    }

    @Test
    void findsAnOrderByOurReferenceAndReportsUnknownOnesAsEmpty() {
        wm.stubFor(get(urlPathEqualTo("/v1/orders")).withQueryParam("reference", equalTo("order-42"))
                .willReturn(aResponse().withBody("{\"items\":[" +
                        SimologyFixture.completedOrder("ord_7Hq", "order-42", "US-5GB-30D") + "]}")));
        wm.stubFor(get(urlPathEqualTo("/v1/orders")).withQueryParam("reference", equalTo("order-99"))
                .willReturn(aResponse().withBody("{\"items\":[]}")));
        wm.stubFor(get("/v1/orders/ord_nope").willReturn(aResponse().withStatus(404)
                .withBody(SimologyFixture.error("not_found", "order not recognised", "req_9"))));

        assertThat(provider.findOrderByReference("order-42")).hasValueSatisfying(o -> {
            assertThat(o.providerOrderId()).isEqualTo("ord_7Hq");
            assertThat(o.reference()).isEqualTo("order-42");
            assertThat(o.status()).isEqualTo(ProviderOrder.Status.COMPLETED);
        });
        assertThat(provider.findOrderByReference("order-99")).isEmpty();
        assertThat(provider.findOrder("ord_nope")).isEmpty();
    }

    @Test
    void outOfStockIsRefusedOnceAndNeverRetried() {
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(409).withHeader("X-Request-Id", "req_oos")
                .withBody(SimologyFixture.error("sku_unavailable", "SKU out of stock", "req_oos"))));

        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("order-1", "US-5GB-30D")))
                .isInstanceOfSatisfying(OutOfStockException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.requestId()).isEqualTo("req_oos");
                });
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/orders")))).hasSize(1);
    }

    @Test
    void mapsOtherRefusalsToTypedExceptionsWithoutRetrying() {
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(402)
                .withBody(SimologyFixture.error("insufficient_balance", "top up", "req_2"))));
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withStatus(401)
                .withBody(SimologyFixture.error("auth_error", "wrong environment key", "req_3"))));
        wm.stubFor(post("/v1/topups").willReturn(aResponse().withStatus(400)
                .withBody(SimologyFixture.error("validation_error", "unknown SKU", "req_4"))));

        assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("order-1", "US-5GB-30D")))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderRejectedException.class,
                e -> assertThat(e.code()).isEqualTo("auth_error"));
        assertThatThrownBy(() -> provider.topUp(TopUpRequest.forTopUpOrder("t-1", ICCID, "NOPE")))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("validation_error"));
        assertThat(wm.getAllServeEvents()).hasSize(3);
    }

    @Test
    void readsCatalogueUsageTopUpCancelAndBalance() {
        wm.stubFor(get("/v1/catalog").willReturn(aResponse().withBody("{\"items\":[{\"sku\":\"US-5GB-30D\","
                + "\"name\":\"United States 5 GB / 30 days\",\"region\":\"US\",\"coverage\":[\"US\"],"
                + "\"data_allowance_mb\":5120,\"validity_days\":30,\"price\":{\"amount\":9.50,\"currency\":\"USD\"},"
                + "\"activation_method\":\"lpa\",\"esim_type\":\"data\","
                + "\"terms_url\":\"https://simology.io/esim-united-states\",\"available\":true}],"
                + "\"updated_at\":\"2025-01-10T09:12:44Z\"}")));
        wm.stubFor(get("/v1/lines/" + ICCID).willReturn(aResponse().withBody("{\"iccid\":\"" + ICCID + "\","
                + "\"status\":\"active\",\"installed\":true,\"data\":{\"used_mb\":1200,\"remaining_mb\":3920},"
                + "\"valid_until\":\"2025-02-09T23:59:59Z\"}")));
        wm.stubFor(post("/v1/topups").willReturn(aResponse().withStatus(201).withBody("{\"topup_id\":\"top_1\","
                + "\"iccid\":\"" + ICCID + "\",\"sku\":\"US-1GB-7D\",\"status\":\"applied\",\"data_added_mb\":1024,"
                + "\"valid_until\":\"2025-02-16T23:59:59Z\"}")));
        wm.stubFor(post("/v1/lines/" + ICCID + "/cancel").willReturn(aResponse().withBody("{\"iccid\":\"" + ICCID
                + "\",\"status\":\"cancelled\",\"refunded\":true}")));
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withBody(SimologyFixture.balance("80.25"))));

        assertThat(provider.listPlans()).singleElement().satisfies(p -> {
            assertThat(p).isEqualTo(new ProviderPlan("simology", "US-5GB-30D", "United States 5 GB / 30 days",
                    Set.of("US"), 5120, 30, new dev.esim.provider.Money(new BigDecimal("9.50"), "USD"), true, "data",
                    "https://simology.io/esim-united-states"));
        });
        assertThat(provider.lineUsage(ICCID)).isEqualTo(new LineUsage(ICCID, LineUsage.LineStatus.ACTIVE, true,
                1200, 3920, Instant.parse("2025-02-09T23:59:59Z")));
        TopUpResult topUp = provider.topUp(TopUpRequest.forTopUpOrder("topup-1", ICCID, "US-1GB-7D"));
        assertThat(topUp.dataAddedMb()).isEqualTo(1024L);
        CancelResult cancel = provider.cancelIfUnused(ICCID, IdempotencyKeys.cancel("order-42"));
        assertThat(cancel).isEqualTo(new CancelResult(ICCID, true, true));
        assertThat(provider.balance().isLow()).isTrue();

        wm.verify(postRequestedFor(urlEqualTo("/v1/topups"))
                .withHeader("Idempotency-Key", equalTo(IdempotencyKeys.topUp("topup-1")))
                .withRequestBody(equalToJson(
                        "{\"iccid\":\"" + ICCID + "\",\"sku\":\"US-1GB-7D\",\"reference\":\"topup-1\"}")));
        wm.verify(postRequestedFor(urlEqualTo("/v1/lines/" + ICCID + "/cancel"))
                .withHeader("Idempotency-Key", equalTo(IdempotencyKeys.cancel("order-42"))));
    }

    @Test
    void logsRequestIdsAndErrorCodesButNeverCredentials() {
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(201).withHeader("X-Request-Id", "req_ok_1")
                .withBody(SimologyFixture.completedOrder("ord_7Hq", "order-42", "US-5GB-30D"))));
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withStatus(401).withHeader("X-Request-Id", "req_bad_2")
                .withBody(SimologyFixture.error("auth_error", "bad key", "req_bad_2"))));

        ProvisionResult result = provider.provision(ProvisionRequest.forOrder("order-42", "US-5GB-30D"));
        assertThatThrownBy(provider::balance).isInstanceOf(ProviderRejectedException.class);

        String logged = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList())
                + result; // a careless log.info("{}", result) would print this
        assertThat(logged).contains("req_ok_1").contains("req_bad_2").contains("error.code=auth_error")
                .doesNotContain(SimologyFixture.ACTIVATION_CODE)
                .doesNotContain(SimologyFixture.LPA)
                .doesNotContain(API_KEY);
    }
}
