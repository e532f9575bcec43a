package dev.esim.provisioning.order;

import static dev.esim.provisioning.order.OrderFixture.newLine;
import static dev.esim.provisioning.order.OrderFixture.paid;
import static dev.esim.provisioning.order.OrderFixture.refunded;
import static dev.esim.provisioning.order.OrderFixture.topUp;
import static dev.esim.provisioning.order.WorkerHarness.ORDERS;
import static dev.esim.provisioning.order.WorkerHarness.PAYMENTS;
import static dev.esim.provisioning.order.WorkerHarness.PROVIDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.EventIds;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.ProvisionedLine;
import dev.esim.provider.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProvisioningServiceTest {

    private final FakeProvider simology = new FakeProvider("simology").sells("US-5GB-30D", List.of("US"), 5120, 30);

    @Nested
    class Duplicates {

        @Test
        void provisionsOnceWhenPaymentEventArrivesThreeTimes() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(simology.callsOf("provision")).isEqualTo(1);
            assertThat(worker.visible).hasSize(1);
            Outcome activation = worker.visible.get(0);
            assertThat(activation.eventId()).isEqualTo(EventIds.derive("evt-pay-ord_1", "ActivationReady"));
            assertThat(activation.causationId()).isEqualTo("evt-pay-ord_1");
            assertThat(((Outcome.ActivationReady) activation.body()).lpa()).startsWith("LPA:1$smdp.simology.example$");
        }

        @Test
        void twoGatewayEventsForOnePaymentProvisionOnceUnderTheFirstEventsId() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-session-completed"));
            worker.publish(PAYMENTS, paid("ord_1", "evt-intent-succeeded"));

            assertThat(simology.totalProfiles()).isEqualTo(1);
            assertThat(worker.visible).singleElement().extracting(Outcome::eventId)
                    .isEqualTo(EventIds.derive("evt-session-completed", "ActivationReady"));
        }

        @Test
        void provisionsWhenThePaymentArrivesBeforeItsOrder() {
            WorkerHarness worker = new WorkerHarness(simology);

            worker.publish(PAYMENTS, paid("ord_1"));
            assertThat(simology.totalProfiles()).isZero();
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(ORDERS, newLine("ord_1"));

            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement()
                    .extracting(Outcome::causationId).isEqualTo("evt-pay-ord_1");
        }

        @Test
        void failedPaymentNeverProvisions() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, new Inbound.PaymentFailed("evt-fail", "ord_1", "card_declined"));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible).isEmpty();
            assertThat(worker.store.claimsOf("ord_1")).isEmpty();
        }

        @Test
        void livePaymentInSandboxIsRefusedAsUnprocessable() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            assertThatThrownBy(() -> worker.publish(PAYMENTS, new Inbound.PaymentSucceeded("evt-live", "ord_1", true,
                    OrderFixture.expected("ord_1", 1), "pi_live")))
                    .isInstanceOf(UnprocessableEventException.class);
            assertThat(simology.calls()).isEmpty();
        }

        @Test
        void eachUnitOfAnOrderIsItsOwnLineWithItsOwnReference() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_2", OrderFixture.US_5GB, 2));

            worker.publish(PAYMENTS, paid("ord_2", "evt-pay-ord_2", OrderFixture.expected("ord_2", 2)));
            worker.publish(PAYMENTS, paid("ord_2", "evt-pay-ord_2", OrderFixture.expected("ord_2", 2)));

            assertThat(simology.profilesFor("ord_2")).isEqualTo(1);
            assertThat(simology.profilesFor("ord_2/1")).isEqualTo(1);
            assertThat(worker.visible).extracting(Outcome::eventId).doesNotHaveDuplicates().hasSize(2);
        }
    }

    @Nested
    class PaymentMatching {

        @Test
        void anUnderpaymentNeverProvisionsAndIsAnsweredWithPaymentMismatch() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.store.claimsOf("ord_1")).isEmpty();
            Outcome rejected = worker.visible.get(0);
            assertThat(worker.visible).hasSize(1);
            assertThat(rejected.eventId()).isEqualTo(EventIds.derive("evt-link", "ProvisioningFailed"));
            assertThat(rejected.causationId()).isEqualTo("evt-link");
            Outcome.ProvisioningFailed failed = (Outcome.ProvisioningFailed) rejected.body();
            assertThat(failed.reasonCode()).isEqualTo("payment_mismatch");
            assertThat(failed.detail()).isEqualTo("paid 100 minor units of USD, the order costs 1190");
        }

        @Test
        void aPaymentInAnotherCurrencyNeverProvisions() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-jpy", new Payment(1190, "jpy", "cs_ord_1")));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement()
                    .extracting(o -> ((Outcome.ProvisioningFailed) o.body()).detail())
                    .isEqualTo("paid in JPY, the order is priced in USD");
        }

        @Test
        void aFullPaymentInAForeignOrStaleSessionNeverProvisions() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-foreign", new Payment(1190, "USD", "cs_someone_else")));
            worker.publish(PAYMENTS, paid("ord_1", "evt-stale", new Payment(1190, "USD", "cs_ord_1_expired")));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).extracting(Outcome::causationId)
                    .containsExactly("evt-foreign", "evt-stale");
        }

        @Test
        void aMismatchArrivingBeforeItsOrderIsJudgedWhenTheOrderComes() {
            WorkerHarness worker = new WorkerHarness(simology);

            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));
            assertThat(worker.visible).isEmpty();
            worker.publish(ORDERS, newLine("ord_1"));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement()
                    .extracting(Outcome::causationId).isEqualTo("evt-link");
        }

        @Test
        void aReplayedMismatchedPaymentOrOrderPublishesNoSecondAnswer() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));

            // support republishes both topics: the copies sit at new offsets
            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));
            worker.publish(ORDERS, newLine("ord_1"));

            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement()
                    .extracting(Outcome::causationId).isEqualTo("evt-link");
            assertThat(simology.calls()).isEmpty();
        }

        @Test
        void aMismatchAnswerWhoseInputWasDeadLetteredIsPublishedByTheNextCopy() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            RecordPosition first = worker.publish(PAYMENTS, paid("ord_1", "evt-link",
                    new Payment(100, "USD", "cs_ord_1")));
            worker.visible.clear();
            // its transaction never reached readers: the input went to the dead-letter topic instead
            worker.service.abandon(first);

            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));

            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement()
                    .extracting(Outcome::eventId).isEqualTo(EventIds.derive("evt-link", "ProvisioningFailed"));
        }

        @Test
        void theRealPaymentAfterAMismatchedOneProvisionsUnderItsOwnId() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-link", new Payment(100, "USD", "cs_ord_1")));
            worker.publish(PAYMENTS, paid("ord_1", "evt-real"));

            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement()
                    .extracting(Outcome::causationId).isEqualTo("evt-real");
        }

        @Test
        void sendingBackAMismatchedPaymentTakesNothingFromTheOrder() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            // a foreign session paid the whole price and more; catalog-service returns that money in full
            worker.publish(PAYMENTS, paid("ord_1", "evt-foreign", new Payment(5000, "USD", "cs_someone_else")));
            worker.publish(PAYMENTS, paid("ord_1", "evt-real"));
            worker.publish(PAYMENTS, new Inbound.RefundSucceeded("evt-re-foreign", "ord_1", "re_foreign", 5000, "USD",
                    "pi_evt-foreign"));

            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible(Outcome.LineCancelled.class)).isEmpty();
            assertThat(worker.store.refund("ord_1")).isEmpty();
            // the order's own payment refunded is a refund of the order, as always
            worker.publish(PAYMENTS, refunded("ord_1", "re_real", OrderFixture.UNIT_PRICE_MINOR));
            assertThat(worker.store.refund("ord_1")).isPresent();
        }

        @Test
        void aPaymentEventWithoutItsSessionWaitsForTheSessionsOwnEvent() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1", "evt-intent", new Payment(1190, "USD", null)));
            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible).isEmpty();
            worker.publish(PAYMENTS, paid("ord_1", "evt-session"));

            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement()
                    .extracting(Outcome::causationId).isEqualTo("evt-session");
        }

        @Test
        void aMultiUnitOrderNeedsItsWholeTotal() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_2", OrderFixture.US_5GB, 2));

            worker.publish(PAYMENTS, paid("ord_2", "evt-one-unit", OrderFixture.expected("ord_2", 1)));
            assertThat(simology.calls()).isEmpty();
            worker.publish(PAYMENTS, paid("ord_2", "evt-both", OrderFixture.expected("ord_2", 2)));

            assertThat(simology.totalProfiles()).isEqualTo(2);
        }
    }

    @Nested
    class Crashes {

        @Test
        void crashAfterTheProviderCallLooksTheOrderUpInsteadOfCallingAgain() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.crashAt(CrashPoint.AFTER_PROVIDER_CALL);

            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            worker.deliver(payment, paid("ord_1"));

            assertThat(simology.calls()).containsSubsequence("provision ord_1", "findOrderByReference ord_1");
            assertThat(simology.callsOf("provision")).isEqualTo(1);
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible(Outcome.ActivationReady.class)).hasSize(1);
        }

        @Test
        void crashBetweenClaimAndCallCallsTheProviderOnceOnRestart() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.crashAt(CrashPoint.AFTER_CLAIM);

            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.REQUESTED);
            worker.deliver(payment, paid("ord_1"));

            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible(Outcome.ActivationReady.class)).hasSize(1);
        }

        @Test
        void abortedTransactionPublishesTheSameEventAgainOnRedelivery() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.crashAt(CrashPoint.AFTER_CLAIM_UPDATE);

            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            assertThat(worker.visible).isEmpty();
            List<Outcome> again = worker.deliver(payment, paid("ord_1"));

            assertThat(again).singleElement().extracting(Outcome::eventId)
                    .isEqualTo(EventIds.derive("evt-pay-ord_1", "ActivationReady"));
            assertThat(simology.callsOf("provision")).isEqualTo(1);
        }

        @Test
        void outcomeCarriedByAnAbortedInputIsPublishedByTheNextInputOfThatOrder() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.crashAt(CrashPoint.AFTER_CLAIM_UPDATE);
            RecordPosition first = worker.publishFailing(PAYMENTS, paid("ord_1", "evt-a"));

            // The first input went to the dead-letter topic; a later duplicate arrives.
            worker.service.abandon(first);
            worker.publish(PAYMENTS, paid("ord_1", "evt-b"));
            worker.publish(PAYMENTS, paid("ord_1", "evt-c"));

            assertThat(worker.visible).singleElement().extracting(Outcome::eventId)
                    .isEqualTo(EventIds.derive("evt-a", "ActivationReady"));
            assertThat(simology.totalProfiles()).isEqualTo(1);
        }

        @Test
        void timeoutLeavesTheClaimRequestedAndTheRetryAsksTheProviderFirst() {
            simology.failNext(new ProviderUnavailableException("simology", "timeout", "timed out", null));
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.REQUESTED);
            worker.deliver(payment, paid("ord_1"));

            assertThat(simology.calls()).containsExactly("provision ord_1", "findOrderByReference ord_1",
                    "provision ord_1", "balance");
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.visible).hasSize(1);
        }

        @Test
        void rateLimitIsATechnicalFaultNotAFailedOrder() {
            simology.failNext(new RateLimitedException("simology", "rate_limited", 429, "req", Duration.ofSeconds(1),
                    "slow down"));
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            assertThatThrownBy(() -> worker.publish(PAYMENTS, paid("ord_1"))).isInstanceOf(RateLimitedException.class);
            assertThat(worker.visible).isEmpty();
        }
    }

    @Nested
    class Failures {

        private final FakeProvider esimaccess = new FakeProvider("esimaccess")
                .sells("P-US-8GB-30", List.of("US"), 8192, 30)
                .sells("P-US-3GB-30", List.of("US"), 3072, 30);

        @Test
        void outOfStockFailsOverToAnEquivalentPlanElsewhere() {
            simology.outOfStock("US-5GB-30D");
            WorkerHarness worker = new WorkerHarness(true, ProviderCircuits.NEVER_OPEN, simology, esimaccess);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1"));

            assertThat(simology.totalProfiles()).isZero();
            assertThat(esimaccess.profilesFor("ord_1")).isEqualTo(1);
            Outcome.ActivationReady ready = (Outcome.ActivationReady) worker.visible.get(0).body();
            assertThat(ready.provider()).isEqualTo("esimaccess");
            assertThat(ready.plan().sku()).isEqualTo("P-US-8GB-30");
        }

        @Test
        void outOfStockWithoutFailoverBecomesAProvisioningFailedEvent() {
            simology.outOfStock("US-5GB-30D");
            WorkerHarness worker = new WorkerHarness(false, ProviderCircuits.NEVER_OPEN, simology, esimaccess);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            assertThat(worker.visible).singleElement().satisfies(o -> {
                assertThat(o.eventId()).isEqualTo(EventIds.derive("evt-pay-ord_1", "ProvisioningFailed"));
                assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("out_of_stock");
            });
            assertThat(esimaccess.calls()).isEmpty();
        }

        @Test
        void openCircuitFailsOverWithoutCallingThePrimary() {
            WorkerHarness worker = new WorkerHarness(true, name -> name.equals("simology"), simology, esimaccess);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1"));

            assertThat(simology.callsOf("provision")).isZero();
            assertThat(esimaccess.profilesFor("ord_1")).isEqualTo(1);
        }

        @Test
        void afterAnUncertainCallAnOpenCircuitIsWaitedOutNotFailedOver() {
            simology.failNext(new ProviderUnavailableException("simology", "server_error", "500", null),
                    new ProviderUnavailableException("simology", "circuit_open", "open", null));
            WorkerHarness worker = new WorkerHarness(true, ProviderCircuits.NEVER_OPEN, simology, esimaccess);
            worker.publish(ORDERS, newLine("ord_1"));

            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            assertThatThrownBy(() -> worker.deliver(payment, paid("ord_1")))
                    .isInstanceOf(ProviderUnavailableException.class);
            worker.deliver(payment, paid("ord_1"));

            assertThat(esimaccess.calls()).isEmpty();
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
        }
    }

    @Nested
    class NoOrderWaitsSilently {

        @Test
        void aLineWithoutProviderBalanceWaitsAnnouncedOnceAndIsIssuedWhenTheBalanceReturns() {
            simology.insufficientBalance().balance("3.00", "100.00");
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));

            worker.publish(PAYMENTS, paid("ord_1"));
            assertThat(worker.visible).extracting(o -> o.body().getClass().getSimpleName())
                    .containsExactly("ProviderBalanceLow", "ProvisioningDelayed");
            Outcome.ProvisioningDelayed delayed = (Outcome.ProvisioningDelayed) worker.visible.get(1).body();
            assertThat(delayed.reasonCode()).isEqualTo("insufficient_balance");
            assertThat(delayed.retryUntil()).isEqualTo(Instant.parse("2026-01-10T15:00:00Z"));
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.AWAITING_PROVIDER);

            worker.advanceAndCheck(Duration.ofSeconds(30));
            worker.advanceAndCheck(Duration.ofMinutes(1));
            assertThat(worker.visible).hasSize(2);
            assertThat(simology.callsOf("provision")).isEqualTo(3);

            simology.restoreBalance();
            worker.advanceAndCheck(Duration.ofMinutes(2));

            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement()
                    .satisfies(o -> assertThat(o.eventId()).isEqualTo(
                            EventIds.derive("evt-pay-ord_1", "ActivationReady")));
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            assertThat(worker.advanceAndCheck(Duration.ofHours(1))).isZero();
        }

        @Test
        void aLineStillWithoutProviderAtItsDeadlineFailsOnceAndIsNotAskedForAgain() {
            simology.insufficientBalance();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            for (int minute = 0; minute < 7 * 60; minute += 10) {
                worker.advanceAndCheck(Duration.ofMinutes(10));
            }

            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement().satisfies(o ->
                    assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("insufficient_balance"));
            assertThat(worker.visible(Outcome.ProvisioningDelayed.class)).hasSize(1);
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.FAILED);
            // back-off: ten-minute looks at most, not one per sweep
            assertThat(simology.callsOf("provision")).isBetween(30L, 45L);
        }

        @Test
        void aCheckThatIssuedTheLineBeforeACrashPublishesItsActivationWhenItIsDeliveredAgain() {
            simology.insufficientBalance();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            simology.restoreBalance();

            // the check issues the line, then the process dies before its transaction commits
            worker.crashAt(CrashPoint.AFTER_CLAIM_UPDATE);
            RecordPosition check = worker.checkFailing(Duration.ofSeconds(30));
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.ACTIVE);
            assertThat(worker.visible(Outcome.ActivationReady.class)).isEmpty();

            // the restarted worker reads the same check again: the claim is settled, its outcome never published
            worker.deliver(check, worker.checkAt(check));

            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement()
                    .satisfies(o -> assertThat(o.eventId()).isEqualTo(
                            EventIds.derive("evt-pay-ord_1", "ActivationReady")));
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
            // and a later duplicate of the payment adds nothing
            worker.publish(PAYMENTS, paid("ord_1"));
            assertThat(worker.visible(Outcome.ActivationReady.class)).hasSize(1);
        }

        @Test
        void aPendingOrderWhoseCallbackIsLostIsCompletedByPollingOnce() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            assertThat(worker.advanceAndCheck(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(worker.visible).isEmpty();

            ProvisionedLine line = simology.complete("ord_1"); // its activation.ready webhook never arrives
            worker.advanceAndCheck(Duration.ofMinutes(1));

            assertThat(worker.visible(Outcome.ActivationReady.class)).singleElement().satisfies(o ->
                    assertThat(((Outcome.ActivationReady) o.body()).iccid()).isEqualTo(line.iccid()));
            worker.publish(PROVIDER_EVENTS, new Inbound.ProviderActivationReady("evt-late", "ord_1", "simology",
                    "simology-ord-1", line.iccid(), line.lpa(), null, null));
            assertThat(worker.visible).hasSize(1);
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
        }

        @Test
        void aPendingOrderTheProviderNeverFinishesFailsAtTheDeadlineWithProviderTimeout() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            for (int minute = 0; minute < 7 * 60; minute += 5) {
                worker.advanceAndCheck(Duration.ofMinutes(5));
            }

            assertThat(worker.visible).singleElement().satisfies(o ->
                    assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("provider_timeout"));
            assertThat(simology.callsOf("findOrder ")).isBetween(30L, 45L);
        }

        @Test
        void aLineTheProviderIssuesAfterItsDeadlineIsCancelledThereAndNeverDelivered() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            for (int minute = 0; minute < 7 * 60; minute += 5) {
                worker.advanceAndCheck(Duration.ofMinutes(5));
            }
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).hasSize(1);

            ProvisionedLine line = simology.complete("ord_1"); // the provider finishes it after all, and says so twice
            Inbound.ProviderActivationReady late = new Inbound.ProviderActivationReady("evt-late", "ord_1",
                    "simology", "simology-ord-1", line.iccid(), line.lpa(), null, null);
            worker.publish(PROVIDER_EVENTS, late);
            worker.publish(PROVIDER_EVENTS, late);

            assertThat(simology.calls()).contains("cancel " + line.iccid());
            assertThat(worker.visible(Outcome.ActivationReady.class)).isEmpty();
            assertThat(worker.visible).singleElement().satisfies(o ->
                    assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("provider_timeout"));
            assertThat(worker.store.claim("ord_1").orElseThrow().state()).isEqualTo(Claim.State.FAILED);
        }

        @Test
        void aLineWhoseInputWasDeadLetteredIsAskedForAgainByTheCheck() {
            simology.failNext(new ProviderUnavailableException("simology", "timeout", "timed out", null));
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            RecordPosition payment = worker.publishFailing(PAYMENTS, paid("ord_1"));
            worker.service.abandon(payment); // retries exhausted: the payment went to the dead-letter topic

            worker.advanceAndCheck(Duration.ofSeconds(30));

            assertThat(simology.calls()).startsWith("provision ord_1", "findOrderByReference ord_1",
                    "provision ord_1");
            assertThat(worker.visible(Outcome.ActivationReady.class)).hasSize(1);
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
        }

        @Test
        void aStaleCopyOfAClaimCannotOverwriteWhatAnotherThreadDecided() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            Claim first = worker.store.stored("ord_1");
            Claim second = worker.store.stored("ord_1");

            first.requestCancel();
            worker.store.save(first);

            assertThatThrownBy(() -> worker.store.save(second)).isInstanceOf(StaleClaimException.class);
            assertThat(worker.store.stored("ord_1").cancelRequested()).isTrue();
        }
    }

    @Nested
    class AsyncActivation {

        @Test
        void webhookCompletesThePendingClaimOnceEvenWhenDelivered3Times() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.PENDING);
            assertThat(worker.visible).isEmpty();

            ProvisionedLine line = simology.complete("ord_1");
            Inbound.ProviderActivationReady webhook = new Inbound.ProviderActivationReady("evt-prov-1", "ord_1",
                    "simology", "simology-ord-1", line.iccid(), line.lpa(), null, null);
            worker.publish(PROVIDER_EVENTS, webhook);
            worker.publish(PROVIDER_EVENTS, webhook);
            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PROVIDER_EVENTS, webhook);

            assertThat(worker.visible).singleElement().satisfies(o -> {
                assertThat(o.eventId()).isEqualTo(EventIds.derive("evt-prov-1", "ActivationReady"));
                assertThat(o.causationId()).isEqualTo("evt-prov-1");
                assertThat(((Outcome.ActivationReady) o.body()).lpa()).isEqualTo(line.lpa());
            });
            assertThat(simology.profilesFor("ord_1")).isEqualTo(1);
        }

        @Test
        void webhookForALineWeNeverClaimedIsUnprocessable() {
            WorkerHarness worker = new WorkerHarness(simology);

            assertThatThrownBy(() -> worker.publish(PROVIDER_EVENTS, new Inbound.ProviderActivationReady("evt-x",
                    "ord_unknown", "simology", "p1", "8988", "LPA:1$a$b", null, null)))
                    .isInstanceOf(UnprocessableEventException.class);
        }

        @Test
        void asyncFailureBecomesAProvisioningFailedEvent() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            worker.publish(PROVIDER_EVENTS, new Inbound.ProviderOrderFailed("evt-prov-f", "ord_1", "simology",
                    "simology-ord-1", "no_inventory"));

            assertThat(worker.visible).singleElement()
                    .extracting(o -> ((Outcome.ProvisioningFailed) o.body()).reasonCode())
                    .isEqualTo("provider_failed");
        }
    }

    @Nested
    class TopUpsAndRefunds {

        /** A paid order whose line the worker delivered; returns the line's ICCID. */
        private String anActiveLine(WorkerHarness worker, String orderId) {
            worker.publish(ORDERS, newLine(orderId));
            worker.publish(PAYMENTS, paid(orderId));
            return ((Outcome.ActivationReady) worker.visible(Outcome.ActivationReady.class).get(0).body()).iccid();
        }

        @Test
        void topUpIsAppliedOnceAtTheLinesProvider() {
            WorkerHarness worker = new WorkerHarness(simology);
            String iccid = anActiveLine(worker, "ord_1");

            worker.publish(ORDERS, topUp("top_1", iccid));
            worker.publish(PAYMENTS, paid("top_1"));
            worker.publish(PAYMENTS, paid("top_1"));

            assertThat(worker.visible(Outcome.TopUpApplied.class)).singleElement().satisfies(o -> {
                Outcome.TopUpApplied applied = (Outcome.TopUpApplied) o.body();
                assertThat(applied.iccid()).isEqualTo(iccid);
                assertThat(applied.dataAddedMb()).isEqualTo(1024);
            });
            assertThat(simology.profilesFor("topup:top_1")).isEqualTo(1);
        }

        @Test
        void aTopUpWithoutProviderBalanceWaitsAnnouncedOnceAndIsAppliedWhenTheBalanceReturns() {
            WorkerHarness worker = new WorkerHarness(simology);
            String iccid = anActiveLine(worker, "ord_1");
            simology.insufficientBalance();

            worker.publish(ORDERS, topUp("top_1", iccid));
            worker.publish(PAYMENTS, paid("top_1"));
            worker.publish(PAYMENTS, paid("top_1"));
            worker.advanceAndCheck(Duration.ofSeconds(30));

            assertThat(worker.visible(Outcome.ProvisioningDelayed.class)).singleElement().satisfies(o -> {
                assertThat(o.orderId()).isEqualTo("top_1");
                assertThat(((Outcome.ProvisioningDelayed) o.body()).reasonCode()).isEqualTo("insufficient_balance");
            });
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).isEmpty();
            assertThat(worker.store.stored("top_1").state()).isEqualTo(Claim.State.AWAITING_PROVIDER);

            simology.restoreBalance();
            worker.advanceAndCheck(Duration.ofMinutes(2));

            assertThat(worker.visible(Outcome.TopUpApplied.class)).singleElement()
                    .satisfies(o -> assertThat(o.orderId()).isEqualTo("top_1"));
            assertThat(simology.profilesFor("topup:top_1")).isEqualTo(1);
            assertThat(worker.advanceAndCheck(Duration.ofHours(1))).isZero();
        }

        @Test
        void aTopUpRefundedWhileItWaitsForTheProviderIsNeverApplied() {
            WorkerHarness worker = new WorkerHarness(simology);
            String iccid = anActiveLine(worker, "ord_1");
            simology.insufficientBalance();
            worker.publish(ORDERS, topUp("top_1", iccid));
            worker.publish(PAYMENTS, paid("top_1"));
            assertThat(worker.store.stored("top_1").state()).isEqualTo(Claim.State.AWAITING_PROVIDER);

            // the traveller gets the money back while the top-up waits (or the bank charges it back)
            worker.publish(PAYMENTS, refunded("top_1"));
            worker.publish(PAYMENTS, refunded("top_1"));
            simology.restoreBalance();
            worker.advanceAndCheck(Duration.ofMinutes(30));

            // then the data is never added: the money and the top-up stay together
            assertThat(simology.callsOf("topUp")).isEqualTo(1); // the one refused for want of balance
            assertThat(worker.visible(Outcome.TopUpApplied.class)).isEmpty();
            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement().satisfies(o -> {
                assertThat(o.orderId()).isEqualTo("top_1");
                assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("refunded");
            });
            assertThat(worker.store.stored("top_1").state()).isEqualTo(Claim.State.FAILED);
        }

        @Test
        void aTopUpWhileTheProvidersCircuitIsOpenIsNotCalledAndIsAppliedOnceItCloses() {
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
            WorkerHarness worker = new WorkerHarness(false, provider -> open.get(), simology);
            String iccid = anActiveLine(worker, "ord_1");
            open.set(true);

            worker.publish(ORDERS, topUp("top_1", iccid));
            worker.publish(PAYMENTS, paid("top_1"));

            assertThat(simology.callsOf("topUp")).isZero();
            assertThat(worker.visible(Outcome.ProvisioningDelayed.class)).singleElement()
                    .extracting(o -> ((Outcome.ProvisioningDelayed) o.body()).reasonCode())
                    .isEqualTo("provider_unavailable");

            open.set(false);
            worker.advanceAndCheck(Duration.ofSeconds(30));

            assertThat(worker.visible(Outcome.TopUpApplied.class)).singleElement()
                    .satisfies(o -> assertThat(o.orderId()).isEqualTo("top_1"));
            assertThat(simology.callsOf("topUp")).isEqualTo(1);
        }

        @Test
        void aTopUpStillWithoutProviderBalanceAtItsDeadlineFailsOnce() {
            WorkerHarness worker = new WorkerHarness(simology);
            String iccid = anActiveLine(worker, "ord_1");
            simology.insufficientBalance();
            worker.publish(ORDERS, topUp("top_1", iccid));
            worker.publish(PAYMENTS, paid("top_1"));

            for (int minute = 0; minute < 7 * 60; minute += 10) {
                worker.advanceAndCheck(Duration.ofMinutes(10));
            }

            assertThat(worker.visible(Outcome.ProvisioningFailed.class)).singleElement().satisfies(o -> {
                assertThat(o.orderId()).isEqualTo("top_1");
                assertThat(((Outcome.ProvisioningFailed) o.body()).reasonCode()).isEqualTo("insufficient_balance");
            });
            assertThat(worker.store.stored("top_1").state()).isEqualTo(Claim.State.FAILED);
        }

        @Test
        void refundCancelsALineThatWasNeverInstalled() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            worker.publish(PAYMENTS, refunded("ord_1"));
            worker.publish(PAYMENTS, refunded("ord_1"));

            assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement().satisfies(o -> {
                assertThat(o.eventId()).isEqualTo(EventIds.derive("evt-re_ord_1", "LineCancelled"));
                assertThat(((Outcome.LineCancelled) o.body()).providerRefunded()).isTrue();
            });
        }

        @Test
        void aPartialRefundKeepsTheLineAndTheRefundsThatCompleteTheOrderCancelIt() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            worker.publish(PAYMENTS, refunded("ord_1", "re_goodwill", 500));
            worker.publish(PAYMENTS, refunded("ord_1", "re_goodwill", 500)); // the same refund, announced again
            assertThat(worker.visible(Outcome.LineCancelled.class)).isEmpty();
            assertThat(simology.callsOf("cancel")).isZero();
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.ACTIVE);

            worker.publish(PAYMENTS, refunded("ord_1", "re_rest", OrderFixture.UNIT_PRICE_MINOR - 500));

            assertThat(worker.visible(Outcome.LineCancelled.class)).singleElement().satisfies(o ->
                    assertThat(o.eventId()).isEqualTo(EventIds.derive("evt-re_rest", "LineCancelled")));
        }

        @Test
        void refundOfAnInstalledLineKeepsTheLine() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            simology.install(((Outcome.ActivationReady) worker.visible.get(0).body()).iccid());

            worker.publish(PAYMENTS, refunded("ord_1"));

            assertThat(worker.visible(Outcome.LineCancelled.class)).isEmpty();
            assertThat(worker.store.stored("ord_1").state()).isEqualTo(Claim.State.ACTIVE);
        }

        @Test
        void refundBeforeProvisioningMeansAReplayedPaymentNeverProvisions() {
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(PAYMENTS, refunded("ord_1"));

            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));

            assertThat(simology.calls()).isEmpty();
            assertThat(worker.visible).isEmpty();
        }

        @Test
        void aRefundDuringAllocationNeverLetsTheQrCodeOutEvenWhenTheFirstCancelFails() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PAYMENTS, refunded("ord_1"));
            ProvisionedLine line = simology.complete("ord_1");
            Inbound.ProviderActivationReady callback = new Inbound.ProviderActivationReady("evt-prov-1", "ord_1",
                    "simology", "simology-ord-1", line.iccid(), line.lpa(), null, null);

            simology.failNext(new ProviderUnavailableException("simology", "server_error", "500", null));
            RecordPosition position = worker.publishFailing(PROVIDER_EVENTS, callback);
            worker.deliver(position, callback);
            worker.publish(PROVIDER_EVENTS, callback);

            assertThat(worker.visible).singleElement().extracting(o -> o.body().getClass().getSimpleName())
                    .isEqualTo("LineCancelled");
            assertThat(simology.callsOf("cancel")).isEqualTo(2);
        }

        @Test
        void refundWhileTheProviderIsAllocatingCancelsInsteadOfDelivering() {
            simology.async();
            WorkerHarness worker = new WorkerHarness(simology);
            worker.publish(ORDERS, newLine("ord_1"));
            worker.publish(PAYMENTS, paid("ord_1"));
            worker.publish(PAYMENTS, refunded("ord_1"));

            ProvisionedLine line = simology.complete("ord_1");
            worker.publish(PROVIDER_EVENTS, new Inbound.ProviderActivationReady("evt-prov-1", "ord_1", "simology",
                    "simology-ord-1", line.iccid(), line.lpa(), null, null));

            assertThat(worker.visible).singleElement().extracting(o -> o.body().getClass().getSimpleName())
                    .isEqualTo("LineCancelled");
        }
    }

    @Test
    void lowBalanceIsWarnedOnceBeforeItBlocksProvisioning() {
        simology.balance("80.00", "100.00");
        WorkerHarness worker = new WorkerHarness(simology);
        worker.publish(ORDERS, newLine("ord_1"));

        worker.publish(PAYMENTS, paid("ord_1"));

        assertThat(worker.visible).extracting(o -> o.body().getClass().getSimpleName())
                .containsExactly("ActivationReady", "ProviderBalanceLow");
        Outcome.ProviderBalanceLow low = (Outcome.ProviderBalanceLow) worker.visible.get(1).body();
        assertThat(low.balance().amount()).isEqualByComparingTo("80.00");
    }

    @Test
    void lpaIsSealedInTheClaimRow() {
        WorkerHarness worker = new WorkerHarness(simology);
        worker.publish(ORDERS, newLine("ord_1"));
        worker.publish(PAYMENTS, paid("ord_1"));

        String lpa = ((Outcome.ActivationReady) worker.visible.get(0).body()).lpa();
        assertThat(new String(worker.store.stored("ord_1").sealedLpa(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(lpa);
    }
}
