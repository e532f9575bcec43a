package dev.esim.sandbox.govukpay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GOV.UK Pay's {@code Idempotency-Key} on payment creation, per API key, for 24 hours: the same key with the same body
 * finds the payment it created (answered 200 with the payment as it is now), the same key with another body is a
 * 409 {@code P0191}. Bodies are compared as JSON, so key order and spacing do not matter. Only creations that
 * succeeded are remembered, so a request refused by validation can be corrected and sent again under its key. Not
 * thread-safe: {@link Payments} guards it.
 */
final class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{1,255}");

    private final Clock clock;
    private final GovUkPayJournal journal;
    private final JsonMapper json;
    private final Map<String, GovUkPayJournal.KeyUse> uses = new HashMap<>();

    /** Starts with the keys the journal holds that are still within their 24 hours; it forgets the others. */
    IdempotencyKeys(Clock clock, GovUkPayJournal journal, JsonMapper json) {
        this.clock = clock;
        this.journal = journal;
        this.json = json;
        Instant now = clock.instant();
        journal.restored().keys().forEach((key, use) -> {
            if (live(use, now)) {
                uses.put(key, use);
            } else {
                journal.forgetKey(key);
            }
        });
    }

    /** 422 {@code P0102} naming the header, as GOV.UK Pay answers a key of the wrong length or characters. */
    static void check(String key) {
        if (key != null && !VALID.matcher(key).matches()) {
            throw ApiError.invalidHeader("Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 letters, digits or hyphens");
        }
    }

    /** The payment this key created from the same body, if any; 409 {@code P0191} if it came with another body. */
    Optional<String> paymentFor(String apiKey, String key, JsonNode body) {
        if (key == null) {
            return Optional.empty();
        }
        GovUkPayJournal.KeyUse use = uses.get(scoped(apiKey, key));
        if (use == null || !live(use, clock.instant())) {
            return Optional.empty();
        }
        if (!json.readTree(use.body()).equals(body)) {
            throw ApiError.of(409, "P0191", "This Idempotency-Key was already used to create a payment from another"
                    + " request body");
        }
        return Optional.of(use.paymentId());
    }

    void remember(String apiKey, String key, JsonNode body, String paymentId) {
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        if (uses.size() >= 10_000) {
            uses.values().removeIf(u -> !live(u, now));
        }
        GovUkPayJournal.KeyUse use = new GovUkPayJournal.KeyUse(json.writeValueAsString(body), paymentId, now);
        uses.put(scoped(apiKey, key), use);
        journal.key(scoped(apiKey, key), use);
    }

    private static boolean live(GovUkPayJournal.KeyUse use, Instant now) {
        return use.at().plus(RETENTION).isAfter(now);
    }

    private static String scoped(String apiKey, String key) {
        return apiKey + "\u0000" + key;
    }
}
