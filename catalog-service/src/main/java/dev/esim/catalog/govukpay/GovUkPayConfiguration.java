package dev.esim.catalog.govukpay;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.reconciliation.ReconciledGateway;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * GOV.UK Pay, when {@code esim.catalog.govukpay.enabled}: the gateway checkout, expiry and refunds use, and
 * reconciliation's reader and signed route back into payment-ingress. Live mode refuses the sandbox's published
 * key and secret and a test key.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "esim.catalog.govukpay.enabled", havingValue = "true", matchIfMissing = true)
class GovUkPayConfiguration {

    /** Pages of 500 refunds per reconciliation run at most. */
    private static final int MAX_PAGES = 20;

    @Bean
    GovUkPayGateway govUkPayGateway(CatalogProperties properties, JsonMapper json) {
        CatalogProperties.GovUkPay g = checked(properties);
        return new GovUkPayGateway(api(g, g.timeout(), json));
    }

    @Bean
    ReconciledGateway govUkPayReconciliation(CatalogProperties properties, JsonMapper json) {
        CatalogProperties.GovUkPay g = checked(properties);
        String secret = g.signingSecret();
        return new ReconciledGateway(GovUkPayGateway.NAME,
                new GovUkPayPayments(api(g, properties.catalog().reconciliation().timeout(), json), json, MAX_PAGES),
                g.webhookUrl(), (body, now) -> Map.of("Pay-Signature", sign(body, secret)));
    }

    /** GOV.UK Pay's webhook signature: lower-case hex HMAC-SHA256 of the body under the signing secret. */
    static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static CatalogProperties.GovUkPay checked(CatalogProperties properties) {
        CatalogProperties.GovUkPay g = properties.catalog().govukpay();
        if (properties.live() && (g.apiKey().startsWith("api_test_")
                || g.webhookSecret().contains(CatalogProperties.GovUkPay.SANDBOX_WEBHOOK_SECRET))) {
            throw new IllegalStateException("live mode refuses a GOV.UK Pay test key or the sandbox webhook secret"
                    + " (esim.catalog.govukpay.api-key, webhook-secret); set GOVUKPAY_ENABLED=false to run without"
                    + " GOV.UK Pay");
        }
        return g;
    }

    private static GovUkPayApi api(CatalogProperties.GovUkPay g, Duration timeout, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new GovUkPayApi(http, g.apiBase(), g.apiKey(), timeout, json);
    }
}
