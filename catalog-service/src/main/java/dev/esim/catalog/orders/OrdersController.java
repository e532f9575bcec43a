package dev.esim.catalog.orders;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.plans.Price;
import dev.esim.events.OrderTokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/orders/{order_id}?token=…}: one status view across the whole journey, for whoever holds the order's
 * token (returned at checkout as {@code order_token}, and in the e-mail's order link; also accepted as the
 * {@code X-Order-Token} header). Without a token: 401; with another order's token, or for an order that does not
 * exist: the same 404, so order ids cannot be probed.
 */
@RestController
class OrdersController {

    private static final Pattern ORDER_ID = Pattern.compile("ord_[0-9a-f]{32}");

    record Amount(BigDecimal amount, String currency) {
        static Amount of(long minor, String currency) {
            Price p = new Price(minor, currency);
            return new Amount(p.decimal(), p.currency());
        }
    }

    record Item(String sku, String name, int quantity, Amount unitPrice) {
    }

    record OrderJson(String orderId, String status, String kind, List<Item> items, Amount total,
                     String checkoutSessionId, String paymentUrl, String topupIccid, List<String> iccids,
                     Map<String, String> metadata, Instant expiresAt, Instant createdAt, Instant updatedAt) {
    }

    private final Orders orders;
    private final OrderTokens tokens;

    OrdersController(Orders orders, OrderTokens tokens) {
        this.orders = orders;
        this.tokens = tokens;
    }

    @GetMapping("/v1/orders/{orderId}")
    Mono<ResponseEntity<OrderJson>> get(@PathVariable String orderId,
            @RequestParam(name = "token", required = false) String token,
            @RequestHeader(name = "X-Order-Token", required = false) String tokenHeader,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String given = OrderTokenParameter.of(token, tokenHeader, authorization);
        if (given == null) {
            return Mono.error(ApiException.orderTokenRequired());
        }
        if (!opens(tokens, orderId, given)) {
            return Mono.error(ApiException.notFound("No order " + orderId + "."));
        }
        return Mono.fromCallable(() -> orders.find(orderId)
                        .map(o -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(json(o)))
                        .orElseThrow(() -> ApiException.notFound("No order " + orderId + ".")))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether {@code token} opens {@code orderId}: a well-formed order id, and that order's own token. */
    static boolean opens(OrderTokens tokens, String orderId, String token) {
        return token != null && ORDER_ID.matcher(orderId).matches() && tokens.matches(orderId, token);
    }

    static OrderJson json(OrderView o) {
        List<Item> items = o.lines().stream()
                .map(l -> new Item(l.sku(), l.name(), l.quantity(),
                        Amount.of(l.unitPrice().amountMinor(), l.unitPrice().currency())))
                .toList();
        // the payment page is only worth showing while it can still be paid
        String paymentUrl = o.status() == OrderStatus.PENDING_PAYMENT ? o.paymentUrl() : null;
        return new OrderJson(o.orderId(), o.status().wireName(), o.kind().equals("TOP_UP") ? "top_up" : "new_line",
                items, Amount.of(o.totalMinor(), o.currency()), o.checkoutSessionId(), paymentUrl, o.topupIccid(),
                o.iccids(), o.metadata(), o.expiresAt(), o.createdAt(), o.updatedAt());
    }
}
