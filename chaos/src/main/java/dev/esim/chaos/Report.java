package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The figures of a run, printed as plain text; {@link #clean()} says whether every promise held. */
final class Report {

    private final long seed;
    private final Duration elapsed;
    private final List<Journey> journeys;
    private final Faults faults;
    private final Redeliverer redeliverer;
    private final Map<String, JsonNode> providerStats;
    private final Map<String, Long> replayed;
    private final Verdict verdict;
    private final Hostile.Result hostile;
    private final List<String> crashed;
    private final java.time.Instant trafficEnded;

    Report(long seed, Duration elapsed, List<Journey> journeys, Faults faults, Redeliverer redeliverer,
           Map<String, JsonNode> providerStats, Map<String, Long> replayed, Verdict verdict, Hostile.Result hostile,
           List<String> crashed, java.time.Instant trafficEnded) {
        this.trafficEnded = trafficEnded;
        this.seed = seed;
        this.elapsed = elapsed;
        this.journeys = journeys;
        this.faults = faults;
        this.redeliverer = redeliverer;
        this.providerStats = providerStats;
        this.replayed = replayed;
        this.verdict = verdict;
        this.hostile = hostile;
        this.crashed = crashed;
    }

    /** No promise broken, no hostile request let through, no service died on its own. */
    boolean clean() {
        return verdict.violationCount() == 0 && hostile.notRefused().isEmpty() && hostile.recordsPublished() == 0
                && hostile.legitimateSlowerThanASecond() == 0 && crashed.isEmpty() && faults.problems().isEmpty();
    }

    String render() {
        StringBuilder r = new StringBuilder("\n=== chaos report (seed ").append(seed).append(", ")
                .append(elapsed.toSeconds()).append(" s) ===\n");
        orders(r);
        endStates(r);
        faultsAndDeliveries(r);
        providersAndReplay(r);
        latencyAndLawfulRepeats(r);
        violations(r);
        hostile(r);
        crashed.forEach(c -> r.append("STOPPED ON ITS OWN: ").append(c).append('\n'));
        r.append("violations: ").append(verdict.violationCount()).append(clean() ? " — every promise held\n"
                : " — FAILED\n");
        return r.toString();
    }

    /** The journeys by intent and by gateway, and the steps the platform refused through every retry. */
    private void orders(StringBuilder r) {
        Map<String, Long> byIntent = journeys.stream().collect(Collectors.groupingBy(
                j -> j.intent.name().toLowerCase(Locale.ROOT), TreeMap::new, Collectors.counting()));
        r.append("orders: ").append(journeys.size()).append(' ').append(byIntent).append('\n');
        r.append("orders per gateway:");
        gatewayFigures().forEach(line -> r.append("\n  ").append(line));
        r.append('\n');
        long abandoned = journeys.stream().filter(j -> j.abandoned != null).count();
        r.append("steps the platform refused through every retry: ").append(abandoned).append('\n');
        journeys.stream().filter(j -> j.abandoned != null).limit(10)
                .forEach(j -> r.append("  ").append(j).append(": ").append(j.abandoned).append('\n'));
    }

    /** How many orders ended in each state, per intent. */
    private void endStates(StringBuilder r) {
        r.append("end states:\n");
        verdict.endStates().forEach((k, v) -> r.append(String.format("  %-40s %6d%n", k, v)));
    }

    /** The faults injected (and any that could not be), and the extra deliveries of gateway events. */
    private void faultsAndDeliveries(StringBuilder r) {
        r.append("faults injected (").append(faults.startedBefore(trafficEnded))
                .append(" of them while travellers were still buying):\n");
        faults.injected().forEach((k, v) -> r.append(String.format("  %-60s %3d%n", k, v)));
        faults.problems().forEach(p -> r.append("  NOT INJECTED: ").append(p).append('\n'));
        r.append("deliveries: ").append(redeliverer.sent()).append(" extra signed copies of Stripe events (")
                .append(redeliverer.scheduled()).append(" scheduled), ").append(redeliverer.govUkPaySent())
                .append(" of GOV.UK Pay messages (").append(redeliverer.govUkPayScheduled()).append(" scheduled)\n");
    }

    /** Each provider simulator's counters, and the records support's full replay put back on each topic. */
    private void providersAndReplay(StringBuilder r) {
        providerStats.forEach((name, stats) -> r.append("provider ").append(name).append(": profiles issued ")
                .append(sum(stats.path("profiles_issued")))
                .append(", top-ups ").append(stats.path("topups").asLong())
                .append(", cancellations ").append(stats.path("cancellations").asLong())
                .append(", injected 5xx ").append(stats.path("injected_server_errors").asLong())
                .append(", injected timeouts ").append(stats.path("injected_timeouts").asLong())
                .append(", rate limited ").append(stats.path("rate_limited").asLong())
                .append(", webhooks delivered ").append(stats.path("webhooks_delivered").asLong())
                .append(", dropped ").append(stats.path("webhooks_dropped").asLong()).append('\n'));
        r.append("replayed records: ").append(replayed).append('\n');
    }

    /** Pay → activation e-mail latency, and the lawful repeats: refunds after install, resent e-mail copies. */
    private void latencyAndLawfulRepeats(StringBuilder r) {
        List<Long> latency = new ArrayList<>(verdict.webhookToMailMillis());
        latency.sort(null);
        r.append(String.format("pay → activation e-mail: p50 %s, p99 %s, max %s (%d orders)%n",
                seconds(percentile(latency, 50)), seconds(percentile(latency, 99)), seconds(percentile(latency, 100)),
                latency.size()));
        r.append("money back after the traveller installed the line (support's goodwill refunds and chargebacks lost "
                + "after the install: line kept; the audit lists them as refunded_but_delivered): ")
                .append(verdict.refundedAfterInstall().size()).append('\n');
        r.append("activation e-mails delivered again with the same Message-ID (notification-service's crash window "
                + "between SMTP acceptance and its own record): ").append(verdict.resentCopies()).append('\n');
    }

    /** Per promise, how many violations, and the first 20 of them. */
    private void violations(StringBuilder r) {
        r.append("violations per promise:\n");
        verdict.violations().forEach((promise, list) -> {
            r.append(String.format("  %-50s %6d%n", promise, list.size()));
            list.stream().limit(20).forEach(v -> r.append("    ").append(v).append('\n'));
        });
    }

    /** The hostile phase: requests, statuses per variant, what got through, and the legitimate webhook's latency. */
    private void hostile(StringBuilder r) {
        r.append(String.format("hostile: %d requests, %d not refused with a 4xx, %d records published, "
                        + "legitimate webhook %d sent, %d slower than 1 s (max %d ms), %d slow-drip connections "
                        + "still open at the end%n", hostile.requests(), hostile.notRefused().size(),
                hostile.recordsPublished(), hostile.legitimateSent(), hostile.legitimateSlowerThanASecond(),
                hostile.legitimateMillis().stream().mapToLong(Long::longValue).max().orElse(0),
                hostile.slowConnections()));
        hostile.statusesByVariant().forEach((k, v) -> r.append(String.format("  %-45s %7d%n", k, v)));
        hostile.notRefused().stream().limit(10).forEach(v -> r.append("  NOT REFUSED: ").append(v).append('\n'));
    }

    /**
     * One line per gateway: its journeys (with what they meant to do), the orders created, the payments the tool made
     * (orders and top-ups), and what the gateway itself reports — payments taken and refunds made.
     */
    private List<String> gatewayFigures() {
        Map<String, List<Journey>> byGateway = journeys.stream().collect(Collectors.groupingBy(j -> j.gateway,
                TreeMap::new, Collectors.toList()));
        List<String> lines = new ArrayList<>();
        byGateway.forEach((gateway, list) -> {
            long created = list.stream().filter(j -> j.orderId != null).count();
            long paid = list.stream().filter(Journey::paid).count();
            long topUps = list.stream().filter(j -> j.topUpPaidAt != null).count();
            Map<String, Long> intents = list.stream().collect(Collectors.groupingBy(
                    j -> j.intent.name().toLowerCase(Locale.ROOT), TreeMap::new, Collectors.counting()));
            lines.add(String.format("%-9s %6d journeys %s; %d orders created, %d paid and %d top-ups paid by the "
                            + "travellers; the gateway reports %d payments taken and %d refunds made", gateway,
                    list.size(), intents, created, paid, topUps, verdict.paymentsTaken().getOrDefault(gateway, 0),
                    verdict.gatewayRefunds().getOrDefault(gateway, 0)));
        });
        return lines;
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode n : counts) {
            total += n.asLong();
        }
        return total;
    }

    /** The {@code p}th percentile (nearest rank) of ascending values; -1 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String seconds(long millis) {
        return millis < 0 ? "n/a" : String.format("%.1f s", millis / 1000.0);
    }
}
