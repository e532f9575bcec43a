package dev.esim.catalog.orders;

import dev.esim.catalog.plans.Price;
import dev.esim.events.OrderTokens;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /orders/{order_id}?token=…}: the order as a traveller reads it, the page the e-mails link to. The same
 * token rule as the API ({@link OrdersController}): without the order's token, or for an order that does not exist,
 * the same "not found" page. The token is in the URL, so the page forbids referrers (a click on the payment link must
 * not hand it to the gateway), caching and every script.
 */
@Controller
class OrderPageController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What the template shows; every value is HTML-escaped by Mustache. */
    record Page(String orderId, String headline, String explanation, String statusName, List<Line> lines,
                String total, String paymentUrl, List<String> iccids, boolean hasIccids, String placedAt) {
    }

    record Line(String name, int quantity, String unitPrice) {
    }

    private final Orders orders;
    private final OrderTokens tokens;

    OrderPageController(Orders orders, OrderTokens tokens) {
        this.orders = orders;
        this.tokens = tokens;
    }

    @GetMapping(value = "/orders/{orderId}", produces = "text/html")
    Mono<Rendering> page(@PathVariable String orderId, @RequestParam(name = "token", required = false) String token) {
        if (!OrdersController.opens(tokens, orderId, token)) {
            return Mono.just(notFound());
        }
        return Mono.fromCallable(() -> orders.find(orderId))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> found.map(OrderPageController::page).map(OrderPageController::rendering)
                        .orElseGet(OrderPageController::notFound));
    }

    static Page page(OrderView o) {
        List<Line> lines = o.lines().stream()
                .map(l -> new Line(l.name(), l.quantity(),
                        money(l.unitPrice().amountMinor(), l.unitPrice().currency())))
                .toList();
        String[] words = words(o.status());
        String paymentUrl = o.status() == OrderStatus.PENDING_PAYMENT ? o.paymentUrl() : null;
        return new Page(o.orderId(), words[0], words[1], o.status().wireName(), lines, money(o.totalMinor(),
                o.currency()), paymentUrl, o.iccids(), !o.iccids().isEmpty(),
                Optional.ofNullable(o.createdAt()).map(WHEN::format).orElse(""));
    }

    /** The status in a traveller's words: a headline and what happens next. */
    static String[] words(OrderStatus status) {
        return switch (status) {
            case PENDING_PAYMENT -> new String[] {"Waiting for your payment",
                    "Complete the payment to receive your eSIM by e-mail."};
            case EXPIRED -> new String[] {"This checkout has expired",
                    "No payment was taken. Start a new order to buy an eSIM."};
            case PAYMENT_MISMATCH -> new String[] {"We could not match your payment",
                    "The payment we received does not match this order. It is being returned to you in full."};
            case PAID, PROVISIONING -> new String[] {"Payment received",
                    "Your eSIM is being prepared. You will receive an e-mail with its QR code within minutes."};
            case AWAITING_PROVIDER -> new String[] {"Your eSIM is on its way",
                    "Our network partner is delayed. We keep trying and will e-mail you as soon as it is ready; if it "
                            + "cannot be issued, you get your money back automatically."};
            case FAILED -> new String[] {"We could not issue your eSIM",
                    "Your payment is being refunded in full. We are sorry for the trouble."};
            case ACTIVE -> new String[] {"Your eSIM is ready",
                    "Scan the QR code in the e-mail we sent you, or enter the activation code it contains, to install "
                            + "the eSIM before you travel."};
            case REFUNDED -> new String[] {"Refunded",
                    "This order was refunded. The refund can take a few days to appear on your statement."};
        };
    }

    private static String money(long minor, String currency) {
        Price price = new Price(minor, currency);
        return price.decimal().toPlainString() + " " + price.currency();
    }

    private static Rendering rendering(Page page) {
        return guarded(Rendering.view("order").modelAttribute("order", page)).build();
    }

    private static Rendering notFound() {
        return guarded(Rendering.view("order-not-found")).status(HttpStatus.NOT_FOUND).build();
    }

    private static Rendering.Builder<?> guarded(Rendering.Builder<?> view) {
        return view.header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "form-action 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff");
    }
}
