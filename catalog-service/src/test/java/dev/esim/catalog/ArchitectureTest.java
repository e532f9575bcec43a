package dev.esim.catalog;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.function.Predicate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.esim.testkit.HouseRules;
import org.springframework.web.bind.annotation.RestController;

/**
 * The module's rooms: one package per feature ({@code checkout}, {@code orders}, {@code plans}, {@code lines},
 * {@code refunds}, {@code gateways}, {@code stripe}, {@code govukpay}, {@code reconciliation}, {@code support},
 * {@code outbox}, {@code idempotency}, {@code retention}), each adapter beside the port it serves and each feature's
 * Spring wiring its package-private {@code …Configuration}. {@code api} is the HTTP edge every controller shares (the
 * canonical error body and its exception) and depends on no feature. Avro lives in the {@code Avro…} mappers (outbox
 * events out, consumed events in); Kafka in the outbox relay, the status listener, the wiring, and support's
 * dead-letter console.
 */
@AnalyzeClasses(packages = "dev.esim.catalog", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.esim.catalog";

    /** The mappers between the service's own types and the contract's Avro records. */
    private static final DescribedPredicate<JavaClass> AVRO_MAPPER = named("an Avro mapper (Avro…)",
            name -> name.startsWith("Avro"));

    /** The relay, the listener, their mappers and the Spring wiring. */
    private static final DescribedPredicate<JavaClass> KAFKA_EDGE = AVRO_MAPPER
            .or(named("OutboxRelay, …Listener, …Configuration", name -> name.equals("OutboxRelay")
                    || name.endsWith("Listener") || name.endsWith("Configuration")))
            .as("the Kafka edge (OutboxRelay, …Listener, Avro…, …Configuration)");

    /** Reads and republishes dead-lettered records as raw bytes. */
    private static final DescribedPredicate<JavaClass> DEAD_LETTER_CONSOLE = resideInAPackage(ROOT + ".support")
            .and(named("DeadLetter…, Redrives", name -> name.startsWith("DeadLetter") || name.equals("Redrives")))
            .as("support's dead-letter console (DeadLetter…, Redrives)");

    @ArchTest
    static final ArchRule theOrderStateMachineAndPricingAreSpringFree = noClasses()
            .that().haveFullyQualifiedName("dev.esim.catalog.orders.OrderProjection")
            .or().haveFullyQualifiedName("dev.esim.catalog.orders.OrderStatus")
            .or().haveFullyQualifiedName("dev.esim.catalog.orders.OrderFact")
            .or().haveFullyQualifiedName("dev.esim.catalog.plans.Pricing")
            .or().haveFullyQualifiedName("dev.esim.catalog.plans.Price")
            .or().haveFullyQualifiedName("dev.esim.catalog.plans.PlanMapper")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "org.apache.avro..", "dev.esim.events.avro..", "com.stripe..", "reactor..");

    @ArchTest
    static final ArchRule avroStaysInTheAvroMappers = noClasses()
            .that(DescribedPredicate.not(AVRO_MAPPER))
            .should().dependOnClassesThat().resideInAnyPackage("dev.esim.events.avro..", "org.apache.avro..")
            .because("generated Avro classes are mapped to the service's own types at the edge");

    @ArchTest
    static final ArchRule kafkaStaysAtTheKafkaEdge = noClasses()
            .that(DescribedPredicate.not(KAFKA_EDGE.or(DEAD_LETTER_CONSOLE)))
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule stripeJavaStaysInTheStripeAdapter = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".stripe..")
            .should().dependOnClassesThat().resideInAnyPackage("com.stripe..");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes()
            .that().areAnnotatedWith(RestController.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule theHttpEdgeDependsOnNoFeature = noClasses()
            .that().resideInAPackage(ROOT + ".api..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(DescribedPredicate.not(resideInAPackage(ROOT + ".api..")))
                    .as("classes of the service outside api"))
            .because("api is the one package every feature shares: the canonical error body and its exception");

    @ArchTest
    static final ArchRule packagesAreFeaturesNotLayers =
            HouseRules.packagesAreFeaturesNotLayers("messaging", "persistence", "provider", "web");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = HouseRules.featuresAreFreeOfCycles(ROOT);

    @ArchTest
    static final ArchRule adaptersArePackagePrivate = HouseRules.adaptersArePackagePrivate("Jdbc", "Kafka", "Avro");

    @ArchTest
    static final ArchRule springConfigurationIsPackagePrivate = HouseRules.springConfigurationIsPackagePrivate();

    @ArchTest
    static final ArchRule beanMethodsArePackagePrivate = HouseRules.beanMethodsArePackagePrivate();

    private static DescribedPredicate<JavaClass> named(String description, Predicate<String> name) {
        return HouseRules.named(description, name);
    }
}
