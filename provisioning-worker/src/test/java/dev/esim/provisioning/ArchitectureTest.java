package dev.esim.provisioning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.esim.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule provisioningLogicKnowsNoFrameworkNorWireFormat = noClasses()
            .that().resideInAPackage("dev.esim.provisioning.order..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.apache.avro..", "dev.esim.events.avro..",
                    "dev.esim.events.serde..", "jakarta..", "io.micrometer..", "java.sql..", "javax.sql..")
            .because("the provisioning rules are plain Java, tested without Kafka, Spring or a database");

    @ArchTest
    static final ArchRule avroStaysInTheMessagingAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.esim.provisioning.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "dev.esim.events.avro..")
            .because("generated Avro classes are mapped to domain types at the edge");

    @ArchTest
    static final ArchRule kafkaStaysInTheMessagingAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.esim.provisioning.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");
}
