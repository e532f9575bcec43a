package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.Topic;
import dev.esim.events.Topics;
import dev.esim.localstack.LocalStack;
import dev.esim.localstack.Tuning;
import dev.esim.ops.OpsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Holds every promise at once, at volume, while everything fails: starts the local stack, runs travellers and a
 * schedule of faults together, replays every topic, attacks the webhook endpoints, then checks from the outside and
 * prints the figures. Exit code 0 when no promise was broken, 1 otherwise (the offending orders are listed).
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Runs travellers, faults, a full replay and a hostile-input phase against the local stack, "
                + "then checks every promise from the outside.")
public final class Chaos implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "10000", description = "Checkouts to create (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--rate", defaultValue = "4", description = "Checkouts per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--hostile-requests", defaultValue = "100000",
            description = "Requests of the hostile-input phase (default ${DEFAULT-VALUE}).")
    int hostileRequests;

    @Option(names = "--slow-connections", defaultValue = "50",
            description = "Slow-drip connections held open during the hostile phase (default ${DEFAULT-VALUE}).")
    int slowConnections;

    @Option(names = "--fault-window", defaultValue = "PT60S",
            description = "How long a provider fault, the SMTP hang or the empty balance lasts "
                    + "(default ${DEFAULT-VALUE}).")
    Duration faultWindow;

    @Option(names = "--fault-pause", defaultValue = "PT10S",
            description = "Quiet time between two faults (default ${DEFAULT-VALUE}).")
    Duration faultPause;

    @Option(names = "--max-redelivery-delay", defaultValue = "PT3M",
            description = "Longest delay of a redelivered gateway event (default ${DEFAULT-VALUE}).")
    Duration maxRedeliveryDelay;

    @Option(names = "--settle", defaultValue = "PT30M",
            description = "How long orders may take to settle after the last fault (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--notification-resend-after", defaultValue = "PT5M",
            description = "notification-service's esim.notification.delivery.resend-after: how long an e-mail left "
                    + "'sending' by a killed process waits before it is sent again (default ${DEFAULT-VALUE}, the "
                    + "service's own; it must exceed the SMTP timeouts, 70 s in all).")
    Duration notificationResendAfter;

    @Option(names = "--seed", description = "Random seed (default: the clock); printed, so a run can be repeated.")
    Long seed;

    @Option(names = "--root", defaultValue = ".", description = "The repository root (jars in <module>/target/).")
    Path root;

    @Option(names = "--data-dir", defaultValue = ".chaos-stack",
            description = "The stack's data and logs; emptied first (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Chaos()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long actualSeed = seed != null ? seed : System.currentTimeMillis();
        Random random = new Random(actualSeed);
        Instant started = Instant.now();
        out.printf("chaos: %d orders at %.1f/s, %d hostile requests, seed %d%n", orders, rate, hostileRequests,
                actualSeed);
        out.flush();
        Tuning tuning = tuning();
        try (LocalStack stack = LocalStack.start(root.toAbsolutePath(), dataDir.toAbsolutePath(), true, tuning)) {
            out.println(stack.describe());
            out.flush();
            Outside outside = new Outside();
            Map<String, String> plans = plans(outside);
            List<String> skus = List.copyOf(plans.keySet());
            fundProviders(outside);

            Faults faults = new Faults(stack, outside, random, faultWindow, faultPause, skus.get(0));
            try (Traffic traffic = new Traffic(outside, random, plans);
                 Redeliverer redeliverer = new Redeliverer(outside, random, maxRedeliveryDelay)) {
                Instant trafficEnded = travellersAndFaults(out, traffic, redeliverer, faults);
                List<Journey> journeys = settle(out, outside, traffic, redeliverer);

                Map<String, Long> replayed = replayEveryTopic(out);
                awaitQuiet();
                phase(out, "replayed " + replayed);
                List<String> auditFindings = audit();

                Hostile.Result hostile = hostilePhase(out, outside, random);

                Verdict verdict = new Verdict();
                verdict.judge(outside, journeys, auditFindings, stack.logDirectory());
                List<String> crashed = stack.unexpectedlyStopped();
                Report report = new Report(actualSeed, Duration.between(started, Instant.now()), journeys, faults,
                        redeliverer, outside.providerStats(), replayed, verdict, hostile, crashed, trafficEnded);
                out.print(report.render());
                out.flush();
                return report.clean() ? 0 : 1;
            }
        }
    }

    /** The demo tuning, with notification-service's resend-after set to {@code --notification-resend-after}. */
    private Tuning tuning() {
        Tuning demo = Tuning.demo();
        return new Tuning(demo.serviceJvmFlags(), Map.of("notification-service",
                Map.of("ESIM_NOTIFICATION_DELIVERY_RESENDAFTER", notificationResendAfter.toString())));
    }

    /**
     * Each provider's prepaid balance covers the whole run; the balance fault empties the primary's for a while, and
     * what the primary cannot serve fails over to the second provider.
     */
    private static void fundProviders(Outside outside) {
        for (String provider : Outside.PROVIDERS.keySet()) {
            outside.providerAdmin("/" + provider + "/balance", "{\"amount\": 100000000}");
        }
    }

    /**
     * Travellers buy at {@code --rate} while the faults run and gateway events are redelivered; returns when the last
     * checkout was made, once the faults have stopped.
     */
    private Instant travellersAndFaults(PrintWriter out, Traffic traffic, Redeliverer redeliverer, Faults faults)
            throws InterruptedException {
        Thread faultThread = new Thread(faults::run, "faults");
        redeliverer.start();
        faultThread.start();
        traffic.run(orders, rate);
        Instant trafficEnded = Instant.now();
        faults.stop();
        faultThread.join();
        phase(out, "travellers and faults done");
        return trafficEnded;
    }

    /** Lets the travellers finish and the redeliveries drain, then waits for the orders to settle; the journeys. */
    private List<Journey> settle(PrintWriter out, Outside outside, Traffic traffic, Redeliverer redeliverer)
            throws InterruptedException {
        traffic.awaitDone(settle);
        redeliverer.stopScanning();
        redeliverer.awaitDrained(maxRedeliveryDelay.plus(settle));
        List<Journey> journeys = traffic.journeys();
        boolean settled = awaitSettled(outside, journeys, settle);
        phase(out, settled ? "orders settled" : "orders did not all settle within " + settle);
        return journeys;
    }

    /** The hostile-input phase, with a genuine Stripe event and GOV.UK Pay message of the run to tamper with. */
    private Hostile.Result hostilePhase(PrintWriter out, Outside outside, Random random) throws InterruptedException {
        Hostile.Result hostile = new Hostile(outside, random, aGatewayEvent(outside),
                aGovUkPayMessage(outside)).run(hostileRequests, slowConnections);
        phase(out, "hostile phase done");
        return hostile;
    }

    private static void phase(PrintWriter out, String what) {
        out.printf("[%s] %s%n", Instant.now(), what);
        out.flush();
    }

    /** Every plan of the catalogue, waited for: catalog-service fills it from the provider at start. */
    static List<String> skus(Outside outside) {
        return List.copyOf(plans(outside).keySet());
    }

    /**
     * Every plan of the catalogue with the currency it is priced in ({@code price.currency}), in the catalogue's
     * order, waited for: catalog-service fills it from the provider at start.
     */
    static Map<String, String> plans(Outside outside) {
        for (int attempt = 0; attempt < 120; attempt++) {
            Map<String, String> plans = plans(outside.catalogue().json());
            if (!plans.isEmpty()) {
                return plans;
            }
            Traffic.sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("the catalogue stayed empty");
    }

    /** SKU → currency of a {@code GET /v1/catalog} answer ({@code {items: [...]}}, or a bare array). */
    static Map<String, String> plans(JsonNode catalogue) {
        JsonNode items = catalogue.isArray() ? catalogue : catalogue.path("items");
        Map<String, String> plans = new LinkedHashMap<>();
        items.forEach(i -> plans.put(i.path("sku").asText(), i.path("price").path("currency").asText("")));
        return plans;
    }

    /**
     * Waits until every paid order is active or refunded, every refund support asked for is done, and the
     * traveller's inbox shows it — polling only the orders not yet there.
     */
    private static boolean awaitSettled(Outside outside, List<Journey> journeys, Duration atMost) {
        List<Journey> open = new ArrayList<>(journeys.stream().filter(j -> j.orderId != null && j.paid()).toList());
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(j -> settled(outside, j));
            if (!open.isEmpty()) {
                Traffic.sleep(Duration.ofSeconds(5));
            }
        }
        return open.isEmpty();
    }

    private static boolean settled(Outside outside, Journey j) {
        String status = outside.order(j.orderId).json().path("status").asText();
        List<String> subjects = outside.rawMailTo(j.email).stream().map(Verdict::subject).toList();
        boolean topUpDone = j.topUpOrderId == null
                || List.of("active", "refunded").contains(outside.order(j.topUpOrderId).json().path("status").asText());
        return switch (status) {
            case "active" -> !j.refundRequested && topUpDone && subjects.stream().anyMatch(Verdict::isActivationMail);
            // a chargeback's money went back through the bank: no refund e-mail of ours to wait for
            case "refunded" -> j.disputeOutcome != null || subjects.stream().anyMatch(Verdict::isRefundMail);
            default -> false;
        };
    }

    private static final Pattern REPUBLISHED = Pattern.compile("republished (\\d+) of (\\d+) scanned records");

    /** Support's full replay, with their tool, of every topic the services consume. */
    private static Map<String, Long> replayEveryTopic(PrintWriter out) {
        Map<String, Long> replayed = new TreeMap<>();
        List<Topic<?>> consumed = List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.PROVIDER_EVENTS, Topics.ACTIVATIONS);
        for (Topic<?> topic : consumed) {
            StringWriter text = new StringWriter();
            int exit = ops(text, "replay", topic.name(), "--mode", "republish", "--reason", "chaos full replay",
                    "--operator", "chaos", "--yes");
            Matcher m = REPUBLISHED.matcher(text.toString());
            replayed.put(topic.name(), exit == 0 && m.find() ? Long.parseLong(m.group(1)) : -1);
            if (exit != 0) {
                out.println("esim-ops replay " + topic.name() + " exited " + exit + ": " + text);
            }
        }
        return replayed;
    }

    /** Waits until nothing new lands on the topics the services write for a while. */
    private static void awaitQuiet() {
        List<String> watched = List.of(Topics.ACTIVATIONS.name(), Topics.NOTIFICATIONS.name(), Topics.ORDERS.name());
        long last = -1;
        int quietRounds = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (quietRounds < 3 && System.nanoTime() < deadline) {
            Traffic.sleep(Duration.ofSeconds(10));
            long now = watched.stream().mapToLong(Outside::endOffset).sum();
            quietRounds = now == last ? quietRounds + 1 : 0;
            last = now;
        }
    }

    /** {@code esim-ops audit}: the conservation law over the topics, as support runs it. */
    private static List<String> audit() {
        StringWriter text = new StringWriter();
        int exit = ops(text, "audit", "--grace", "1m", "--json");
        List<String> findings = new ArrayList<>(text.toString().lines().filter(l -> l.startsWith("{")).toList());
        if (exit != 0 && findings.isEmpty()) {
            findings.add("esim-ops audit exited " + exit + ": " + text);
        }
        return findings;
    }

    private static int ops(StringWriter text, String... args) {
        PrintWriter writer = new PrintWriter(text, true);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", Outside.KAFKA, "--schema-registry", Outside.REGISTRY));
        return new CommandLine(new OpsCli()).setOut(writer).setErr(writer).execute(all.toArray(String[]::new));
    }

    /**
     * A genuine GOV.UK Pay {@code card_payment_succeeded} message of the run, as the stand-in sent it, for the hostile
     * phase to tamper with; null when the run made none.
     */
    private static String aGovUkPayMessage(Outside outside) {
        for (JsonNode m : outside.govUkPayMessages().json().path("messages")) {
            if (m.path("event_type").asText().equalsIgnoreCase("card_payment_succeeded")
                    && m.path("body").isTextual()) {
                return m.path("body").asText();
            }
        }
        return null;
    }

    /** A genuine completed-checkout event of the run, for the hostile phase to tamper with. */
    private static String aGatewayEvent(Outside outside) {
        JsonNode data = outside.gatewayEvents(null, null).json().path("data");
        for (JsonNode e : data) {
            if (e.path("type").asText().toLowerCase(Locale.ROOT).startsWith("checkout.session.completed")) {
                return e.toString();
            }
        }
        return data.path(0).toString();
    }
}
