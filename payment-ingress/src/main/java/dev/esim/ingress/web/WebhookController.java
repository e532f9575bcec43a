package dev.esim.ingress.web;

import dev.esim.ingress.event.GatewayApiUnavailable;
import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import dev.esim.ingress.govukpay.GovukPayWebhook;
import dev.esim.ingress.provider.ProviderWebhooks;
import dev.esim.ingress.publish.EventPublisher;
import dev.esim.ingress.stripe.StripeWebhook;
import dev.esim.observability.RequestIds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The webhook endpoints: Stripe, GOV.UK Pay and the eSIM providers. Order of checks: unknown provider (404) → method
 * (405) → size (413) → signature (400) → timestamp (400, where the scheme signs one) → JSON/schema/environment (400)
 * → the gateway's API where the order must be looked up (503 when it does not answer) → publish. A 2xx is sent only
 * after Kafka acknowledged the event; if Kafka does not within the publish timeout the answer is 503, so the gateway
 * retries. Log lines carry the request id, the source, the event type and ids — never the body or a secret.
 *
 * <p>The request id is put in the MDC here, around each step that may log, rather than by Reactor's automatic
 * context propagation, which wraps every operator of every request to save and restore thread-locals; this service
 * runs with {@code spring.reactor.context-propagation=limited} (README, "Benchmark").
 */
@Component
class WebhookController {

    static final String STRIPE_PATH = "/webhooks/stripe";
    static final String GOVUKPAY_PATH = "/webhooks/govukpay";
    static final String PROVIDER_PATH = "/webhooks/providers/{provider}";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final StripeWebhook stripe;
    private final GovukPayWebhook govukpay;
    private final ProviderWebhooks providers;
    private final EventPublisher publisher;
    private final WebhookMetrics metrics;
    private final int maxBodyBytes;
    private final Duration publishTimeout;
    private final Mono<EventPublisher.Published> timedOut;

    WebhookController(StripeWebhook stripe, GovukPayWebhook govukpay, ProviderWebhooks providers,
            EventPublisher publisher, WebhookMetrics metrics, WebConfiguration.WebSettings settings) {
        this.stripe = stripe;
        this.govukpay = govukpay;
        this.providers = providers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.publishTimeout = settings.publishTimeout();
        this.timedOut = Mono.error(() -> new TimeoutException("Kafka did not acknowledge within " + publishTimeout));
    }

    /** {@value #STRIPE_PATH} (routed by {@link WebConfiguration#webhookRoutes}). */
    Mono<Void> stripe(ServerWebExchange exchange) {
        String signature = exchange.getRequest().getHeaders().getFirst(StripeWebhook.SIGNATURE_HEADER);
        return handle(StripeWebhook.SOURCE, exchange, body -> stripe.receive(body, signature));
    }

    /** {@value #GOVUKPAY_PATH} (routed by {@link WebConfiguration#webhookRoutes}). */
    Mono<Void> govukpay(ServerWebExchange exchange) {
        String signature = exchange.getRequest().getHeaders().getFirst(GovukPayWebhook.SIGNATURE_HEADER);
        return handle(GovukPayWebhook.SOURCE, exchange, body -> govukpay.receive(body, signature));
    }

