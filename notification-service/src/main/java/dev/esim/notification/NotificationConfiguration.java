package dev.esim.notification;

import java.time.Clock;

import dev.esim.events.OrderTokens;
import dev.esim.notification.delivery.DeliveryLog;
import dev.esim.notification.delivery.DeliveryMetrics;
import dev.esim.notification.delivery.DeliverySettings;
import dev.esim.notification.delivery.DispatchLoop;
import dev.esim.notification.delivery.Dispatcher;
import dev.esim.notification.delivery.Intake;
import dev.esim.notification.delivery.JdbcDeliveryLog;
import dev.esim.notification.delivery.NotificationEvents;
import dev.esim.notification.email.EmailRenderer;
import dev.esim.notification.email.OrderLinks;
import dev.esim.notification.email.TopUpLinks;
import dev.esim.notification.email.Emailer;
import dev.esim.notification.order.JdbcOrderBook;
import dev.esim.notification.order.OrderBook;
import dev.esim.notification.secret.Unsealer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Explicit wiring of the e-mail pipeline: intake → delivery log → dispatcher → SMTP → outcome events. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotificationProperties.class, PlatformProperties.class})
class NotificationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OrderBook orderBook(JdbcClient jdbc) {
        return new JdbcOrderBook(jdbc);
    }

    @Bean
    DeliveryLog deliveryLog(JdbcClient jdbc) {
        return new JdbcDeliveryLog(jdbc);
    }

    @Bean
    EmailRenderer emailRenderer(NotificationProperties properties) {
        OrderTokens tokens = new OrderTokens(properties.orderLinks().secret());
        OrderLinks links = OrderLinks.withToken(properties.orderStatusBaseUrl(), tokens::token);
        return new EmailRenderer(properties.from(), links, TopUpLinks.fromTemplate(properties.topUpUrl()),
                properties.qr().size());
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
