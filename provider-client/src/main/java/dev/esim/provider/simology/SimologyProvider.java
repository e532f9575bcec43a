package dev.esim.provider.simology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.InsufficientBalanceException;
import dev.esim.provider.LineUsage;
import dev.esim.provider.Money;
import dev.esim.provider.OutOfStockException;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderRejectedException;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.ProvisionedLine;
import dev.esim.provider.RateLimitedException;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Simology-style API of docs/provider-api.md. One HTTP request per method. */
final class SimologyProvider implements EsimProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SimologyProvider.class);
    // prices stay exact: 9.50 must not travel through a double
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final SimologyConfig config;
    private final HttpClient http;
    private final String base;

    SimologyProvider(SimologyConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
        String b = config.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public List<ProviderPlan> listPlans() {
        JsonNode body = send("GET", "/v1/catalog", null, null).body;
        List<ProviderPlan> plans = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            Set<String> coverage = new LinkedHashSet<>();
            item.path("coverage").forEach(c -> coverage.add(c.asText()));
            JsonNode price = item.path("price");
            plans.add(new ProviderPlan(name(), item.path("sku").asText(), item.path("name").asText(), coverage,
                    item.path("data_allowance_mb").asLong(), item.path("validity_days").asInt(),
                    new Money(price.path("amount").decimalValue(), price.path("currency").asText()),
                    item.path("available").asBoolean(true), item.path("esim_type").asText(ProviderPlan.DATA),
                    termsUrl(item.path("terms_url").asText(null))));
        }
        return plans;
    }

    /** Only an absolute http(s) URL is kept: it becomes a link in the traveller's e-mail. */
    static String termsUrl(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            return uri.isAbsolute() && ("https".equalsIgnoreCase(uri.getScheme())
                    || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
        ObjectNode payload = JSON.createObjectNode()
                .put("reference", request.orderId())
                .put("sku", request.sku())
                .put("quantity", 1);
        Answer answer = send("POST", "/v1/orders", payload, request.idempotencyKey());
        ProviderOrder order = toOrder(answer.body);
        return switch (order.status()) {
            case COMPLETED -> order.asProvisionResult()
                    .orElseThrow(() -> malformed(answer, "completed order without line"));
            case PROCESSING -> new ProvisionResult.Pending(order.providerOrderId());
            case FAILED -> throw new ProviderRejectedException(name(), "order_failed", null, answer.status,
                    answer.requestId, "order " + order.providerOrderId() + " failed");
        };
    }

    @Override
    public Optional<ProviderOrder> findOrder(String providerOrderId) {
        try {
            return Optional.of(toOrder(send("GET", "/v1/orders/" + encode(providerOrderId), null, null).body));
        } catch (ProviderRejectedException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
        JsonNode items = send("GET", "/v1/orders?reference=" + encode(ourOrderId), null, null).body.path("items");
        // the same reference should never carry two orders (idempotency); if it does, the first one is the one
        // the provider charged first, and the worker must not order again either way
        return items.isEmpty() ? Optional.empty() : Optional.of(toOrder(items.get(0)));
    }

    @Override
    public LineUsage lineUsage(String iccid) {
        JsonNode body = send("GET", "/v1/lines/" + encode(iccid), null, null).body;
        LineUsage.LineStatus status = switch (body.path("status").asText()) {
            case "ready" -> LineUsage.LineStatus.READY;
            case "active" -> LineUsage.LineStatus.ACTIVE;
            case "expired" -> LineUsage.LineStatus.EXPIRED;
            case "cancelled" -> LineUsage.LineStatus.CANCELLED;
            default -> LineUsage.LineStatus.UNKNOWN;
        };
        JsonNode data = body.path("data");
        return new LineUsage(body.path("iccid").asText(iccid), status, body.path("installed").asBoolean(),
                data.path("used_mb").asLong(), data.path("remaining_mb").asLong(), instant(body.path("valid_until")));
    }

    @Override
    public TopUpResult topUp(TopUpRequest request) {
        ObjectNode payload = JSON.createObjectNode()
                .put("iccid", request.iccid())
                .put("sku", request.sku())
                .put("reference", request.reference());
        JsonNode body = send("POST", "/v1/topups", payload, request.idempotencyKey()).body;
        return new TopUpResult(body.path("topup_id").asText(), body.path("iccid").asText(request.iccid()),
                body.path("sku").asText(request.sku()),
                body.hasNonNull("data_added_mb") ? body.get("data_added_mb").asLong() : null,
                instant(body.path("valid_until")));
    }

    @Override
    public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
        JsonNode body = send("POST", "/v1/lines/" + encode(iccid) + "/cancel", JSON.createObjectNode(),
                idempotencyKey).body;
        return new CancelResult(body.path("iccid").asText(iccid), "cancelled".equals(body.path("status").asText()),
                body.path("refunded").asBoolean());
    }

    @Override
    public Balance balance() {
        JsonNode body = send("GET", "/v1/balance", null, null).body;
        String currency = body.path("currency").asText();
        Money threshold = body.hasNonNull("low_balance_threshold")
                ? new Money(body.get("low_balance_threshold").decimalValue(), currency) : null;
        return new Balance(new Money(body.path("amount").decimalValue(), currency), threshold);
    }

    // --- mapping ---------------------------------------------------------------------------------------------

    private ProviderOrder toOrder(JsonNode o) {
        ProviderOrder.Status status = switch (o.path("status").asText()) {
            case "completed" -> ProviderOrder.Status.COMPLETED;
            case "failed" -> ProviderOrder.Status.FAILED;
            default -> ProviderOrder.Status.PROCESSING;
        };
        JsonNode l = o.path("line");
        Optional<ProvisionedLine> line = l.isObject() && l.hasNonNull("iccid") && l.hasNonNull("smdp_plus")
                ? Optional.of(new ProvisionedLine(l.get("iccid").asText(), l.get("smdp_plus").asText(),
                        text(l, "smdp_address"), text(l, "activation_code"),
                        instant(l.path("valid_from")), instant(l.path("expires_at"))))
                : Optional.empty();
        if (status == ProviderOrder.Status.COMPLETED && line.isEmpty()) {
            status = ProviderOrder.Status.PROCESSING; // never hand out a "completed" order we cannot deliver
        }
        return new ProviderOrder(o.path("order_id").asText(), text(o, "reference"), status, text(o, "sku"), line);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return ZonedDateTime.parse(n.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // --- transport -------------------------------------------------------------------------------------------

    private record Answer(int status, String requestId, JsonNode body) {
    }

    private Answer send(String method, String path, JsonNode payload, String idempotencyKey) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json");
        if (payload != null) {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(payload.toString(), StandardCharsets.UTF_8));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (idempotencyKey != null) {
            req.header("Idempotency-Key", idempotencyKey);
        }
        String op = method + " " + path.replaceAll("\\?.*", "");
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            LOG.warn("provider={} op=\"{}\" outcome=timeout after={}", name(), op, config.timeout());
            throw new ProviderUnavailableException(name(), "timeout", op + " timed out after " + config.timeout(), e);
        } catch (IOException e) {
            LOG.warn("provider={} op=\"{}\" outcome=network_error error={}", name(), op, e.toString());
            throw new ProviderUnavailableException(name(), "network_error", op + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(name(), "timeout", op + " interrupted", e);
        }
        String requestId = res.headers().firstValue("X-Request-Id").orElse(null);
        JsonNode body = parse(res.body());
        int status = res.statusCode();
        if (status >= 200 && status < 300) {
            // the body may carry an LPA string and activation code: log ids only, never the body
            LOG.info("provider={} op=\"{}\" status={} request_id={} idempotency_key={}", name(), op, status,
                    requestId, idempotencyKey);
            if (body == null) {
                throw new ProviderUnavailableException(name(), "server_error", null, status, requestId,
                        op + " answered " + status + " without a JSON body", null);
            }
            return new Answer(status, requestId, body);
        }
        throw error(op, status, requestId, res, body);
    }

    private ProviderException error(String op, int status, String headerRequestId, HttpResponse<String> res,
                                    JsonNode body) {
        JsonNode err = body != null ? body.path("error") : JSON.missingNode();
        String code = err.hasNonNull("code") ? err.get("code").asText() : defaultCode(status);
        String requestId = headerRequestId != null ? headerRequestId : text(err, "request_id");
        String message = err.hasNonNull("message") ? err.get("message").asText() : null;
        LOG.warn("provider={} op=\"{}\" status={} request_id={} error.code={}", name(), op, status, requestId, code);
        if (status == 429) {
            return new RateLimitedException(name(), "rate_limited", status, requestId, retryAfter(res, err), message);
        }
        if (status >= 500) {
            return new ProviderUnavailableException(name(), "server_error", code, status, requestId, message, null);
        }
        return switch (code) {
            case "sku_unavailable" -> new OutOfStockException(name(), code, status, requestId, message);
            case "insufficient_balance" -> new InsufficientBalanceException(name(), code, status, requestId, message);
            default -> new ProviderRejectedException(name(), canonical(code, status), code, status, requestId, message);
        };
    }

    private static String canonical(String code, int status) {
        return switch (code) {
            case "validation_error", "auth_error", "not_found", "conflict" -> code;
            default -> defaultCode(status);
        };
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 400, 422 -> "validation_error";
            case 401, 403 -> "auth_error";
            case 402 -> "insufficient_balance";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "server_error" : "rejected";
        };
    }

    /** {@code Retry-After} header (seconds or HTTP date) first, then {@code error.retry_after}, then 1 s. */
    static Duration retryAfter(HttpResponse<?> res, JsonNode err) {
        Optional<String> header = res.headers().firstValue("Retry-After");
        if (header.isPresent()) {
            String v = header.get().trim();
            try {
                return Duration.ofMillis(Math.round(new BigDecimal(v).doubleValue() * 1000));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(Instant.now(), at);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (DateTimeParseException ignored) {
                    // fall through to the body
                }
            }
        }
        if (err.hasNonNull("retry_after")) {
            return Duration.ofSeconds(err.get("retry_after").asLong());
        }
        return DEFAULT_RETRY_AFTER;
    }

    private static JsonNode parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    private ProviderException malformed(Answer a, String what) {
        return new ProviderUnavailableException(name(), "server_error", null, a.status, a.requestId, what, null);
    }
}
