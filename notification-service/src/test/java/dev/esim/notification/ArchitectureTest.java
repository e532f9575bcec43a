package dev.esim.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.esim.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule avroAndKafkaOnlyInTheMessagingAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.esim.notification.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.esim.events.avro..", "dev.esim.events.serde..", "dev.esim.events.crypto..",
                    "org.apache.avro..", "org.apache.kafka..", "org.springframework.kafka..")
            .because("generated Avro classes and Kafka stay at the edge; the rest of the service speaks its own types");

    @ArchTest
    static final ArchRule renderingAndSendPolicyAreFreeOfFrameworks = noClasses()
            .that().resideInAnyPackage("dev.esim.notification.email..", "dev.esim.notification.delivery..",
                    "dev.esim.notification.secret..", "dev.esim.notification.order..")
            .and().haveSimpleNameNotStartingWith("Jdbc")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.mail..", "org.eclipse.angus..", "org.apache.kafka..",
                    "org.apache.avro..", "dev.esim.events..")
            .because("templates, rendering and the send policy are plain Java, tested with lambdas");

    @ArchTest
    static final ArchRule onlyTheSmtpAdapterSpeaksSmtp = noClasses()
            .that().resideOutsideOfPackage("dev.esim.notification.smtp..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..",
                    "org.springframework.mail..")
            .because("SMTP is one adapter behind the Emailer interface");
}
