package dev.esim.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.function.Predicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The architecture rules the services share, for their {@code ArchitectureTest}s: a module's rooms are features, not
 * layers; an adapter lives beside its port and only the feature's own wiring builds it, so adapters and Spring wiring
 * are package-private.
 */
public final class HouseRules {

    private HouseRules() {
    }

    /** No package named after a layer (e.g. {@code messaging}, {@code persistence}, {@code web}). */
    public static ArchRule packagesAreFeaturesNotLayers(String... layers) {
        return noClasses()
                .should().resideInAnyPackage(Arrays.stream(layers).map(l -> ".." + l + "..").toArray(String[]::new))
                .because("adapters live in the feature package they serve, beside their port");
    }

    /** The feature packages directly below {@code rootPackage} depend on one another without cycles. */
    public static ArchRule featuresAreFreeOfCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    /** Classes whose name starts with one of the adapter prefixes ({@code Jdbc}, {@code Kafka}, …) are not public. */
    public static ArchRule adaptersArePackagePrivate(String... prefixes) {
        return classes()
                .that(named(String.join("…, ", prefixes) + "…",
                        name -> Arrays.stream(prefixes).anyMatch(name::startsWith)))
                .and().areTopLevelClasses()
                .should().notBePublic()
                .because("callers use the port; only the feature's own configuration builds its adapters");
    }

    public static ArchRule springConfigurationIsPackagePrivate() {
        return classes().that().areAnnotatedWith(Configuration.class).should().notBePublic();
    }

    public static ArchRule beanMethodsArePackagePrivate() {
        return methods().that().areAnnotatedWith(Bean.class).should().notBePublic();
    }

    /** By the name of the top-level class, so that nested and anonymous classes belong to the class around them. */
    public static DescribedPredicate<JavaClass> named(String description, Predicate<String> name) {
        return DescribedPredicate.describe(description, javaClass -> name.test(topLevel(javaClass).getSimpleName()));
    }

    private static JavaClass topLevel(JavaClass javaClass) {
        JavaClass top = javaClass;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }
}
