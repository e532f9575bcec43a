package dev.esim.notification;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.function.Predicate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.esim.testkit.HouseRules;

/**
 * The module's rooms: one package per feature ({@code delivery}, {@code email}, {@code order}, {@code retention},
 * {@code secret}), each adapter beside the port it implements and package-private. Adapters are named for what they
 * speak ({@code Jdbc…}, {@code JavaMail…}, {@code Smtp…}, {@code Kafka…}, {@code Cipher…}), Kafka listeners end in
 * {@code Listener}, and each feature's Spring wiring is its {@code …Configuration}.
 */
@AnalyzeClasses(packages = "dev.esim.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.esim.notification";

    /** Listeners, the Kafka publisher and configuration, and the Tink ciphers (their API speaks Avro). */
    private static final DescribedPredicate<JavaClass> KAFKA_EDGE =
            named("the Kafka edge (Kafka…, …Listener, Cipher…)",
                    name -> name.startsWith("Kafka") || name.endsWith("Listener") || name.startsWith("Cipher"));

    private static final DescribedPredicate<JavaClass> ADAPTER_OR_WIRING = KAFKA_EDGE
            .or(named("Jdbc…, JavaMail…, Smtp…, …Configuration", name -> name.startsWith("Jdbc")
                    || name.startsWith("JavaMail") || name.startsWith("Smtp") || name.endsWith("Configuration")))
            .as("an adapter or Spring wiring");

    private static final DescribedPredicate<JavaClass> SMTP_ADAPTER = resideInAPackage(ROOT + ".email")
            .and(named("JavaMail…, Smtp…, …Configuration", name -> name.startsWith("JavaMail")
                    || name.startsWith("Smtp") || name.endsWith("Configuration")))
            .as("the SMTP adapter (email's JavaMail…, Smtp… and its configuration)");

    @ArchTest
    static final ArchRule avroAndKafkaOnlyAtTheKafkaEdge = noClasses()
            .that(DescribedPredicate.not(KAFKA_EDGE))
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.esim.events.avro..", "dev.esim.events.serde..", "dev.esim.events.crypto..",
                    "org.apache.avro..", "org.apache.kafka..", "org.springframework.kafka..")
            .because("generated Avro classes and Kafka stay at the edge; the rest of the service speaks its own types");

    @ArchTest
    static final ArchRule renderingAndSendPolicyAreFreeOfFrameworks = noClasses()
            .that().resideInAnyPackage(ROOT + ".email..", ROOT + ".delivery..", ROOT + ".secret..",
                    ROOT + ".order..")
            .and(DescribedPredicate.not(ADAPTER_OR_WIRING))
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.mail..", "org.eclipse.angus..", "org.apache.kafka..",
                    "org.apache.avro..", "dev.esim.events..")
            .because("templates, rendering and the send policy are plain Java, tested with lambdas");

    @ArchTest
    static final ArchRule onlyTheSmtpAdapterSpeaksSmtp = noClasses()
            .that(DescribedPredicate.not(SMTP_ADAPTER))
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..",
                    "org.springframework.mail..")
            .because("SMTP is one adapter behind the Emailer interface");

    @ArchTest
    static final ArchRule packagesAreFeaturesNotLayers =
            HouseRules.packagesAreFeaturesNotLayers("messaging", "smtp", "persistence", "web");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = HouseRules.featuresAreFreeOfCycles(ROOT);

    @ArchTest
    static final ArchRule adaptersArePackagePrivate = HouseRules.adaptersArePackagePrivate("Jdbc", "JavaMail", "Kafka");

    @ArchTest
    static final ArchRule springConfigurationIsPackagePrivate = HouseRules.springConfigurationIsPackagePrivate();

    private static DescribedPredicate<JavaClass> named(String description, Predicate<String> name) {
        return HouseRules.named(description, name);
    }
}
