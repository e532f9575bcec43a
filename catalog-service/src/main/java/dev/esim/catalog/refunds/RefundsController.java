package dev.esim.catalog.refunds;

import dev.esim.catalog.web.ApiException;
import dev.esim.catalog.web.Idempotency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/refunds {order_id, reason}}, for support only: {@code Authorization: Bearer <SUPPORT_API_TOKEN>}
 * (a token scoped to this endpoint), else 401 {@code auth_error}. Answers 202: the refund is requested, the order
 * shows {@code refunded} once the gateway confirms it.
 */
@RestController
class RefundsController {

    private final Refunds refunds;
    private final Idempotency idempotency;
    private final byte[] token;

    RefundsController(Refunds refunds, Idempotency idempotency, String supportToken) {
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.token = supportToken.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping("/v1/refunds")
    Mono<ResponseEntity<String>> refund(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                        @RequestHeader(value = Idempotency.HEADER, required = false) String key,
                                        @RequestBody(required = false) Refunds.RefundBody body) {
        if (!authorised(auth)) {
            return Mono.error(new ApiException(401, "auth_error", "A support token is required for refunds."));
        }
        if (body == null || body.orderId() == null || body.orderId().isBlank()) {
            return Mono.error(ApiException.validation("order_id is required."));
        }
        if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
            return Mono.error(ApiException.validation("reason is required (at most 500 characters)."));
        }
        return idempotency.execute("refund", key, body,
                hash -> new Idempotency.Response(202, refunds.refund(body, key)));
    }

    private boolean authorised(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }
}
