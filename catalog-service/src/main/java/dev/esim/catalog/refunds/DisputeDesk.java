package dev.esim.catalog.refunds;

import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.lines.LineRefunds;
import dev.esim.catalog.orders.Disputes;
import dev.esim.catalog.orders.OrderStatus;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Answers every chargeback once, so that "money taken ⇔ eSIM delivered" holds whichever way the bank decides:
 * <ul>
 *   <li>no line of the order is installed (or none was issued): its lines are cancelled at their provider first, then
 *       the dispute is <b>accepted</b> — the money goes back to the payer and nobody keeps an eSIM;</li>
 *   <li>a line is installed on the traveller's device, or a top-up's data was added: the service was delivered, so
 *       the dispute is <b>contested</b> with that evidence (what was sold, when, the provider's record of the
 *       install).</li>
 * </ul>
 * Disputes are recorded as they open ({@link #record}: orders' {@link Disputes} port, fed from the payments topic)
 * and answered by a schedule, so an unreachable gateway or provider only delays the answer; before answering, the
 * desk asks the gateway whether the dispute still waits for one (a bank may decide first). Each answer carries an
 * idempotency key derived from the dispute. What the bank then decides arrives as {@code PaymentDisputed} WON or LOST
 * (recorded too), which the worker and the order projection act on like any payment event.
 */
final class DisputeDesk implements Disputes {

    private static final Logger LOG = LoggerFactory.getLogger(DisputeDesk.class);
    /** The gateway's refusal code for an answer to a dispute it has closed already. */
    static final String ALREADY_CLOSED = "dispute_already_closed";

    private final Orders orders;
    private final LineRefunds lines;
    private final DisputeGateway gateway;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    DisputeDesk(Orders orders, LineRefunds lines, DisputeGateway gateway, JdbcClient jdbc, MeterRegistry meters,
                Clock clock) {
        this.orders = orders;
        this.lines = lines;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void record(Dispute d) {
        boolean opened = d.decision() == null;
        String onConflict = opened ? "do nothing" : "do update set state = excluded.state";
        int inserted = jdbc.sql("""
                        insert into disputes (dispute_id, order_id, payment_intent_id, amount_minor, currency, reason,
                            opened_at, state)
                        values (:id, :order, :pi, :amount, :currency, :reason, :at, :state)
                        on conflict (dispute_id)\s""" + onConflict)
                .param("id", d.disputeId()).param("order", d.orderId()).param("pi", d.paymentIntentId())
                .param("amount", d.amountMinor()).param("currency", d.currency()).param("reason", d.reason())
                .param("at", Timestamp.from(d.at())).param("state", opened ? "open" : d.decision()).update();
        if (opened && inserted > 0) {
            meters.counter("esim.disputes.opened", "reason", d.reason()).increment();
            LOG.warn("order={} dispute={} reason={} outcome=chargeback_opened", d.orderId(), d.disputeId(),
                    d.reason());
        }
    }

    /** Answers the open disputes, oldest first; returns how many were answered. */
    public int answerDue() {
        record Due(String disputeId, String orderId) {
        }
        List<Due> due = jdbc.sql("select dispute_id, order_id from disputes where state = 'open'"
                        + " order by opened_at limit 100")
                .query((rs, row) -> new Due(rs.getString(1), rs.getString(2))).list();
        int answered = 0;
        for (Due d : due) {
            if (answer(d.disputeId(), d.orderId())) {
                answered++;
            }
        }
        return answered;
    }

    private boolean answer(String disputeId, String orderId) {
        OrderView order = orders.find(orderId).orElse(null);
        try {
            if (!gateway.awaitsAnswer(disputeId)) {
                return decidedBeforeAnswer(disputeId, orderId);
            }
            List<String> iccids = order == null || !"NEW_LINE".equals(order.kind()) ? List.of() : order.iccids();
            List<LineUsage> usage = lines.usage(iccids);
            boolean toppedUp = order != null && "TOP_UP".equals(order.kind())
                    && order.status() == OrderStatus.ACTIVE;
            boolean installed = usage.stream().anyMatch(LineUsage::installed);
            if (!installed && !toppedUp && cancelled(orderId, iccids)) {
                gateway.accept(disputeId);
                settle(disputeId, "accepted", null);
                LOG.info("order={} dispute={} outcome=accepted lines_cancelled={}", orderId, disputeId,
                        iccids.size());
            } else {
                gateway.contest(disputeId, evidence(order, usage));
                settle(disputeId, "contested", null);
                LOG.info("order={} dispute={} outcome=contested installed={} top_up={}", orderId, disputeId,
                        installed, toppedUp);
            }
            return true;
        } catch (RefundGateway.RefundRefusedException e) {
            if (ALREADY_CLOSED.equals(e.getMessage())) {
                return decidedBeforeAnswer(disputeId, orderId);
            }
            settle(disputeId, "refused", e.getMessage());
            LOG.error("order={} dispute={} outcome=answer_refused code={}: support must look", orderId, disputeId,
                    e.getMessage());
            count("refused");
            return false;
        } catch (CheckoutGateway.GatewayUnavailableException | ProviderException e) {
            jdbc.sql("update disputes set attempts = attempts + 1, last_error = :error where dispute_id = :id")
                    .param("error", e.getMessage()).param("id", disputeId).update();
            count("retry");
            LOG.warn("order={} dispute={} outcome=answer_later: {}", orderId, disputeId, e.getMessage());
            return false;
        }
    }

    /** The bank decided before we answered; its decision arrives as {@code PaymentDisputed} WON or LOST. */
    private boolean decidedBeforeAnswer(String disputeId, String orderId) {
        settle(disputeId, "decided", null);
        LOG.info("order={} dispute={} outcome=decided_before_answer", orderId, disputeId);
        return false;
    }

    /** Cancels each line at its provider; false when one got installed in the meantime (then it is contested). */
    private boolean cancelled(String orderId, List<String> iccids) {
        for (String iccid : iccids) {
            if (!lines.cancel(orderId, iccid)) {
                return false;
            }
        }
        return true;
    }

    private static DisputeGateway.Evidence evidence(OrderView order, List<LineUsage> usage) {
        if (order == null) {
            return new DisputeGateway.Evidence("Travel eSIM", null, "Order not known to the shop.");
        }
        String product = order.lines().stream().map(l -> l.quantity() + " × " + l.name() + " (travel eSIM, "
                + l.dataAllowanceMb() + " MB, " + l.validityDays() + " days)").collect(Collectors.joining("; "));
        String log = "Order " + order.orderId() + " paid and delivered as " + ("TOP_UP".equals(order.kind())
                ? "data added to eSIM " + order.topupIccid() : "eSIM profile(s) " + String.join(", ", order.iccids()))
                + ". " + usage.stream().map(u -> "Profile " + u.iccid() + ": " + (u.installed()
                        ? "installed on the customer's device" : "not installed") + ", " + u.usedMb()
                        + " MB used, status " + u.status().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(". "));
        String serviceDate = order.updatedAt() == null ? null
                : order.updatedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        // Stripe takes at most 20,000 characters of free-text evidence
        return new DisputeGateway.Evidence(product.isEmpty() ? "Travel eSIM" : product, serviceDate,
                log.length() > 20_000 ? log.substring(0, 20_000) : log);
    }

    private void settle(String disputeId, String state, String error) {
        // only an open dispute takes our answer: the bank's decision, read meanwhile, stays
        jdbc.sql("""
                        update disputes set state = :state, last_error = :error, attempts = attempts + 1,
                            answered_at = :now where dispute_id = :id and state = 'open'""")
                .param("state", state).param("error", error).param("now", Timestamp.from(clock.instant()))
                .param("id", disputeId).update();
        if (!"refused".equals(state)) {
            count(state); // refusals are counted where they are logged
        }
    }

    private void count(String outcome) {
        meters.counter("esim.disputes.answered", "outcome", outcome).increment();
    }
}
