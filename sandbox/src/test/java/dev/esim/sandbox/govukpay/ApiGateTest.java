package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiGateTest {

    private static final String KEY = "api_test_sandbox_govukpay_local";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ApiGate gate = new ApiGate(KEY, 15, nanos::get);

    @Test
    void admitsFifteenPostsInASecondAndRefusesTheSixteenthWith429P0900() {
        for (int i = 0; i < 15; i++) {
            gate.admit("POST", "Bearer " + KEY);
            nanos.addAndGet(10_000_000L);
        }

        assertThatThrownBy(() -> gate.admit("POST", "Bearer " + KEY)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("P0900");
        });
    }

    @Test
    void aSlotFreesOneSecondAfterThePostThatTookIt() {
        for (int i = 0; i < 15; i++) {
            gate.admit("POST", "Bearer " + KEY);
        }

        nanos.addAndGet(1_000_000_000L);

        assertThat(gate.admit("POST", "Bearer " + KEY)).isEqualTo(KEY);
    }

    @Test
    void getsDoNotCount() {
        for (int i = 0; i < 100; i++) {
            gate.admit("GET", "Bearer " + KEY);
        }

        assertThat(gate.admit("POST", "Bearer " + KEY)).isEqualTo(KEY);
    }

    @Test
    void refusesAMissingOtherOrLiveKeyWith401WithoutACode() {
        for (String authorization : new String[] {null, "Bearer ", "Basic " + KEY, "Bearer api_test_other",
                "Bearer api_live_0123"}) {
            assertThatThrownBy(() -> gate.admit("GET", authorization)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.body()).containsOnlyKeys("message");
            });
        }
    }

    @Test
    void aLimitOfZeroTurnsItOff() {
        ApiGate unlimited = new ApiGate(KEY, 0, nanos::get);

        for (int i = 0; i < 100; i++) {
            unlimited.admit("POST", "Bearer " + KEY);
        }
    }
}
