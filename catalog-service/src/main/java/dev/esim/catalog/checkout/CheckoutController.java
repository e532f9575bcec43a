package dev.esim.catalog.checkout;

import dev.esim.catalog.idempotency.Idempotency;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/checkout/sessions} and {@code POST /v1/topups}: both a paid checkout, the latter of a top-up. */
@RestController
class CheckoutController {

    private final Checkout checkout;
    private final Idempotency idempotency;
    private final int maxQuantity;

    CheckoutController(Checkout checkout, Idempotency idempotency, int maxQuantity) {
        this.checkout = checkout;
        this.idempotency = idempotency;
        this.maxQuantity = maxQuantity;
    }

    @PostMapping("/v1/checkout/sessions")
    Mono<ResponseEntity<String>> create(@RequestHeader(value = Idempotency.HEADER, required = false) String key,
                                        @RequestBody(required = false) CheckoutRequests.CheckoutBody body) {
        return Mono.fromCallable(() -> CheckoutRequests.validate(body, maxQuantity))
                .flatMap(command -> place("checkout", key, command));
    }

    @PostMapping("/v1/topups")
    Mono<ResponseEntity<String>> topUp(@RequestHeader(value = Idempotency.HEADER, required = false) String key,
                                       @RequestBody(required = false) CheckoutRequests.TopUpBody body) {
        return Mono.fromCallable(() -> CheckoutRequests.validate(body))
                .flatMap(command -> place("topup", key, command));
    }

    private Mono<ResponseEntity<String>> place(String scope, String key, CheckoutCommand command) {
        return idempotency.execute(scope, key, command,
                hash -> new Idempotency.Response(201, checkout.place(command, key, hash)));
    }
}
