package dev.esim.catalog.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.gateways.Gateway;
import dev.esim.catalog.refunds.DisputeGateway;
import dev.esim.catalog.refunds.RefundGateway;
import java.time.Instant;
import java.util.Locale;

/**
 * Stripe through stripe-java, with a {@link StripeClient} built for our API base (the sandbox gateway locally) so
 * no global Stripe state is touched. Our order id travels in three places — the session's
 * {@code client_reference_id} and {@code metadata.order_id}, and the PaymentIntent's {@code metadata.order_id} —
 * and refunds carry it in {@code metadata.order_id}, which is how payment-ingress maps webhooks back to orders.
 * Every POST carries an idempotency key derived from our own ids.
 */
final class StripeGateway implements Gateway, DisputeGateway {

    static final String NAME = "stripe";

    private final StripeClient stripe;

    StripeGateway(StripeClient stripe) {
        this.stripe = stripe;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Stripe takes every currency our catalogue prices in. */
    @Override
    public boolean takes(String gateway, String currency) {
        return NAME.equals(gateway);
    }

    @Override
    public CheckoutGateway.Session createSession(SessionRequest r) {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(r.orderId())
                .putMetadata("order_id", r.orderId())
                .putMetadata("order_kind", r.kind())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("order_id", r.orderId())
                        .build())
                .setCustomerEmail(r.customerEmail())
                .setSuccessUrl(r.successUrl())
                .setCancelUrl(r.cancelUrl())
                .setExpiresAt(r.expiresAt().getEpochSecond());
        for (Line line : r.lines()) {
            params.addLineItem(SessionCreateParams.LineItem.builder()
                    .setQuantity((long) line.quantity())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(r.currency().toLowerCase(Locale.ROOT))
                            .setUnitAmount(line.unitAmountMinor())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(line.name())
                                    .setDescription(line.description())
                                    .build())
                            .build())
                    .build());
        }
        try {
            return session(params.build(), r.idempotencyKey());
        } catch (IdempotencyException e) {
            // our key was used for this order with other parameters: an earlier attempt whose order was never stored
            // (so its session was never shown to anyone) and whose expires_at was earlier. A key of this attempt's own
            // opens a fresh session; stripe-java's own retries of it still replay.
            try {
                return session(params.build(), r.idempotencyKey() + "-" + r.expiresAt().getEpochSecond());
            } catch (StripeException again) {
                throw unavailable("create checkout session", again);
            }
        } catch (StripeException e) {
            throw unavailable("create checkout session", e);
        }
    }

    private CheckoutGateway.Session session(SessionCreateParams params, String idempotencyKey)
            throws StripeException {
        com.stripe.model.checkout.Session s = stripe.v1().checkout().sessions().create(params,
                idempotent(idempotencyKey));
        return new CheckoutGateway.Session(s.getId(), s.getUrl(), Instant.ofEpochSecond(s.getExpiresAt()));
    }

    @Override
    public Outcome expire(String gateway, String checkoutSessionId) {
        try {
            stripe.v1().checkout().sessions().expire(checkoutSessionId,
                    idempotent("catalog-expire-" + checkoutSessionId));
            return Outcome.EXPIRED;
        } catch (InvalidRequestException e) {
            // Stripe refuses to expire a session that is no longer open: find out whether it expired or was paid
            return statusOf(checkoutSessionId);
        } catch (StripeException e) {
            throw unavailable("expire checkout session", e);
        }
    }

    private Outcome statusOf(String checkoutSessionId) {
        try {
            com.stripe.model.checkout.Session s = stripe.v1().checkout().sessions().retrieve(checkoutSessionId);
            if ("expired".equals(s.getStatus())) {
                return Outcome.EXPIRED;
            }
            if ("complete".equals(s.getStatus())) {
                return Outcome.COMPLETED;
            }
            throw new IllegalStateException("session " + checkoutSessionId + " is still " + s.getStatus());
        } catch (StripeException e) {
            throw unavailable("retrieve checkout session", e);
        }
    }

    @Override
    public RefundGateway.Refund refund(RefundRequest r) {
        try {
            String paymentIntent = r.paymentIntentId();
            if (paymentIntent == null) {
                paymentIntent = stripe.v1().checkout().sessions().retrieve(r.checkoutSessionId()).getPaymentIntent();
            }
            if (paymentIntent == null) {
                throw new RefundRefusedException("the checkout session has no payment");
            }
            RefundCreateParams.Builder params = RefundCreateParams.builder()
                    .setPaymentIntent(paymentIntent)
                    .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                    .putMetadata("order_id", r.orderId())
                    .putMetadata("support_reason", r.reason().length() > 500
                            ? r.reason().substring(0, 500) : r.reason());
            if (r.amountMinor() != null) {
                params.setAmount(r.amountMinor()); // without it, Stripe refunds all that is left of the charge
            }
            com.stripe.model.Refund refund = stripe.v1().refunds().create(params.build(),
                    idempotent(r.idempotencyKey()));
            return new RefundGateway.Refund(refund.getId(), refund.getAmount(), refund.getCurrency(),
                    refund.getStatus());
        } catch (IdempotencyException e) {
            throw unavailable("create refund", e);
        } catch (InvalidRequestException e) {
            // charge_already_refunded, charge_not_refundable, …: a business refusal, not a fault
            throw new RefundRefusedException(e.getCode() != null ? e.getCode() : "invalid_request");
        } catch (StripeException e) {
            throw unavailable("create refund", e);
        }
    }

    @Override
    public boolean awaitsAnswer(String disputeId) {
        String status = answer("retrieve dispute", () -> stripe.v1().disputes().retrieve(disputeId).getStatus());
        return "needs_response".equals(status) || "warning_needs_response".equals(status);
    }

    @Override
    public void accept(String disputeId) {
        answer("accept dispute", () -> stripe.v1().disputes().close(disputeId,
                idempotent("dispute-accept-" + disputeId)));
    }

    @Override
    public void contest(String disputeId, Evidence evidence) {
        answer("contest dispute", () -> stripe.v1().disputes().update(disputeId, DisputeUpdateParams.builder()
                .setEvidence(DisputeUpdateParams.Evidence.builder()
                        .setProductDescription(evidence.productDescription())
                        .setServiceDate(evidence.serviceDate())
                        .setAccessActivityLog(evidence.deliveryLog())
                        .build())
                .setSubmit(true)
                .build(), idempotent("dispute-contest-" + disputeId)));
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    /** A refusal (the dispute closed already) is the business's; anything else a fault to retry. */
    private static <T> T answer(String what, StripeCall<T> call) {
        try {
            return call.run();
        } catch (IdempotencyException e) {
            throw unavailable(what, e);
        } catch (InvalidRequestException e) {
            throw new RefundRefusedException(e.getCode() != null ? e.getCode() : "invalid_request");
        } catch (StripeException e) {
            throw unavailable(what, e);
        }
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private static CheckoutGateway.GatewayUnavailableException unavailable(String what, StripeException e) {
        // Stripe's message names the request and status, never the card or customer
        return new CheckoutGateway.GatewayUnavailableException(what + " failed: HTTP " + e.getStatusCode() + " "
                + (e.getCode() != null ? e.getCode() : e.getClass().getSimpleName()), e);
    }
}
