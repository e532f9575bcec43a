package dev.esim.notification.delivery;

import java.time.Duration;

/**
 * @param resendAfter   a delivery stuck in {@code sending} this long is presumed abandoned by a dead process and sent
 *                      again; must exceed the longest possible SMTP conversation (connect + write + read timeouts)
 * @param giveUpAfter   after this long in transient failure an e-mail is given up ({@code EmailFailed},
 *                      permanent=false) instead of parked further
 */
record DeliverySettings(String messageIdDomain, int batchSize, Duration initialBackoff, Duration maxBackoff,
        Duration resendAfter, Duration giveUpAfter) {

    /** Exponential back-off by attempt (1-based), capped: 2 s, 4 s, 8 s … up to {@code maxBackoff}. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 30);
        Duration next = initialBackoff.multipliedBy(factor);
        return next.compareTo(maxBackoff) > 0 || next.isNegative() ? maxBackoff : next;
    }
}
