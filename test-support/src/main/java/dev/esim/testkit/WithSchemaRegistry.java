package dev.esim.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the shared schema registry (and the PostgreSQL it stores schemas in) before the test class. In a Spring
 * test it also sets {@code spring.kafka.properties.schema.registry.url}. Test methods may take a
 * {@link SchemaRegistry} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface WithSchemaRegistry {
}
