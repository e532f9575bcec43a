package dev.esim.catalog.support;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.orders.EmailHashes;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.FieldSealer;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.refunds.Operators;
import dev.esim.catalog.refunds.LineCancellations;
import dev.esim.catalog.refunds.Refunds;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The support console: sign-in, order search (also by e-mail address), one order's file, refunds, activation e-mail
 * resends, dead letters and their redrive, open reconciliation findings (README, "Support console").
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

    /**
     * How long the console waits for Kafka when it reads a dead-letter topic or redrives a record: an operator is
     * waiting for the page.
     */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    SupportSessions supportSessions(CatalogProperties properties, Clock clock) {
        CatalogProperties.Support support = properties.catalog().support();
        if (properties.live() && CatalogProperties.Support.SANDBOX_SESSION_SECRET.equals(support.sessionSecret())) {
            throw new IllegalStateException("esim.catalog.support.session-secret (SUPPORT_SESSION_SECRET) is the"
                    + " published sandbox secret, which live refuses");
        }
        return new SupportSessions(support.sessionSecret(), support.sessionLifetime(), clock);
    }

    /** The keyed hash of e-mail addresses: checkout stores it with each order, the console's search looks it up. */
    @Bean
    EmailHashes emailHashes(CatalogProperties properties) {
        CatalogProperties.Support support = properties.catalog().support();
        if (properties.live()
                && CatalogProperties.Support.SANDBOX_EMAIL_LOOKUP_KEY.equals(support.emailLookupKey())) {
            throw new IllegalStateException("esim.catalog.support.email-lookup-key (SUPPORT_EMAIL_LOOKUP_KEY) is the"
                    + " published sandbox key, which live refuses");
        }
        return new EmailHashes(support.emailLookupKey());
    }

    @Bean
    SupportGate supportGate(SupportSessions sessions, Operators operators) {
        return new SupportGate(sessions, operators);
    }

    @Bean
    SupportLookup supportLookup(JdbcClient jdbc, EmailHashes emailHashes) {
        return new SupportLookup(jdbc, emailHashes);
    }

    @Bean
    SignInController signInController(Operators operators, SupportSessions sessions, CatalogProperties properties) {
        // Secure everywhere but on a developer's plain-http sandbox
        return new SignInController(operators, sessions, !"sandbox".equals(properties.environment()));
    }

    @Bean
    ActivationResends activationResends(Orders orders, Outbox outbox, FieldSealer sealer, EmailHashes emailHashes,
                                        TransactionTemplate tx, Clock clock) {
        return new ActivationResends(orders, outbox, sealer, emailHashes, tx, clock);
    }

    @Bean
    SupportOrdersController supportOrdersController(Orders orders, SupportLookup lookup, Refunds refunds,
                                                    ActivationResends resends, LineCancellations cancellations,
                                                    SupportSessions sessions) {
        return new SupportOrdersController(orders, lookup, refunds, resends, cancellations, sessions);
    }

    @Bean
    DeadLetterTopics deadLetterTopics(ConsumerFactory<?, ?> consumers) {
        return new DeadLetterTopics(consumers.getConfigurationProperties(), KAFKA_TIMEOUT);
    }

    @Bean
    Redrives redrives(DeadLetterTopics topics, ProducerFactory<?, ?> producers, JdbcClient jdbc,
                      TransactionTemplate tx, Clock clock) {
        return new Redrives(topics, producers.getConfigurationProperties(), KAFKA_TIMEOUT, jdbc, tx, clock);
    }

    @Bean
    DeadLettersController deadLettersController(DeadLetterTopics topics, Redrives redrives,
                                                SupportSessions sessions) {
        return new DeadLettersController(topics, redrives, sessions);
    }

    @Bean
    FindingsController findingsController(SupportLookup lookup) {
        return new FindingsController(lookup);
    }
}
