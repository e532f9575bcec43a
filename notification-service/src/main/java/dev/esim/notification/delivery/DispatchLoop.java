package dev.esim.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Dispatcher} on {@code concurrency} background threads: immediately when {@link #wake()} is called (a
 * new delivery was accepted — the traveller is waiting for their QR code), otherwise every {@code pollInterval} for
 * retries that have come due. The threads claim different rows ({@code FOR UPDATE SKIP LOCKED}), so each e-mail is
 * rendered and sent by one of them while the others render and send the next: SMTP round trips overlap instead of
 * queueing behind each other.
 */
final class DispatchLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    /** Longer than an SMTP conversation normally takes; within Kubernetes' default 30 s termination grace. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Dispatcher dispatcher;
    private final Duration pollInterval;
    private final int batchSize;
    private final int concurrency;
    /** One permit per idle thread to wake, never more than there are threads: a burst wakes them all, once. */
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DispatchLoop(Dispatcher dispatcher, Duration pollInterval, int batchSize, int concurrency) {
        this.dispatcher = dispatcher;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 1; i <= concurrency; i++) {
            Thread thread = new Thread(this::run, "email-dispatch-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    public void wake() {
        if (wakeUps.availablePermits() < concurrency) {
            wakeUps.release();
        }
    }

    private void run() {
        while (running) {
            try {
                int claimed = dispatcher.sendDue();
                if (claimed >= batchSize) {
                    wake(); // more may be due right now: bring a sibling along
                    continue;
                }
                wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                // e.g. the database is unreachable: nothing was lost (rows stay pending/sending), try again later.
                LOG.warn("E-mail dispatch failed ({}); retrying in {}", ex.getClass().getSimpleName(), pollInterval);
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Lets sends in progress finish (so they are recorded) for up to {@link #STOP_GRACE}, then interrupts what is
     * still running — typically a thread waiting for a database connection that will not come. A send cut off there
     * is the crash window the class comment of {@link Dispatcher} describes: resent later with the same Message-ID.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        wakeUps.release(concurrency);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        threads.clear();
    }
}
