package dev.esim.sandbox.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The hosted checkout page a Checkout Session's {@code url} points at. The traveller (or a test) picks the outcome
 * with a button; the gateway then emits the webhooks Stripe would and sends the browser to the session's
 * {@code success_url} (or {@code cancel_url} after a decline), replacing {@code {CHECKOUT_SESSION_ID}} as Stripe does.
 */
@RestController
class CheckoutPageController {

    private static final String TEMPLATE = load("/gateway/checkout.html");

    private final Ledger ledger;

    CheckoutPageController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(path = "/pay/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String id) {
        SessionState s;
        try {
            s = ledger.session(id);
        } catch (StripeApiException e) {
            return html(HttpStatus.NOT_FOUND, "<!DOCTYPE html><title>Not found</title><p>No checkout session "
                    + escape(id) + " in this sandbox (a restart without a state directory forgets sessions).</p>");
        }
        return html(HttpStatus.OK, render(s, null));
    }

    /** {@code action}: {@code pay}, {@code decline}, {@code pay_later}, or {@code pay_later_fail}. */
    @PostMapping(path = "/pay/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> act(@PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            String action = form.getFirst("action");
            String email = form.getFirst("email");
            SessionState s;
            try {
                s = ledger.session(id);
                if (email == null || email.isBlank()) {
                    email = s.customerEmail() != null ? s.customerEmail() : "traveller@example.com";
                }
                switch (action == null ? "" : action) {
                    case "pay" -> s = ledger.pay(id, email.strip());
                    case "decline" -> s = ledger.decline(id, email.strip());
                    case "pay_later" -> s = ledger.payLater(id, email.strip(), true);
                    case "pay_later_fail" -> s = ledger.payLater(id, email.strip(), false);
                    default -> {
                        return html(HttpStatus.BAD_REQUEST, "<!DOCTYPE html><p>Unknown action.</p>");
                    }
                }
            } catch (StripeApiException e) {
                if (e.status() == 404) {
                    return html(HttpStatus.NOT_FOUND, "<!DOCTYPE html><p>No such checkout session.</p>");
                }
                // not open any more (paid in another tab, expired): show where it stands
                return html(HttpStatus.CONFLICT, render(ledger.session(id), e.getMessage()));
            }
            String target = "decline".equals(action) ? s.cancelUrl() : s.successUrl();
            if (target == null || target.isBlank()) {
                return html(HttpStatus.OK, render(s, "decline".equals(action) ? "Your card was declined." : null));
            }
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create(target.replace("{CHECKOUT_SESSION_ID}", s.id())))
                    .<String>build();
        });
    }

    private static String render(SessionState s, String notice) {
        StringBuilder lines = new StringBuilder();
        for (LineItem li : s.lineItems()) {
            lines.append("        <tr class=\"line\"><td><span class=\"name\">").append(escape(li.name()))
                    .append("</span>");
            if (li.description() != null) {
                lines.append("<br><span class=\"desc\">").append(escape(li.description())).append("</span>");
            }
            if (li.quantity() != 1) {
                lines.append("<br><span class=\"qty\">Qty ").append(li.quantity()).append(" × ")
                        .append(escape(format(li.unitAmount(), li.currency()))).append("</span>");
            }
            lines.append("</td><td class=\"amount\">").append(escape(format(li.amountTotal(), li.currency())))
                    .append("</td></tr>\n");
        }
        String form;
        if (s.isOpen()) {
            String email = s.customerEmail() != null ? s.customerEmail() : "traveller@example.com";
            form = (notice == null ? "" : "    <p class=\"status\" role=\"alert\">" + escape(notice) + "</p>\n")
                    + "    <form method=\"post\" action=\"/pay/" + escape(s.id()) + "\">\n"
                    + "      <label for=\"email\">Email</label>\n"
                    + "      <input type=\"email\" id=\"email\" name=\"email\" value=\"" + escape(email) + "\""
                    + (s.customerEmail() != null ? " readonly" : "") + ">\n"
                    + "      <label>Card</label>\n"
                    + "      <div class=\"card\">4242 4242 4242 4242 · 12/34 · 123</div>\n"
                    + "      <button type=\"submit\" class=\"pay\" id=\"pay\" name=\"action\" value=\"pay\">Pay "
                    + escape(format(s.amountTotal(), s.currency())) + "</button>\n"
                    + "      <button type=\"submit\" class=\"decline\" id=\"decline\" "
                    + "name=\"action\" value=\"decline\">"
                    + "Decline</button>\n"
                    + "      <button type=\"submit\" id=\"pay-later\" name=\"action\" value=\"pay_later\">"
                    + "Pay later (async)</button>\n"
                    + "      <button type=\"submit\" id=\"pay-later-fail\" name=\"action\" value=\"pay_later_fail\">"
                    + "Pay later, then fail (async)</button>\n"
                    + "      <p class=\"hint\">Pay sends checkout.session.completed (paid) and"
                    + " payment_intent.succeeded. Decline sends payment_intent.payment_failed. Pay later completes"
                    + " the session unpaid, then settles with checkout.session.async_payment_succeeded (or _failed)."
                    + "</p>\n"
                    + "    </form>";
        } else {
            form = "    <p class=\"status\" id=\"status\">This checkout session is " + escape(s.status())
                    + ("complete".equals(s.status()) ? " (payment " + escape(s.paymentStatus()) + ")" : "")
                    + ".</p>\n" + (notice == null ? "" : "    <p class=\"hint\">" + escape(notice) + "</p>\n");
        }
        String orderId = s.clientReferenceId() != null ? s.clientReferenceId()
                : s.metadata().getOrDefault("order_id", "—");
        return TEMPLATE
                .replace("{{title}}", escape(format(s.amountTotal(), s.currency())))
                .replace("{{total}}", escape(format(s.amountTotal(), s.currency())))
                .replace("{{lines}}", lines.toString().stripTrailing())
                .replace("{{sessionId}}", escape(s.id()))
                .replace("{{orderId}}", escape(orderId))
                .replace("{{form}}", form);
    }

    /** {@code 1499 usd} → {@code $14.99}; zero-decimal currencies (JPY) stay whole. */
    static String format(long minor, String currency) {
        Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        int digits = Math.max(0, c.getDefaultFractionDigits());
        java.text.NumberFormat nf = java.text.NumberFormat.getCurrencyInstance(Locale.US);
        nf.setCurrency(c);
        nf.setMinimumFractionDigits(digits);
        nf.setMaximumFractionDigits(digits);
        return nf.format(java.math.BigDecimal.valueOf(minor, digits));
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(body);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String load(String resource) {
        try (InputStream in = CheckoutPageController.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
