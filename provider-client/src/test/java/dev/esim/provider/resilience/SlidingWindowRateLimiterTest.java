package dev.esim.provider.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(3, Duration.ofSeconds(1), now::get);

    private void advanceMillis(long ms) {
        now.addAndGet(Duration.ofMillis(ms).toNanos());
    }

    /** A call taking {@code ms} from its grant to its answer. */
    private void call(long ms) {
        assertThat(limiter.tryAcquire()).isZero();
        advanceMillis(ms);
        limiter.callEnded();
    }

    @Test
    void grantsUpToTheLimitThenSaysHowLongUntilTheOldestEndedCallLeavesTheWindow() {
        call(0);
        advanceMillis(300);
        call(0);
        advanceMillis(300);
        call(0);

        advanceMillis(100); // t = 700 ms: the call that ended at t = 0 leaves the window at t = 1000 ms
        assertThat(Duration.ofNanos(limiter.tryAcquire())).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void countsACallFromItsEndSoASlowCallCannotShareAProviderWindowWithTheNextOnItsPlace() {
        SlidingWindowRateLimiter one = new SlidingWindowRateLimiter(1, Duration.ofSeconds(1), now::get);
        assertThat(one.tryAcquire()).isZero();
        advanceMillis(200); // the provider saw the call somewhere in these 200 ms
        one.callEnded();

        advanceMillis(900); // 1.1 s after the grant, 0.9 s after the answer
        assertThat(Duration.ofNanos(one.tryAcquire())).isEqualTo(Duration.ofMillis(100));
        advanceMillis(100);
        assertThat(one.tryAcquire()).isZero();
    }

    @Test
    void aCallInFlightHoldsItsPlaceForAtLeastAWindowMore() {
        SlidingWindowRateLimiter one = new SlidingWindowRateLimiter(1, Duration.ofSeconds(1), now::get);
        assertThat(one.tryAcquire()).isZero();
        advanceMillis(5_000);

        assertThat(Duration.ofNanos(one.tryAcquire())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverAllowsMoreThanTheLimitAcrossAFixedSecondBoundary() {
        // the failure mode of fixed-window limiters: 3 at 0.99 s and 3 more at 1.01 s
        advanceMillis(990);
        for (int i = 0; i < 3; i++) {
            call(0);
        }
        advanceMillis(20);
        assertThat(limiter.tryAcquire()).isPositive();
        advanceMillis(979);
        assertThat(limiter.tryAcquire()).isPositive();
        advanceMillis(1);
        assertThat(limiter.tryAcquire()).isZero();
    }

    @Test
    void anEndWithoutAGrantIsABug() {
        assertThatThrownBy(limiter::callEnded).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsWithTheTimeToWaitWhenNoPlaceFreesUpInTime() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            call(0);
        }

        CallBudget budget = () -> {
            long wait = limiter.tryAcquire();
            return wait == 0 ? CallBudget.Place.granted(limiter::callEnded)
                    : CallBudget.Place.refused(Duration.ofNanos(wait));
        };
        CallBudget.Place refused = budget.acquire(Duration.ofMillis(500));
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryIn()).isEqualTo(Duration.ofSeconds(1));
    }
}
