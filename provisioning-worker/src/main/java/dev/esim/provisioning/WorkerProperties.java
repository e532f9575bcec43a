package dev.esim.provisioning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the worker is configured with, under {@code esim.*}. Defaults work in the local stack (sandbox simulator
 * on port 8090, sandbox keysets).
 *
 * @param environment {@code sandbox} or {@code live}; live refuses the shipped sandbox keyset and sandbox API keys'
 *                    counterparts
 * @param crypto      {@code esim.crypto.*}: the activation keyset (Tink JSON, plain or KMS-wrapped; empty = sandbox
 *                    keyset) and the KMS key that wraps it
 * @param worker      {@code esim.worker.*}
 */
@Validated
@ConfigurationProperties("esim")
public record WorkerProperties(
        @DefaultValue("sandbox") @NotBlank String environment,
        @DefaultValue @Valid Crypto crypto,
        @DefaultValue @Valid Worker worker) {

    public boolean live() {
        return "live".equals(environment);
    }

    /**
     * @param activationKeyset the private activation keyset: Tink JSON, or Tink's encrypted keyset JSON wrapped by
     *                         {@code kmsKeyUri}
     * @param kmsKeyUri        {@code aws-kms://<key ARN>} that wraps the keyset; empty = the keyset is plain JSON
     * @param kmsEndpoint      another KMS endpoint than AWS's (a VPC endpoint); empty = AWS's
     */
    public record Crypto(@DefaultValue("") String activationKeyset, @DefaultValue("") String kmsKeyUri,
                         @DefaultValue("") String kmsEndpoint) {
    }

    /**
     * @param providers            in preference order: the first one sells the SKUs of our catalogue, the others are
     *                             failover candidates
     * @param failover             provision an equivalent plan elsewhere on out-of-stock / no balance / open circuit
     * @param stuckClaimThreshold  a claim still REQUESTED or PENDING after this is counted as stuck (gauge)
     * @param balanceCheckInterval at most one balance read per provider per interval
     * @param retry                back-off of the listener for technical faults, before the dead-letter topic
     * @param checks               the worker's own looks at unsettled claims (polls, retries, deadline)
     * @param concurrency          listener threads; input topics must stay co-partitioned (see README)
     * @param maxPollDuration      a poll's transaction commits once its inputs took this long, so that outcomes are
     *                             not held back behind a long poll (the rest of the poll is fetched again)
     * @param activationCodes      a line's activation code (sealed LPA) is deleted this long after its
     *                             {@code ActivationReady} was published; the topics keep theirs as long
     * @param retentionInterval    how often those codes (and old handled inputs) are looked for
     * @param handledInputs        where each input was handled is kept this long, to skip a replay's duplicates
     *                             without running their handlers; at least as long as the topics keep records
     */
    public record Worker(
            @DefaultValue @NotEmpty @Valid List<Provider> providers,
            @DefaultValue("true") boolean failover,
            @DefaultValue("10m") @NotNull Duration stuckClaimThreshold,
            @DefaultValue("1m") @NotNull Duration balanceCheckInterval,
            @DefaultValue @Valid Retry retry,
            @DefaultValue @Valid Checks checks,
            @DefaultValue("1") int concurrency,
            @DefaultValue("250ms") @NotNull Duration maxPollDuration,
            @DefaultValue("30d") @NotNull Duration activationCodes,
            @DefaultValue("1h") @NotNull Duration retentionInterval,
            @DefaultValue("31d") @NotNull Duration handledInputs) {

        public Worker {
            if (providers == null || providers.isEmpty()) {
                providers = List.of(Provider.localSimology());
            }
        }
    }

    /**
     * One eSIM provider and how hard we may push it.
     *
     * @param type           {@code simology} or {@code esimaccess}
     * @param apiKey         Simology bearer key (never logged)
     * @param accessCode     eSIM Access {@code RT-AccessCode}
     * @param secretKey      eSIM Access signing secret (never logged)
     * @param callsPerSecond client-side rate limit (sliding one-second window)
     * @param maxAttempts    in-process attempts per call (technical faults only), first included
     * @param circuitOpenFor how long an open circuit rejects calls before trying half-open
     */
    /** Who shares a provider's {@code calls-per-second}: every worker instance (PostgreSQL) or each one alone. */
    public enum RateLimitScope { DEPLOYMENT, INSTANCE }

    public record Provider(
            @NotBlank String name,
            @DefaultValue("simology") @NotBlank String type,
            @NotNull URI baseUrl,
            String apiKey,
            String accessCode,
            String secretKey,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("10") int callsPerSecond,
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("10s") Duration callTimeout,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindowSize,
            @DefaultValue("5") int minimumNumberOfCalls,
            @DefaultValue("30s") Duration circuitOpenFor,
            @DefaultValue("deployment") RateLimitScope rateLimitScope) {

        static Provider localSimology() {
            return new Provider("simology", "simology", URI.create("http://localhost:8090/provider/simology"),
                    "sk_sandbox_simology_local", null, null, Duration.ofSeconds(5), 10, 4, Duration.ofMillis(200),
                    Duration.ofSeconds(5), Duration.ofSeconds(10), 50f, 10, 5, Duration.ofSeconds(30),
                    RateLimitScope.DEPLOYMENT);
        }

        @Override
        public String toString() {
            return "Provider[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + ", credentials=<redacted>]";
        }
    }

    /**
     * Every unsettled claim (pending at the provider, parked on its balance or availability, or left requested by a
     * dead-lettered input) is looked at again by the worker: first after {@code firstAfter}, then at doubling
     * intervals up to {@code maxInterval}, until {@code providerDeadline} after the claim, when it fails and the order
     * is refunded.
     *
     * @param sweepInterval how often due claims are collected and their checks published
     * @param lease         how long a collected claim is not collected again (its check is in flight)
     * @param batch         at most this many checks per sweep
     */
    public record Checks(
            @DefaultValue("30s") @NotNull Duration firstAfter,
            @DefaultValue("10m") @NotNull Duration maxInterval,
            @DefaultValue("6h") @NotNull Duration providerDeadline,
            @DefaultValue("5s") @NotNull Duration sweepInterval,
            @DefaultValue("5m") @NotNull Duration lease,
            @DefaultValue("500") int batch) {
    }

    /**
     * Exponential back-off of the listener: {@code maxRetries} retries, then the record goes to {@code <topic>-dlt}.
     */
    public record Retry(
            @DefaultValue("8") int maxRetries,
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval) {
    }
}
