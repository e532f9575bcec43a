package dev.esim.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Turns {@link WithKafka}, {@link WithPostgres}, {@link WithSchemaRegistry} and {@link WithSmtp} on a Spring test
 * class into Spring properties, so a service IT needs no {@code @DynamicPropertySource} boilerplate. Registered
 * in {@code META-INF/spring.factories}; does nothing for test classes without those annotations.
 *
 * <p>The customizer is a record, so two test classes with the same annotations share one cached application
 * context (and hence one database), exactly as Spring caches contexts for identical configuration.
 */
public class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        WithKafka kafka = TestContextAnnotationUtils.findMergedAnnotation(testClass, WithKafka.class);
        WithPostgres postgres = TestContextAnnotationUtils.findMergedAnnotation(testClass, WithPostgres.class);
        boolean registry = TestContextAnnotationUtils.hasAnnotation(testClass, WithSchemaRegistry.class);
        boolean smtp = TestContextAnnotationUtils.hasAnnotation(testClass, WithSmtp.class);
        if (kafka == null && postgres == null && !registry && !smtp) {
            return null;
        }
        return new InfrastructureCustomizer(
                kafka != null,
                kafka == null ? List.of() : List.of(kafka.topics()),
                kafka == null ? 1 : kafka.partitions(),
                postgres == null ? null : postgres.database(),
                registry,
                smtp);
    }

    private record InfrastructureCustomizer(boolean kafka, List<String> topics, int partitions, String database,
            boolean registry, boolean smtp) implements ContextCustomizer {

        // Names of the property sources Spring uses for @TestPropertySource/@SpringBootTest(properties) and
        // @DynamicPropertySource: ours goes just below them, so a test can still override any value we set.
        private static final String DYNAMIC = "Dynamic Test Properties";
        private static final String INLINED = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfrastructure.start(kafka, database != null, registry, smtp);
            Map<String, Object> properties = new LinkedHashMap<>();
            if (kafka) {
                Kafka broker = TestInfrastructure.kafka();
                topics.forEach(topic -> broker.createTopic(topic, partitions));
                properties.putAll(broker.springProperties());
            }
            if (database != null) {
                properties.putAll(TestInfrastructure.postgres().newDatabase(database).springProperties());
            }
            if (registry) {
                properties.putAll(TestInfrastructure.registry().springProperties());
            }
            if (smtp) {
                properties.putAll(TestInfrastructure.smtp().springProperties());
            }
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource ours = new MapPropertySource("esimTestInfrastructure", properties);
            if (sources.contains(INLINED)) {
                sources.addAfter(INLINED, ours);
            } else if (sources.contains(DYNAMIC)) {
                sources.addAfter(DYNAMIC, ours);
            } else {
                sources.addFirst(ours);
            }
        }
    }
}
