package dev.esim.catalog.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.RateLimitedException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import dev.esim.provider.resilience.CallBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineUsageCacheTest {

    private static final String ICCID = "8988307000001234567";

    private final MutableClock clock = new MutableClock();
    private final CountingProvider provider = new CountingProvider();
    private final LineUsageCache cache = new LineUsageCache(only(provider), clock, Duration.ofSeconds(45), 1000,
            CallBudget.perProcess(100));

    @Test
    void servesOneProviderReadingPerLinePerPeriod() {
        // when the same line is read ten times within the period
        for (int i = 0; i < 10; i++) {
            cache.get(ICCID);
        }
        // then the provider was asked once
        assertThat(provider.calls.get()).isEqualTo(1);

        // and once more after the period
        clock.advance(Duration.ofSeconds(46));
        LineUsageCache.Reading reading = cache.get(ICCID);
        assertThat(provider.calls.get()).isEqualTo(2);
        assertThat(reading.asOf()).isEqualTo(clock.instant());
        assertThat(cache.remainingSeconds(reading)).isEqualTo(45);
    }

    @Test
    void concurrentMissesShareOneProviderCall() throws Exception {
        // given a slow provider
        provider.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LineUsageCache.Reading>> readers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                readers.add(pool.submit(() -> cache.get(ICCID)));
            }
            Thread.sleep(200);
            // when it answers
            provider.gate.countDown();
            // then every reader got the one reading
            for (Future<LineUsageCache.Reading> r : readers) {
                assertThat(r.get().usage().usedMb()).isEqualTo(1200);
            }
            assertThat(provider.calls.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void doesNotCacheFailures() {
        provider.failNext = true;
        assertThatThrownBy(() -> cache.get(ICCID)).isInstanceOf(ProviderUnavailableException.class);

        assertThat(cache.get(ICCID).usage().remainingMb()).isEqualTo(3920);
        assertThat(provider.calls.get()).isEqualTo(2);
    }

    @Test
    void holdsAtMostItsMaximumNumberOfLines() {
        LineUsageCache small = new LineUsageCache(only(provider), clock, Duration.ofSeconds(45), 10,
                CallBudget.perProcess(1000));
        for (int i = 0; i < 50; i++) {
            small.get("89883070000012" + String.format("%05d", i));
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void missesPastTheirBudgetAreRefusedWithoutCallingTheProviderWhileCachedLinesAreStillServed() {
        LineUsageCache budgeted = new LineUsageCache(only(provider), clock, Duration.ofSeconds(45), 1000,
                CallBudget.perProcess(2));
        budgeted.get(ICCID);
        budgeted.get("8988307000009999999");

        assertThatThrownBy(() -> budgeted.get("8988307000008888888"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isPositive());
        assertThat(provider.calls.get()).isEqualTo(2);
        assertThat(budgeted.get(ICCID).usage().usedMb()).isEqualTo(1200);
        assertThat(provider.calls.get()).isEqualTo(2);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-10T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aLineIssuedByTheFailoverProviderIsReadThereAndOthersAtThePrimary() {
        CountingProvider failover = new CountingProvider("esimgo");
        String failoverLine = "8988307000009999999";
        LineUsageCache both = new LineUsageCache(new LineProviders(provider, List.of(failover),
                iccid -> iccid.equals(failoverLine) ? Optional.of("esimgo") : Optional.empty()), clock,
                Duration.ofSeconds(45), 1000, CallBudget.perProcess(100));

        both.get(failoverLine);
        both.get(ICCID);

        assertThat(failover.calls.get()).isEqualTo(1);
        assertThat(provider.calls.get()).isEqualTo(1);
    }

    @Test
    void aLineOfAProviderThisServiceDoesNotKnowIsAskedAtThePrimary() {
        LineUsageCache unknown = new LineUsageCache(new LineProviders(provider, List.of(),
                iccid -> Optional.of("retired-provider")), clock, Duration.ofSeconds(45), 1000,
                CallBudget.perProcess(100));

        unknown.get(ICCID);

        assertThat(provider.calls.get()).isEqualTo(1);
    }

    private static LineProviders only(EsimProvider primary) {
        return new LineProviders(primary, List.of(), iccid -> Optional.empty());
    }

    static final class CountingProvider implements EsimProvider {
        final AtomicInteger calls = new AtomicInteger();
        final String name;

        CountingProvider() {
            this("test");
        }

        CountingProvider(String name) {
            this.name = name;
        }

        volatile CountDownLatch gate;
        volatile boolean failNext;

        @Override
        public LineUsage lineUsage(String iccid) {
            calls.incrementAndGet();
            if (failNext) {
                failNext = false;
                throw new ProviderUnavailableException("test", "server_error", "down", null);
            }
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new LineUsage(iccid, LineUsage.LineStatus.ACTIVE, true, 1200, 3920,
                    Instant.parse("2025-02-09T23:59:59Z"));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ProviderPlan> listPlans() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProvisionResult provision(ProvisionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProviderOrder> findOrder(String providerOrderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TopUpResult topUp(TopUpRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Balance balance() {
            throw new UnsupportedOperationException();
        }
    }
}
