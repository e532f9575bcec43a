package dev.esim.catalog.refunds;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.idempotency.Idempotency;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/refunds {order_id, reason}}, for support only: {@code Authorization: Bearer <operator's token>}
 * ({@link Operators}; the refund records who), else 401 {@code auth_error}; a token without the {@code refunds} scope
 * gets 403. Answers 202: the refund is requested, the order
 * shows {@code refunded} once the gateway confirms it.
 */
@RestController
class RefundsController {

    private final Refunds refunds;
    private final Idempotency idempotency;
    private final Operators operators;

    RefundsController(Refunds refunds, Idempotency idempotency, Operators operators) {
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.operators = operators;
    }

    @PostMapping("/v1/refunds")
    Mono<ResponseEntity<String>> refund(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                        @RequestHeader(value = Idempotency.HEADER, required = false) String key,
                                        @RequestBody(required = false) Refunds.RefundBody body) {
        Operators.Operator operator = operators.authenticate(auth).orElse(null);
        if (operator == null) {
            return Mono.error(new ApiException(401, "auth_error", "A support token is required for refunds."));
        }
        if (!operator.may(Operators.REFUNDS)) {
            return Mono.error(new ApiException(403, "forbidden", "This support token may not refund."));
        }
        if (body == null || body.orderId() == null || body.orderId().isBlank()) {
            return Mono.error(ApiException.validation("order_id is required."));
        }
        if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
            return Mono.error(ApiException.validation("reason is required (at most 500 characters)."));
        }
        return idempotency.execute("refund", key, body,
                hash -> new Idempotency.Response(202, refunds.refund(body, key, operator.name())));
    }
}
