package dev.esim.catalog.lines;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.FailoverProviders;
import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.checkout.TopUpTargets;
import dev.esim.catalog.orders.Orders;
import dev.esim.events.OrderTokens;
import dev.esim.provider.EsimProvider;
import dev.esim.provider.LineUsage;
import dev.esim.provider.resilience.CallBudget;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Line usage (cached per ICCID) and the top-up target check built on it. */
@Configuration(proxyBeanMethods = false)
class LinesConfiguration {

    @Bean
    LineProviders lineProviders(EsimProvider provider, FailoverProviders failover, Orders orders) {
        return new LineProviders(provider, failover.providers(), orders::providerOfLine);
    }

    @Bean
    LineUsageCache lineUsageCache(LineProviders providers, Clock clock, CatalogProperties properties) {
        CatalogProperties.Lines lines = properties.catalog().lines();
        return new LineUsageCache(providers, clock, lines.cacheTtl(), lines.cacheMaxLines(),
                CallBudget.perProcess(lines.missesPerSecond()));
    }

    @Bean
    LineRefunds lineRefunds(LineProviders providers) {
        return new LineRefunds(providers);
    }

    @Bean
    LinesController linesController(LineUsageCache cache, Orders orders, OrderTokens tokens) {
        return new LinesController(cache, orders::orderOfLine, tokens);
    }

    /**
     * A top-up needs a line the provider knows and has not cancelled — nor has the worker (the usage cache may not
     * have seen that yet).
     */
    @Bean
    TopUpTargets topUpTargets(LineUsageCache cache, Orders orders) {
        return iccid -> {
            LineUsage usage = LinesController.read(cache, iccid).usage();
            if (usage.status() == LineUsage.LineStatus.CANCELLED || orders.lineCancelled(iccid)) {
                throw ApiException.conflict("Line " + iccid + " is cancelled and cannot be topped up.");
            }
        };
    }
}
