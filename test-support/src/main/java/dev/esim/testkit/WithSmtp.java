package dev.esim.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the shared SMTP catcher before the test class. In a Spring test it also sets {@code spring.mail.host}
 * and {@code spring.mail.port}. Test methods may take an {@link Smtp} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface WithSmtp {

    /** Empty the shared inbox before each test method, so counts start at zero. */
    boolean purgeBeforeEach() default true;
}
