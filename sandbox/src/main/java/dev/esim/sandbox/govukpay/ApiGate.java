package dev.esim.sandbox.govukpay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What every API call meets first: the bearer key (401 without it, or with another key — including any
 * {@code api_live_…} one), then GOV.UK Pay's rate limit of 15 {@code POST}s per key in any second (429
 * {@code P0900}). GETs are not limited: GOV.UK Pay limits them too, but far above anything a test sends.
 */
final class ApiGate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final String apiKey;
    private final int postsPerSecond;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> admittedPosts = new HashMap<>();

    ApiGate(String apiKey, int postsPerSecond, LongSupplier nanoTime) {
        this.apiKey = apiKey;
        this.postsPerSecond = postsPerSecond;
        this.nanoTime = nanoTime;
    }

    /** The key the call is made with; throws the refusal instead if it may not proceed. */
    String admit(String method, String authorization) {
        String key = bearer(authorization);
        if (key == null || !key.equals(apiKey)) {
            throw ApiError.unauthorized();
        }
        if ("POST".equals(method) && postsPerSecond > 0 && !admitPost(key)) {
            throw ApiError.of(429, "P0900", "Too many requests");
        }
        return key;
    }

    private synchronized boolean admitPost(String key) {
        long now = nanoTime.getAsLong();
        Deque<Long> window = admittedPosts.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= SECOND_NANOS) {
            window.removeFirst();
        }
        if (window.size() >= postsPerSecond) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }
}
