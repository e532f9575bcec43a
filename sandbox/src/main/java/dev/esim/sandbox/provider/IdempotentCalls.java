package dev.esim.sandbox.provider;

import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The {@code Idempotency-Key} every POST of the provider API needs: same key + same endpoint and body replays the
 * stored answer (with {@code Idempotent-Replayed: true}); same key + anything else is a conflict. Only successes are
 * stored, so a refused order (stock, balance) can be retried under the same key once fixed. Callers hold the
 * simulator's lock.
 */
final class IdempotentCalls {

    /** A successful call as answered, kept under its key. */
    record StoredCall(String endpoint, JsonNode request, ApiResult result) {}

    private final ProviderState state;

    IdempotentCalls(ProviderState state) {
        this.state = state;
    }

    ApiResult call(String endpoint, String key, JsonNode request, Supplier<ApiResult> operation) {
        if (key == null || key.isBlank()) {
            return ApiResult.validation("Idempotency-Key header is required");
        }
        StoredCall stored = state.storedCall(key);
        if (stored != null) {
            if (stored.endpoint().equals(endpoint) && Objects.equals(stored.request(), request)) {
                return stored.result().withHeader("Idempotent-Replayed", "true");
            }
            return ApiResult.conflict("Idempotency-Key " + key + " was already used with a different request");
        }
        // the change and the key that remembers its answer reach the journal together, or (killed) neither does
        return state.journal().atomically(() -> {
            ApiResult result = operation.get();
            if (result.successful()) {
                state.storeCall(key, new StoredCall(endpoint, request, result));
            }
            return result;
        });
    }
}
