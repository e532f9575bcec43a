package dev.esim.provider.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.testkit.Postgres;
import dev.esim.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two instances of a service spending one provider's budget in PostgreSQL together stay within it. */
class JdbcCallBudgetIT {

    private static final int LIMIT = 5;
    private static final Duration RUN = Duration.ofSeconds(3);
    private static final Duration LONGEST_CALL = Duration.ofSeconds(10);

    private static DataSource database;

    @BeforeAll
    static void schema() {
        Postgres.Database db = TestInfrastructure.postgres().newDatabase("call_budget");
        database = db.dataSource();
        JdbcClient.create(database).sql(JdbcCallBudget.TABLE_DDL).update();
    }

    @Test
    void twoInstancesTogetherGetNoMoreCallsThanTheLimitAllowsAndAnotherProviderHasItsOwnBudget() throws Exception {
        // given: two instances of the budget of one provider, each with its own connection, and another provider's
        CallBudget first = budget("simology", LIMIT);
        CallBudget second = budget("simology", LIMIT);
        CallBudget other = budget("roamlink", LIMIT);

        // when: all three spend as fast as they are allowed for three seconds
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<Integer>> granted = new ArrayList<>();
        for (CallBudget budget : List.of(first, second, other)) {
            granted.add(threads.submit(() -> spend(budget)));
        }
        int firstCalls = granted.get(0).get();
        int secondCalls = granted.get(1).get();
        int otherCalls = granted.get(2).get();
        threads.shutdown();

        // then: the two instances shared the provider's budget — each alone would have had it whole
        int windows = (int) RUN.toSeconds() + 1; // the first window is full at the start
        assertThat(firstCalls + secondCalls).as("calls granted to the two instances together")
                .isBetween(LIMIT, LIMIT * windows);
        assertThat(firstCalls).isPositive();
        assertThat(secondCalls).isPositive();
        assertThat(otherCalls).as("calls granted on another provider's budget").isBetween(LIMIT, LIMIT * windows);
    }

    @Test
    void aSlotIsFreeAWindowAfterItsCallEndedAndHeldWhileTheCallIsInFlight() throws Exception {
        // given: a budget of one call per second
        CallBudget budget = budget("esimaccess", 1);

        // when: a call takes 1.2 s to come back
        CallBudget.Place call = budget.tryAcquire();
        assertThat(call.granted()).isTrue();
        Thread.sleep(1_200);

        // then: while it is in flight the slot stays taken — more than a window after its grant
        CallBudget.Place meanwhile = budget.tryAcquire();
        assertThat(meanwhile.granted()).isFalse();
        assertThat(meanwhile.retryIn()).isEqualTo(Duration.ofSeconds(1));

        // and once it is back, the slot is free a window after the answer, not after the grant
        call.callEnded();
        CallBudget.Place justAfter = budget.tryAcquire();
        assertThat(justAfter.granted()).isFalse();
        assertThat(justAfter.retryIn()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        CallBudget.Place later = budget.acquire(Duration.ofSeconds(2));
        assertThat(later.granted()).isTrue();
        later.callEnded();
    }

    /** A budget with its own connection, as another instance of the service would have. */
    private static CallBudget budget(String provider, int limit) {
        return new JdbcCallBudget(JdbcClient.create(database), provider, limit, Duration.ofSeconds(1), LONGEST_CALL);
    }

    private static int spend(CallBudget budget) throws InterruptedException {
        long end = System.nanoTime() + RUN.toNanos();
        int granted = 0;
        while (System.nanoTime() < end) {
            CallBudget.Place place = budget.acquire(Duration.ofMillis(50));
            if (place.granted()) {
                granted++;
                place.callEnded();
            }
        }
        return granted;
    }
}
