package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What happens to an issued line: {@code GET /v1/lines/{iccid}}, cancellation (refunded while the profile was never
 * installed), top-ups (a plan of the same region adds data and extends validity), and the admin's install and usage
 * steering, after which the lines are scanned for notices at once ({@link Callbacks#scanLines()}).
 */
final class LineOperations {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private final ProviderProperties properties;
    private final ProviderState state;
    private final Catalogue catalogue;
    private final LineLifecycle life;
    private final IdempotentCalls idempotent;
    private final OrderIssuance orders;
    private final Callbacks callbacks;

    LineOperations(ProviderProperties properties, ProviderState state, Catalogue catalogue, LineLifecycle life,
            IdempotentCalls idempotent, OrderIssuance orders, Callbacks callbacks) {
        this.properties = properties;
        this.state = state;
        this.catalogue = catalogue;
        this.life = life;
        this.idempotent = idempotent;
        this.orders = orders;
        this.callbacks = callbacks;
    }

    ApiResult line(String iccid) {
        synchronized (state) {
            SimulatedLine line = state.line(iccid);
            return line == null ? ApiResult.notFound("no line " + iccid)
                    : ApiResult.ok(200, life.statusJson(line, state.now()));
        }
    }

    ApiResult cancel(String idempotencyKey, String iccid, JsonNode request) {
        synchronized (state) {
            return idempotent.call("POST /v1/lines/" + iccid + "/cancel", idempotencyKey, request, () -> {
                SimulatedLine line = state.line(iccid);
                if (line == null) {
                    return ApiResult.notFound("no line " + iccid);
                }
                Instant now = state.now();
                if (line.cancelledAt == null && life.installedAt(line, now) != null) {
                    return ApiResult.conflict(
                            "the eSIM profile is installed on a device and can no longer be cancelled");
                }
                if (line.cancelledAt == null) {
                    cancelAndRefund(line, now);
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("iccid", iccid);
                body.put("status", "cancelled");
                body.put("refunded", true);
                return ApiResult.ok(200, body);
            });
        }
    }

    ApiResult topUp(String idempotencyKey, JsonNode request) {
        synchronized (state) {
            return idempotent.call("POST /v1/topups", idempotencyKey, request, () -> {
                String iccid = OrderIssuance.text(request, "iccid");
                String sku = OrderIssuance.text(request, "sku");
                if (iccid == null || sku == null || catalogue.find(sku).isEmpty()) {
                    return ApiResult.validation("iccid and a known sku are required");
                }
                SimulatedLine line = state.line(iccid);
                if (line == null) {
                    return ApiResult.notFound("no line " + iccid);
                }
                Plan plan = catalogue.find(sku).orElseThrow();
                Instant now = state.now();
                ApiResult refusal = refuseTopUp(line, plan, now);
                return refusal != null ? refusal : applyTopUp(line, plan, now);
            });
        }
    }

    /** Marks the line's profile as installed on a device: it becomes {@code active} and can no longer be cancelled. */
    void install(String iccid) {
        synchronized (state) {
            SimulatedLine line = state.requireLine(iccid);
            if (line.installedAt == null) {
                line.installedAt = state.now();
                state.journal().line(line);
            }
        }
        callbacks.scanLines();
    }

    /** Adds data usage to a line, as if the traveller had used it. */
    void addUsage(String iccid, long megabytes) {
        synchronized (state) {
            SimulatedLine line = state.requireLine(iccid);
            line.extraUsageMb += megabytes;
            state.journal().line(line);
        }
        callbacks.scanLines();
    }

    private void cancelAndRefund(SimulatedLine line, Instant now) {
        line.cancelledAt = now;
        state.credit(line.chargedUsd);
        // the order stays "completed": docs/provider-api.md knows no other terminal order status, the line
        // carries the cancellation
        state.countCancellation();
        state.journal().line(line);
        state.saveAccount();
    }

    /** Why the plan cannot top up the line: another region, a line no longer live, or no sale; null if it can. */
    private ApiResult refuseTopUp(SimulatedLine line, Plan plan, Instant now) {
        if (!plan.region().equals(line.order.plan.region())) {
            return ApiResult.validation(plan.sku() + " does not top up a " + line.order.plan.region() + " line");
        }
        if (line.cancelledAt != null || now.isAfter(line.validUntil)) {
            return ApiResult.conflict("the line is " + life.status(line, now) + " and cannot be topped up");
        }
        return orders.refuseSale(plan);
    }

    private ApiResult applyTopUp(SimulatedLine line, Plan plan, Instant now) {
        BigDecimal cost = plan.costInUsd(properties.eurToUsd());
        state.debit(cost);
        line.chargedUsd = line.chargedUsd.add(cost);
        line.allowanceMb += plan.dataAllowanceMb();
        Instant extended = LineLifecycle.endOfDay(now, plan.validityDays());
        if (extended.isAfter(line.validUntil)) {
            line.validUntil = extended;
        }
        state.countTopUp();
        state.journal().line(line);
        state.saveAccount();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topup_id", "top_" + RandomIds.randomId(20));
        body.put("iccid", line.iccid);
        body.put("sku", plan.sku());
        body.put("status", "applied");
        body.put("data_added_mb", plan.dataAllowanceMb());
        body.put("valid_until", ISO.format(line.validUntil));
        return ApiResult.ok(201, body);
    }
}
