package dev.esim.localstack;

import static dev.esim.localstack.LocalStack.CATALOG_MANAGEMENT_PORT;
import static dev.esim.localstack.LocalStack.CATALOG_PORT;
import static dev.esim.localstack.LocalStack.INGRESS_MANAGEMENT_PORT;
import static dev.esim.localstack.LocalStack.INGRESS_PORT;
import static dev.esim.localstack.LocalStack.KAFKA_PORT;
import static dev.esim.localstack.LocalStack.NOTIFICATION_PORT;
import static dev.esim.localstack.LocalStack.POSTGRES_PORT;
import static dev.esim.localstack.LocalStack.REGISTRY_PORT;
import static dev.esim.localstack.LocalStack.SANDBOX_PORT;
import static dev.esim.localstack.LocalStack.SMTP_PORT;
import static dev.esim.localstack.LocalStack.WORKER_PORT;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The applications of the stack: which jar, which ports, which database, how much heap, and their environment. */
final class Apps {

    private Apps() {
    }

    /** Sandbox-mode values from docs/conventions.md; the launcher's own environment wins, as it would for a service. */
    private static final Map<String, String> SANDBOX_SECRETS = Map.of(
            "STRIPE_WEBHOOK_SECRETS", "whsec_sandbox_local_only_do_not_use_in_production",
            "STRIPE_API_KEY", "sk_test_sandbox_local",
            "GOVUKPAY_WEBHOOK_SECRETS", "govukpay_whsec_sandbox_local_only",
            "GOVUKPAY_API_KEY", "api_test_sandbox_govukpay_local",
            "SIMOLOGY_WEBHOOK_SECRETS", "simsec_sandbox_local_only",
            "SIMOLOGY_API_KEY", "sk_sandbox_simology_local",
            "ROAMLINK_WEBHOOK_SECRETS", "rlsec_sandbox_local_only",
            "ROAMLINK_API_KEY", "sk_sandbox_roamlink_local",
            "SUPPORT_API_TOKEN", "support_sandbox_token_local",
            "ORDER_LINK_SECRET", "olsec_sandbox_local_only");

    // The sandbox keeps every session, event and provider line in memory: 192 MB ran out near 6,000 chaos orders.
    static final List<App> ALL = List.of(
            new App("sandbox", "sandbox", "sandbox-0.1.0-SNAPSHOT-exec.jar", SANDBOX_PORT, SANDBOX_PORT, null, "768m",
                    "checkout page /pay/{session}, Stripe API /stripe, GOV.UK Pay API /govukpay (page "
                            + "/govukpay/pay/{payment}), provider APIs /provider/simology and /provider/roamlink "
                            + "(failover), admin /provider/admin/{provider}"),
            new App("payment-ingress", "payment-ingress", "payment-ingress-0.1.0-SNAPSHOT.jar", INGRESS_PORT,
                    INGRESS_MANAGEMENT_PORT, null,
                    "192m",
                    "POST /webhooks/stripe, POST /webhooks/govukpay, POST /webhooks/providers/{provider}"),
            new App("catalog-service", "catalog-service", "catalog-service-0.1.0-SNAPSHOT.jar", CATALOG_PORT,
                    CATALOG_MANAGEMENT_PORT, "catalog",
                    "256m",
                    "GET /v1/catalog, POST /v1/checkout/sessions, GET /v1/orders/{id}, /orders/{id} (page), "
                            + "/v1/topups, /v1/refunds"),
            new App("provisioning-worker", "provisioning-worker", "provisioning-worker-0.1.0-SNAPSHOT.jar", WORKER_PORT,
                    WORKER_PORT, "provisioning", "192m", "actuator only"),
            new App("notification-service", "notification-service", "notification-service-0.1.0-SNAPSHOT.jar",
                    NOTIFICATION_PORT, NOTIFICATION_PORT, "notification", "192m", "actuator only"));

    private static final String KAFKA = "localhost:" + KAFKA_PORT;
    private static final String REGISTRY = "http://localhost:" + REGISTRY_PORT;
    private static final String STRIPE_API = "http://localhost:" + SANDBOX_PORT + "/stripe";
    private static final String GOVUKPAY_API = "http://localhost:" + SANDBOX_PORT + "/govukpay";
    private static final String SIMOLOGY = "http://localhost:" + SANDBOX_PORT + "/provider/simology";
    private static final String ROAMLINK = "http://localhost:" + SANDBOX_PORT + "/provider/roamlink";
    private static final String WEBHOOKS = "http://localhost:" + INGRESS_PORT + "/webhooks/";

    /**
     * The environment of each application: docs/conventions.md's variables, plus the equivalent Spring property
     * variables ({@code SPRING_DATASOURCE_URL}, {@code ESIM_CATALOG_STRIPE_APIBASE}, …) so a service whose
     * application.yml does not (yet) map a convention variable still gets the local stack's value.
     */
    static Map<String, String> environment(App app) {
        Map<String, String> env = new LinkedHashMap<>();
        common(app, env);
        if (app.name().equals("sandbox")) {
            sandbox(env);
            return env;
        }
        kafka(env);
        if (app.database() != null) {
            database(app.database(), env);
        }
        switch (app.name()) {
            case "catalog-service" -> catalogService(env);
            case "payment-ingress" -> paymentIngress(env);
            case "provisioning-worker" -> provisioningWorker(env);
            case "notification-service" -> notificationService(env);
            default -> {
            }
        }
        return env;
    }

