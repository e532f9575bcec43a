package dev.esim.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the shared PostgreSQL server before the test class. In a Spring test, each new application context gets
 * a fresh, empty database (see {@link Postgres#newDatabase(String)}) and {@code spring.datasource.url/username/
 * password} pointing at it, so the service's Flyway migrations run on a clean slate. Test methods may take a
 * {@link Postgres} parameter, or a {@link Postgres.Database} parameter: one fresh database per test class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface WithPostgres {

    /** Base name of the database (a suffix keeps it unique within the JVM), e.g. the service's name. */
    String database() default "test";
}