    /** {@value #PROVIDER_PATH} (routed by {@link WebConfiguration#webhookRoutes}). */
    Mono<Void> provider(ServerWebExchange exchange) {
        Map<String, String> pathVariables =
                exchange.getRequiredAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String provider = pathVariables.get("provider");
        if (!providers.knows(provider)) {
            return rejected("unknown", RequestIds.of(exchange), new WebhookRejected(Reason.NOT_FOUND,
                    "No such provider")).writeTo(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return handle(provider, exchange, body -> providers.receive(provider, body, headers::getFirst));
    }

    private Mono<Void> handle(String source, ServerWebExchange exchange,
            Function<byte[], Normalised> receive) {
        String requestId = RequestIds.of(exchange);
        if (exchange.getRequest().getMethod() != HttpMethod.POST) {
            return rejected(source, requestId, new WebhookRejected(Reason.METHOD_NOT_ALLOWED,
                    "Webhooks are delivered with POST")).allowing(HttpMethod.POST).writeTo(exchange);
        }
        return CappedBody.read(exchange.getRequest(), maxBodyBytes)
                .map(body -> withRequestId(requestId, () -> receive.apply(body)))
                .flatMap(normalised -> normalised instanceof Normalised.Deferred deferred
                        // a call to the gateway's API: never on the event loop
                        ? Mono.fromSupplier(() -> withRequestId(requestId, deferred.resolution()))
                                .subscribeOn(Schedulers.boundedElastic())
                        : Mono.just(normalised))
                .flatMap(normalised -> {
                    metrics.verified(source, normalised.type());
                    if (normalised instanceof Normalised.Publish publish) {
                        return publish(source, requestId, publish, exchange);
                    }
                    Normalised.Ignore ignore = (Normalised.Ignore) normalised; // Deferred was resolved above
                    metrics.ignored(source, ignore.type(), ignore.reason());
                    logging(requestId, () -> LOG.info("Ignored {} {}: {}", source, ignore.type(), ignore.reason()));
                    return Mono.just(Reply.ok(
                            Map.of("received", true, "status", "ignored", "reason", ignore.reason())));
                })
                .onErrorResume(WebhookRejected.class, e -> Mono.just(rejected(source, requestId, e)))
                .onErrorResume(GatewayApiUnavailable.class, e -> {
                    metrics.lookupFailed(source);
                    logging(requestId, () -> LOG.warn("Could not name the order of a {} webhook: {}", source,
                            e.getMessage()));
                    return Mono.just(Reply.error(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                            "The gateway's API did not answer; retry later", requestId).retryingLater());
                })
                .onErrorResume(e -> {
                    logging(requestId, () -> LOG.error("Unexpected failure handling a {} webhook", source, e));
                    return Mono.just(Reply.error(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                            "Unexpected error; the event was not stored", requestId));
                })
                .flatMap(reply -> reply.writeTo(exchange));
    }

    private Mono<Reply> publish(String source, String requestId,
            Normalised.Publish publish, ServerWebExchange exchange) {
        var envelope = publish.envelope();
        long start = System.nanoTime();
        Scheduler connectionLoop = ConnectionLoop.of(exchange);
        // publish() never blocks (see KafkaEventPublisher), so it is called right here on the event loop
        return Mono.fromFuture(() -> publisher.publish(envelope))
                // the acknowledgement completes on the producer's one network thread, which must not build and write
                // every response; finish on the connection's event loop, which writes the response anyway
                .publishOn(connectionLoop)
                // The timer lives on that loop too: set and cancelled on one thread, no lock, no other thread woken.
                // The error is given as a fallback because timeout() without one names the operator chain in its
                // message, which Reactor works out per request by class-name regexes (~2 % of the event loop).
                .timeout(publishTimeout, timedOut, connectionLoop)
                .map(published -> {
                    metrics.published(source, envelope.sourceEventType(), Duration.ofNanos(System.nanoTime() - start),
                            published.repeat());
                    if (!published.repeat()) {
                        logging(requestId, () -> LOG.info("Published {} {} {} as {} to {}-{}@{}", source,
                                envelope.sourceEventType(), envelope.sourceEventId(), envelope.eventId(),
                                published.topic(), published.partition(), published.offset()));
                    } else if (LOG.isDebugEnabled()) { // a gateway's retry: counted, and logged only when asked for
                        logging(requestId, () -> LOG.debug("Repeated delivery of {} {} {}, published before as {} to "
                                + "{}-{}@{}", source, envelope.sourceEventType(), envelope.sourceEventId(),
                                envelope.eventId(), published.topic(), published.partition(), published.offset()));
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("received", true);
                    body.put("status", "published");
                    body.put("event_id", envelope.eventId());
                    return Reply.ok(body);
                })
                .onErrorResume(e -> {
                    String reason = e instanceof TimeoutException ? "timeout" : e.getClass().getSimpleName();
                    metrics.publishFailed(source, envelope.sourceEventType(),
                            Duration.ofNanos(System.nanoTime() - start), reason);
                    logging(requestId, () -> LOG.warn("Could not publish {} {} {}: {}", source,
                            envelope.sourceEventType(), envelope.sourceEventId(), reason));
                    return Mono.just(Reply.error(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                            "Event could not be stored; retry later", requestId).retryingLater());
                });
    }

    /** Runs one synchronous step with the request id in the MDC of the thread it runs on. */
    private static <T> T withRequestId(String requestId, Supplier<T> step) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestIds.MDC_KEY, requestId)) {
            return step.get();
        }
    }

    private static void logging(String requestId, Runnable logLine) {
        withRequestId(requestId, () -> {
            logLine.run();
            return null;
        });
    }

    /** Counts and logs (with the request id in the MDC) a refused request, and answers it. */
    private Reply rejected(String source, String requestId, WebhookRejected e) {
        metrics.rejected(source, e.reason().code());
        logging(requestId, () -> LOG.info("Rejected {} webhook: {} ({})", source, e.reason().code(), e.getMessage()));
        return Reply.error(HttpStatus.valueOf(e.reason().status()), e.reason().code(), e.getMessage(), requestId);
    }
}
