package dev.esim.ingress.web;

import java.time.Duration;
import java.util.Map;
import dev.esim.observability.RequestIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.server.WebHandler;

/**
 * The HTTP edge: the (package-private) webhook controller is component-scanned; request ids come from the
 * observability module's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /**
     * The webhook paths, mapped straight to the controller's {@link WebHandler}s ahead of annotated mappings.
     * Still Spring WebFlux (its filters, observation and error handling all apply), without the per-request handler
     * method lookup and argument resolution that {@code @PostMapping} costs: each handler already takes the exchange
     * and writes its own answer (README, "Benchmark"). The method check is the controller's.
     */
    @Bean
    HandlerMapping webhookRoutes(WebhookController webhooks) {
        WebHandler stripe = webhooks::stripe;
        WebHandler govukpay = webhooks::govukpay;
        WebHandler provider = webhooks::provider;
        return new SimpleUrlHandlerMapping(Map.of(WebhookController.STRIPE_PATH, stripe,
                WebhookController.GOVUKPAY_PATH, govukpay, WebhookController.PROVIDER_PATH, provider),
                Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * Every other path: the canonical 404 body, like a webhook path's refusals (not Spring's default error page).
     * Actuator is not here: it listens on the management port.
     */
    @Bean
    HandlerMapping everythingElse() {
        WebHandler notFound = exchange -> Reply.error(HttpStatus.NOT_FOUND, "not_found",
                "No endpoint here; webhooks go to " + WebhookController.STRIPE_PATH + ", "
                        + WebhookController.GOVUKPAY_PATH + " and " + WebhookController.PROVIDER_PATH + ".",
                RequestIds.of(exchange)).writeTo(exchange);
        return new SimpleUrlHandlerMapping(Map.of("/**", notFound), Ordered.LOWEST_PRECEDENCE);
    }

    /** What the edge needs from the service's properties. */
    public record WebSettings(int maxBodyBytes, Duration publishTimeout) {
    }
}
