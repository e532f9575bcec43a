package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Stripe's {@code Idempotency-Key} semantics, per API key: the first result of a POST is kept for 24 hours; a retry
 * with the same key and the same parameters gets that result again (status and body byte for byte, plus
 * {@code Idempotent-Replayed: true}); the same key with different parameters or on another endpoint is a 400
 * {@code idempotency_error}. As at Stripe, a request that failed validation is not kept, so it can be corrected and
 * retried with the same key.
 */
final class IdempotencyStore {

    private static final Duration RETENTION = Duration.ofHours(24);

    record Result(int status, String body, boolean replayed) {
    }

    record Entry(String fingerprint, int status, String body, Instant at) {
    }

    private final Clock clock;
    private final GatewayJournal journal;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Starts with the keys {@code journal} holds that are still within their 24 hours; it forgets the others. */
    IdempotencyStore(Clock clock, GatewayJournal journal) {
        this.clock = clock;
        this.journal = journal;
        Instant now = clock.instant();
        journal.restored().idempotency().forEach((key, entry) -> {
            if (entry.at().plus(RETENTION).isAfter(now)) {
                entries.put(key, entry);
            } else {
                journal.forgetIdempotency(key);
            }
        });
    }

    /**
     * Runs {@code action} unless {@code key} already has a result. Synchronized: actions are quick in-memory moves,
     * and running two requests with one key one after the other turns the second into a faithful replay. What the
     * action changes and the key that remembers its answer reach the journal as one change.
     */
    synchronized Result execute(String apiKey, String key, String fingerprint, Supplier<Result> action) {
        return journal.atomically(() -> executeOnce(apiKey, key, fingerprint, action));
    }

    private Result executeOnce(String apiKey, String key, String fingerprint, Supplier<Result> action) {
        if (key == null || key.isEmpty()) {
            return action.get();
        }
        if (key.length() > 255) {
            throw StripeApiException.invalid(null, null, "Idempotency-Key must be at most 255 characters.");
        }
        String scoped = apiKey + "\u0000" + key;
        Instant now = clock.instant();
        Entry existing = entries.get(scoped);
        if (existing != null && existing.at().plus(RETENTION).isAfter(now)) {
            if (!existing.fingerprint().equals(fingerprint)) {
                throw new StripeApiException(400, "idempotency_error", null, null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used"
                                + " with. Try using a key other than '" + key
                                + "' if you meant to execute a different request.");
            }
            return new Result(existing.status(), existing.body(), true);
        }
        Result result = action.get();
        if (entries.size() >= 10_000) {
            // stripe-java puts a fresh key on every POST, so forget the expired ones now and then
            entries.values().removeIf(e -> !e.at().plus(RETENTION).isAfter(now));
        }
        Entry entry = new Entry(fingerprint, result.status(), result.body(), now);
        entries.put(scoped, entry);
        journal.idempotency(scoped, entry);
        return result;
    }
}
