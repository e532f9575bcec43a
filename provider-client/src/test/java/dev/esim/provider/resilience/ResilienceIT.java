package dev.esim.provider.resilience;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.esim.provider.Balance;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.simology.Simology;
import dev.esim.provider.simology.SimologyConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decorator's guarantees, measured at a real HTTP server (WireMock) through the Simology adapter. */
class ResilienceIT {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(20)).build();

    private static final String BALANCE = "{\"amount\":500.00,\"currency\":\"USD\",\"low_balance_threshold\":100.00}";
    private static final String SERVER_ERROR =
            "{\"error\":{\"code\":\"server_error\",\"message\":\"try later\",\"request_id\":\"req_5xx\"}}";

    /** Short back-offs so that tests stay fast; Retry-After is the provider's, not ours. */
    private static final ResilienceConfig FAST = ResilienceConfig.defaults()
            .withRetry(4, Duration.ofMillis(10), Duration.ofMillis(40));

    /**
     * Timing assertions measure arrivals at WireMock; a cold JVM (JIT, first connections) adds hundreds of ms to the
     * first requests on both sides, which would measure the warm-up instead of the behaviour.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        wm.stubFor(get("/v1/catalog").willReturn(aResponse().withBody("{\"items\":[]}")));
        try (ResilientEsimProvider p = new ResilienceIT().provider(FAST.withCallsPerSecond(1_000))) {
            warmConnections(p, 50);
        }
    }

    /** Opens and uses several keep-alive connections of {@code provider}'s HTTP client. */
    private static void warmConnections(ResilientEsimProvider provider, int calls) throws Exception {
        wm.stubFor(get("/v1/catalog").willReturn(aResponse().withBody("{\"items\":[]}")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(provider::listPlans));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ResilientEsimProvider provider(ResilienceConfig config) {
        return provider(config, Duration.ofSeconds(3));
    }

    private ResilientEsimProvider provider(ResilienceConfig config, Duration httpTimeout) {
        EsimProvider adapter = Simology.provider(new SimologyConfig(URI.create(wm.baseUrl()), "sk_sandbox_x",
                httpTimeout, "simology", false));
        return ResilientEsimProvider.wrap(adapter, config);
    }

    private static List<Long> requestTimesMillis(String url) {
        return wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(url))
                .map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().getTime())
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    @Test
    void waitsExactlyTheRetryAfterOfA429BeforeTheNextAttempt() throws Exception {
        // given: 429 with Retry-After: 2, then success
        wm.stubFor(get("/v1/balance").inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\","
                                + "\"request_id\":\"req_429\",\"retry_after\":2}}"))
                .willSetStateTo("ok"));
        wm.stubFor(get("/v1/balance").inScenario("429").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody(BALANCE)));

        try (ResilientEsimProvider provider = provider(FAST)) {
            warmConnections(provider, 4);
            // when
            Balance balance = provider.balance();

            // then: back-off alone would have waited ≤ 40 ms
            assertThat(balance.available().amount()).isEqualByComparingTo("500");
            List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().equals("/v1/balance")).toList());
            events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
            int rateLimited = 0;
            while (events.get(rateLimited).getResponse().getStatus() != 429) {
                rateLimited++;
            }
            long waited = events.get(rateLimited + 1).getRequest().getLoggedDate().getTime()
                    - events.get(rateLimited).getRequest().getLoggedDate().getTime();
            // at least the 2 s asked for; the upper bound only has to rule out ignoring it (a loaded CI box adds delay)
            assertThat(waited).isBetween(2_000L, 4_000L);
        }
    }

    @Test
    void retriesTwoServerErrorsAndThenSucceeds() {
        wm.stubFor(get("/v1/balance").inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(SERVER_ERROR)).willSetStateTo("again"));
        wm.stubFor(get("/v1/balance").inScenario("5xx").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(500).withBody(SERVER_ERROR)).willSetStateTo("ok"));
        wm.stubFor(get("/v1/balance").inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody(BALANCE)));

        try (ResilientEsimProvider provider = provider(FAST)) {
            assertThat(provider.balance().available().amount()).isEqualByComparingTo("500");
        }
        wm.verify(3, getRequestedFor(urlEqualTo("/v1/balance")));
    }

    @Test
    void retriesATimeoutAndSurfacesItAsUnavailableWhenItPersists() {
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withBody(BALANCE).withFixedDelay(1_500)));

        try (ResilientEsimProvider provider = provider(FAST.withRetry(2, Duration.ofMillis(10), Duration.ofMillis(10)),
                Duration.ofMillis(300))) {
            assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderUnavailableException.class,
                    e -> assertThat(e.code()).isEqualTo("timeout"));
        }
        wm.verify(2, getRequestedFor(urlEqualTo("/v1/balance")));
    }

    @Test
    void opensTheCircuitOnPersistentServerErrorsFailsFastThenRecoversHalfOpen() throws Exception {
        // given: every call fails; one attempt per call so that WireMock counts calls
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withStatus(500).withBody(SERVER_ERROR)));
        ResilienceConfig config = FAST.withRetry(1, Duration.ZERO, Duration.ZERO)
                .withCircuit(4, 4, 50f, Duration.ofMillis(700), 1);

        try (ResilientEsimProvider provider = provider(config)) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderUnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo("server_error"));
            }
            assertThat(provider.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

            // when open: no request reaches the provider, the answer is immediate
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderUnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo("circuit_open"));
            }
            // five rejections in well under the time one real call takes (the stub answers after a delay)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            wm.verify(4, getRequestedFor(urlEqualTo("/v1/balance")));

            // then: the provider recovers; after the open period one trial call goes through and closes the circuit
            wm.resetMappings();
            wm.stubFor(get("/v1/balance").willReturn(aResponse().withBody(BALANCE)));
            Thread.sleep(800);
            assertThat(provider.balance().available().amount()).isEqualByComparingTo("500");
            assertThat(provider.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
            wm.verify(5, getRequestedFor(urlEqualTo("/v1/balance")));
        }
    }

    @Test
    void neitherRetriesOutOfStockNorCountsItAgainstTheCircuit() {
        wm.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(409).withBody(
                "{\"error\":{\"code\":\"sku_unavailable\",\"message\":\"out of stock\",\"request_id\":\"req_1\"}}")));

        try (ResilientEsimProvider provider = provider(FAST.withCircuit(4, 4, 50f, Duration.ofSeconds(60), 1))) {
            assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "US-5GB-30D")))
                    .isInstanceOf(OutOfStockException.class);
            assertThat(wm.getAllServeEvents()).hasSize(1);

            for (int i = 0; i < 6; i++) {
                assertThatThrownBy(() -> provider.provision(ProvisionRequest.forOrder("o-1", "US-5GB-30D")))
                        .isInstanceOf(OutOfStockException.class);
            }
            assertThat(provider.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(wm.getAllServeEvents()).hasSize(7);
        }
    }

    @Test
    void neverLetsMoreThanNCallsPerSecondReachTheProvider() throws Exception {
        // given: N = 5/s, 8 threads firing 20 calls at once
        wm.stubFor(get("/v1/balance").willReturn(aResponse().withBody(BALANCE)));
        int n = 5;
        ResilienceConfig config = FAST.withCallsPerSecond(n);
        ExecutorService callers = Executors.newFixedThreadPool(8);

        try (ResilientEsimProvider provider = provider(config)) {
            warmConnections(provider, 8); // goes through the limiter too: its grants count against the window
            List<Future<Balance>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(callers.submit(provider::balance));
            }
            for (Future<Balance> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }

        // then: any N+1 consecutive arrivals span at least a second, i.e. no sliding 1 s window holds more than N
        // requests. Two of any N+1 calls used the same place, and the later one was granted a second after the
        // earlier one's answer came back, so after it had arrived: however long either took on the way. WireMock
        // stamps arrivals to the millisecond, hence 999.
        List<Long> times = requestTimesMillis("/v1/balance");
        assertThat(times).hasSize(20);
        for (int i = 0; i + n < times.size(); i++) {
            assertThat(times.get(i + n) - times.get(i))
                    .as("requests %d..%d arrived within %d ms", i, i + n, times.get(i + n) - times.get(i))
                    .isGreaterThanOrEqualTo(999);
        }
        // and it is a limiter, not a brake: 20 calls at 5/s take about 3 s, not much more
        assertThat(times.get(19) - times.get(0)).isBetween(3_000L, 6_000L);
    }
}
