package dev.esim.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationPollingTest {

    private static final ProvisionedLine LINE = ProvisionedLine.fromLpa("8944", "LPA:1$smdp.example$AC1", null, null);

    private static Optional<ProviderOrder> order(ProviderOrder.Status status) {
        return Optional.of(new ProviderOrder("B1", null, status, "JP_1_7",
                status == ProviderOrder.Status.COMPLETED ? Optional.of(LINE) : Optional.empty()));
    }

    @Test
    void pollsUntilTheLineIsAllocated() {
        FakeProvider provider = new FakeProvider("p").answeringFindOrder(List.of(Optional.empty(),
                order(ProviderOrder.Status.PROCESSING), order(ProviderOrder.Status.COMPLETED)));
        List<Duration> sleeps = new ArrayList<>();

        ProvisionResult result = AllocationPolling.awaitLine(provider, new ProvisionResult.Pending("B1"), 10,
                Duration.ofSeconds(3), sleeps::add);

        assertThat(result).isEqualTo(new ProvisionResult.Completed("B1", LINE));
        assertThat(provider.calls).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void givesBackThePendingResultWhenPollsRunOut() {
        FakeProvider provider = new FakeProvider("p")
                .answeringFindOrder(List.of(order(ProviderOrder.Status.PROCESSING)));

        ProvisionResult result = AllocationPolling.awaitLine(provider, new ProvisionResult.Pending("B1"), 2,
                Duration.ZERO, d -> { });

        assertThat(result).isEqualTo(new ProvisionResult.Pending("B1"));
        assertThat(provider.calls).hasValue(2);
    }

    @Test
    void reportsAFailedOrderAsARefusal() {
        FakeProvider provider = new FakeProvider("p").answeringFindOrder(List.of(order(ProviderOrder.Status.FAILED)));

        assertThatThrownBy(() -> AllocationPolling.awaitLine(provider, new ProvisionResult.Pending("B1"), 2,
                Duration.ZERO, d -> { }))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("order_failed"));
    }
}
