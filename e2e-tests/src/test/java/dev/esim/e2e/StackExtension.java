package dev.esim.e2e;

import dev.esim.localstack.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the whole local stack once per test JVM ({@code --fresh}, data under {@code target/e2e-stack}) and stops it
 * when every test class has run. Test methods and constructors receive a {@link Platform}.
 */
final class StackExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Platform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Platform.class, key -> start(), Platform.class);
    }

    /** A service that died between tests (killed from outside, crashed) would make the next test fail obscurely. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Platform platform = context.getRoot().getStore(NAMESPACE).get(Platform.class, Platform.class);
        if (platform != null && !platform.stack().unexpectedlyStopped().isEmpty()) {
            throw new IllegalStateException("not running any more: " + platform.stack().unexpectedlyStopped());
        }
    }

    private static Platform start() {
        Path root = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("e2e.data-dir", "target/e2e-stack")).toAbsolutePath().normalize();
        try {
            LocalStack stack = LocalStack.start(root, data, true);
            System.out.println(stack.describe());
            return new Platform(stack);
        } catch (Exception e) {
            throw new IllegalStateException("The local stack did not start (the service jars come from "
                    + root + "/<module>/target/: run `mvn install -DskipTests` or the whole reactor first): "
                    + e.getMessage(), e);
        }
    }
}
