package dev.esim.provider.resilience;

import dev.esim.provider.Balance;
import dev.esim.provider.CancelResult;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderOrder;
import dev.esim.provider.ProviderPlan;
import dev.esim.provider.ProviderUnavailableException;
import dev.esim.provider.ProvisionRequest;
import dev.esim.provider.ProvisionResult;
import dev.esim.provider.RateLimitedException;
import dev.esim.provider.TopUpRequest;
import dev.esim.provider.TopUpResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decorates any {@link EsimProvider} with, per attempt: circuit breaker → client-side rate limiter → time limit; and
 * around the attempts: retry. Only technical faults are retried (5xx, timeouts, network errors with full-jitter
 * exponential back-off; 429 after exactly its {@code Retry-After}); business refusals fail at once and are ignored
 * by the circuit breaker. An open circuit fails fast with {@link ProviderUnavailableException} code
 * {@code circuit_open}, not retried in-process.
 *
 * <p>Retrying writes is safe because every write carries an idempotency key the provider deduplicates on.
 */
public final class ResilientEsimProvider implements EsimProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientEsimProvider.class);
    private static final String BUDGET_UNAVAILABLE = "call_budget_unavailable";

    private final EsimProvider delegate;
    private final ResilienceConfig config;
    private final CallBudget budget;
    private final RetryRegistry retryRegistry;
    private final CircuitBreakerRegistry circuitBreakerRegistry;
    private final TimeLimiterRegistry timeLimiterRegistry;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    private final ExecutorService executor;
    private final List<Consumer<ProviderException>> errorListeners = new CopyOnWriteArrayList<>();

    private ResilientEsimProvider(EsimProvider delegate, ResilienceConfig config, CallBudget budget,
            FullJitterBackoff backoff) {
        this.delegate = delegate;
        this.config = config;
        String name = delegate.name();
        this.budget = budget;

        RetryConfig retryConfig = RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .retryOnException(this::worthRetrying)
                .intervalBiFunction((attempt, outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof RateLimitedException r) {
                        return r.retryAfter().toMillis(); // exactly what the provider asked, no jitter
                    }
                    return backoff.delayMillis(attempt);
                })
                .build();
        this.retryRegistry = RetryRegistry.of(retryConfig);
        this.retry = retryRegistry.retry(name);

        CircuitBreakerConfig cbConfig = CircuitBreakerConfig.custom()
                .slidingWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(config.failureRateThreshold())
                .waitDurationInOpenState(config.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(config.permittedCallsInHalfOpen())
                .recordException(e -> e instanceof ProviderUnavailableException
                        && !BUDGET_UNAVAILABLE.equals(((ProviderUnavailableException) e).code()))
                // refusals and 429s say nothing about the provider's health
                .ignoreException(e -> e instanceof ProviderException && !(e instanceof ProviderUnavailableException))
                // half-open by itself once the wait is over: callers that ask the state before calling (and make no
                // call while it is open) would otherwise keep it open forever
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        this.circuitBreakerRegistry = CircuitBreakerRegistry.of(cbConfig);
        this.circuitBreaker = circuitBreakerRegistry.circuitBreaker(name);

        this.timeLimiterRegistry = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                .timeoutDuration(config.callTimeout())
                .cancelRunningFuture(true)
                .build());
        this.timeLimiter = timeLimiterRegistry.timeLimiter(name);

        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "provider-" + name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        circuitBreaker.getEventPublisher().onStateTransition(e ->
                LOG.warn("provider={} circuit {}", name, e.getStateTransition()));
    }

    /** With a per-process rate limit of {@code config.callsPerSecond()}. */
    public static ResilientEsimProvider wrap(EsimProvider delegate, ResilienceConfig config) {
        return wrap(delegate, config, CallBudget.perProcess(config.callsPerSecond()));
    }

    /** With the rate limit kept by {@code budget} (e.g. one shared by every instance of the deployment). */
    public static ResilientEsimProvider wrap(EsimProvider delegate, ResilienceConfig config, CallBudget budget) {
        return new ResilientEsimProvider(delegate, config, budget, new FullJitterBackoff(config.initialBackoff(),
                config.maxBackoff(), bound -> ThreadLocalRandom.current().nextLong(bound + 1)));
    }

    /** Called with every failed attempt (before any retry); for metrics and alerts. */
    public void onError(Consumer<ProviderException> listener) {
        errorListeners.add(listener);
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    RetryRegistry retryRegistry() {
        return retryRegistry;
    }

    CircuitBreakerRegistry circuitBreakerRegistry() {
        return circuitBreakerRegistry;
    }

    TimeLimiterRegistry timeLimiterRegistry() {
        return timeLimiterRegistry;
    }

    private boolean worthRetrying(Throwable e) {
        if (!(e instanceof ProviderException pe) || !pe.retryable()) {
            return false;
        }
        if ("circuit_open".equals(pe.code())) {
            return false; // retrying would only wait for the same answer
        }
        return !(pe instanceof RateLimitedException r) || r.retryAfter().compareTo(config.maxRetryAfter()) <= 0;
    }

    private <T> T call(String operation, Supplier<T> work) {
        Supplier<T> attempt = () -> {
            try {
                return circuitBreaker.executeSupplier(() -> limitedAndTimed(operation, work));
            } catch (CallNotPermittedException open) {
                throw new ProviderUnavailableException(delegate.name(), "circuit_open",
                        operation + " not attempted: circuit open after repeated failures", open);
            } catch (ProviderException e) {
                throw e;
            } catch (RuntimeException unexpected) {
                // a bug in an adapter must not escape as an untyped exception callers cannot classify
                throw new ProviderUnavailableException(delegate.name(), "client_error", operation + ": " + unexpected,
                        unexpected);
            }
        };
        Supplier<T> observed = () -> {
            try {
                return attempt.get();
            } catch (ProviderException e) {
                errorListeners.forEach(l -> l.accept(e));
                throw e;
            }
        };
        return Retry.decorateSupplier(retry, observed).get();
    }

    private static <T> T withMdc(Map<String, String> mdc, Supplier<T> work) {
        if (mdc == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
        try {
            return work.get();
        } finally {
            MDC.clear();
        }
    }

    private <T> T limitedAndTimed(String operation, Supplier<T> work) {
        CallBudget.Place place;
        try {
            place = budget.acquire(config.rateLimitWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(delegate.name(), "timeout", operation + " interrupted", e);
        } catch (RuntimeException e) {
            // not the provider's fault: the circuit breaker ignores this code
            throw new ProviderUnavailableException(delegate.name(), BUDGET_UNAVAILABLE,
                    operation + ": the call budget could not be consulted", e);
        }
        if (!place.granted()) {
            throw new RateLimitedException(delegate.name(), "client_rate_limited", 0, null, place.retryIn(),
                    operation + ": more than " + config.callsPerSecond() + " calls/s");
        }
        try {
            // the call runs on our executor: it takes the caller's MDC along (order_id, event_id, iccid of the
            // record being handled) so the provider-call log lines can be found by them
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            return timeLimiter.executeFutureSupplier(() -> executor.submit(() -> withMdc(mdc, work)));
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException(delegate.name(), "timeout",
                    operation + " exceeded " + config.callTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(delegate.name(), "timeout", operation + " interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ProviderUnavailableException(delegate.name(), "client_error", operation + ": " + e, e);
        } finally {
            place.callEnded(); // the provider has counted the call by now, if it ever will
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<ProviderPlan> listPlans() {
        return call("listPlans", delegate::listPlans);
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
        return call("provision", () -> delegate.provision(request));
    }

    @Override
    public Optional<ProviderOrder> findOrder(String providerOrderId) {
        return call("findOrder", () -> delegate.findOrder(providerOrderId));
    }

    @Override
    public Optional<ProviderOrder> findOrderByReference(String ourOrderId) {
        return call("findOrderByReference", () -> delegate.findOrderByReference(ourOrderId));
    }

    @Override
    public LineUsage lineUsage(String iccid) {
        return call("lineUsage", () -> delegate.lineUsage(iccid));
    }

    @Override
    public TopUpResult topUp(TopUpRequest request) {
        return call("topUp", () -> delegate.topUp(request));
    }

    @Override
    public CancelResult cancelIfUnused(String iccid, String idempotencyKey) {
        return call("cancelIfUnused", () -> delegate.cancelIfUnused(iccid, idempotencyKey));
    }

    @Override
    public Balance balance() {
        return call("balance", delegate::balance);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
