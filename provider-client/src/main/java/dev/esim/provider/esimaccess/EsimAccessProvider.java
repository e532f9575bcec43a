package dev.esim.provider.esimaccess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * eSIM Access ({@code /api/v1/open/...}). Quirks handled here: every endpoint is a signed POST; errors come as
 * HTTP 200 with {@code success:false} and a numeric {@code errorCode}; money is an integer × 10 000 (USD); data
 * volumes are bytes; profiles are allocated asynchronously after {@code esim/order} returns an {@code orderNo}.
 */
final class EsimAccessProvider implements EsimProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EsimAccessProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal PRICE_SCALE = BigDecimal.valueOf(10_000);
    private static final long MIB = 1024L * 1024L;
    private static final String CURRENCY = "USD";
    private static final int LOOKUP_PAGE_SIZE = 100;
    /** Profiles for the order are still being allocated by the SM-DP+. */
    static final String STILL_ALLOCATING = "200010";
    /** "This operation is not allowed due to the order status" — e.g. cancelling twice. */
    static final String NOT_ALLOWED_IN_STATUS = "200002";
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** Their timestamps look like {@code 2024-08-21T08:45:04+0000} (offset without colon) or end in {@code Z}. */
    private static final DateTimeFormatter RESPONSE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final EsimAccessConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final String base;

    EsimAccessProvider(EsimAccessConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        String b = config.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public List<ProviderPlan> listPlans() {
        ObjectNode q = JSON.createObjectNode().put("locationCode", "").put("type", "BASE");
        JsonNode obj = call("package/list", q).require();
        List<ProviderPlan> plans = new ArrayList<>();
        for (JsonNode p : obj.path("packageList")) {
            // "location" is a comma-separated list of alpha-2 codes
            Set<String> coverage = Arrays.stream(p.path("location").asText("").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            int days = p.path("duration").asInt();
            if ("MONTH".equalsIgnoreCase(p.path("durationUnit").asText("DAY"))) {
                days *= 30;
            }
            plans.add(new ProviderPlan(name(), p.path("packageCode").asText(), p.path("name").asText(), coverage,
                    p.path("volume").asLong() / MIB, days, money(p.path("price").asLong(),
                    p.path("currencyCode").asText(CURRENCY)), true));
        }
        return plans;
    }

    /**
     * Places the order with {@code transactionId = idempotencyKey}: eSIM Access treats a repeated transactionId as
     * the same request, so a retry returns the first {@code orderNo}. Always answers {@link ProvisionResult.Pending}:
     * profiles are allocated asynchronously (poll {@link #findOrder} or wait for the ORDER_STATUS webhook).
     */
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
        ObjectNode order = JSON.createObjectNode().put("transactionId", request.idempotencyKey());
        order.putArray("packageInfoList").addObject().put("packageCode", request.sku()).put("count", 1);
        JsonNode obj = call("esim/order", order).require();
        String orderNo = obj.path("orderNo").asText(null);
        if (orderNo == null || orderNo.isBlank()) {
            throw new ProviderUnavailableException(name(), "server_error", null, 200, null,
                    "esim/order succeeded without an orderNo", null);
        }
        return new ProvisionResult.Pending(orderNo);
    }

    @Override
    public Optional<ProviderOrder> findOrder(String orderNo) {
        ObjectNode q = JSON.createObjectNode().put("orderNo", orderNo).put("iccid", "");
        q.putObject("pager").put("pageNum", 1).put("pageSize", 50);
        Envelope env = call("esim/query", q);
        if (!env.success && STILL_ALLOCATING.equals(env.errorCode)) {
            return Optional.of(new ProviderOrder(orderNo, null, ProviderOrder.Status.PROCESSING, null,
                    Optional.empty()));
        }
        JsonNode list = env.require().path("esimList");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toOrder(list.get(0), null));
    }

    /**
     * There is no query by transactionId: we recompute the transactionId we would have sent for this order id
     * ({@link IdempotencyKeys#provision}) and scan profiles created within {@code lookupWindow}. A profile appears
     * only once allocated, so "empty" can also mean "ordered, still allocating" — which is why the answer to
     * "empty" is to call {@link #provision} again with the same key, never a new one.
     */
    @Override
    public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
        String transactionId = IdempotencyKeys.provision(ourOrderId);
        OffsetDateTime end = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime start = end.minus(config.lookupWindow());
        for (int page = 1; page <= config.lookupMaxPages(); page++) {
            ObjectNode q = JSON.createObjectNode()
                    .put("orderNo", "").put("iccid", "")
                    .put("startTime", QUERY_TIME.format(start))
                    .put("endTime", QUERY_TIME.format(end.plusMinutes(1)));
            q.putObject("pager").put("pageNum", page).put("pageSize", LOOKUP_PAGE_SIZE);
            JsonNode list = call("esim/query", q).require().path("esimList");
            for (JsonNode esim : list) {
                if (transactionId.equals(esim.path("transactionId").asText())) {
                    return Optional.of(toOrder(esim, ourOrderId));
                }
            }
            if (list.size() < LOOKUP_PAGE_SIZE) {
                return Optional.empty();
            }
        }
        LOG.warn("provider={} op=lookup_by_reference outcome=gave_up pages={} window={}", name(),
                config.lookupMaxPages(), config.lookupWindow());
        return Optional.empty();
    }

    @Override
    public LineUsage lineUsage(String iccid) {
        JsonNode esim = queryByIccid(iccid).orElseThrow(() -> new ProviderRejectedException(name(), "not_found",
                null, 200, null, "no profile with iccid " + iccid));
        long total = esim.path("totalVolume").asLong();
        long used = esim.path("orderUsage").asLong();
        return new LineUsage(iccid, lineStatus(esim), installed(esim), used / MIB, Math.max(0, total - used) / MIB,
                time(esim.path("expiredTime")));
    }

    @Override
    public TopUpResult topUp(TopUpRequest request) {
        ObjectNode q = JSON.createObjectNode()
                .put("iccid", request.iccid())
                .put("packageCode", request.sku())
                .put("transactionId", request.idempotencyKey());
        JsonNode obj = call("esim/topup", q).require();
        return new TopUpResult(obj.path("transactionId").asText(request.idempotencyKey()),
                obj.path("iccid").asText(request.iccid()), request.sku(), null, time(obj.path("expiredTime")));
    }

    /**
     * eSIM Access has no idempotency key on cancel; a second cancel fails with 200002. We then look the profile up:
     * already CANCEL means our first call went through, and we answer as if replayed.
     */
    @Override
    public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
        Envelope env = call("esim/cancel", JSON.createObjectNode().put("iccid", iccid));
        if (env.success) {
            return new CancelResult(iccid, true, true);
        }
        if (NOT_ALLOWED_IN_STATUS.equals(env.errorCode)) {
            Optional<JsonNode> esim = queryByIccid(iccid);
            if (esim.isPresent() && "CANCEL".equals(esim.get().path("esimStatus").asText())) {
                return new CancelResult(iccid, true, true);
            }
            throw new ProviderRejectedException(name(), "conflict", env.errorCode, 200, env.requestId,
                    "profile cannot be cancelled (installed or used): " + env.errorMsg);
        }
        throw env.toException();
    }

    @Override
    public Balance balance() {
        JsonNode obj = call("balance/query", JSON.createObjectNode()).require();
        return new Balance(money(obj.path("balance").asLong(), CURRENCY), null);
    }

    // --- mapping ---------------------------------------------------------------------------------------------

    private Optional<JsonNode> queryByIccid(String iccid) {
        ObjectNode q = JSON.createObjectNode().put("orderNo", "").put("iccid", iccid);
        q.putObject("pager").put("pageNum", 1).put("pageSize", 5);
        JsonNode list = call("esim/query", q).require().path("esimList");
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private ProviderOrder toOrder(JsonNode esim, String reference) {
        String orderNo = esim.path("orderNo").asText();
        String sku = esim.path("packageList").path(0).path("packageCode").asText(null);
        String ac = esim.path("ac").asText("");
        if (ac.isBlank() || !esim.hasNonNull("iccid")) {
            return new ProviderOrder(orderNo, reference, ProviderOrder.Status.PROCESSING, sku, Optional.empty());
        }
        ProvisionedLine line = ProvisionedLine.fromLpa(esim.get("iccid").asText(), ac,
                time(esim.path("activateTime")), time(esim.path("expiredTime")));
        return new ProviderOrder(orderNo, reference, ProviderOrder.Status.COMPLETED, sku, Optional.of(line));
    }

    private static LineUsage.LineStatus lineStatus(JsonNode esim) {
        return switch (esim.path("esimStatus").asText()) {
            case "GOT_RESOURCE" -> LineUsage.LineStatus.READY;
            case "IN_USE" -> LineUsage.LineStatus.ACTIVE;
            case "USED_UP" -> LineUsage.LineStatus.DEPLETED;
            case "SUSPENDED" -> LineUsage.LineStatus.SUSPENDED;
            case "USED_EXPIRED", "UNUSED_EXPIRED" -> LineUsage.LineStatus.EXPIRED;
            case "CANCEL", "REVOKED" -> LineUsage.LineStatus.CANCELLED;
            default -> LineUsage.LineStatus.UNKNOWN;
        };
    }

    /** RELEASED = waiting on the SM-DP+, never downloaded; any other SM-DP+ state means a device took it. */
    private static boolean installed(JsonNode esim) {
        String smdp = esim.path("smdpStatus").asText("RELEASED");
        return !esim.path("eid").asText("").isBlank() || !"RELEASED".equals(smdp);
    }

    private static Money money(long scaled, String currency) {
        return new Money(BigDecimal.valueOf(scaled).divide(PRICE_SCALE), currency);
    }

    static Instant time(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank()) {
            return null;
        }
        String s = n.asText();
        try {
            return OffsetDateTime.parse(s, RESPONSE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    // --- transport -------------------------------------------------------------------------------------------

    private final class Envelope {
        final boolean success;
        final String errorCode;
        final String errorMsg;
        final JsonNode obj;
        final String requestId;
        final String path;

        Envelope(String path, String requestId, JsonNode body) {
            this.path = path;
            this.requestId = requestId;
            this.success = body.path("success").asBoolean(false);
            this.errorCode = body.hasNonNull("errorCode") ? body.get("errorCode").asText() : null;
            String msg = body.hasNonNull("errorMsg") ? body.get("errorMsg").asText()
                    : body.hasNonNull("errorMessage") ? body.get("errorMessage").asText() : null;
            this.errorMsg = msg;
            this.obj = body.path("obj");
        }

        JsonNode require() {
            if (!success) {
                throw toException();
            }
            return obj;
        }

        ProviderException toException() {
            return mapError(path, errorCode, errorMsg, requestId);
        }
    }

    /** Error codes from the eSIM Access docs, mapped onto our hierarchy. All arrive with HTTP 200. */
    private ProviderException mapError(String path, String code, String msg, String requestId) {
        String c = code == null ? "" : code;
        LOG.warn("provider={} op={} status=200 success=false request_id={} error.code={}", name(), path, requestId, c);
        return switch (c) {
            case "200007" -> new InsufficientBalanceException(name(), c, 200, requestId, msg);
            case "200011" -> new OutOfStockException(name(), c, 200, requestId, msg);
            case "000001" -> new ProviderUnavailableException(name(), "server_error", c, 200, requestId, msg, null);
            // still allocating outside a query context: the caller may come back later
            case STILL_ALLOCATING -> new ProviderUnavailableException(name(), "server_error", c, 200, requestId, msg,
                    null);
            case "101001", "101002", "101003" -> new ProviderRejectedException(name(), "auth_error", c, 200, requestId,
                    msg);
            case "200002", "200009" -> new ProviderRejectedException(name(), "conflict", c, 200, requestId, msg);
            case "310201", "310211", "310221", "310231", "310241", "310243" ->
                    new ProviderRejectedException(name(), "not_found", c, 200, requestId, msg);
            default -> new ProviderRejectedException(name(), "validation_error", c, 200, requestId, msg);
        };
    }

    private Envelope call(String path, JsonNode payload) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> res = send(path, signed(path, payload.toString(), requestId), requestId);
        Envelope env = new Envelope(path, requestId, envelope(path, requestId, res));
        if (env.success) {
            // bodies may carry LPA strings: log ids only
            LOG.info("provider={} op={} status=200 success=true request_id={}", name(), path, requestId);
        }
        return env;
    }

    /** The POST with eSIM Access's four {@code RT-*} headers, the signature over timestamp, request id and body. */
    private HttpRequest signed(String path, String body, String requestId) {
        String timestamp = Long.toString(clock.millis());
        String signature = EsimAccessSignature.sign(config.secretKey(), timestamp, requestId, config.accessCode(),
                body);
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/open/" + path))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("RT-AccessCode", config.accessCode())
                .header("RT-RequestID", requestId)
                .header("RT-Timestamp", timestamp)
                .header("RT-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** Sends; a timeout or network failure is the provider being unavailable (the caller may retry). */
    private HttpResponse<String> send(String path, HttpRequest req, String requestId) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            LOG.warn("provider={} op={} outcome=timeout request_id={}", name(), path, requestId);
            throw new ProviderUnavailableException(name(), "timeout", null, 0, requestId,
                    path + " timed out after " + config.timeout(), e);
        } catch (IOException e) {
            LOG.warn("provider={} op={} outcome=network_error request_id={} error={}", name(), path, requestId,
                    e.toString());
            throw new ProviderUnavailableException(name(), "network_error", null, 0, requestId, path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(name(), "timeout", null, 0, requestId, path + " interrupted", e);
        }
    }

    /**
     * The JSON envelope of a 200; any other status becomes the exception the rest of the platform understands:
     * 429 rate limited (with its {@code Retry-After}), 5xx unavailable, 401/403/404/4xx rejected.
     */
    private JsonNode envelope(String path, String requestId, HttpResponse<String> res) {
        int status = res.statusCode();
        if (status == 429) {
            LOG.warn("provider={} op={} status=429 request_id={}", name(), path, requestId);
            Duration wait = res.headers().firstValue("Retry-After").map(EsimAccessProvider::seconds)
                    .orElse(Duration.ofSeconds(1));
            throw new RateLimitedException(name(), "rate_limited", 429, requestId, wait, null);
        }
        if (status >= 500) {
            LOG.warn("provider={} op={} status={} request_id={}", name(), path, status, requestId);
            throw new ProviderUnavailableException(name(), "server_error", null, status, requestId,
                    path + " answered " + status, null);
        }
        if (status != 200) {
            LOG.warn("provider={} op={} status={} request_id={}", name(), path, status, requestId);
            String code = status == 401 || status == 403 ? "auth_error"
                    : status == 404 ? "not_found" : "validation_error";
            throw new ProviderRejectedException(name(), code, null, status, requestId, path + " answered " + status);
        }
        JsonNode json;
        try {
            json = JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ProviderUnavailableException(name(), "server_error", null, status, requestId,
                    path + " answered 200 without a JSON envelope", null);
        }
        return json;
    }

    private static Duration seconds(String v) {
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