    /** Every application's: the environment's name, its ports, a fixed host name and the sandbox secrets. */
    private static void common(App app, Map<String, String> env) {
        env.put("ESIM_ENVIRONMENT", "sandbox");
        env.put("PORT", Integer.toString(app.port()));
        env.put("SERVER_PORT", Integer.toString(app.port()));
        env.put("MANAGEMENT_PORT", Integer.toString(app.managementPort()));
        // The worker's transaction-id-prefix ends in HOSTNAME: fixed, so a restarted worker fences its predecessor.
        env.put("HOSTNAME", "local-stack");
        SANDBOX_SECRETS.forEach((k, v) -> env.put(k, Optional.ofNullable(System.getenv(k)).orElse(v)));
    }

    /** The sandbox's: where its gateways and providers send their webhooks, and the secrets they sign them with. */
    private static void sandbox(Map<String, String> env) {
        env.put("SANDBOX_GATEWAY_WEBHOOK_URL", WEBHOOKS + "stripe");
        env.put("SANDBOX_GATEWAY_WEBHOOK_SECRET", env.get("STRIPE_WEBHOOK_SECRETS").split(",")[0]);
        env.put("SANDBOX_GOVUKPAY_WEBHOOK_URL", WEBHOOKS + "govukpay");
        env.put("SANDBOX_GOVUKPAY_WEBHOOKSIGNINGSECRET", env.get("GOVUKPAY_WEBHOOK_SECRETS").split(",")[0]);
        env.put("SANDBOX_PROVIDER_CALLBACK_URL", WEBHOOKS + "providers/simology");
        env.put("SANDBOX_FAILOVER_PROVIDER_CALLBACK_URL", WEBHOOKS + "providers/roamlink");
    }

    /** Every service's: the Kafka broker and the schema registry. */
    private static void kafka(Map<String, String> env) {
        env.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", KAFKA);
        env.put("SCHEMA_REGISTRY_URL", REGISTRY);
    }

    /** A service with a database: its PostgreSQL database and credentials. */
    private static void database(String database, Map<String, String> env) {
        String url = "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/" + database;
        env.put("DB_URL", url);
        env.put("DB_USER", "esim");
        env.put("DB_PASSWORD", "esim");
        env.put("SPRING_DATASOURCE_URL", url);
        env.put("SPRING_DATASOURCE_USERNAME", "esim");
        env.put("SPRING_DATASOURCE_PASSWORD", "esim");
    }

    /** catalog-service's: the gateways' APIs, the primary provider and the failover one, the support API token. */
    private static void catalogService(Map<String, String> env) {
        env.put("STRIPE_API_BASE", STRIPE_API);
        env.put("ESIM_CATALOG_STRIPE_APIBASE", STRIPE_API);
        env.put("ESIM_CATALOG_STRIPE_APIKEY", env.get("STRIPE_API_KEY"));
        env.put("GOVUKPAY_API_BASE", GOVUKPAY_API);
        env.put("SIMOLOGY_BASE_URL", SIMOLOGY);
        env.put("ESIM_CATALOG_PROVIDER_BASEURL", SIMOLOGY);
        env.put("ESIM_CATALOG_PROVIDER_APIKEY", env.get("SIMOLOGY_API_KEY"));
        env.put("ESIM_CATALOG_SUPPORT_APITOKEN", env.get("SUPPORT_API_TOKEN"));
        // lines the worker issued at the failover provider are read, topped up and cancelled there
        env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_NAME", "roamlink");
        env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_BASEURL", ROAMLINK);
        env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_APIKEY", env.get("ROAMLINK_API_KEY"));
    }

    /** payment-ingress's: GOV.UK Pay's API, and the failover provider's webhooks checked as Simology's scheme. */
    private static void paymentIngress(Map<String, String> env) {
        env.put("GOVUKPAY_API_BASE", GOVUKPAY_API);
        env.put("ESIM_INGRESS_PROVIDERS_ROAMLINK_SCHEME", "simology");
        env.put("ESIM_INGRESS_PROVIDERS_ROAMLINK_SECRETS", env.get("ROAMLINK_WEBHOOK_SECRETS"));
    }

    /**
     * provisioning-worker's: the primary, then the provider an order fails over to when the primary cannot serve it
     * (a list set by environment replaces application.yml's as a whole).
     */
    private static void provisioningWorker(Map<String, String> env) {
        env.put("SIMOLOGY_BASE_URL", SIMOLOGY);
        provider(env, 0, "simology", SIMOLOGY, env.get("SIMOLOGY_API_KEY"));
        provider(env, 1, "roamlink", ROAMLINK, env.get("ROAMLINK_API_KEY"));
    }

    /** notification-service's: the mail catcher's SMTP port, and the order page its e-mails link to. */
    private static void notificationService(Map<String, String> env) {
        env.put("SMTP_HOST", "localhost");
        env.put("SMTP_PORT", Integer.toString(SMTP_PORT));
        env.put("SPRING_MAIL_HOST", "localhost");
        env.put("SPRING_MAIL_PORT", Integer.toString(SMTP_PORT));
        env.put("ORDER_STATUS_BASE_URL", "http://localhost:" + CATALOG_PORT + "/orders/");
    }

    private static void provider(Map<String, String> env, int index, String name, String baseUrl, String apiKey) {
        String prefix = "ESIM_WORKER_PROVIDERS_" + index + "_";
        env.put(prefix + "NAME", name);
        env.put(prefix + "TYPE", "simology");
        env.put(prefix + "BASEURL", baseUrl);
        env.put(prefix + "APIKEY", apiKey);
        env.put(prefix + "CALLSPERSECOND", "10");
    }

    /** @param managementPort where its actuator listens: {@code port} too, except for the two public APIs */
    record App(String name, String module, String jarName, int port, int managementPort, String database, String heap,
               String paths) {

        Path jar(Path root) {
            return root.resolve(module).resolve("target").resolve(jarName);
        }
    }
}
