package dev.esim.sandbox.govukpay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The page a payment's {@code next_url} points at, {@code /govukpay/pay/{payment id}}: the amount in pounds, the
 * description and reference, and three buttons posting {@code action} = {@code pay}, {@code decline} or
 * {@code cancel} (with an optional {@code email}) back to the same path. The stand-in then moves the payment, sends
 * its webhooks, and sends the browser (303) to the payment's {@code return_url} — without the outcome, as GOV.UK Pay
 * does: the service asks the API. Plain HTML, no JavaScript, so a test can drive it with form posts.
 */
final class PaymentPageRoutes {

    private static final String TEMPLATE = load("/govukpay/payment-page.html");

    private final Payments payments;

    PaymentPageRoutes(Payments payments) {
        this.payments = payments;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/govukpay/pay/{id}", this::page)
                .POST("/govukpay/pay/{id}", this::act)
                .build();
    }

    private Mono<ServerResponse> page(ServerRequest request) {
        Optional<Payment> payment = payments.visit(request.pathVariable("id"));
        if (payment.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, notFound());
        }
        return html(HttpStatus.OK, render(payment.get(), null));
    }

    private Mono<ServerResponse> act(ServerRequest request) {
        String id = request.pathVariable("id");
        return request.formData().flatMap(form -> {
            String action = form.getFirst("action");
            String email = form.getFirst("email");
            Payment done;
            try {
                done = switch (action == null ? "" : action) {
                    case "pay" -> payments.pay(id, email);
                    case "decline" -> payments.decline(id, email);
                    case "cancel" -> payments.cancelByUser(id, email);
                    default -> null;
                };
            } catch (ApiError e) {
                if (e.status() == 404) {
                    return html(HttpStatus.NOT_FOUND, notFound());
                }
                // finished already (paid in another tab, expired, cancelled by the service): show where it stands
                return html(HttpStatus.CONFLICT, render(payments.find(id).orElseThrow(), e.getMessage()));
            }
            if (done == null) {
                return html(HttpStatus.BAD_REQUEST, "<!DOCTYPE html><p>Unknown action: choose pay, decline or"
                        + " cancel.</p>");
            }
            return ServerResponse.status(HttpStatus.SEE_OTHER).location(URI.create(done.returnUrl())).build();
        });
    }

    private static String render(Payment p, String notice) {
        String form;
        if (p.finished()) {
            form = "  <p class=\"status\" id=\"status\">This payment is " + escape(p.status())
                    + (p.message() == null ? "" : " (" + escape(p.message()) + ")") + ".</p>\n"
                    + (notice == null ? "" : "  <p class=\"hint\">" + escape(notice) + "</p>\n")
                    + "  <p><a href=\"" + escape(p.returnUrl()) + "\">Continue</a></p>";
        } else {
            String email = p.email() == null ? "" : p.email();
            form = "  <form method=\"post\" action=\"/govukpay/pay/" + escape(p.paymentId()) + "\">\n"
                    + "    <label for=\"email\">Email</label>\n"
                    + "    <input type=\"email\" id=\"email\" name=\"email\" value=\"" + escape(email) + "\""
                    + (p.email() == null ? "" : " readonly") + ">\n"
                    + "    <label>Card</label>\n"
                    + "    <div class=\"card\">4444 3333 2222 1111 · 12/34 · 123</div>\n"
                    + "    <button type=\"submit\" id=\"pay\" name=\"action\" value=\"pay\">Pay "
                    + escape(pounds(p.amount())) + "</button>\n"
                    + "    <button type=\"submit\" class=\"warning\" id=\"decline\" name=\"action\" value=\"decline\">"
                    + "Decline</button>\n"
                    + "    <button type=\"submit\" class=\"secondary\" id=\"cancel\" name=\"action\" value=\"cancel\">"
                    + "Cancel payment</button>\n"
                    + "    <p class=\"hint\">Pay sends card_payment_succeeded and card_payment_captured. Decline"
                    + " fails the payment (P0010) and Cancel payment fails it as cancelled by the user (P0030), each"
                    + " with card_payment_failed. Either way you return to the service.</p>\n"
                    + "  </form>";
        }
        return TEMPLATE
                .replace("{{title}}", escape(pounds(p.amount())))
                .replace("{{description}}", escape(p.description()))
                .replace("{{amount}}", escape(pounds(p.amount())))
                .replace("{{reference}}", escape(p.reference()))
                .replace("{{form}}", form);
    }

    /** {@code 149900} → {@code £1,499.00}. */
    static String pounds(long pence) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.UK);
        return format.format(BigDecimal.valueOf(pence, 2));
    }

    private static String notFound() {
        return "<!DOCTYPE html><title>Not found</title><p>No such payment in this sandbox (a restart without a state"
                + " directory forgets payments).</p>";
    }

    private static String escape(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }

    private static Mono<ServerResponse> html(HttpStatus status, String body) {
        return ServerResponse.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").bodyValue(body);
    }

    private static String load(String resource) {
        try (InputStream in = PaymentPageRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
