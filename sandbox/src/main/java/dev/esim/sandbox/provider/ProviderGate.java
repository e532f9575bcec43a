package dev.esim.sandbox.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What every API call meets before the simulator acts on it: the bearer key, the provider's rate limit, and the
 * faults a test injected (429 bursts, 5xx and timeouts, before or after the operation commits). It also counts the
 * traffic ({@code requests}, busiest second, refusals) for {@link ProviderStats}. Thread-safe; its counters start
 * afresh with the process (they are not part of the provider's remembered state).
 */
final class ProviderGate {

    enum Verdict { PROCEED, UNAUTHORIZED, RATE_LIMITED, SERVER_ERROR, TIMEOUT }

    /**
     * The decision taken on arrival, before the body is read.
     *
     * @param afterCommit for SERVER_ERROR/TIMEOUT: run the operation first, then fail
     */
    record Admission(Verdict verdict, String message, int retryAfterSeconds, Duration latency, Duration hang,
            boolean afterCommit) {}

    /** The traffic counters, as {@link ProviderStats} reports them. */
    record Traffic(Map<String, Long> requests, int maxRequestsPerSecond, long rateLimited, long injectedServerErrors,
            long injectedTimeouts) {}

    private final ProviderProperties properties;

    // read by the webhook dispatcher and the simulator without this lock, so it is volatile and immutable
    private volatile ProviderFaults faults = ProviderFaults.none();

    // everything below is guarded by `this`
    private int burstRemaining;
    private long timeoutSequence;
    private long serverErrorSequence;
    private final Map<String, Long> requests = new TreeMap<>();
    private final RateWindow observed = new RateWindow();
    private final RateWindow admitted = new RateWindow();
    private int maxRequestsPerSecond;
    private long rateLimited;
    private long injectedServerErrors;
    private long injectedTimeouts;

    ProviderGate(ProviderProperties properties) {
        this.properties = properties;
    }

    ProviderFaults faults() {
        return faults;
    }

    /** Replaces the faults in force (see {@link ProviderFaults}); a burst starts counting afresh. */
    synchronized void setFaults(ProviderFaults newFaults) {
        faults = Objects.requireNonNull(newFaults);
        burstRemaining = newFaults.rateLimitBurst();
        timeoutSequence = 0;
        serverErrorSequence = 0;
    }

    /** No faults, no counts. */
    synchronized void reset() {
        setFaults(ProviderFaults.none());
        requests.clear();
        observed.clear();
        admitted.clear();
        maxRequestsPerSecond = 0;
        rateLimited = 0;
        injectedServerErrors = 0;
        injectedTimeouts = 0;
    }

    synchronized Traffic traffic() {
        return new Traffic(Map.copyOf(requests), maxRequestsPerSecond, rateLimited, injectedServerErrors,
                injectedTimeouts);
    }

    synchronized Admission admit(String endpoint, String authorization) {
        long nanos = System.nanoTime();
        requests.merge(endpoint, 1L, Long::sum);
        maxRequestsPerSecond = Math.max(maxRequestsPerSecond, observed.record(nanos));
        ProviderFaults f = faults;
        boolean inScope = f.appliesTo(endpoint);
        Duration latency = inScope ? Duration.ofMillis(f.latencyMs()) : Duration.ZERO;
        Duration hang = Duration.ofMillis(f.hangMs());

        String authFailure = authFailure(authorization);
        if (authFailure != null) {
            return new Admission(Verdict.UNAUTHORIZED, authFailure, 0, latency, hang, false);
        }
        int limit = f.rateLimitPerSecond() != null ? f.rateLimitPerSecond() : properties.rateLimitPerSecond();
        if (limit > 0 && admitted.count(nanos) >= limit) {
            rateLimited++;
            return new Admission(Verdict.RATE_LIMITED, null, admitted.secondsUntilSlotFrees(nanos), latency, hang,
                    false);
        }
        admitted.record(nanos);
        if (inScope && burstRemaining > 0) {
            burstRemaining--;
            rateLimited++;
            return new Admission(Verdict.RATE_LIMITED, null, f.retryAfterSeconds(), latency, hang, false);
        }
        if (inScope && fires(f.timeoutRate(), timeoutSequence++)) {
            injectedTimeouts++;
            return new Admission(Verdict.TIMEOUT, null, 0, latency, hang, f.afterCommit());
        }
        if (inScope && fires(f.serverErrorRate(), serverErrorSequence++)) {
            injectedServerErrors++;
            return new Admission(Verdict.SERVER_ERROR, null, 0, latency, hang, f.afterCommit());
        }
        return new Admission(Verdict.PROCEED, null, 0, latency, hang, false);
    }

    private String authFailure(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "Missing bearer API key.";
        }
        String key = authorization.substring("Bearer ".length()).trim();
        if (key.startsWith("sk_live_")) {
            return "Wrong environment key: this is the sandbox, live keys are refused.";
        }
        return key.equals(properties.apiKey()) ? null : "Invalid API key.";
    }

    /** Deterministic rate: request n (0-based) fails when it carries the running total of failures past an integer. */
    private static boolean fires(double rate, long n) {
        return rate > 0 && Math.floor((n + 1) * rate) > Math.floor(n * rate);
    }
}
