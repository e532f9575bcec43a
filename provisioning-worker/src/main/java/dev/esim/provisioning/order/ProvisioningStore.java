package dev.esim.provisioning.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The worker's own state (PostgreSQL in production). Every write commits on its own: the claim row must be durable
 * before the provider is called, whatever happens to the Kafka transaction afterwards.
 */
public interface ProvisioningStore {

    /** Keeps the first version of the order (a replayed OrderPlaced changes nothing); the order and its items
     *  are stored together or not at all. */
    void saveOrder(PlacedOrder order);

    Optional<PlacedOrder> order(String orderId);

    /** Keeps a successful payment event for the order (once per event), matching or not, in case its order comes
     *  later. */
    void recordPaymentEvent(String orderId, String paymentEventId, Payment payment, String paymentIntentId);

    /** The payment events kept for the order, in the order they arrived. */
    List<ReceivedPayment> paymentEvents(String orderId);

    /** The input whose transaction last published the mismatch answer to this payment event; null if none did. */
    RecordPosition rejectionCarrier(String orderId, String paymentEventId);

    /** Remembers {@code carrier} as the input publishing the mismatch answer to this payment event. */
    void rejectionCarrier(String orderId, String paymentEventId, RecordPosition carrier);

    /** @param paymentIntentId the gateway's payment, null when its event did not name it */
    record ReceivedPayment(String eventId, Payment payment, String paymentIntentId) {
    }

    /** Records that the order is paid by a matching payment, once; returns the id of the first one recorded. */
    String recordPayment(String orderId, String paymentEventId);

    Optional<String> payment(String orderId);

    /**
     * Keeps one gateway refund of the order (once per refund id, whichever event announced it) and returns the sum of
     * the order's refunds in {@code currency}, this one included.
     */
    long recordRefundAmount(String orderId, String refundId, String eventId, long amountMinor, String currency);

    /** Records that the whole order was refunded, once; returns the id of the first such refund event. */
    String recordRefund(String orderId, String refundEventId);

    /** The id of the first refund event recorded for the order, if it was refunded. */
    Optional<String> refund(String orderId);

    /** Inserts {@code fresh} unless a claim with its reference exists; returns what is stored and whether it is new. */
    Claimed claim(Claim fresh);

    record Claimed(Claim claim, boolean isNew) {
    }

    Optional<Claim> claim(String reference);

    List<Claim> claimsOf(String orderId);

    /** The provider of one of our lines, for top-ups. */
    Optional<String> providerOfLine(String iccid);

    /**
     * Writes the claim if the row still has the version it was read at, and advances the copy's version; otherwise
     * throws {@link StaleClaimException} (someone else changed the claim meanwhile: re-read and decide again).
     */
    void save(Claim claim);

    /**
     * Unsettled claims whose {@link Claim#nextCheckAt()} has come, at most {@code limit}, each leased for
     * {@code lease} (its next check moved that far ahead) so that concurrent callers do not hand out the same claim.
     */
    List<DueCheck> leaseDueChecks(Instant now, Duration lease, int limit);

    record DueCheck(String reference, String orderId, String causeEventId) {
    }

    /**
     * The input at {@code position} went to the dead-letter topic: its transaction never published the outcomes it
     * decided (claim outcomes, mismatch answers), so forget that it did. Returns how many claims that concerned.
     */
    int forgetEmission(RecordPosition position);

    /**
     * Deletes the activation codes (sealed LPA strings) of {@code orderId}'s claims whose outcome was published;
     * returns how many. A claim whose outcome is still to be published keeps its code until then.
     */
    int eraseActivationCodes(String orderId);

    /** Stores whether the provider's balance is low; true when it just turned low (warn once per episode). */
    boolean balanceTurnedLow(String provider, boolean low);
}
