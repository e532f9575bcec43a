package dev.esim.provisioning.it;

import dev.esim.provisioning.order.CrashPoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Freezes the listener thread at a named step, the first time it gets there, until the test has closed the worker's
 * Spring context under it; then the thread dies with an {@link Error}. From the outside this is a process dying at
 * that step: what was committed to PostgreSQL stays, the Kafka transaction never commits.
 */
final class HaltingCrashPoint implements CrashPoint {

    private final String step;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final CountDownLatch halted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    HaltingCrashPoint(String step) {
        this.step = step;
    }

    @Override
    public void reached(String at) {
        if (!at.equals(step) || !fired.compareAndSet(false, true)) {
            return;
        }
        halted.countDown();
        try {
            release.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ProcessDied(step);
    }

    void awaitHalted(Duration timeout) throws InterruptedException {
        if (!halted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the worker never reached " + step);
        }
    }

    /** Lets the frozen thread die (after its context is gone). */
    void release() {
        release.countDown();
    }

    static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;

        ProcessDied(String step) {
            super("simulated process death at " + step);
        }
    }
}
