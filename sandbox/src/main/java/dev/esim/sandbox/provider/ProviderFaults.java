package dev.esim.sandbox.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The faults the simulator injects — the body of {@code POST /provider/admin/faults} and the argument of
 * {@link ProviderSimulator#setFaults}. Setting faults replaces the previous set wholesale; absent fields mean "no such
 * fault". Rates are applied deterministically (a rate of 0.5 fails every second request in scope), not randomly,
 * so tests that use them are repeatable.
 *
 * @param latencyMs            added to every API response in scope
 * @param serverErrorRate      share of requests in scope answered {@code 500 server_error}
 * @param timeoutRate          share of requests in scope that hang {@code hangMs} (longer than a client's timeout)
 * @param hangMs               how long a "timeout" hangs; default 30 s
 * @param afterCommit          5xx and timeouts strike after the operation took effect (the "did my order go
 *                             through?" case) instead of before
 * @param rateLimitBurst       the next N requests in scope get {@code 429 rate_limited}
 * @param retryAfterSeconds    {@code Retry-After} of burst 429s; default 1
 * @param rateLimitPerSecond   overrides {@code sandbox.provider.rate-limit-per-second} (0 disables) while set
 * @param outOfStockSkus       SKUs answered {@code 409 sku_unavailable} (and {@code available: false} in the catalogue)
 * @param insufficientBalance  every order and top-up gets {@code 402 insufficient_balance}
 * @param duplicateCallbacks   each webhook is delivered this many times (same event id); default 1
 * @param outOfOrderCallbacks  hold one webhook back and deliver it after the next one
 * @param failAsyncActivation  async orders end {@code failed} (refunded) with an {@code order.failed} webhook
 * @param dropCallbacks        webhooks are never sent (a lost callback); the order itself completes as usual
 * @param endpoints            limits latency, 5xx, timeouts and bursts to these endpoints, e.g.
 *                             {@code POST /v1/orders}; empty = every API endpoint
 */
public record ProviderFaults(
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("server_error_rate") double serverErrorRate,
        @JsonProperty("timeout_rate") double timeoutRate,
        @JsonProperty("hang_ms") Long hangMs,
        @JsonProperty("after_commit") boolean afterCommit,
        @JsonProperty("rate_limit_burst") int rateLimitBurst,
        @JsonProperty("retry_after_seconds") Integer retryAfterSeconds,
        @JsonProperty("rate_limit_per_second") Integer rateLimitPerSecond,
        @JsonProperty("out_of_stock_skus") Set<String> outOfStockSkus,
        @JsonProperty("insufficient_balance") boolean insufficientBalance,
        @JsonProperty("duplicate_callbacks") Integer duplicateCallbacks,
        @JsonProperty("out_of_order_callbacks") boolean outOfOrderCallbacks,
        @JsonProperty("fail_async_activation") boolean failAsyncActivation,
        @JsonProperty("drop_callbacks") boolean dropCallbacks,
        @JsonProperty("endpoints") Set<String> endpoints) {

    public ProviderFaults {
        if (latencyMs < 0 || serverErrorRate < 0 || serverErrorRate > 1 || timeoutRate < 0 || timeoutRate > 1
                || rateLimitBurst < 0) {
            throw new IllegalArgumentException("latency and burst must be >= 0, rates within [0, 1]");
        }
        hangMs = hangMs == null ? 30_000L : hangMs;
        retryAfterSeconds = retryAfterSeconds == null ? 1 : Math.max(1, retryAfterSeconds);
        if (rateLimitPerSecond != null && rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rate_limit_per_second must be >= 0");
        }
        outOfStockSkus = outOfStockSkus == null ? Set.of() : Set.copyOf(outOfStockSkus);
        duplicateCallbacks = duplicateCallbacks == null ? 1 : Math.max(1, duplicateCallbacks);
        endpoints = endpoints == null ? Set.of() : Set.copyOf(endpoints);
    }

    public static ProviderFaults none() {
        return new ProviderFaults(0, 0, 0, null, false, 0, null, null, null, false, null, false, false, false, null);
    }

    public ProviderFaults withLatency(Duration latency) {
        return new ProviderFaults(latency.toMillis(), serverErrorRate, timeoutRate, hangMs, afterCommit,
                rateLimitBurst, retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance,
                duplicateCallbacks, outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withServerErrorRate(double rate) {
        return new ProviderFaults(latencyMs, rate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    /** Requests hang for {@code hang} at the given rate. */
    public ProviderFaults withTimeouts(double rate, Duration hang) {
        return new ProviderFaults(latencyMs, serverErrorRate, rate, hang.toMillis(), afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withFailuresAfterCommit(boolean afterCommit) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withRateLimitBurst(int requests, int retryAfterSeconds) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, requests,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withRateLimitPerSecond(int limit) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, limit, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withOutOfStock(String... skus) {
        Set<String> all = new HashSet<>(outOfStockSkus);
        all.addAll(Set.of(skus));
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, all, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withInsufficientBalance(boolean insufficient) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficient, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withDuplicateCallbacks(int copies) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, copies,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withOutOfOrderCallbacks(boolean outOfOrder) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrder, failAsyncActivation, dropCallbacks, endpoints);
    }

    public ProviderFaults withAsyncActivationFailing(boolean fail) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, fail, dropCallbacks, endpoints);
    }

    public ProviderFaults withDroppedCallbacks(boolean drop) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, drop, endpoints);
    }

    /** Limits request-level faults to these endpoints, written as {@code "POST /v1/orders"}. */
    public ProviderFaults onlyOn(String... endpointNames) {
        return new ProviderFaults(latencyMs, serverErrorRate, timeoutRate, hangMs, afterCommit, rateLimitBurst,
                retryAfterSeconds, rateLimitPerSecond, outOfStockSkus, insufficientBalance, duplicateCallbacks,
                outOfOrderCallbacks, failAsyncActivation, dropCallbacks, Set.of(endpointNames));
    }

    boolean appliesTo(String endpoint) {
        return endpoints.isEmpty() || endpoints.contains(endpoint);
    }
}
