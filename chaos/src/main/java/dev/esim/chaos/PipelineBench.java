package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.Topics;
import dev.esim.localstack.LocalStack;
import dev.esim.localstack.Tuning;
import dev.esim.sandbox.gateway.StripeSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pipeline benchmark: the whole local stack in a throughput configuration (C2, parallel GC, bigger heaps, the
 * provider simulator's rate limit lifted), paid orders offered at fixed rates with each Stripe event delivered three
 * times, then a full replay of the payments topic. Prints webhook → activation and webhook → e-mail latency, the
 * replay's copy rate and each consumer's drain rate, beside two references measured in the same run: raw SMTP over
 * one connection and Kafka's own transactional copy loop.
 *
 * <p>Latency is measured from each order's scheduled webhook time, not from when the driver got round to sending it:
 * a stalled driver cannot hide a slow platform (no coordinated omission).
 */
@Command(name = "pipeline-bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Measures the whole pipeline through the local stack and prints one results table.")
public final class PipelineBench implements Callable<Integer> {

    @Option(names = "--rates", split = ",", defaultValue = "50,100",
            description = "Offered paid orders per second, one phase each (default ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--seconds", defaultValue = "40", description = "Length of each phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-rate", defaultValue = "25",
            description = "Orders per second of an unreported first phase in which the JIT compiles the hot paths "
                    + "(0: none; default ${DEFAULT-VALUE}).")
    int warmupRate;

    @Option(names = "--warmup-seconds", defaultValue = "150",
            description = "Length of the warm-up phase: long enough for C2 to be done with the hot paths of all seven "
                    + "JVMs, whose compiling takes a fifth of the two cores for the first two minutes under load "
                    + "(default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--deliveries", defaultValue = "3",
            description = "Copies of each gateway event posted to the webhook (default ${DEFAULT-VALUE}).")
    int deliveries;

    @Option(names = "--worker-concurrency", defaultValue = "3",
            description = "provisioning-worker listener threads, esim.worker.concurrency: production runs a worker "
                    + "per partition of esim.payments.v1, here one instance stands in for them (default "
                    + "${DEFAULT-VALUE}).")
    int workerConcurrency;

    @Option(names = "--mail-concurrency", defaultValue = "4",
            description = "notification-service dispatch threads, each with its SMTP connection, "
                    + "esim.notification.delivery.concurrency (default ${DEFAULT-VALUE}).")
    int mailConcurrency;

    @Option(names = "--replay-records", defaultValue = "20000",
            description = "The timed replay copies at least this many records of esim.payments.v1: untimed copies "
                    + "double the topic first (default ${DEFAULT-VALUE}).")
    long replayRecords;

    @Option(names = "--backlog-orders", defaultValue = "1500",
            description = "Orders paid while provisioning-worker, notification-service and catalog-service are "
                    + "frozen; each is then let run alone and timed through the events it has not seen yet "
                    + "(0: skip; default ${DEFAULT-VALUE}).")
    int backlogOrders;

    @Option(names = "--provider-limit", defaultValue = "0",
            description = "The provider simulator's calls per second, and the worker's deployment-wide budget set to "
                    + "it; each phase then also reports activations/s ÷ this limit (0: unlimited, the default).")
    int providerLimit;

    @Option(names = "--root", defaultValue = ".", description = "The repository root (jars in <module>/target/).")
    Path root;

    @Option(names = "--data-dir", defaultValue = ".bench-stack",
            description = "The stack's data and logs; emptied first (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** About the size of an activation e-mail: text, HTML and the QR code PNG, base64-encoded. */
    private static final int SMTP_REFERENCE_BYTES = 20_000;

    private final Outside outside = new Outside();

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBench()).execute(args));
    }

    /**
     * What production would run: C2, a throughput collector, heaps with room; no start-up shortcuts — for the broker
     * and the mail catcher too, whose C1-only demo flags would otherwise be what the run measures.
     */
    static Tuning throughputTuning(int workerConcurrency, int mailConcurrency, int providerLimit) {
        Map<String, String> worker = providerLimit > 0
                // the provider's limit, and the worker's deployment-wide budget (in PostgreSQL) set to it
                ? Map.of("ESIM_WORKER_PROVIDERS_0_CALLSPERSECOND", Integer.toString(providerLimit),
                        "ESIM_WORKER_PROVIDERS_0_RATELIMITSCOPE", "deployment",
                        "ESIM_WORKER_CONCURRENCY", Integer.toString(workerConcurrency))
                // the budget lifted, and kept in-process: a deployment-wide budget of 100,000 calls/s would be
                // 100,000 slot rows in PostgreSQL, searched on every provider call
                : Map.of("ESIM_WORKER_PROVIDERS_0_CALLSPERSECOND", "100000",
                        "ESIM_WORKER_PROVIDERS_0_RATELIMITSCOPE", "instance",
                        "ESIM_WORKER_CONCURRENCY", Integer.toString(workerConcurrency));
        return new Tuning(List.of("-Xms512m", "-Xmx768m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"),
                Map.of("sandbox", Map.of("SANDBOX_GATEWAY_WEBHOOK_URL", "",
                                "SANDBOX_PROVIDER_RATELIMITPERSECOND", Integer.toString(Math.max(providerLimit, 0))),
                        "provisioning-worker", worker,
                        "notification-service", Map.of("ESIM_NOTIFICATION_DELIVERY_CONCURRENCY",
                                Integer.toString(mailConcurrency)),
                        "catalog-service", Map.of("RECONCILIATION_ENABLED", "false")),
                List.of("-XX:+UseParallelGC"));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> results = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(root.toAbsolutePath(), dataDir.toAbsolutePath(), true,
                throughputTuning(workerConcurrency, mailConcurrency, providerLimit))) {
            log(out, "stack up");
            List<String> skus = Chaos.skus(outside);
            outside.providerAdmin("/balance", "{\"amount\": 1000000000}");

            double smtp = References.smtpMessagesPerSecond(500, SMTP_REFERENCE_BYTES);
            double copier = References.kafkaCopierRecordsPerSecond(50_000, 400, 500);
            log(out, String.format("references: SMTP %.0f msg/s, Kafka copier %.0f rec/s", smtp, copier));
            results.put("raw SMTP, one connection (reference)", String.format("%.0f messages/s", smtp));
            results.put("Kafka transactional copy loop (reference)", String.format("%.0f records/s", copier));

            boolean everyOrderOneMail = true;
            if (warmupRate > 0) {
                Phase warmup = runPhase(out, warmupRate, warmupSeconds, skus);
                log(out, String.format("warm-up at %d/s: achieved %.1f/s (not reported)", warmupRate,
                        warmup.achieved));
                everyOrderOneMail &= warmup.everyOrderOneMail;
            }
            for (int rate : rates) {
                Phase phase = runPhase(out, rate, seconds, skus);
                log(out, String.format("%d/s: achieved %.1f/s; activation %s; e-mail %s; one e-mail: %s", rate,
                        phase.achieved, phase.activation, phase.mail, phase.oneMail));
                results.put(rate + " orders/s offered: achieved", String.format("%.1f orders/s", phase.achieved));
                results.put(rate + " orders/s: webhook → ActivationReady p50 / p99 / max", phase.activation);
                results.put(rate + " orders/s: webhook → e-mail sent p50 / p99 / max", phase.mail);
                results.put(rate + " orders/s: orders with exactly one e-mail", phase.oneMail);
                results.put(rate + " orders/s: CPU per order by process", phase.cpu);
                if (providerLimit > 0) {
                    results.put(rate + " orders/s: activations/s ÷ the provider's limit of " + providerLimit + "/s",
                            String.format("%.1f/s ÷ %d = %.2f", phase.activationsPerSecond, providerLimit,
                                    phase.activationsPerSecond / providerLimit));
                }
                everyOrderOneMail &= phase.everyOrderOneMail;
            }
            results.put("activation e-mails/s achieved at the highest rate ÷ raw SMTP",
                    String.format("%.2f", lastMailRate / smtp));
            if (backlogOrders > 0) {
                everyOrderOneMail &= backlog(out, stack, results, skus);
            }
            replay(out, results, copier);
            out.println();
            out.println("| measurement | result |");
            out.println("|---|---|");
            results.forEach((k, v) -> out.println("| " + k + " | " + v + " |"));
            out.flush();
            return everyOrderOneMail ? 0 : 1;
        }
    }

    private static final Pattern REPUBLISHED = Pattern.compile("republished (\\d+) of");

    private double lastMailRate;

    private record Phase(double achieved, double activationsPerSecond, String activation, String mail,
            String oneMail, String cpu, boolean everyOrderOneMail) {
    }

    /**
     * Checkouts made and paid beforehand (the gateway's own delivery is off), then each order's events posted to the
     * webhook {@code deliveries} times at its scheduled instant, {@code rate} orders a second.
     */
    private Phase runPhase(PrintWriter out, int rate, int phaseSeconds, List<String> skus) throws Exception {
        int orders = rate * phaseSeconds;
        List<Paid> paid = prepare(orders, skus);
        log(out, rate + "/s: " + paid.size() + " orders checked out and paid at the gateway");
        // a flash sale's checkouts come minutes before, spread out, not all in the seconds before the payments
        awaitOrdersTakenIn();
        try (Arrivals arrivals = new Arrivals()) {
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(64);
            AtomicInteger refused = new AtomicInteger();
            Map<String, Double> cpuBefore = CpuAccounting.snapshot(dataDir);
            Schedule schedule = scheduleDeliveries(pool, paid, rate, refused);
            List<String> ids = paid.stream().map(Paid::orderId).toList();
            awaitMailed(arrivals, ids, pool);
            String cpu = cpuPerOrder(CpuAccounting.perOrder(cpuBefore, CpuAccounting.snapshot(dataDir), paid.size()));
            Phase phase = measure(arrivals, paid, ids, schedule, cpu);
            log(out, rate + "/s: webhook → e-mail by when the order was due (p50 / p99 / max): "
                    + timeline(arrivals, ids, schedule));
            log(out, rate + "/s: done (" + refused.get() + " webhook posts not answered 200)");
            return phase;
        }
    }

    /** Waits until the consumers of {@code esim.orders.v1} have taken in the phase's checkouts. */
    private static void awaitOrdersTakenIn() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA))) {
            Thread.sleep(1000); // the catalog's outbox relay publishes each checkout's OrderPlaced shortly after
            awaitDrained(admin, List.of("provisioning-worker", "notification-service"), Topics.ORDERS.name(),
                    System.nanoTime());
        }
    }

    /** The phase's start on the wall clock, and each order's scheduled webhook time on it (ms). */
    private record Schedule(long startWall, Map<String, Long> scheduledAt) {
    }

    /**
     * Schedules each order's events, {@code deliveries} copies 200 ms apart, at its slot of {@code rate} a second
     * from one second on; posts not answered 200 are counted in {@code refused}.
     */
    private Schedule scheduleDeliveries(ScheduledExecutorService pool, List<Paid> paid, int rate,
            AtomicInteger refused) {
        long t0 = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long t0Wall = System.currentTimeMillis() + 1000;
        long intervalNanos = 1_000_000_000L / rate;
        Map<String, Long> scheduledAt = new HashMap<>();
        for (int i = 0; i < paid.size(); i++) {
            Paid p = paid.get(i);
            long at = t0 + i * intervalNanos;
            scheduledAt.put(p.orderId, t0Wall + i * intervalNanos / 1_000_000);
            for (int copy = 0; copy < deliveries; copy++) {
                long delay = at + copy * 200_000_000L - System.nanoTime();
                pool.schedule(() -> p.events.forEach(e -> {
                    if (outside.stripeWebhook(e, StripeSigner.header(e, Outside.STRIPE_WEBHOOK_SECRET))
                            .status() != 200) {
                        refused.incrementAndGet();
                    }
                }), delay, TimeUnit.NANOSECONDS);
            }
        }
        return new Schedule(t0Wall, scheduledAt);
    }

    /**
     * Waits (10 minutes at most) until every order's e-mail was sent, lets the scheduled posts finish, then waits a
     * little longer so that late duplicates, if any, become visible.
     */
    private static void awaitMailed(Arrivals arrivals, List<String> ids, ScheduledExecutorService pool)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!arrivals.allMailed(ids) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        Thread.sleep(3_000); // late duplicates, if any, become visible
    }

    /**
     * The phase's figures: webhook → ActivationReady and webhook → e-mail latency from each order's scheduled time,
     * the e-mail rate achieved (kept in {@link #lastMailRate}), and the orders with exactly one e-mail.
     */
    private Phase measure(Arrivals arrivals, List<Paid> paid, List<String> ids, Schedule schedule, String cpu) {
        List<Long> activation = new ArrayList<>();
        List<Long> mail = new ArrayList<>();
        long lastMail = 0;
        long lastActivation = 0;
        int oneMail = 0;
        for (String id : ids) {
            Long a = arrivals.activatedAt(id);
            Long m = arrivals.mailedAt(id);
            if (a != null) {
                activation.add(a - schedule.scheduledAt().get(id));
                lastActivation = Math.max(lastActivation, a);
            }
            if (m != null) {
                mail.add(m - schedule.scheduledAt().get(id));
                lastMail = Math.max(lastMail, m);
            }
            oneMail += arrivals.emails(id) == 1 ? 1 : 0;
        }
        double span = (lastMail - schedule.startWall()) / 1000.0;
        lastMailRate = mail.size() / Math.max(span, 0.001);
        int inboxOk = inboxSample(paid);
        double activationSpan = (lastActivation - schedule.startWall()) / 1000.0;
        return new Phase(mail.size() / Math.max(span, 0.001), activation.size() / Math.max(activationSpan, 0.001),
                percentiles(activation, ids.size()),
                percentiles(mail, ids.size()),
                oneMail + " of " + ids.size() + " (inbox sample: " + inboxOk + " of " + Math.min(50, ids.size())
                        + " with exactly one)", cpu,
                oneMail == ids.size() && inboxOk == Math.min(50, ids.size()));
    }

    private record Paid(String orderId, String email, List<String> events) {
    }

    /** Checkouts and payments at the gateway, 16 at a time; then each session's events from the gateway's list. */
    private List<Paid> prepare(int orders, List<String> skus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String[]>> made = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String sku = skus.get(i % skus.size());
            made.add(pool.submit(() -> {
                String email = "bench-" + UUID.randomUUID().toString().substring(0, 12) + "@bench.example.com";
                Outside.Response r = outside.checkout("bench-" + UUID.randomUUID(), email, sku);
                if (r.status() != 201) {
                    throw new IllegalStateException("checkout answered " + r.status() + ": " + r.body());
                }
                String url = r.json().path("payment_url").asText();
                Outside.Response click = outside.clickOnCheckoutPage(url, "pay");
                if (click.status() != 303) {
                    throw new IllegalStateException("pay answered " + click.status());
                }
                return new String[] {r.json().path("order_id").asText(), email, r.json().path("id").asText()};
            }));
        }
        Map<String, String[]> bySession = new HashMap<>();
        for (Future<String[]> f : made) {
            String[] order = f.get();
            bySession.put(order[2], order);
        }
        pool.shutdown();
        Map<String, List<String>> events = eventsBySession(bySession.keySet());
        List<Paid> paid = new ArrayList<>();
        bySession.forEach((session, order) -> paid.add(new Paid(order[0], order[1],
                events.getOrDefault(session, List.of()))));
        Collections.shuffle(paid);
        return paid;
    }

    /** The gateway's events of these sessions: checkout.session.completed and its payment_intent.succeeded. */
    private Map<String, List<String>> eventsBySession(java.util.Set<String> sessions) {
        Map<String, String> sessionOfIntent = new HashMap<>();
        Map<String, List<String>> events = new HashMap<>();
        List<JsonNode> intents = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = outside.gatewayEvents(null, after).json();
            for (JsonNode e : page.path("data")) {
                JsonNode object = e.path("data").path("object");
                String type = e.path("type").asText();
                if (type.equals("checkout.session.completed") && sessions.contains(object.path("id").asText())) {
                    events.computeIfAbsent(object.path("id").asText(), k -> new ArrayList<>()).add(0, e.toString());
                    sessionOfIntent.put(object.path("payment_intent").asText(), object.path("id").asText());
                } else if (type.equals("payment_intent.succeeded")) {
                    intents.add(e);
                }
                after = e.path("id").asText();
            }
            more = page.path("has_more").asBoolean(false) && !page.path("data").isEmpty()
                    && events.size() < sessions.size();
        }
        for (JsonNode e : intents) {
            String session = sessionOfIntent.get(e.path("data").path("object").path("id").asText());
            if (session != null) {
                events.get(session).add(e.toString());
            }
        }
        return events;
    }

    /** The traveller's view for a sample: exactly one activation e-mail in the inbox. */
    private int inboxSample(List<Paid> paid) {
        int ok = 0;
        for (Paid p : paid.subList(0, Math.min(50, paid.size()))) {
            long activationMails = outside.rawMailTo(p.email).stream().map(Verdict::subject)
                    .filter(Verdict::isActivationMail).count();
            ok += activationMails == 1 ? 1 : 0;
        }
        return ok;
    }

    /**
     * First-seen events per consumer: {@code backlogOrders} orders are paid (each event posted {@code deliveries}
     * times) while the three consumers are frozen (SIGSTOP: warm JVMs, as in a flash sale, not ones just started,
     * which spend half their CPU in the JIT for the first half-minute); then provisioning-worker is let run alone and
     * timed through the payment events, then notification-service through the activations (each an e-mail), then
     * catalog-service through everything its order projection reads. Each consumer works on its own, so its figure
     * is its own.
     *
     * @return whether every order got exactly one activation e-mail
     */
    private boolean backlog(PrintWriter out, LocalStack stack, Map<String, String> results, List<String> skus)
            throws Exception {
        List<Paid> paid = prepare(backlogOrders, skus);
        awaitOrdersTakenIn();
        List<String> ids = paid.stream().map(Paid::orderId).toList();
        List<String> consumers = List.of("provisioning-worker", "notification-service", "catalog-service");
        for (String consumer : consumers) {
            stack.pauseApplication(consumer);
        }
        log(out, "backlog: " + paid.size() + " orders paid, consumers frozen; posting their events");
        try (Arrivals arrivals = new Arrivals();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA))) {
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(16);
            AtomicInteger refused = new AtomicInteger();
            scheduleDeliveries(pool, paid, 200, refused);
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            String what = " first-seen events, run alone on a backlog of " + paid.size() + " orders";
            // the worker and notification-service are timed by what they write (one record per order, stamped
            // when it is written); catalog-service writes nothing per event, so by its committed offsets
            drain(out, stack, admin, "provisioning-worker", Topics.PAYMENTS.name());
            awaitSeen(ids, arrivals::activatedAt);
            results.put("provisioning-worker:" + what + " (two payment events each; provisioned)",
                    spread(ids.stream().map(arrivals::activatedAt).toList(), 2, "payment events"));
            drain(out, stack, admin, "notification-service", Topics.ACTIVATIONS.name());
            awaitSeen(ids, arrivals::mailedAt);
            results.put("notification-service:" + what + " (an activation each; e-mailed)",
                    spread(ids.stream().map(arrivals::mailedAt).toList(), 1, "activations"));
            results.put("catalog-service:" + what + " (all its order projection reads; by committed offsets)",
                    drain(out, stack, admin, "catalog-service", null));
            awaitMailed(arrivals, ids, pool);
            long oneMail = ids.stream().filter(id -> arrivals.emails(id) == 1).count();
            log(out, "backlog: " + oneMail + " of " + ids.size() + " orders with exactly one e-mail ("
                    + refused.get() + " webhook posts not answered 200)");
            results.put("backlog of " + ids.size() + " orders: orders with exactly one e-mail",
                    oneMail + " of " + ids.size());
            return oneMail == ids.size();
        } finally {
            // a frozen JVM would not heed the stack's SIGTERM at the end; one that died is reported by the stack
            for (String consumer : consumers) {
                if (stack.isRunning(consumer)) {
                    stack.resumeApplication(consumer);
                }
            }
        }
    }

    /**
     * Lets {@code group}'s frozen application run and times it through its backlog on {@code topic} (every topic it
     * reads if null): from the first sign of progress to none left, counting only the offsets taken in meanwhile. The
     * backlog ends at each partition's last record: a transactional producer's commit marker may follow it, and a
     * consumer commits the offset after the record, not after the marker.
     */
    private static String drain(PrintWriter out, LocalStack stack, Admin admin, String group, String topic)
            throws Exception {
        Map<TopicPartition, Long> ends = recordEnds(committed(admin, group, topic).keySet());
        long backlog = behind(admin, group, ends);
        stack.resumeApplication(group);
        if (backlog <= 0) {
            return "no backlog to time";
        }
        long firstProgress = 0;
        long leftAtFirstProgress = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long left = backlog;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = behind(admin, group, ends);
            if (firstProgress == 0 && left < backlog) {
                firstProgress = System.nanoTime();
                leftAtFirstProgress = left;
            }
        }
        if (left > 0) {
            return left + " of " + backlog + " offsets left after 10 min";
        }
        double seconds = References.seconds(firstProgress);
        String figure = leftAtFirstProgress == 0 || seconds < 0.5
                ? backlog + " offsets within the first 0.1 s of progress: too few to time"
                : String.format("%.0f events/s (%d offsets, transaction markers between records included)",
                        leftAtFirstProgress / seconds, backlog);
        log(out, "backlog: " + group + " drained; by its committed offsets " + figure);
        return figure;
    }

    /** Waits (a minute at most) until the background reader has seen each order's record. */
    private static void awaitSeen(List<String> ids, java.util.function.Function<String, Long> writtenAt)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ids.stream().anyMatch(id -> writtenAt.apply(id) == null) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /**
     * The rate of {@code perOrder} input events a consumer achieved, from the timestamps of the one record per order
     * it wrote: (orders − 1) over the span from the first to the last.
     */
    private static String spread(List<Long> writtenAt, int perOrder, String events) {
        List<Long> times = writtenAt.stream().filter(java.util.Objects::nonNull).sorted().toList();
        if (times.size() < 2 || times.get(times.size() - 1).equals(times.get(0))) {
            return "not measured (" + times.size() + " records written)";
        }
        double seconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
        double orders = (times.size() - 1) / seconds;
        return String.format("%.0f %s/s (%.0f orders/s over %.1f s)", orders * perOrder, events, orders, seconds);
    }

    /** The group's committed offsets on {@code topic}, or on every topic it reads if null. */
    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, String topic)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get());
        committed.keySet().removeIf(tp -> topic != null && !tp.topic().equals(topic));
        return committed;
    }

    /** Offsets between the group's committed position and {@code ends}, summed over the partitions. */
    private static long behind(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group, null);
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
        }
        return behind;
    }

    /**
     * Per partition, the offset just after its last committed record (read {@code read_committed} from a little
     * before the end); 0 for a partition with no record near its end.
     */
    private static Map<TopicPartition, Long> recordEnds(java.util.Set<TopicPartition> partitions) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
            // a transaction adds one marker: 64 offsets back holds a record unless 64 transactions ended empty
            stable.forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - 64)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < stable.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r ->
                        ends.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
            }
        }
        partitions.forEach(tp -> ends.putIfAbsent(tp, 0L));
        return ends;
    }

    /**
     * {@code esim-ops replay esim.payments.v1 --mode republish}, timed; then how fast each consuming group works
     * through the copies (all duplicates: every consumer must recognise and skip them).
     */
    private void replay(PrintWriter out, Map<String, String> results, double copier) throws Exception {
        String topic = Topics.PAYMENTS.name();
        List<String> groups = List.of("provisioning-worker", "catalog-service", "notification-service");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA))) {
            // untimed copies first, each doubling the topic, until the timed replay copies at least replayRecords
            long held = 0;
            while (held < replayRecords) {
                long copies = republish(topic);
                if (copies <= 0) {
                    throw new IllegalStateException("esim-ops replay copied nothing");
                }
                held = 2 * copies;
                awaitDrained(admin, groups, topic, System.nanoTime());
            }
            // the timed copy the way an operator runs it: bin/esim-ops, in its own JVM, which reports the time its
            // copy took (the JVM's start excluded); the consumers' drain is timed from the copy's start too
            Matcher timed = TIMED_REPUBLISH.matcher(republishInOwnJvm(topic));
            if (!timed.find()) {
                throw new IllegalStateException("esim-ops replay did not say what it copied");
            }
            long copies = Long.parseLong(timed.group(1));
            double replaySeconds = Double.parseDouble(timed.group(2));
            long start = System.nanoTime() - (long) (replaySeconds * 1e9);
            log(out, "replay: " + copies + " records in " + String.format("%.2f s", replaySeconds));
            results.put("esim-ops replay --mode republish of " + topic + " (bin/esim-ops, its own JVM)",
                    String.format("%d records, %.0f records/s", copies, copies / replaySeconds));
            Map<String, Double> drained = awaitDrained(admin, groups, topic, start);
            for (String group : groups) {
                Double s = drained.get(group);
                results.put(group + ": replayed duplicates drained", s == null ? "not within 15 min"
                        : String.format("%.0f events/s (%.2f× the copy loop)", copies / s, copies / s / copier));
            }
        }
    }

    private static final Pattern TIMED_REPUBLISH =
            Pattern.compile("republished (\\d+) of .* in (\\d+\\.\\d+) s");

    /** {@code bin/esim-ops replay <topic> --mode republish}, the script support runs: its output. */
    private String republishInOwnJvm(String topic) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder("bash", root.resolve("bin/esim-ops").toString(), "replay", topic,
                "--mode", "republish", "--reason", "pipeline benchmark", "--operator", "bench", "--yes",
                "--bootstrap-servers", Outside.KAFKA, "--schema-registry", Outside.REGISTRY)
                .redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (tool.waitFor() != 0) {
            throw new IllegalStateException("esim-ops replay failed: " + output);
        }
        return output;
    }

    /** An untimed {@code bin/esim-ops replay <topic> --mode republish}; returns the records it copied. */
    private long republish(String topic) throws IOException, InterruptedException {
        Matcher m = REPUBLISHED.matcher(republishInOwnJvm(topic));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Seconds from {@code start} until each group had no lag left on {@code topic} (at most 15 minutes). */
    private static Map<String, Double> awaitDrained(Admin admin, List<String> groups, String topic, long start)
            throws Exception {
        Map<String, Double> drained = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (drained.size() < groups.size() && System.nanoTime() < deadline) {
            for (String group : groups) {
                if (!drained.containsKey(group) && lag(admin, group, topic) == 0) {
                    drained.put(group, References.seconds(start));
                }
            }
            Thread.sleep(250);
        }
        return drained;
    }

    /** The group's lag on {@code topic}; -1 if it has committed no offset there. */
    private static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group, topic);
        if (committed.isEmpty()) {
            return -1;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            lag += e.getValue().offset() - committed.get(e.getKey()).offset();
        }
        return lag;
    }

    /**
     * Each part's CPU milliseconds per order, largest first, and the platform's own total — our services, Kafka and
     * PostgreSQL, without the load generator, the simulators and the mail catcher — as orders a second per core.
     */
    private static String cpuPerOrder(Map<String, Double> ms) {
        if (ms.isEmpty()) {
            return "not measured (needs /proc)";
        }
        StringBuilder text = new StringBuilder();
        double platform = 0;
        for (Map.Entry<String, Double> part : ms.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.1f ms", part.getKey(),
                    part.getValue()));
            if (!part.getKey().equals(CpuAccounting.LOAD_GENERATOR) && !part.getKey().startsWith("sandbox")
                    && !part.getKey().startsWith("mail catcher")) {
                platform += part.getValue();
            }
        }
        return text + String.format("; the platform (services, Kafka, PostgreSQL) %.1f ms per order: %.0f orders/s "
                + "per fully used core", platform, 1000 / Math.max(platform, 0.001));
    }

    /** Latency to the e-mail of the orders due in each 5-second slice of the phase: where a tail came from. */
    private static String timeline(Arrivals arrivals, List<String> ids, Schedule schedule) {
        Map<Long, List<Long>> slices = new java.util.TreeMap<>();
        for (String id : ids) {
            long due = schedule.scheduledAt().get(id);
            Long mailed = arrivals.mailedAt(id);
            if (mailed != null) {
                slices.computeIfAbsent((due - schedule.startWall()) / 5000, k -> new ArrayList<>()).add(mailed - due);
            }
        }
        StringBuilder line = new StringBuilder();
        slices.forEach((slice, millis) -> {
            millis.sort(null);
            line.append(String.format("%n  %3d-%3d s: %.1f / %.1f / %.1f s", slice * 5, slice * 5 + 5,
                    Report.percentile(millis, 50) / 1000.0, Report.percentile(millis, 99) / 1000.0,
                    Report.percentile(millis, 100) / 1000.0));
        });
        return line.toString();
    }

    private static String percentiles(List<Long> millis, int expected) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        String missing = sorted.size() < expected ? " (" + (expected - sorted.size()) + " missing)" : "";
        return String.format("%.2f s / %.2f s / %.2f s%s", Report.percentile(sorted, 50) / 1000.0,
                Report.percentile(sorted, 99) / 1000.0, Report.percentile(sorted, 100) / 1000.0, missing);
    }

    private static void log(PrintWriter out, String what) {
        out.printf("[%s] %s%n", java.time.Instant.now(), what);
        out.flush();
    }
}
