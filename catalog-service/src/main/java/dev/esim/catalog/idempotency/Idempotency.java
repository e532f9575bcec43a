package dev.esim.catalog.idempotency;

import dev.esim.catalog.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every POST: the first request with a key claims it (a row whose primary key makes
 * concurrent duplicates collide in PostgreSQL), runs, and stores its response; a later request with the same key and
 * the same body gets that response replayed byte for byte; the same key with another body is a 409 {@code conflict},
 * as is a duplicate arriving while the first is still running. Only successes are stored: after an error the key is
 * released, so the client may retry it. A claim left by a crashed request is taken over after the claim timeout.
 *
 * <p>"Same body" means the same request after parsing (field order, whitespace and ignored fields such as a
 * client-sent price do not count): the hash is over our canonical JSON of the parsed request.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** What a successful request answers (status + body object, serialised once and stored). */
    public record Response(int status, Object body) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration claimTimeout;

    Idempotency(JdbcClient jdbc, JsonMapper json, Clock clock, Duration claimTimeout) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.claimTimeout = claimTimeout;
    }

    /**
     * Runs {@code work} (blocking; given the request hash, which derived ids may use) at most once per
     * {@code (scope, key)}, on {@code boundedElastic}.
     */
    public Mono<ResponseEntity<String>> execute(String scope, String key, Object canonicalRequest,
                                                Function<String, Response> work) {
        return Mono.fromCallable(() -> executeBlocking(scope, key, canonicalRequest, work))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<String> executeBlocking(String scope, String key, Object canonicalRequest,
                                                   Function<String, Response> work) {
        if (key == null || key.isBlank()) {
            throw ApiException.validation("The Idempotency-Key header is required on every POST.");
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.validation("The Idempotency-Key header must be 1–255 visible ASCII characters.");
        }
        String hash = sha256(json.writeValueAsString(canonicalRequest));
        Optional<ResponseEntity<String>> replay = claim(scope, key, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        String body;
        Response response;
        try {
            response = work.apply(hash);
            body = json.writeValueAsString(response.body());
        } catch (RuntimeException e) {
            jdbc.sql("delete from idempotency_keys"
                            + " where scope = :scope and idempotency_key = :key and state = 'in_progress'")
                    .param("scope", scope).param("key", key).update();
            throw e;
        }
        jdbc.sql("""
                        update idempotency_keys set state = 'completed', response_status = :status,
                            response_body = :body, completed_at = :now
                        where scope = :scope and idempotency_key = :key""")
                .param("status", response.status()).param("body", body)
                .param("now", Timestamp.from(clock.instant()))
                .param("scope", scope).param("key", key).update();
        return entity(response.status(), body, false);
    }

    /** Empty = we own the key now; present = the answer to give instead of running. */
    private Optional<ResponseEntity<String>> claim(String scope, String key, String hash) {
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                        insert into idempotency_keys (scope, idempotency_key, request_hash, state, created_at)
                        values (:scope, :key, :hash, 'in_progress', :now)
                        on conflict do nothing""")
                .param("scope", scope).param("key", key).param("hash", hash).param("now", Timestamp.from(now))
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        Stored stored = jdbc.sql("""
                        select request_hash, state, response_status, response_body, created_at
                        from idempotency_keys where scope = :scope and idempotency_key = :key""")
                .param("scope", scope).param("key", key)
                .query((rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5)))
                .optional()
                // released between our insert and select: the client may simply retry
                .orElseThrow(() -> ApiException.conflict("A request with this Idempotency-Key was just released;"
                        + " retry it."));
        if (!stored.hash.equals(hash)) {
            throw ApiException.conflict("This Idempotency-Key was already used with a different request body.");
        }
        if ("completed".equals(stored.state)) {
            return Optional.of(entity(stored.status, stored.body, true));
        }
        if (stored.createdAt.toInstant().isBefore(now.minus(claimTimeout))) {
            // the first request died mid-way; take over its claim (compare-and-set on created_at)
            int taken = jdbc.sql("""
                            update idempotency_keys set created_at = :now
                            where scope = :scope and idempotency_key = :key and state = 'in_progress'
                              and created_at = :then""")
                    .param("now", Timestamp.from(now)).param("scope", scope).param("key", key)
                    .param("then", stored.createdAt).update();
            if (taken == 1) {
                return Optional.empty();
            }
        }
        // as Stripe answers it: the client retries the same request once the first has finished or its claim expired
        throw new ApiException(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still being"
                + " processed; retry it shortly.", claimTimeout);
    }

    private record Stored(String hash, String state, int status, String body, Timestamp createdAt) {
    }

    private static ResponseEntity<String> entity(int status, String body, boolean replayed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatusCode.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON);
        if (replayed) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
