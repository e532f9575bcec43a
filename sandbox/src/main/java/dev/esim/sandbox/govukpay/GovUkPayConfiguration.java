package dev.esim.sandbox.govukpay;

import dev.esim.sandbox.state.StateDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the GOV.UK Pay stand-in under {@code /govukpay}: the API ({@code /govukpay/v1/**}), the payment page
 * ({@code /govukpay/pay/{id}}), the admin endpoints ({@code /govukpay/admin/**}) and the webhook sender.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GovUkPayProperties.class)
public class GovUkPayConfiguration {

    // our own mapper, not Boot's: GOV.UK Pay's JSON shapes must not shift with another feature's Jackson settings
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    AdjustableClock govUkPayClock() {
        return new AdjustableClock(Clock.systemUTC());
    }

    /** {@code <sandbox.state-dir>/govukpay.jsonl}, or none without a state directory. */
    @Bean
    GovUkPayJournal govUkPayJournal(StateDirectory state) {
        return new GovUkPayJournal(state.journal("govukpay"));
    }

    @Bean(destroyMethod = "close")
    WebhookSender govUkPayWebhookSender(GovUkPayProperties properties, GovUkPayJournal journal) {
        return new WebhookSender(properties, journal);
    }

    @Bean
    WebhookMessages govUkPayWebhookMessages(AdjustableClock clock, WebhookSender sender, GovUkPayJournal journal) {
        return new WebhookMessages(clock, sender, journal, JSON);
    }

    @Bean
    Payments govUkPayPayments(AdjustableClock clock, GovUkPayJournal journal, WebhookMessages messages,
            WebhookSender sender, GovUkPayProperties properties) {
        Payments payments = new Payments(clock, journal, new IdempotencyKeys(clock, journal, JSON), messages, sender,
                properties.refundDelay());
        // GOV.UK Pay expires an unfinished payment 90 minutes after creation and says so with card_payment_expired
        sender.every(Duration.ofSeconds(30), payments::expireOverdue);
        return payments;
    }

    /** One router, so the order holds: page and admin first, then the API with its catch-all 404. */
    @Bean
    RouterFunction<ServerResponse> govUkPayRoutes(Payments payments, WebhookMessages messages, WebhookSender sender,
            AdjustableClock clock, GovUkPayProperties properties) {
        ApiGate gate = new ApiGate(properties.apiKey(), properties.rateLimitPerSecond(), System::nanoTime);
        return new PaymentPageRoutes(payments).routes()
                .and(new GovUkPayAdminRoutes(payments, messages, sender, clock, JSON).routes())
                .and(new GovUkPayApiRoutes(payments, gate, properties.publicBaseUrl(), JSON).routes());
    }
}
