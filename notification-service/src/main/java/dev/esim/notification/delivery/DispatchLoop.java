package dev.esim.notification.delivery;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Dispatcher} on one background thread: immediately when {@link #wake()} is called (a new delivery was
 * accepted — the traveller is waiting for their QR code), otherwise every {@code pollInterval} for retries that
 * have come due.
 */
public final class DispatchLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final Duration pollInterval;
    private final int batchSize;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public DispatchLoop(Dispatcher dispatcher, Duration pollInterval, int batchSize) {
        this.dispatcher = dispatcher;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "email-dispatch");
        thread.setDaemon(true);
        thread.start();
    }

    public void wake() {
        wakeUps.release();
    }

    private void run() {
        while (running) {
            try {
                int claimed = dispatcher.sendDue();
                if (claimed >= batchSize) {
                    continue; // more may be due right now
                }
                wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
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

    /** Lets a send in progress finish (so it is recorded) before stopping. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        wakeUps.release();
        thread.join(Duration.ofSeconds(30).toMillis());
        thread.interrupt();
    }
}
