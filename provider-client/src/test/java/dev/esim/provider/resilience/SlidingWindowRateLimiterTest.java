package dev.esim.provider.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingWindowRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(3, Duration.ofSeconds(1), now::get);

    private void advanceMillis(long ms) {
        now.addAndGet(Duration.ofMillis(ms).toNanos());
    }

    @Test
    void grantsUpToTheLimitThenSaysHowLongUntilTheOldestGrantLeavesTheWindow() {
        assertThat(limiter.tryAcquire()).isZero();
        advanceMillis(300);
        assertThat(limiter.tryAcquire()).isZero();
        advanceMillis(300);
        assertThat(limiter.tryAcquire()).isZero();

        advanceMillis(100); // t = 700 ms: the grant at t = 0 leaves the window at t = 1000 ms
        assertThat(Duration.ofNanos(limiter.tryAcquire())).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void neverAllowsMoreThanTheLimitAcrossAFixedSecondBoundary() {
        // the failure mode of fixed-window limiters: 3 at 0.99 s and 3 more at 1.01 s
        advanceMillis(990);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire()).isZero();
        }
        advanceMillis(20);
        assertThat(limiter.tryAcquire()).isPositive();
        advanceMillis(979);
        assertThat(limiter.tryAcquire()).isPositive();
        advanceMillis(1);
        assertThat(limiter.tryAcquire()).isZero();
    }

    @Test
    void failsWithTheTimeToWaitWhenNoPermitFreesUpInTime() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire()).isZero();
        }

        CallBudget budget = () -> Duration.ofNanos(limiter.tryAcquire());
        assertThat(budget.acquire(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(1));
    }
}
