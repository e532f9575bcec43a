package dev.esim.catalog.checkout;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.orders.EmailHashes;
import dev.esim.catalog.orders.NewOrder;
import dev.esim.catalog.orders.OrderView;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.FieldSealer;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.outbox.OutboxEvent;
import dev.esim.catalog.plans.Plan;
import dev.esim.catalog.plans.PlanCatalog;
import dev.esim.catalog.plans.Price;
import dev.esim.events.EventIds;
import dev.esim.events.OrderTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a validated checkout request into an order awaiting payment: prices every item from our catalogue (never
 * from the request), asks the chosen gateway ({@link GatewayChoice}) for a hosted checkout session, then stores the
 * order and its {@code OrderPlaced} event in one transaction (outbox). The traveller's e-mail address leaves here
 * only sealed in the event; the order keeps its keyed hash ({@link EmailHashes}), which support searches by.
 *
 * <p>The gateway is called before the insert because the event must carry the session id. The order id is derived
 * from the idempotency key and request, and the gateway gets an idempotency key derived from the order id: a retry
 * of a request whose order was stored answers with that order's session; one whose order was never stored (the
 * database failed after the gateway answered) opens a session again — the gateway replays the first one, or, where
 * the retry's parameters differ (a later {@code expires_at}), the adapter opens a fresh one that nobody has seen
 * either. The order is stored once.
 */
final class Checkout {

    private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

    /** The checkout response (seed 001 shape plus {@code order_id}). */
    record SessionJson(String id, String orderId, String orderToken, String paymentUrl, String status,
            Instant expiresAt) {
    }

    private final PlanCatalog catalog;
    private final TopUpTargets topUpTargets;
    private final CheckoutGateway gateway;
    private final GatewayChoice gatewayChoice;
    private final Orders orders;
    private final Outbox outbox;
    private final FieldSealer sealer;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration sessionLifetime;
    private final OrderTokens tokens;
    private final EmailHashes emailHashes;

    Checkout(PlanCatalog catalog, TopUpTargets topUpTargets, GatewayChoice gatewayChoice, Orders orders,
             Outbox outbox, FieldSealer sealer, TransactionTemplate tx, Clock clock, Duration sessionLifetime,
             OrderTokens tokens, EmailHashes emailHashes) {
        this.tokens = tokens;
        this.emailHashes = emailHashes;
        this.catalog = catalog;
        this.topUpTargets = topUpTargets;
        this.gateway = gatewayChoice.gateways();
        this.gatewayChoice = gatewayChoice;
        this.orders = orders;
        this.outbox = outbox;
        this.sealer = sealer;
        this.tx = tx;
        this.clock = clock;
        this.sessionLifetime = sessionLifetime;
    }

    /** Blocking. {@code idempotencyKey} and {@code requestHash} fix the order id. */
    SessionJson place(CheckoutCommand command, String idempotencyKey, String requestHash) {
        List<NewOrder.Line> lines = new ArrayList<>();
        Map<String, String> termsUrls = new HashMap<>();
        Price total = null;
        for (CheckoutCommand.Item item : command.items()) {
            Plan plan = catalog.find(item.sku())
                    .orElseThrow(() -> ApiException.validation("Unknown SKU " + item.sku() + "."));
            if (!plan.available()) {
                throw new ApiException(409, "sku_unavailable", "Requested SKU " + plan.sku()
                        + " is not available right now.");
            }
            if (total != null && !total.currency().equals(plan.price().currency())) {
                throw ApiException.validation("All items of one checkout must be priced in the same currency;"
                        + " " + plan.sku() + " is sold in " + plan.price().currency() + ".");
            }
            Price lineTotal = plan.price().times(item.quantity());
            total = total == null ? lineTotal : total.plus(lineTotal);
            lines.add(new NewOrder.Line(plan.sku(), plan.name(), item.quantity(), plan.price(), plan.coverage(),
                    plan.dataAllowanceMb(), plan.validityDays()));
            if (plan.termsUrl() != null) {
                termsUrls.put(plan.sku(), plan.termsUrl());
            }
        }
        if ("TOP_UP".equals(command.kind())) {
            topUpTargets.requireToppable(command.topupIccid());
        }
        String gatewayName = gatewayChoice.choose(command.paymentGateway(), command.customerCountry(),
                total.currency());
        String orderId = "ord_" + EventIds.derive("checkout", idempotencyKey, requestHash).replace("-", "");
        Optional<OrderView> stored = orders.find(orderId);
        if (stored.isPresent()) {
            // stored by an earlier attempt whose answer was lost (a crash between our commit and the idempotency
            // record): answer with that order's session rather than open a second one nobody would pay
            OrderView o = stored.get();
            return new SessionJson(o.checkoutSessionId(), orderId, tokens.token(orderId), o.paymentUrl(),
                    "pending_payment", o.expiresAt());
        }
        Instant now = clock.instant();
        CheckoutGateway.Session session;
        try {
            session = gateway.createSession(new CheckoutGateway.SessionRequest(gatewayName, orderId,
                    lines.stream().map(l -> new CheckoutGateway.Line(l.name(), description(command, l),
                            l.unitPrice().amountMinor(), l.quantity())).toList(),
                    total.currency(), command.customerEmail(), command.successUrl(), command.cancelUrl(),
                    now.plus(sessionLifetime), "catalog-checkout-" + orderId, command.kind()));
        } catch (CheckoutGateway.GatewayUnavailableException e) {
            LOG.warn("Gateway could not create the session of order {}: {}", orderId, e.getMessage());
            throw ApiException.unavailable("The payment gateway is not reachable right now; retry with the same"
                    + " Idempotency-Key.");
        }
        NewOrder order = new NewOrder(orderId, command.kind(), command.topupIccid(), List.copyOf(lines), total,
                command.customerCountry(), emailHashes.of(command.customerEmail()), command.metadata(), session.id(),
                session.url(), session.expiresAt(), now, gatewayName);
        String eventId = EventIds.derive(orderId, "OrderPlaced");
        OutboxEvent.OrderPlaced placed = new OutboxEvent.OrderPlaced(eventId, now.toEpochMilli(), idempotencyKey,
                orderId, command.kind(), lines.stream().map(l -> new OutboxEvent.Item(l.sku(), l.name(),
                        l.quantity(), l.unitPrice().amountMinor(), l.coverage(), l.dataAllowanceMb(),
                        l.validityDays(), termsUrls.get(l.sku()))).toList(),
                total.amountMinor(), total.currency(), sealer.seal(command.customerEmail(), eventId),
                command.customerCountry(), command.topupIccid(), session.id(), session.expiresAt().toEpochMilli());
        tx.executeWithoutResult(status -> {
            orders.insert(order);
            outbox.append(placed);
        });
        LOG.info("Order {} ({}) placed: {} {} in {} unit(s), {} session {}", orderId, command.kind(),
                total.decimal(), total.currency(), order.units(), gatewayName, session.id());
        return new SessionJson(session.id(), orderId, tokens.token(orderId), session.url(), "pending_payment",
                session.expiresAt());
    }

    private static String description(CheckoutCommand command, NewOrder.Line line) {
        if ("TOP_UP".equals(command.kind())) {
            return "Top-up of an existing eSIM line";
        }
        return "eSIM data plan, " + line.coverage().size() + (line.coverage().size() == 1 ? " country" : " countries");
    }
}
