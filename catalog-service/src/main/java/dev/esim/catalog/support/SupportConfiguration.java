package dev.esim.catalog.support;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.orders.EmailHashes;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.FieldSealer;
import dev.esim.catalog.outbox.Outbox;
import dev.esim.catalog.refunds.Operators;
import dev.esim.catalog.refunds.Refunds;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The support console: sign-in, order search (also by e-mail address), one order's file, refunds, activation e-mail
 * resends (README, "Support console").
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

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
                                                    ActivationResends resends, SupportSessions sessions) {
        return new SupportOrdersController(orders, lookup, refunds, resends, sessions);
    }
}
