package dev.esim.guardrails;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start a service whose settings do not belong to its {@code esim.environment} — before any bean exists,
 * so nothing has been called or published yet.
 *
 * <p>In both modes, secrets that announce their mode must agree with it ({@code sk_live_…}, {@code …_live_…} against
 * {@code sk_test_…}, {@code …_test_…}, {@code …sandbox…}): a live key in the sandbox would spend real money on test
 * traffic, a test key in live would take none. Checked on every property whose name says it holds a secret
 * ({@code …secret…}, {@code …api-key…}, {@code …token…}, {@code …password…}, {@code …callback-keys…},
 * {@code …lookup-key…}).
 *
 * <p>With {@code esim.environment=live}, also every setting that only makes sense on a laptop:
 * <ul>
 *   <li>an outside-world URL ({@code esim.*…url}, {@code …base-url}, {@code …api-base}: gateway, provider, the links
 *       in e-mails) that is not {@code https://} or that points at this machine;</li>
 *   <li>Kafka, the schema registry or PostgreSQL on this machine (a production pod has none of them);</li>
 *   <li>an SMTP server on this machine, or one reached without required STARTTLS (or {@code smtps});</li>
 *   <li>any property holding one of the published sandbox secrets;</li>
 *   <li>the local stack's database credentials ({@code esim}/{@code esim}) or an empty database password.</li>
 * </ul>
 * Every problem is reported at once, by property name — never by value, which may be a secret.
 */
public final class EnvironmentGuard implements EnvironmentPostProcessor {

    /** The sandbox secrets the README publishes: worthless outside the sandbox, and exactly what must not be live. */
    static final Set<String> PUBLISHED_SANDBOX_SECRETS = Set.of(
            "whsec_sandbox_local_only_do_not_use_in_production", "sk_test_sandbox_local", "simsec_sandbox_local_only",
            "sk_sandbox_simology_local", "support_sandbox_token_local", "olsec_sandbox_local_only",
            "rlsec_sandbox_local_only", "sk_sandbox_roamlink_local", "supsec_sandbox_local_only",
            "emlkey_sandbox_local_only", "api_test_sandbox_govukpay_local", "govukpay_whsec_sandbox_local_only");

    /** Hops between our own services inside the cluster: plain http there is the deployment's business. */
    private static final Set<String> INTERNAL_URLS = Set.of("esim.catalog.reconciliation.webhook-url",
            "esim.catalog.govukpay.webhook-url");

    private static final Pattern OUTSIDE_URL = Pattern.compile("esim\\..*(url|base-url|api-base)");
    /** The settings checked by name below (besides outside URLs). */
    private static final Set<String> CHECKED = Set.of("spring.kafka.bootstrap-servers",
            "spring.kafka.properties.schema.registry.url", "spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.mail.host", "spring.mail.protocol",
            "spring.mail.properties.mail.smtp.starttls.required");

    private static final String SANDBOX = "sandbox";
    private static final String LIVE = "live";

    /** Names of properties (or environment variables) that hold secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|api[-_.]?key|token|password|callback[-_.]?keys|lookup[-_.]?key).*");

    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d+){3}|\\[?::1]?|0\\.0\\.0\\.0",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = mode(environment);
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new EnvironmentRefusedException(mode, problems);
        }
    }

    static List<String> problems(ConfigurableEnvironment environment) {
        String mode = mode(environment);
        if (!SANDBOX.equals(mode) && !LIVE.equals(mode)) {
            return List.of("esim.environment must be sandbox or live");
        }
        List<String> problems = new ArrayList<>(secretsOfTheOtherMode(environment, LIVE.equals(mode)));
        if (LIVE.equals(mode)) {
            problems.addAll(laptopSettings(environment));
        }
        return problems;
    }

    private static String mode(ConfigurableEnvironment environment) {
        return resolved(environment, "esim.environment", SANDBOX).strip().toLowerCase(Locale.ROOT);
    }

    /** Secrets whose own prefix says they belong to the other mode. */
    private static List<String> secretsOfTheOtherMode(ConfigurableEnvironment environment, boolean live) {
        List<String> problems = new ArrayList<>();
        for (String name : propertyNames(environment)) {
            if (!SECRET_NAME.matcher(name).matches() || name.toLowerCase(Locale.ROOT).contains("keyset")) {
                continue;
            }
            String value = resolved(environment, name, "");
            for (String secret : value.split("[,\\s]+")) {
                if (!live && looksLive(secret)) {
                    problems.add(name + " holds a live secret (sandbox and live secrets never mix)");
                    break;
                }
                if (live && looksSandbox(secret)) {
                    problems.add(name + " holds a sandbox or test secret (sandbox and live secrets never mix)");
                    break;
                }
            }
        }
        return problems;
    }

    static boolean looksLive(String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return s.startsWith("sk_live_") || s.startsWith("rk_live_") || s.contains("_live_");
    }

    static boolean looksSandbox(String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return s.startsWith("sk_test_") || s.startsWith("rk_test_") || s.contains("_test_") || s.contains("sandbox");
    }

    private static List<String> laptopSettings(ConfigurableEnvironment environment) {
        List<String> problems = new ArrayList<>();
        for (String name : propertyNames(environment)) {
            boolean checked = OUTSIDE_URL.matcher(name).matches() || CHECKED.contains(name);
            String value;
            try {
                value = environment.getProperty(name);
            } catch (IllegalArgumentException unresolvable) {
                // ${…} naming nothing: a problem for a setting checked here, none of ours for any other variable
                if (checked) {
                    problems.add(name + " refers to a placeholder that is not set");
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (PUBLISHED_SANDBOX_SECRETS.stream().anyMatch(value::contains)) {
                problems.add(name + " holds a published sandbox secret");
            }
            if (OUTSIDE_URL.matcher(name).matches() && !INTERNAL_URLS.contains(withoutIndex(name))) {
                checkOutsideUrl(name, value, problems);
            }
        }
        checkNotLocal(environment, "spring.kafka.bootstrap-servers", problems);
        checkNotLocal(environment, "spring.kafka.properties.schema.registry.url", problems);
        checkNotLocal(environment, "spring.datasource.url", problems);
        checkSmtp(environment, problems);
        checkDatabaseCredentials(environment, problems);
        return problems;
    }

    private static void checkOutsideUrl(String name, String value, List<String> problems) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not a URL");
            return;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            problems.add(name + " must be an https:// URL");
        }
        if (uri.getHost() == null || LOOPBACK.matcher(uri.getHost()).matches()) {
            problems.add(name + " points at this machine");
        }
    }

    private static void checkNotLocal(ConfigurableEnvironment environment, String name, List<String> problems) {
        String value = resolved(environment, name, null);
        if (value != null && mentionsLoopback(value)) {
            problems.add(name + " points at this machine");
        }
    }

    private static void checkSmtp(ConfigurableEnvironment environment, List<String> problems) {
        String host = resolved(environment, "spring.mail.host", null);
        if (host == null) {
            return; // not a service that sends e-mail
        }
        if (LOOPBACK.matcher(host.strip()).matches()) {
            problems.add("spring.mail.host points at this machine");
        }
        boolean smtps = "smtps".equalsIgnoreCase(resolved(environment, "spring.mail.protocol", "smtp"));
        boolean startTls = Boolean.parseBoolean(
                resolved(environment, "spring.mail.properties.mail.smtp.starttls.required", "false"));
        if (!smtps && !startTls) {
            problems.add("SMTP would run in plaintext: set spring.mail.properties.mail.smtp.starttls.required=true "
                    + "(SMTP_STARTTLS=true) or spring.mail.protocol=smtps");
        }
    }

    private static void checkDatabaseCredentials(ConfigurableEnvironment environment, List<String> problems) {
        if (resolved(environment, "spring.datasource.url", null) == null) {
            return; // no database
        }
        String user = resolved(environment, "spring.datasource.username", "");
        String password = resolved(environment, "spring.datasource.password", "");
        if (password.isEmpty()) {
            problems.add("spring.datasource.password is empty");
        } else if (user.equals("esim") && password.equals("esim")) {
            problems.add("spring.datasource.username/password are the local stack's defaults");
        }
    }

    /** The setting's value, or {@code otherwise} when unset or naming a placeholder that is not (reported above). */
    private static String resolved(ConfigurableEnvironment environment, String name, String otherwise) {
        try {
            return environment.getProperty(name, otherwise);
        } catch (IllegalArgumentException unresolvable) {
            return otherwise;
        }
    }

    private static boolean mentionsLoopback(String value) {
        for (String part : value.split("[,;\\s]+")) {
            String host = part.replaceFirst("^[a-z]+(:[a-z]+)*://", "").replaceFirst("^[^@/]*@", "")
                    .replaceFirst("[/?].*$", "").replaceFirst(":\\d+$", "");
            if (!host.isEmpty() && LOOPBACK.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String withoutIndex(String name) {
        return name.replaceAll("\\[\\d+]", "").toLowerCase(Locale.ROOT);
    }

    /** Every property name the environment can enumerate (application.yml, variables, arguments), once. */
    private static Set<String> propertyNames(ConfigurableEnvironment environment) {
        Set<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
