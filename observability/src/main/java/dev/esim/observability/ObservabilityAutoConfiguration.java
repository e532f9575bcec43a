package dev.esim.observability;

import dev.esim.observability.kafka.ConsumedEventContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import org.apache.avro.generic.IndexedRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Gives every service that has this module on its class path the request-id filter (WebFlux services with
 * context-propagation) and the consumed-event log context and age gauge (services with spring-kafka and Avro), so no
 * service declares them itself.
 * Boot's listener container factory picks the {@link RecordInterceptor} up on its own. A service that wants its own
 * declares a bean of the same type.
 */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(ContextRegistry.class) // how the id reaches the MDC; actuator-only services lack it
    static class RequestIdConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RequestIds requestIds() {
            return new RequestIds();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({RecordInterceptor.class, IndexedRecord.class, MeterRegistry.class})
    static class ConsumedEventConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConsumedEventContext consumedEventContext(ObjectProvider<MeterRegistry> meters) {
            return new ConsumedEventContext(meters.getIfAvailable(() -> Metrics.globalRegistry), Clock.systemUTC());
        }
    }
}
