package dev.esim.catalog.refunds;

/**
 * Answers a chargeback at the payment gateway: accept it (the disputed money goes back to the payer) or contest it with
 * evidence that the service was delivered. Throws {@link RefundGateway.RefundRefusedException} when the gateway refuses
 * the answer (the dispute is closed already) and
 * {@link dev.esim.catalog.checkout.CheckoutGateway.GatewayUnavailableException} on technical faults.
 */
public interface DisputeGateway {

    /**
     * @param productDescription what was sold
     * @param serviceDate        when the line was delivered (ISO date)
     * @param deliveryLog        the facts that show the service was delivered and used: issued, installed
     */
    record Evidence(String productDescription, String serviceDate, String deliveryLog) {
    }

    /**
     * Whether the dispute still waits for our answer: a bank may decide before we answer, and then cancelling the
     * lines of a dispute it decided for us would leave a paying traveller without their eSIM.
     */
    boolean awaitsAnswer(String disputeId);

    void accept(String disputeId);

    void contest(String disputeId, Evidence evidence);
}
