package dev.esim.provisioning;


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
 * The module's rooms: one package per feature. {@code order} is the provisioning core with its ports and, beside each
 * port, its adapter ({@code Jdbc…}, {@code Tink…}, {@code Meter…}, the {@code ActivationCodePurge} over the JDBC
 * store) and the feature's Spring wiring ({@code …Configuration}); {@code stream} is the Kafka edge (listener, Avro
 * mapping, transaction carriers, dead letters, the claim-check sweep). Adapters and wiring are package-private.
 */
@AnalyzeClasses(packages = "dev.esim.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.esim.provisioning";
    private static final String ORDER = ROOT + ".order..";
    private static final String STREAM = ROOT + ".stream..";

    /** The adapters and the Spring wiring that live in {@code order} beside the ports they implement. */
    private static final DescribedPredicate<JavaClass> ADAPTER_OR_WIRING =
            named("an adapter or Spring wiring (Jdbc…, Tink…, Meter…, ActivationCodePurge, …Configuration)",
                    name -> name.startsWith("Jdbc") || name.startsWith("Tink") || name.startsWith("Meter")
                            || name.equals("ActivationCodePurge") || name.endsWith("Configuration"));

    /** The Tink vault: its cipher speaks Avro's {@code EncryptedPayload}. */
    private static final DescribedPredicate<JavaClass> TINK_VAULT =
            named("the Tink vault (Tink…)", name -> name.startsWith("Tink"));

    @ArchTest
    static final ArchRule provisioningLogicKnowsNoFrameworkNorWireFormat = noClasses()
            .that().resideInAPackage(ORDER)
            .and(DescribedPredicate.not(ADAPTER_OR_WIRING))
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.apache.avro..", "dev.esim.events.avro..",
                    "dev.esim.events.serde..", "jakarta..", "io.micrometer..", "java.sql..", "javax.sql..")
            .because("the provisioning rules are plain Java, tested without Kafka, Spring or a database");

    @ArchTest
    static final ArchRule provisioningLogicSeesOnlyPorts = noClasses()
            .that().resideInAPackage(ORDER)
            .and(DescribedPredicate.not(ADAPTER_OR_WIRING))
            .should().dependOnClassesThat(ADAPTER_OR_WIRING.and(JavaClass.Predicates.resideInAPackage(ROOT + "..")))
            .because("the provisioning rules reach their adapters only through the ports they implement");

    @ArchTest
    static final ArchRule avroStaysAtTheKafkaEdge = noClasses()
            .that().resideOutsideOfPackage(STREAM)
            .and(DescribedPredicate.not(TINK_VAULT))
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "dev.esim.events.avro..")
            .because("generated Avro classes are mapped to domain types at the edge");

    @ArchTest
    static final ArchRule kafkaStaysAtTheKafkaEdge = noClasses()
            .that().resideOutsideOfPackage(STREAM)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule packagesAreFeaturesNotLayers =
            HouseRules.packagesAreFeaturesNotLayers("messaging", "persistence", "provider", "web");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = HouseRules.featuresAreFreeOfCycles(ROOT);

    @ArchTest
    static final ArchRule adaptersArePackagePrivate =
            HouseRules.adaptersArePackagePrivate("Jdbc", "Kafka", "Tink", "Meter");

    @ArchTest
    static final ArchRule springConfigurationIsPackagePrivate = HouseRules.springConfigurationIsPackagePrivate();

    @ArchTest
    static final ArchRule beanMethodsArePackagePrivate = HouseRules.beanMethodsArePackagePrivate();

    private static DescribedPredicate<JavaClass> named(String description, Predicate<String> name) {
        return HouseRules.named(description, name);
    }
}
