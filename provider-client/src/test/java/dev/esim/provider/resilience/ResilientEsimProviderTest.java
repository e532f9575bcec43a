package dev.esim.provider.resilience;

import dev.esim.provider.Balance;
import dev.esim.provider.FakeProvider;
import dev.esim.provider.Money;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.RateLimitedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilientEsimProviderTest {

    private static final ResilienceConfig FAST = ResilienceConfig.defaults()
            .withRetry(4, Duration.ofMillis(1), Duration.ofMillis(2))
            .withCircuit(4, 4, 50f, Duration.ofSeconds(60), 1);

    private static final Balance BALANCE = new Balance(Money.of("10", "USD"), null);

    @Test
    void doesNotRetryABusinessRefusalAndKeepsTheCircuitClosed() {
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            throw new OutOfStockException("p", "sku_unavailable", 409, "req_1", "gone");
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST)) {
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(provider::balance).isInstanceOf(OutOfStockException.class);
            }

            assertThat(fake.calls).hasValue(10);
            assertThat(provider.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void retriesTechnicalFaultsUpToMaxAttempts() {
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            throw new ProviderUnavailableException("p", "server_error", "503", null);
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST.withCircuit(100, 100, 50f,
                Duration.ofSeconds(60), 1))) {
            assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderUnavailableException.class,
                    e -> assertThat(e.code()).isEqualTo("server_error"));

            assertThat(fake.calls).hasValue(4);
        }
    }

    @Test
    void handsEachPlaceBackToTheBudgetWhenItsCallIsOverAnsweredOrFailed() {
        List<String> budgetEvents = new ArrayList<>();
        CallBudget budget = () -> {
            budgetEvents.add("granted");
            return CallBudget.Place.granted(() -> budgetEvents.add("ended"));
        };
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            if (budgetEvents.size() < 2) {
                throw new ProviderUnavailableException("p", "server_error", "503", null);
            }
            return BALANCE;
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST, budget)) {
            assertThat(provider.balance()).isEqualTo(BALANCE);

            // the failed attempt's place was handed back before the retry took another
            assertThat(budgetEvents).containsExactly("granted", "ended", "granted", "ended");
        }
    }

    @Test
    void doesNotWaitForARetryAfterLongerThanAllowed() {
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            throw new RateLimitedException("p", "rate_limited", 429, null, Duration.ofMinutes(5), null);
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST)) {
            assertThatThrownBy(provider::balance).isInstanceOf(RateLimitedException.class);

            assertThat(fake.calls).hasValue(1);
        }
    }

    @Test
    void theCallSeesTheCallersLogContextAndLeavesNoneBehind() {
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> leftOver = new AtomicReference<>("unset");
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            seen.set(MDC.get("order_id"));
            return BALANCE;
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST)) {
            MDC.put("order_id", "ord_mdc_1");
            try {
                provider.balance();
            } finally {
                MDC.remove("order_id");
            }
            // the next call, without a context, runs on a pooled thread that must not keep the previous one
            fake.answeringBalance(() -> {
                leftOver.set(MDC.get("order_id"));
                return BALANCE;
            });
            provider.balance();
        }

        assertThat(seen).hasValue("ord_mdc_1");
        assertThat(leftOver).hasNullValue();
    }

    @Test
    void turnsAnAdapterBugIntoATypedException() {
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            throw new NullPointerException("oops");
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST.withRetry(1, Duration.ZERO,
                Duration.ZERO))) {
            assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.code()).isEqualTo("client_error"));
        }
    }

    @Test
    void timesOutASlowCall() {
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BALANCE;
        });
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST.withRetry(1, Duration.ZERO,
                Duration.ZERO).withCallTimeout(Duration.ofMillis(50)))) {
            long start = System.nanoTime();

            assertThatThrownBy(provider::balance).isInstanceOfSatisfying(ProviderUnavailableException.class,
                    e -> assertThat(e.code()).isEqualTo("timeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));
        }
    }

    @Test
    void countsFailedAttemptsByCode() {
        List<Integer> answers = new ArrayList<>(List.of(503, 503, 200));
        FakeProvider fake = new FakeProvider("p").answeringBalance(() -> {
            int status = answers.remove(0);
            if (status == 503) {
                throw new ProviderUnavailableException("p", "server_error", "503", null);
            }
            return BALANCE;
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ResilientEsimProvider provider = ResilientEsimProvider.wrap(fake, FAST)) {
            ResilienceMetrics.bind(registry, provider);

            assertThat(provider.balance()).isEqualTo(BALANCE);

            assertThat(registry.get(ResilienceMetrics.ERRORS).tag("provider", "p").tag("code", "server_error")
                    .counter().count()).isEqualTo(2.0);
            assertThat(registry.get("resilience4j.retry.calls").tag("name", "p")
                    .tag("kind", "successful_with_retry").functionCounter().count()).isEqualTo(1.0);
        }
    }
}
