package dev.esim.testkit;

import java.lang.annotation.Annotation;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Behind {@link WithKafka}, {@link WithPostgres}, {@link WithSchemaRegistry} and {@link WithSmtp}: starts what
 * the test class asks for before its first test and resolves infrastructure parameters. JUnit registers it once
 * per class however many of the annotations are present. Spring properties come from
 * {@link InfrastructureContextCustomizerFactory}, which works from the same annotations.
 */
class InfrastructureExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(InfrastructureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<WithKafka> kafka = find(testClass, WithKafka.class);
        TestInfrastructure.start(kafka.isPresent(),
                find(testClass, WithPostgres.class).isPresent(),
                find(testClass, WithSchemaRegistry.class).isPresent(),
                find(testClass, WithSmtp.class).isPresent());
        kafka.ifPresent(annotation -> {
            for (String topic : annotation.topics()) {
                TestInfrastructure.kafka().createTopic(topic, annotation.partitions());
            }
        });
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        find(context.getRequiredTestClass(), WithSmtp.class)
                .filter(WithSmtp::purgeBeforeEach)
                .ifPresent(annotation -> TestInfrastructure.smtp().purge());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Kafka.class || type == Postgres.class || type == Postgres.Database.class
                || type == SchemaRegistry.class || type == Smtp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Kafka.class) {
            return TestInfrastructure.kafka();
        }
        if (type == Postgres.class) {
            return TestInfrastructure.postgres();
        }
        if (type == SchemaRegistry.class) {
            return TestInfrastructure.registry();
        }
        if (type == Smtp.class) {
            return TestInfrastructure.smtp();
        }
        if (type == Postgres.Database.class) {
            return classDatabase(context);
        }
        throw new ParameterResolutionException("Unsupported parameter " + parameter.getParameter());
    }

    /** One database per test class, shared by its methods (and its constructor). */
    private static Postgres.Database classDatabase(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        String name = find(testClass, WithPostgres.class)
                .map(WithPostgres::database)
                .orElse(testClass.getSimpleName());
        return classContext.getStore(NAMESPACE).computeIfAbsent(testClass,
                key -> TestInfrastructure.postgres().newDatabase(name), Postgres.Database.class);
    }

    /** Like {@code @Inherited}, but also looks at enclosing classes so {@code @Nested} tests inherit it. */
    static <A extends Annotation> Optional<A> find(Class<?> testClass, Class<A> type) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<A> found = AnnotationSupport.findAnnotation(c, type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
