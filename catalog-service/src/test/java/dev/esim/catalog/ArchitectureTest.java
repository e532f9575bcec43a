package dev.esim.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The module's boundaries, checked on every build. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.esim.catalog");

    @Test
    void theOrderStateMachineAndPricingAreSpringFree() {
        noClasses().that().haveFullyQualifiedName("dev.esim.catalog.orders.OrderProjection")
                .or().haveFullyQualifiedName("dev.esim.catalog.orders.OrderStatus")
                .or().haveFullyQualifiedName("dev.esim.catalog.orders.OrderFact")
                .or().haveFullyQualifiedName("dev.esim.catalog.plans.Pricing")
                .or().haveFullyQualifiedName("dev.esim.catalog.plans.Price")
                .or().haveFullyQualifiedName("dev.esim.catalog.plans.PlanMapper")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "org.apache.avro..", "dev.esim.events.avro..", "com.stripe..", "reactor..")
                .check(CLASSES);
    }

    @Test
    void avroStaysInTheAvroMappers() {
        noClasses().that().haveSimpleNameNotStartingWith("Avro")
                .should().dependOnClassesThat().resideInAnyPackage("dev.esim.events.avro..", "org.apache.avro..")
                .check(CLASSES);
    }

    @Test
    void stripeJavaStaysInTheStripeAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.esim.catalog.stripe..")
                .should().dependOnClassesThat().resideInAnyPackage("com.stripe..")
                .check(CLASSES);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic().check(CLASSES);
    }
}
