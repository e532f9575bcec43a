package dev.esim.catalog.reconciliation;

import dev.esim.catalog.orders.OrderExpiry;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.ProviderOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mop-up job (seed 000's "background reconciliation"): finishes or flags journeys the events did not finish.
 * One run, in this order:
 * <ol>
 *   <li>gateway events never delivered to our webhook endpoint (the gateway gave up, or is still retrying) are
 *       re-delivered to payment-ingress, signed like that gateway signs them — for each gateway configured;</li>
 *   <li>unpaid orders past their session lifetime are expired — by the orders feature's own {@link OrderExpiry},
 *       which first expires the gateway session;</li>
 *   <li>unpaid orders whose session their gateway reports paid get that session's events re-delivered (or, if
 *       none can be found, a finding);</li>
 *   <li>orders paid but not active after {@code stuck-after} are looked up at the provider, and flagged: the worker
 *       owns provisioning, so this job only records what it found for support to re-drive.</li>
 * </ol>
 * Journeys (and events) younger than the grace period are left alone. Every step is idempotent — deterministic
 * event ids, expiry under a row lock, findings keyed by order — so several instances, or a run on demand beside the
 * scheduled one, cannot do anything twice that matters. No personal data is logged: ids and types only.
 */
public final class Reconciliation {

    /** What one run did. */
    public record Report(int eventsRedelivered, int ordersExpired, int paymentsRecovered, int ordersChecked,
                         int newFindings) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    /** A gateway's reader and its way back into payment-ingress. */
    record Link(PaymentGateway gateway, WebhookRedelivery redelivery) {
    }

    private final Map<String, Link> gateways;
    private final OrderExpiry expiry;
    private final List<? extends EsimProvider> providers;
    private final Journeys journeys;
    private final Findings findings;
    private final Redeliveries redeliveries;
    private final ReconciliationMetrics metrics;
    private final Clock clock;
    private final Duration gracePeriod;
    private final Duration lookback;
    private final Duration stuckAfter;
    private final int batchSize;

    /**
     * @param gateways  by name, as in {@code orders.payment_gateway}
     * @param providers the primary first, then those the worker may fail over to: an order is looked up at each
     */
    Reconciliation(Map<String, Link> gateways, OrderExpiry expiry, List<? extends EsimProvider> providers,
                   Journeys journeys, Findings findings, Redeliveries redeliveries, ReconciliationMetrics metrics,
                   Clock clock, Duration gracePeriod, Duration lookback, Duration stuckAfter, int batchSize) {
        this.gateways = new LinkedHashMap<>(gateways);
        this.expiry = expiry;
        this.providers = List.copyOf(providers);
        this.journeys = journeys;
        this.findings = findings;
        this.redeliveries = redeliveries;
        this.metrics = metrics;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
        this.lookback = lookback;
        this.stuckAfter = stuckAfter;
        this.batchSize = batchSize;
    }

    public Report run() {
        return run(clock.instant());
    }

    /** One run as of {@code now} (tests pass a later instant instead of waiting hours). */
    public synchronized Report run(Instant now) {
        Instant settled = now.minus(gracePeriod);
        Instant oldest = now.minus(lookback);
        Set<String> redeliveredObjects = new HashSet<>();
        int[] newFindings = {0};

        int events = step("redeliver_event", () -> redeliverUndelivered(oldest, settled, redeliveredObjects));
        int expired = step("expire", () -> expireDue(now));
        int recovered = step("recover_payment",
                () -> recoverPaidSessions(oldest, settled, redeliveredObjects, now, newFindings));
        int checked = step("check_provider", () -> checkPaidNotActive(oldest, now, newFindings));
        step("resolve_findings", () -> {
            int resolved = findings.resolveSettled(now);
            metrics.count("resolve_finding", "resolved", resolved);
            metrics.open(findings.openByKind());
            return resolved;
        });
        metrics.finished(clock.instant().getEpochSecond());
        Report report = new Report(events, expired, recovered, checked, newFindings[0]);
        LOG.info("Reconciliation run: {}", report);
        return report;
    }

    /** A fault in one step (gateway or provider down) is counted and must not stop the others. */
    private int step(String action, java.util.function.IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (RuntimeException e) {
            metrics.count(action, "error");
            LOG.warn("Reconciliation step {} failed, next run retries: {}", action, e.toString());
            return 0;
        }
    }

    private int redeliverUndelivered(Instant from, Instant to, Set<String> redeliveredObjects) {
        int accepted = 0;
        for (Link link : gateways.values()) {
            for (GatewayEvent event : link.gateway().undeliveredEvents(from, to)) {
                if (redeliveries.done(event.id())) {
                    continue; // the gateway lists it for as long as it keeps it; once is enough
                }
                if (redeliver(link, event,
                        "Re-delivered undelivered gateway event {} ({}, object {}) to payment-ingress: {}")) {
                    accepted++;
                    redeliveredObjects.add(event.objectId());
                }
            }
        }
        return accepted;
    }

