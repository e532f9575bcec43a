package dev.esim.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.observability.kafka.ConsumedEventContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

class ObservabilityAutoConfigurationTest {

    private static final AutoConfigurations OBSERVABILITY = AutoConfigurations.of(ObservabilityAutoConfiguration.class);

    @Test
    void aWebFluxServiceGetsRequestIdsAndEveryServiceTheConsumedEventContextOnItsMeterRegistry() {
        new ReactiveWebApplicationContextRunner().withConfiguration(OBSERVABILITY)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(RequestIds.class).hasSingleBean(ConsumedEventContext.class);
                });
    }

    @Test
    void aServiceWithoutAWebServerGetsNoRequestIdFilter() {
        new ApplicationContextRunner().withConfiguration(OBSERVABILITY)
                .run(context -> assertThat(context).doesNotHaveBean(RequestIds.class)
                        .hasSingleBean(ConsumedEventContext.class));
    }

    @Test
    void aWebFluxServiceWithoutContextPropagationGetsNoRequestIdFilter() {
        new ReactiveWebApplicationContextRunner().withConfiguration(OBSERVABILITY)
                .withClassLoader(new FilteredClassLoader(ContextRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(RequestIds.class));
    }

    @Test
    void aServicesOwnBeansWin() {
        ConsumedEventContext own = new ConsumedEventContext(new SimpleMeterRegistry(), Clock.systemUTC());
        new ReactiveWebApplicationContextRunner().withConfiguration(OBSERVABILITY)
                .withBean(ConsumedEventContext.class, () -> own)
                .run(context -> assertThat(context.getBean(ConsumedEventContext.class)).isSameAs(own));
    }
}
