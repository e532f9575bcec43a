package dev.esim.sandbox.govukpay;

import java.time.Instant;
import java.util.Map;

/**
 * One card payment as the stand-in remembers it (and journals it). Immutable: each move makes a new one.
 *
 * @param status   {@code created}, {@code started} (the page was opened), {@code success}, {@code failed},
 *                 {@code cancelled}
 * @param code     the state's error code once failed or cancelled ({@code P0010}, {@code P0020}, {@code P0030},
 *                 {@code P0040}), else null
 * @param message  the state's message that goes with {@code code}
 * @param metadata as sent (string, number or boolean values), null when none was sent
 * @param baseUrl  where API calls and browsers reached the sandbox when the payment was created; its links are built
 *                 from it, also when the payment is rendered outside a request (webhooks, expiry)
 */
record Payment(String paymentId, long amount, String reference, String description, String returnUrl, String email,
        String language, Map<String, Object> metadata, Instant createdDate, String status, String code, String message,
        String baseUrl) {

    boolean finished() {
        return !"created".equals(status) && !"started".equals(status);
    }

    Payment withState(String newStatus, String newCode, String newMessage) {
        return new Payment(paymentId, amount, reference, description, returnUrl, email, language, metadata, createdDate,
                newStatus, newCode, newMessage, baseUrl);
    }

    /** The address the traveller typed on the page, unless the service had already given one. */
    Payment withEmail(String typed) {
        if (email != null || typed == null || typed.isBlank()) {
            return this;
        }
        return new Payment(paymentId, amount, reference, description, returnUrl, typed.strip(), language, metadata,
                createdDate, status, code, message, baseUrl);
    }

    String selfHref() {
        return baseUrl + "/govukpay/v1/payments/" + paymentId;
    }

    String nextUrl() {
        return baseUrl + "/govukpay/pay/" + paymentId;
    }
}