    private boolean redeliver(Link link, GatewayEvent event, String logMessage) {
        WebhookRedelivery.Outcome outcome = link.redelivery().redeliver(event);
        metrics.count("redeliver_event", outcome.tag());
        LOG.info(logMessage, event.id(), event.type(), event.objectId(), outcome.tag());
        if (outcome.accepted()) {
            redeliveries.record(event, clock.instant());
        }
        return outcome.accepted();
    }

    private int expireDue(Instant now) {
        int expired = expiry.expireDue(now);
        metrics.count("expire", "expired", expired);
        if (expired > 0) {
            LOG.info("Expired {} unpaid order(s) past their session lifetime", expired);
        }
        return expired;
    }

    private int recoverPaidSessions(Instant from, Instant to, Set<String> redeliveredObjects, Instant now,
                                    int[] newFindings) {
        int recovered = 0;
        for (Journeys.Pending order : journeys.pendingCreatedBetween(from, to, batchSize)) {
            Link link = gateways.get(order.gateway());
            if (link == null) {
                metrics.count("recover_payment", "error");
                LOG.warn("Order {} was paid through {}, which is not configured here", order.orderId(),
                        order.gateway());
                continue;
            }
            PaymentGateway.CheckoutSession session;
            try {
                session = link.gateway().checkoutSession(order.checkoutSessionId());
            } catch (RuntimeException e) {
                metrics.count("recover_payment", "error");
                LOG.warn("Could not read the session of order {}: {}", order.orderId(), e.getMessage());
                continue;
            }
            if (!session.paid()) {
                // open: still payable; expired: step 2 expires the order; unpaid complete: the async outcome follows
                continue;
            }
            if (redeliveredObjects.contains(session.id())) {
                continue; // its events went to payment-ingress a moment ago in this run
            }
            // its events come after its creation (an async payment's outcome may come days after the session)
            List<GatewayEvent> events = link.gateway().paymentEvents(session.id(), order.createdAt().minusSeconds(60),
                    now);
            List<GatewayEvent> fresh = events.stream().filter(e -> !redeliveries.done(e.id())).toList();
            boolean accepted = false;
            for (GatewayEvent event : fresh) {
                accepted |= redeliver(link, event, "Re-delivered {} ({}, object {}) of a session paid at the gateway"
                        + " but unpaid here: {}");
            }
            if (accepted) {
                recovered++;
                metrics.count("recover_payment", "redelivered");
            } else if (fresh.isEmpty()) {
                // nothing (left) to re-deliver: no event found, or re-delivered on an earlier run without effect
                metrics.count("recover_payment", events.isEmpty() ? "no_event" : "not_applied");
                if (findings.record(order.orderId(), Finding.PAYMENT_NOT_RECORDED, session.id(), now)) {
                    newFindings[0]++;
                    LOG.warn("ALERT order {} is paid at the gateway (session {}) but still unpaid here, and {}:"
                            + " support must look at it", order.orderId(), session.id(), events.isEmpty()
                            ? "no gateway event for it was found" : "its events were re-delivered before");
                }
            } else {
                metrics.count("recover_payment", "failed");
            }
        }
        return recovered;
    }

    private int checkPaidNotActive(Instant from, Instant now, int[] newFindings) {
        int checked = 0;
        for (Journeys.PaidNotActive order : journeys.paidNotActive(from, now.minus(stuckAfter), batchSize)) {
            Optional<ProviderOrder> atProvider = Optional.empty();
            EsimProvider asked = providers.get(0);
            try {
                // the worker may have failed over: the order is wherever a provider knows its reference
                for (EsimProvider provider : providers) {
                    asked = provider;
                    atProvider = provider.findOrderByReference(order.orderId());
                    if (atProvider.isPresent()) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                metrics.count("check_provider", "error");
                LOG.warn("Could not look order {} up at provider {}: {}", order.orderId(), asked.name(),
                        e.getMessage());
                continue;
            }
            checked++;
            Finding finding = atProvider.map(o -> switch (o.status()) {
                case COMPLETED -> Finding.PROVIDER_COMPLETED;
                case PROCESSING -> Finding.PROVIDER_PROCESSING;
                case FAILED -> Finding.PROVIDER_FAILED;
            }).orElse(Finding.STUCK);
            String providerName = asked.name();
            String detail = atProvider.map(o -> providerName + ":" + o.providerOrderId()).orElse(null);
            metrics.count("check_provider", finding.tag());
            boolean isNew = findings.record(order.orderId(), finding, detail, now);
            if (isNew) {
                newFindings[0]++;
            }
            // warn once per finding, then quietly while it stays open (the gauge keeps alerting)
            String message = "ALERT order {} ({}) paid {} ago, status {}: provider {} says {}";
            Object[] args = {order.orderId(), order.kind(), Duration.between(order.paidAt(), now).withNanos(0),
                    order.status(), atProvider.isPresent() ? providerName : "no provider", finding.tag()};
            if (isNew) {
                LOG.warn(message, args);
            } else {
                LOG.info(message, args);
            }
        }
        return checked;
    }
}
