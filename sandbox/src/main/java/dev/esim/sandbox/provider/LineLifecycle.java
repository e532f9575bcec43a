package dev.esim.sandbox.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a simulated line lives with the simulator's clock — installed (by the admin API, or by itself after
 * {@code auto-install-after}), used at {@code usage-mb-per-hour} from then on, expired at the end of its last day — and
 * how the provider's API shows lines and orders. Pure functions of a line and a moment; the simulator holds the lock.
 */
final class LineLifecycle {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private final ProviderProperties properties;

    LineLifecycle(ProviderProperties properties) {
        this.properties = properties;
    }

    /** When the profile was installed: explicitly via the admin API, or automatically after the configured delay. */
    Instant installedAt(SimulatedLine line, Instant now) {
        if (line.installedAt != null) {
            return line.installedAt;
        }
        Duration auto = properties.autoInstallAfter();
        if (auto.isZero() || auto.isNegative()) {
            return null;
        }
        Instant autoAt = line.issuedAt.plus(auto);
        Instant horizon = line.cancelledAt != null ? line.cancelledAt : now;
        return autoAt.isAfter(horizon) ? null : autoAt;
    }

    long usedMb(SimulatedLine line, Instant now) {
        Instant installed = installedAt(line, now);
        long byTime = 0;
        if (installed != null) {
            Instant until = now.isBefore(line.validUntil) ? now : line.validUntil;
            long seconds = Math.max(0, Duration.between(installed, until).getSeconds());
            byTime = seconds * properties.usageMbPerHour() / 3600;
        }
        return Math.min(line.allowanceMb, line.extraUsageMb + byTime);
    }

    String status(SimulatedLine line, Instant now) {
        if (line.cancelledAt != null) {
            return "cancelled";
        }
        if (now.isAfter(line.validUntil)) {
            return "expired";
        }
        return installedAt(line, now) != null ? "active" : "ready";
    }

    String lpa(SimulatedLine line) {
        return "LPA:1$" + properties.smdpHost() + "$" + line.activationCode;
    }

    String qrUrl(SimulatedOrder order) {
        return properties.publicBaseUrl() + "/v1/qr/" + order.id + ".png";
    }

    Map<String, Object> statusJson(SimulatedLine line, Instant now) {
        long used = usedMb(line, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("iccid", line.iccid);
        body.put("status", status(line, now));
        body.put("installed", installedAt(line, now) != null);
        body.put("data", Map.of("used_mb", used, "remaining_mb", line.allowanceMb - used));
        body.put("valid_until", ISO.format(line.validUntil));
        return body;
    }

    Map<String, Object> orderJson(SimulatedOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_id", order.id);
        body.put("reference", order.reference);
        body.put("status", order.status);
        body.put("sku", order.plan.sku());
        body.put("created_at", ISO.format(order.createdAt));
        if (order.failureReason != null) {
            body.put("failure_reason", order.failureReason);
        }
        SimulatedLine line = order.line;
        if (line == null) {
            body.put("line", null);
        } else {
            Map<String, Object> lineJson = new LinkedHashMap<>();
            lineJson.put("iccid", line.iccid);
            lineJson.put("smdp_plus", lpa(line));
            lineJson.put("activation_code", line.activationCode);
            lineJson.put("smdp_address", properties.smdpHost());
            lineJson.put("qr_url", qrUrl(order));
            lineJson.put("valid_from", ISO.format(line.validFrom));
            lineJson.put("expires_at", ISO.format(line.validUntil));
            body.put("line", lineJson);
        }
        return body;
    }

    /** Validity ends at the last second of the day {@code days} after issue, as in seed 001's example. */
    static Instant endOfDay(Instant from, int days) {
        return from.atZone(ZoneOffset.UTC).toLocalDate().plusDays(days).atTime(LocalTime.of(23, 59, 59))
                .toInstant(ZoneOffset.UTC);
    }
}
