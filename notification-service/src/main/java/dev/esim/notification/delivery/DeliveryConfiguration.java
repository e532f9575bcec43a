package dev.esim.notification.delivery;

import java.time.Clock;

import dev.esim.notification.NotificationProperties;
import dev.esim.notification.email.EmailRenderer;
import dev.esim.notification.email.Emailer;
import dev.esim.notification.order.ActivationEmailResends;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Unsealer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Explicit wiring of the e-mail pipeline: intake → delivery log → dispatcher → SMTP → outcome events. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    DeliveryLog deliveryLog(JdbcClient jdbc) {
        return new JdbcDeliveryLog(jdbc);
    }

    @Bean
    DeliveryMetrics deliveryMetrics(MeterRegistry registry, DeliveryLog log) {
        return new DeliveryMetrics(registry, log::unfinished);
    }

    @Bean
    Dispatcher dispatcher(DeliveryLog log, OrderBook orders, Unsealer unsealer, EmailRenderer renderer,
            Emailer emailer, NotificationEvents events, DeliveryMetrics metrics, NotificationProperties properties,
            Clock clock) {
        return new Dispatcher(log, orders, unsealer, renderer, emailer, events, metrics, settings(properties), clock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    DispatchLoop dispatchLoop(Dispatcher dispatcher, NotificationProperties properties) {
        NotificationProperties.Delivery delivery = properties.delivery();
        return new DispatchLoop(dispatcher, delivery.pollInterval(), delivery.batchSize(), delivery.concurrency());
    }

    @Bean
    ActivationEmailResends activationEmailResends(DeliveryLog log, OrderBook orders, Intake intake, Clock clock) {
        return new ActivationResender(log, orders, intake, clock);
    }

    @Bean
    Intake intake(OrderBook orders, DeliveryLog log, Unsealer unsealer, DispatchLoop loop,
            NotificationProperties properties, Clock clock) {
        return new Intake(orders, log, unsealer, properties.messageIdDomain(), loop::wake, clock);
    }

    static DeliverySettings settings(NotificationProperties properties) {
        NotificationProperties.Delivery delivery = properties.delivery();
        return new DeliverySettings(properties.messageIdDomain(), delivery.batchSize(), delivery.initialBackoff(),
                delivery.maxBackoff(), delivery.resendAfter(), delivery.giveUpAfter());
    }
}
