package dev.esim.ingress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.esim.ingress", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule normalisationIsFreeOfSpringKafkaAndHttp = noClasses()
            .that().resideInAnyPackage("dev.esim.ingress.event..", "dev.esim.ingress.stripe..",
                    "dev.esim.ingress.govukpay..", "dev.esim.ingress.provider..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "reactor..", "io.micrometer..", "jakarta.servlet..")
            .because("verification and normalisation are plain code, tested without a container");

    @ArchTest
    static final ArchRule generatedAvroClassesStayInThePublishingAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.esim.ingress.publish..")
            .should().dependOnClassesThat().resideInAPackage("dev.esim.events.avro..")
            .because("Avro classes are the wire format; the rest of the service speaks domain facts");

    @ArchTest
    static final ArchRule adaptersArePackagePrivate = classes()
            .that().haveSimpleNameEndingWith("Controller").or().haveSimpleNameStartingWith("Kafka")
            .or().haveSimpleNameEndingWith("Receiver").or().haveSimpleNameEndingWith("Normaliser")
            .should().notBePublic();

    @ArchTest
    static final ArchRule featuresDoNotReachIntoTheWebLayer = noClasses()
            .that().resideInAnyPackage("dev.esim.ingress.stripe..", "dev.esim.ingress.govukpay..",
                    "dev.esim.ingress.provider..", "dev.esim.ingress.publish..", "dev.esim.ingress.event..")
            .should().dependOnClassesThat().resideInAPackage("dev.esim.ingress.web..");
}
