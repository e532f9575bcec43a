package dev.esim.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the shared Kafka broker (KRaft, transactions enabled) before the test class. In a Spring test it also
 * sets {@code spring.kafka.bootstrap-servers}. Test methods may take a {@link Kafka} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface WithKafka {

    /** Topics to create before the test class (and before its Spring context) if they do not exist yet. */
    String[] topics() default {};

    /** Partitions for each of {@link #topics()}. */
    int partitions() default 1;
}
