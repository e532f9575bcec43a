package dev.esim.ingress;

import com.stripe.StripeClient;
import dev.esim.events.crypto.Keysets;
import dev.esim.ingress.govukpay.GovukPayApiPayments;
import dev.esim.ingress.govukpay.GovukPayWebhook;
import dev.esim.ingress.provider.ProviderEndpoint;
import dev.esim.ingress.provider.ProviderWebhooks;
import dev.esim.ingress.publish.PublishConfiguration;
import dev.esim.ingress.stripe.StripePaymentIntentOrders;
import dev.esim.ingress.stripe.StripeWebhook;
import dev.esim.ingress.web.WebConfiguration;
import dev.esim.ingress.web.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Explicit wiring of the Spring-free feature code from {@link IngressProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngressProperties.class)
class IngressConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry, Clock clock, IngressProperties properties) {
        List<String> sources = new ArrayList<>();
        sources.add(StripeWebhook.SOURCE);
        sources.add(GovukPayWebhook.SOURCE);
        sources.addAll(properties.ingress().providers().keySet());
        return new WebhookMetrics(registry, clock, sources);
    }

    @Bean
    StripeWebhook stripeWebhook(IngressProperties properties, Clock clock, WebhookMetrics metrics) {
        var stripe = properties.ingress().stripe();
        int timeout = (int) stripe.apiTimeout().toMillis();
        StripeClient api = StripeClient.builder()
                .setApiKey(stripe.apiKey())
                .setApiBase(stripe.apiBase().replaceAll("/+$", ""))
                .setMaxNetworkRetries(1)
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .build();
        return new StripeWebhook(stripe.webhookSecrets(), stripe.tolerance(), properties.environment(), clock,
                new ApiVersionLog(metrics), new StripePaymentIntentOrders(api));
    }

    @Bean
    GovukPayWebhook govukPayWebhook(IngressProperties properties) {
        var govukpay = properties.ingress().govukpay();
        return new GovukPayWebhook(govukpay.webhookSecrets(), govukpay.live(),
                new GovukPayApiPayments(govukpay.apiBase(), govukpay.apiKey(), govukpay.apiTimeout()));
    }

    @Bean
    ProviderWebhooks providerWebhooks(IngressProperties properties, Clock clock) {
        List<ProviderEndpoint> endpoints = properties.ingress().providers().entrySet().stream()
                .map(e -> new ProviderEndpoint(e.getKey(), e.getValue().scheme(), e.getValue().secrets(),
                        e.getValue().tolerance()))
                .toList();
        return new ProviderWebhooks(endpoints, clock);
    }

    @Bean
    PublishConfiguration.Ciphers ciphers(IngressProperties properties) {
        String environment = properties.environment();
        return new PublishConfiguration.Ciphers(
                Keysets.encryptOnly(Keysets.PII, environment, properties.crypto().piiKeyset()),
                Keysets.encryptOnly(Keysets.ACTIVATION, environment, properties.crypto().activationKeyset()));
    }

    @Bean
    PublishConfiguration.PublishSettings publishSettings(IngressProperties properties) {
        return new PublishConfiguration.PublishSettings(properties.ingress().kafkaHealthTimeout(),
                properties.ingress().rememberPublished());
    }

    @Bean
    WebConfiguration.WebSettings webSettings(IngressProperties properties) {
        return new WebConfiguration.WebSettings((int) properties.ingress().maxBodySize().toBytes(),
                properties.ingress().publishTimeout());
    }

    /** Counts API-version drift and says so once per event type, so an endpoint left on an old version is noticed. */
    private static final class ApiVersionLog implements StripeWebhook.ApiVersionMismatchListener {

        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiVersionLog.class);
        private final WebhookMetrics metrics;
        private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ApiVersionLog(WebhookMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void mismatch(String eventType, String eventApiVersion) {
            metrics.apiVersionMismatch(eventType);
            if (warned.add(eventType + "/" + eventApiVersion)) {
                LOG.warn("Stripe sent {} in API version {} but stripe-java is pinned to {}; reading the version-stable "
                        + "fields from the raw JSON. Align the endpoint's API version.", eventType, eventApiVersion,
                        com.stripe.Stripe.API_VERSION);
            }
        }
    }
}
