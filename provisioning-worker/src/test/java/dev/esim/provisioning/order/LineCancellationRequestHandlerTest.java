package dev.esim.provisioning.order;

import static dev.esim.provisioning.order.OrderFixture.cancelLine;
import static dev.esim.provisioning.order.OrderFixture.newLine;
import static dev.esim.provisioning.order.OrderFixture.paid;
import static dev.esim.provisioning.order.OrderFixture.refunded;
import static dev.esim.provisioning.order.OrderFixture.topUp;
import static dev.esim.provisioning.order.WorkerHarness.ORDERS;
import static dev.esim.provisioning.order.WorkerHarness.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.EventIds;
import dev.esim.provider.ProviderUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Support cancels one line of an order ({@code LineCancellationRequested}), through the service like the listener. */
class LineCancellationRequestHandlerTest {

    private final FakeProvider simology = new FakeProvider("simology").sells("US-5GB-30D", List.of("US"), 5120, 30);
    private final WorkerHarness worker = new WorkerHarness(simology);

    /** A paid two-line order the worker delivered; returns the lines' ICCIDs, first line first. */
    private List<String> twoActiveLines(String orderId) {
        worker.publish(ORDERS, newLine(orderId, OrderFixture.US_5GB, 2));
        worker.publish(PAYMENTS, paid(orderId, "evt-pay-" + orderId, OrderFixture.expected(orderId, 2)));
        return List.of(worker.store.stored(orderId).iccid(), worker.store.stored(orderId + "/1").iccid());
    }

    @Test
    void cancelsTheRequestedLineOnlyAndPublishesLineCancelledCausedByTheRequest() {
        List<String> iccids = twoActiveLines("ord_2");

        worker.publish(ORDERS, cancelLine("ord_2", iccids.get(1)));

        assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement().satisfies(o -> {
            assertThat(o.eventId()).isEqualTo(EventIds.derive("evt-cancel-" + iccids.get(1), "LineCancelled",
                    "ord_2/1"));
            assertThat(o.causationId()).isEqualTo("evt-cancel-" + iccids.get(1));
            Outcome.LineCancelled cancelled = (Outcome.LineCancelled) o.body();
            assertThat(cancelled.iccid()).isEqualTo(iccids.get(1));
            assertThat(cancelled.providerRefunded()).isTrue();
        });
        assertThat(simology.calls()).containsOnlyOnce("cancel " + iccids.get(1)).doesNotContain("cancel "
                + iccids.get(0));
        assertThat(worker.store.stored("ord_2/1").state()).isEqualTo(Claim.State.CANCELLED);
        assertThat(worker.store.stored("ord_2").state()).isEqualTo(Claim.State.ACTIVE);
    }

    @Test
    void aReplayedRequestPublishesNothingMoreAndDoesNotCallTheProviderAgain() {
        List<String> iccids = twoActiveLines("ord_2");

        worker.publish(ORDERS, cancelLine("ord_2", iccids.get(0)));
        worker.publish(ORDERS, cancelLine("ord_2", iccids.get(0)));

        assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement()
                .extracting(o -> ((Outcome.LineCancelled) o.body()).iccid()).isEqualTo(iccids.get(0));
        assertThat(simology.callsOf("cancel")).isEqualTo(1);
    }

    @Test
    void aRequestWhoseTransactionAbortedIsRedeliveredAndCancelsOnce() {
        List<String> iccids = twoActiveLines("ord_2");
        Inbound.LineCancellationRequested request = cancelLine("ord_2", iccids.get(1));
        simology.failNext(new ProviderUnavailableException("simology", "server_error", "500", null));

        RecordPosition position = worker.publishFailing(ORDERS, request);
        worker.deliver(position, request);
        worker.publish(ORDERS, request);

        assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement()
                .extracting(o -> ((Outcome.LineCancelled) o.body()).iccid()).isEqualTo(iccids.get(1));
    }

    @Test
    void anInstalledLineIsKeptAndNothingIsPublished() {
        List<String> iccids = twoActiveLines("ord_2");
        simology.install(iccids.get(1));
        int published = worker.visible.size();

        worker.publish(ORDERS, cancelLine("ord_2", iccids.get(1)));

        assertThat(simology.callsOf("cancel")).isEqualTo(1);
        assertThat(worker.visible).hasSize(published);
        assertThat(worker.store.stored("ord_2/1").state()).isEqualTo(Claim.State.ACTIVE);
    }

    @Test
    void aLineTheRefundAlreadyCancelledPublishesNothingMore() {
        worker.publish(ORDERS, newLine("ord_1"));
        worker.publish(PAYMENTS, paid("ord_1"));
        worker.publish(PAYMENTS, refunded("ord_1"));
        String iccid = worker.store.stored("ord_1").iccid();

        worker.publish(ORDERS, cancelLine("ord_1", iccid));

        assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement()
                .extracting(Outcome::eventId).isEqualTo(EventIds.derive("evt-re_ord_1", "LineCancelled"));
        assertThat(simology.callsOf("cancel")).isEqualTo(1);
    }

    @Test
    void anIccidThatIsNotALineOfTheOrderChangesNothing() {
        List<String> iccids = twoActiveLines("ord_2");
        worker.publish(ORDERS, topUp("top_1", iccids.get(0)));
        worker.publish(PAYMENTS, paid("top_1"));
        int published = worker.visible.size();

        worker.publish(ORDERS, cancelLine("ord_2", "89000000000000000000"));
        worker.publish(ORDERS, cancelLine("top_1", iccids.get(0))); // a top-up names a line but is none
        worker.publish(ORDERS, cancelLine("ord_unknown", iccids.get(0)));

        assertThat(worker.visible).hasSize(published);
        assertThat(simology.callsOf("cancel")).isZero();
        assertThat(List.of(worker.store.stored("ord_2").state(), worker.store.stored("ord_2/1").state()))
                .containsOnly(Claim.State.ACTIVE);
    }
}
