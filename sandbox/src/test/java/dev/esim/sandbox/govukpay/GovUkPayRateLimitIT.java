package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.sandbox.SandboxHttp.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GOV.UK Pay's 15 POST requests per second and key, with the default setting. The exact count per second is
 * {@code ApiGateTest}'s; here a burst over HTTP meets 429 {@code P0900} and GETs do not.
 */
class GovUkPayRateLimitIT {

    private static StandIn standIn;
    private static GovUkPayClient api;

    @BeforeAll
    static void start() {
        standIn = StandIn.start(Map.of());
        api = standIn.api();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void aBurstOfPostsBeyond15ASecondMeets429P0900() throws Exception {
        // when: 40 payments asked for at once
        List<Response> answers = burst(40, i -> api.createPayment("ord-burst-" + i, 100));

        // then
        List<Response> refused = answers.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused.get(0).code()).isEqualTo("P0900");
        assertThat(refused.get(0).text("description")).isEqualTo("Too many requests");
        assertThat(answers).allMatch(r -> r.status() == 201 || r.status() == 429);
        assertThat(answers.stream().filter(r -> r.status() == 201).count()).isBetween(15L, 39L);
        // and a second later there is room again
        Thread.sleep(1_100);
        assertThat(api.createPayment("ord-after-burst", 100).status()).isEqualTo(201);
    }

    @Test
    void getsAreNotLimited() throws Exception {
        List<Response> answers = burst(40, i -> api.get("/v1/payments?reference=ord-burst-" + i));

        assertThat(answers).allMatch(r -> r.status() == 200);
    }

    /** {@code n} calls at once, each on its own thread. */
    private static List<Response> burst(int n, IntFunction<Response> call) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Response>> calls = IntStream.range(0, n)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> call.apply(i), threads)).toList();
            return calls.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }
}
