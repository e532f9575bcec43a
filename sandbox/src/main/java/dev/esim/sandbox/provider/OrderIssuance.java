package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Orders and the eSIM profiles they issue: {@code POST /v1/orders} (validated, refused for stock or balance, charged,
 * then a line issued at once — sync — or after {@code async-activation-delay} with {@code activation.ready} or
 * {@code order.failed}), the order look-ups, and the async activations a restart found still {@code processing}.
 */
final class OrderIssuance {

    private final ProviderProperties properties;
    private final ProviderState state;
    private final Catalogue catalogue;
    private final LineLifecycle life;
    private final Iccids iccids;
    private final ProviderGate gate;
    private final IdempotentCalls idempotent;
    private final Callbacks callbacks;
    private final ScheduledExecutorService scheduler;

    OrderIssuance(ProviderProperties properties, ProviderState state, Catalogue catalogue, LineLifecycle life,
            Iccids iccids, ProviderGate gate, IdempotentCalls idempotent, Callbacks callbacks,
            ScheduledExecutorService scheduler) {
        this.properties = properties;
        this.state = state;
        this.catalogue = catalogue;
        this.life = life;
        this.iccids = iccids;
        this.gate = gate;
        this.idempotent = idempotent;
        this.callbacks = callbacks;
        this.scheduler = scheduler;
    }

    ApiResult create(String idempotencyKey, JsonNode request) {
        synchronized (state) {
            return idempotent.call("POST /v1/orders", idempotencyKey, request, () -> {
                ApiResult invalid = invalidOrder(request);
                if (invalid != null) {
                    return invalid;
                }
                Plan plan = catalogue.find(text(request, "sku")).orElseThrow();
                ApiResult refusal = refuseSale(plan);
                return refusal != null ? refusal : place(text(request, "reference"), plan);
            });
        }
    }

    ApiResult order(String orderId) {
        synchronized (state) {
            SimulatedOrder order = state.order(orderId);
            return order == null ? ApiResult.notFound("no order " + orderId)
                    : ApiResult.ok(200, life.orderJson(order));
        }
    }

    ApiResult ordersByReference(String reference) {
        synchronized (state) {
            List<Map<String, Object>> items = state.orders().stream()
                    .filter(o -> o.reference.equals(reference))
                    .map(life::orderJson)
                    .toList();
            return ApiResult.ok(200, Map.of("items", items));
        }
    }

    /** Runs again, after the usual delay, the async activations a restart found still {@code processing}. */
    void resume(Collection<SimulatedOrder> restored) {
        restored.stream().filter(o -> "processing".equals(o.status))
                .forEach(o -> scheduleActivation(o.id, properties.asyncActivationDelay()));
    }

    /** Why the plan cannot be sold now (out of stock, or the balance does not cover it), or null. Under the lock. */
    ApiResult refuseSale(Plan plan) {
        if (gate.faults().outOfStockSkus().contains(plan.sku())) {
            return ApiResult.error(409, "sku_unavailable", plan.sku() + " is out of stock");
        }
        BigDecimal cost = plan.costInUsd(properties.eurToUsd());
        if (gate.faults().insufficientBalance() || state.balance().compareTo(cost) < 0) {
            return ApiResult.error(402, "insufficient_balance",
                    "Prepaid balance is below the net price of " + plan.sku() + " (" + cost + " USD)");
        }
        return null;
    }

    /** A string field of a request body, or null when it is missing or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private ApiResult invalidOrder(JsonNode request) {
        String reference = text(request, "reference");
        String sku = text(request, "sku");
        JsonNode quantity = request.get("quantity");
        if (reference == null || reference.isBlank()) {
            return ApiResult.validation("reference is required");
        }
        if (sku == null || catalogue.find(sku).isEmpty()) {
            return ApiResult.validation("sku is missing or unknown: " + sku);
        }
        if (quantity != null && !(quantity.isIntegralNumber() && quantity.asInt() == 1)) {
            return ApiResult.validation("quantity must be 1: one order issues one eSIM");
        }
        return null;
    }

    /** Charges the balance and issues the line now (201), or leaves the order {@code processing} (202). */
    private ApiResult place(String reference, Plan plan) {
        SimulatedOrder order = new SimulatedOrder("ord_" + RandomIds.randomId(20), reference, plan, state.now(),
                plan.costInUsd(properties.eurToUsd()));
        state.debit(order.chargedUsd);
        state.addOrder(order);
        if (state.modeFor(plan.sku()) == ActivationMode.ASYNC) {
            order.status = "processing";
            scheduleActivation(order.id, properties.asyncActivationDelay());
            state.saveOrder(order);
            return ApiResult.ok(202, life.orderJson(order));
        }
        issueLine(order);
        order.status = "completed";
        state.saveOrder(order);
        return ApiResult.ok(201, life.orderJson(order));
    }

    private void scheduleActivation(String orderId, Duration delay) {
        scheduler.schedule(() -> activate(orderId), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void activate(String orderId) {
        WebhookDispatcher.Event event;
        synchronized (state) {
            SimulatedOrder order = state.order(orderId);
            if (order == null || !"processing".equals(order.status)) {
                return; // reset in between
            }
            event = gate.faults().failAsyncActivation() ? failActivation(order) : completeActivation(order);
            state.saveOrder(order);
        }
        callbacks.send(event); // outside the lock: delivery must never hold up the API
    }

    private WebhookDispatcher.Event failActivation(SimulatedOrder order) {
        order.status = "failed";
        order.failureReason = "activation_failed";
        state.credit(order.chargedUsd);
        return callbacks.orderFailed(order);
    }

    private WebhookDispatcher.Event completeActivation(SimulatedOrder order) {
        SimulatedLine line = issueLine(order);
        order.status = "completed";
        return callbacks.activationReady(order, line);
    }

    private SimulatedLine issueLine(SimulatedOrder order) {
        Instant now = state.now();
        SimulatedLine line = new SimulatedLine(iccids.next(), order, RandomIds.activationCode(), now,
                LineLifecycle.endOfDay(now, order.plan.validityDays()), order.plan.dataAllowanceMb(), order.chargedUsd);
        state.addLine(line);
        order.line = line;
        return line;
    }
}
