package dev.esim.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** {@code esim.notification.*} is checked as it is bound: a wrong value stops the service with the key it names. */
class NotificationPropertiesTest {

    @EnableConfigurationProperties(NotificationProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void theDefaultsWorkAsTheyAre() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            NotificationProperties properties = context.getBean(NotificationProperties.class);
            assertThat(properties.delivery().concurrency()).isEqualTo(4);
            assertThat(properties.topUpUrl()).contains("{iccid}");
        });
    }

    @Test
    void eachWrongValueIsRefusedNamingItsKey() {
        String[][] wrong = {
                {"esim.notification.order-status-base-url=/orders/", "orderStatusBaseUrlAbsolute"},
                {"esim.notification.top-up-url=https://shop.example/top-up", "topUpUrl"},
                {"esim.notification.delivery.concurrency=0", "delivery.concurrency"},
                {"esim.notification.delivery.resend-after=10s", "delivery.resendAfter"},
                {"esim.notification.smtp.messages-per-connection=0", "smtp.messagesPerConnection"},
                {"esim.notification.retention.activation-codes=0s", "retention.activationCodes"},
                {"esim.notification.retention.batch-size=0", "retention.batchSize"},
                {"esim.notification.from=", "from"}};
        for (String[] c : wrong) {
            runner.withPropertyValues(c[0]).run(context -> assertThat(context).getFailure()
                    .as(c[0]).rootCause().hasMessageContaining(c[1]));
        }
    }
}
