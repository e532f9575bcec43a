package dev.esim.catalog.orders;

/**
 * Where a request may carry an order's token: the {@code token} query parameter (the e-mail link), the
 * {@code X-Order-Token} header, or {@code Authorization: Bearer …} (an app that keeps it). The first present wins.
 */
public final class OrderTokenParameter {

    private OrderTokenParameter() {
    }

    /** The token, or null when the request carries none. */
    public static String of(String query, String header, String authorization) {
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        if (query != null && !query.isBlank()) {
            return query.strip();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).strip();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }
}
