package dev.esim.chaos;

import dev.esim.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The schedule of faults run while travellers buy: every kind once per round, in a shuffled order, one after the
 * other with a pause between them, for as many rounds as the run lasts. Process faults go through {@link LocalStack};
 * provider faults through the simulator's admin API, each for a window and then cleared.
 */
final class Faults {

    /** One kind of fault and how to inject it. */
    private record Fault(String kind, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void inject() throws Exception;
    }

    private final LocalStack stack;
    private final Outside outside;
    private final Random random;
    private final Duration window;
    private final Duration pause;
    private final String outOfStockSku;
    private final Map<String, Integer> injected = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<java.time.Instant> startedAt = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;

    /**
     * @param window how long a provider fault or the mail outage lasts
     * @param pause  the quiet time between two faults
     * @param outOfStockSku the plan the primary provider runs out of during its fault window
     */
    Faults(LocalStack stack, Outside outside, Random random, Duration window, Duration pause, String outOfStockSku) {
        this.stack = stack;
        this.outside = outside;
        this.random = random;
        this.window = window;
        this.pause = pause;
        this.outOfStockSku = outOfStockSku;
    }

    private List<Fault> kinds() {
        List<Fault> all = new ArrayList<>();
        // the sandbox too: the gateway and the providers keep their state on disk, as the real ones do, and the
        // services ride out their outage on retries
        for (String app : List.of("provisioning-worker", "notification-service", "payment-ingress",
                "catalog-service", "sandbox")) {
            all.add(new Fault("sigkill " + app, () -> {
                stack.stopApplication(app, true);
                stack.startApplication(app);
            }));
        }
        all.add(new Fault("kafka broker killed and restarted", () -> stack.restartKafka(true)));
        all.add(new Fault("postgresql restarted", stack::restartPostgres));
        all.add(new Fault("smtp server hung", () -> {
            stack.pauseMail();
            try {
                Thread.sleep(window.toMillis());
            } finally {
                stack.resumeMail();
            }
        }));
        all.add(providerWindow("provider 5xx after commit",
                "{\"server_error_rate\": 0.5, \"after_commit\": true}"));
        all.add(providerWindow("provider timeouts after commit",
                "{\"timeout_rate\": 0.5, \"hang_ms\": 7000, \"after_commit\": true}"));
        all.add(providerWindow("provider 429 storm", "{\"rate_limit_burst\": 2, \"retry_after_seconds\": 2}"));
        all.add(new Fault("async activation, callbacks duplicated and out of order", () -> asyncWindow(
                "{\"duplicate_callbacks\": 3, \"out_of_order_callbacks\": true}")));
        all.add(new Fault("async activation, callbacks dropped", () -> asyncWindow("{\"drop_callbacks\": true}")));
        all.add(new Fault("provider balance exhausted, then restored", () -> {
            admin("/balance", "{\"amount\": 0}");
            try {
                Thread.sleep(window.toMillis());
            } finally {
                admin("/balance", "{\"amount\": 100000000}");
            }
        }));
        all.add(providerWindow("plan out of stock at the provider",
                "{\"out_of_stock_skus\": [\"" + outOfStockSku + "\"]}"));
        return all;
    }

    /** Runs rounds of every fault until {@link #stop()}; at least one full round. */
    void run() {
        int round = 0;
        while (round == 0 || !stop) {
            List<Fault> schedule = kinds();
            synchronized (random) {
                Collections.shuffle(schedule, random);
            }
            for (Fault fault : schedule) {
                if (round > 0 && stop) {
                    return;
                }
                inject(fault);
                Traffic.sleep(pause);
            }
            round++;
        }
    }

    void stop() {
        stop = true;
    }

    private void inject(Fault fault) {
        startedAt.add(java.time.Instant.now());
        try {
            fault.action().inject();
            injected.merge(fault.kind(), 1, Integer::sum);
        } catch (Exception e) {
            problems.add(fault.kind() + ": " + e);
        }
    }

    private Fault providerWindow(String kind, String faults) {
        return new Fault(kind, () -> {
            admin("/faults", faults);
            try {
                Thread.sleep(window.toMillis());
            } finally {
                outside.clearProviderFaults();
            }
        });
    }

    private void asyncWindow(String faults) throws Exception {
        admin("/activation-mode", "{\"mode\": \"async\"}");
        admin("/faults", faults);
        try {
            Thread.sleep(window.toMillis());
        } finally {
            outside.clearProviderFaults();
            admin("/activation-mode", "{\"mode\": \"sync\"}");
        }
    }

    private void admin(String path, String json) {
        Outside.Response r = outside.providerAdmin(path, json);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("POST /provider/admin" + path + " answered " + r.status() + ": "
                    + r.body());
        }
    }

    /** Faults injected, per kind. */
    Map<String, Integer> injected() {
        synchronized (injected) {
            return new LinkedHashMap<>(injected);
        }
    }

    /** How many faults started before {@code instant}. */
    long startedBefore(java.time.Instant instant) {
        synchronized (startedAt) {
            return startedAt.stream().filter(t -> t.isBefore(instant)).count();
        }
    }

    /** Faults that could not be injected (the tool's own trouble, reported). */
    List<String> problems() {
        return List.copyOf(problems);
    }
}
