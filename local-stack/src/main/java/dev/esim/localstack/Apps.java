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

    /**
     * The environment of each application: docs/conventions.md's variables, plus the equivalent Spring property
     * variables ({@code SPRING_DATASOURCE_URL}, {@code ESIM_CATALOG_STRIPE_APIBASE}, …) so a service whose
     * application.yml does not (yet) map a convention variable still gets the local stack's value.
     */
    static Map<String, String> environment(App app) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ESIM_ENVIRONMENT", "sandbox");
        env.put("PORT", Integer.toString(app.port()));
        env.put("SERVER_PORT", Integer.toString(app.port()));
        env.put("MANAGEMENT_PORT", Integer.toString(app.managementPort()));
        // The worker's transaction-id-prefix ends in HOSTNAME: fixed, so a restarted worker fences its predecessor.
        env.put("HOSTNAME", "local-stack");
        SANDBOX_SECRETS.forEach((k, v) -> env.put(k, Optional.ofNullable(System.getenv(k)).orElse(v)));
        String kafka = "localhost:" + KAFKA_PORT;
        String registry = "http://localhost:" + REGISTRY_PORT;
        String stripeApi = "http://localhost:" + SANDBOX_PORT + "/stripe";
        String govUkPayApi = "http://localhost:" + SANDBOX_PORT + "/govukpay";
        String simology = "http://localhost:" + SANDBOX_PORT + "/provider/simology";
        String roamlink = "http://localhost:" + SANDBOX_PORT + "/provider/roamlink";
        if (app.name().equals("sandbox")) {
            env.put("SANDBOX_GATEWAY_WEBHOOK_URL", "http://localhost:" + INGRESS_PORT + "/webhooks/stripe");
            env.put("SANDBOX_GATEWAY_WEBHOOK_SECRET", env.get("STRIPE_WEBHOOK_SECRETS").split(",")[0]);
            env.put("SANDBOX_GOVUKPAY_WEBHOOK_URL", "http://localhost:" + INGRESS_PORT + "/webhooks/govukpay");
            env.put("SANDBOX_GOVUKPAY_WEBHOOKSIGNINGSECRET", env.get("GOVUKPAY_WEBHOOK_SECRETS").split(",")[0]);
            env.put("SANDBOX_PROVIDER_CALLBACK_URL", "http://localhost:" + INGRESS_PORT + "/webhooks/providers/simology");
            env.put("SANDBOX_FAILOVER_PROVIDER_CALLBACK_URL",
                    "http://localhost:" + INGRESS_PORT + "/webhooks/providers/roamlink");
            return env;
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", kafka);
        env.put("SCHEMA_REGISTRY_URL", registry);
        if (app.database() != null) {
            String url = "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/" + app.database();
            env.put("DB_URL", url);
            env.put("DB_USER", "esim");
            env.put("DB_PASSWORD", "esim");
            env.put("SPRING_DATASOURCE_URL", url);
            env.put("SPRING_DATASOURCE_USERNAME", "esim");
            env.put("SPRING_DATASOURCE_PASSWORD", "esim");
        }
        switch (app.name()) {
            case "catalog-service" -> {
                env.put("STRIPE_API_BASE", stripeApi);
                env.put("ESIM_CATALOG_STRIPE_APIBASE", stripeApi);
                env.put("ESIM_CATALOG_STRIPE_APIKEY", env.get("STRIPE_API_KEY"));
                env.put("GOVUKPAY_API_BASE", govUkPayApi);
                env.put("SIMOLOGY_BASE_URL", simology);
                env.put("ESIM_CATALOG_PROVIDER_BASEURL", simology);
                env.put("ESIM_CATALOG_PROVIDER_APIKEY", env.get("SIMOLOGY_API_KEY"));
                env.put("ESIM_CATALOG_SUPPORT_APITOKEN", env.get("SUPPORT_API_TOKEN"));
                // lines the worker issued at the failover provider are read, topped up and cancelled there
                env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_NAME", "roamlink");
                env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_BASEURL", roamlink);
                env.put("ESIM_CATALOG_FAILOVERPROVIDERS_0_APIKEY", env.get("ROAMLINK_API_KEY"));
            }
            case "payment-ingress" -> {
                env.put("GOVUKPAY_API_BASE", govUkPayApi);
                env.put("ESIM_INGRESS_PROVIDERS_ROAMLINK_SCHEME", "simology");
                env.put("ESIM_INGRESS_PROVIDERS_ROAMLINK_SECRETS", env.get("ROAMLINK_WEBHOOK_SECRETS"));
            }
            case "provisioning-worker" -> {
                // the primary, then the provider an order fails over to when the primary cannot serve it (a list
                // set by environment replaces application.yml's as a whole)
                env.put("SIMOLOGY_BASE_URL", simology);
                provider(env, 0, "simology", simology, env.get("SIMOLOGY_API_KEY"));
                provider(env, 1, "roamlink", roamlink, env.get("ROAMLINK_API_KEY"));
            }
            case "notification-service" -> {
                env.put("SMTP_HOST", "localhost");
                env.put("SMTP_PORT", Integer.toString(SMTP_PORT));
                env.put("SPRING_MAIL_HOST", "localhost");
                env.put("SPRING_MAIL_PORT", Integer.toString(SMTP_PORT));
                env.put("ORDER_STATUS_BASE_URL", "http://localhost:" + CATALOG_PORT + "/orders/");
            }
            default -> {
            }
        }
        return env;
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
