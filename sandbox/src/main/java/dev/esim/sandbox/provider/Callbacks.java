package dev.esim.sandbox.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * The webhooks the simulator sends unasked, as docs/provider-api.md shows them ({@code type}, {@code id},
 * {@code created} in simulator time, {@code data}): {@code activation.ready} and {@code order.failed} for async orders,
 * and what a scan of the lines finds — {@code line.usage_threshold} at 80 % and 100 % of the allowance,
 * {@code line.expiring} 24 h before {@code valid_until}, each once per line (remembered in the journal). They leave
 * through {@link WebhookDispatcher} outside the lock: delivery must never hold up the API.
 */
final class Callbacks {

    private static final Duration EXPIRING_NOTICE = Duration.ofHours(24);
    private static final int[] USAGE_THRESHOLDS = {80, 100};
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private final ProviderState state;
    private final ObjectMapper json;
    private final WebhookDispatcher webhooks;
    private final LineLifecycle life;

    Callbacks(ProviderState state, ObjectMapper json, WebhookDispatcher webhooks, LineLifecycle life) {
        this.state = state;
        this.json = json;
        this.webhooks = webhooks;
        this.life = life;
    }

    /** Hands the event to the dispatcher; call it without holding the lock. */
    void send(WebhookDispatcher.Event event) {
        webhooks.send(event);
    }

    /** {@code order.failed}: the async activation failed and the order's charge went back to the balance. */
    WebhookDispatcher.Event orderFailed(SimulatedOrder order) {
        Map<String, Object> data = orderData(order);
        data.put("reason", order.failureReason);
        return event("order.failed", data);
    }

    /** {@code activation.ready}: the async order got its line. */
    WebhookDispatcher.Event activationReady(SimulatedOrder order, SimulatedLine line) {
        Map<String, Object> data = orderData(order);
        Map<String, Object> lineJson = new LinkedHashMap<>();
        lineJson.put("iccid", line.iccid);
        lineJson.put("smdp_plus", life.lpa(line));
        lineJson.put("qr_url", life.qrUrl(order));
        lineJson.put("valid_from", ISO.format(line.validFrom));
        lineJson.put("expires_at", ISO.format(line.validUntil));
        data.put("line", lineJson);
        return event("activation.ready", data);
    }

    /**
     * Looks at every line not cancelled and sends the usage and expiry notices now due. Runs every 5 s and after
     * every admin action that moves usage or time: usage and expiry advance with time, not with requests.
     */
    void scanLines() {
        List<WebhookDispatcher.Event> events = new ArrayList<>();
        synchronized (state) {
            Instant now = state.now();
            for (SimulatedLine line : state.lines()) {
                if (line.cancelledAt != null) {
                    continue;
                }
                int before = events.size();
                usageNotices(line, now, events);
                expiryNotice(line, now, events);
                if (events.size() > before) {
                    state.journal().line(line); // what it was told about, so a restart does not tell it again
                }
            }
        }
        events.forEach(webhooks::send);
    }

    private void usageNotices(SimulatedLine line, Instant now, List<WebhookDispatcher.Event> events) {
        long used = life.usedMb(line, now);
        for (int threshold : USAGE_THRESHOLDS) {
            if (used * 100 >= line.allowanceMb * threshold && line.thresholdsNotified.add(threshold)) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("iccid", line.iccid);
                data.put("reference", line.order.reference);
                data.put("used_mb", used);
                data.put("remaining_mb", line.allowanceMb - used);
                data.put("threshold_percent", threshold);
                events.add(event("line.usage_threshold", data));
            }
        }
    }

    private void expiryNotice(SimulatedLine line, Instant now, List<WebhookDispatcher.Event> events) {
        if (!line.expiringNotified && !now.isBefore(line.validUntil.minus(EXPIRING_NOTICE))
                && now.isBefore(line.validUntil)) {
            line.expiringNotified = true;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("iccid", line.iccid);
            data.put("reference", line.order.reference);
            data.put("expires_at", ISO.format(line.validUntil));
            events.add(event("line.expiring", data));
        }
    }

    private static Map<String, Object> orderData(SimulatedOrder order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", order.id);
        data.put("reference", order.reference);
        return data;
    }

    private WebhookDispatcher.Event event(String type, Map<String, Object> data) {
        String id = "evt_" + RandomIds.randomId(24);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("id", id);
        body.put("created", ISO.format(state.now().truncatedTo(ChronoUnit.SECONDS)));
        body.put("data", data);
        return new WebhookDispatcher.Event(id, type, json.writeValueAsString(body));
    }
}
