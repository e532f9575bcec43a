package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The support desk through the whole stack. "I paid and got nothing": a traveller mistyped their address; support
 * finds the order in catalog-service's console and has the eSIM sent again to the corrected address — through
 * esim.orders.v1 to notification-service and SMTP. "One of us stays home": support cancels one unused line of an
 * order — the worker cancels it at the provider, and only then does its price go back through the gateway.
 */
@ExtendWith(StackExtension.class)
@Order(6)
class SupportDeskIT {

    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf|nonce)\" value=\"([^\"]*)\"");

    /** A browser's cookie jar: the console's session cookie comes back on every later request. */
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void supportResendsTheEsimToTheCorrectedAddressOfATravellerWhoMistypedIt(Platform platform) throws Exception {
        // given a paid, delivered order whose e-mail went to the address the traveller typed
        Journeys.Checkout order = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));
        Journeys.pay(platform, order);
        Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
        Journeys.awaitMail(order.email(), 1);
        String corrected = order.email().replace("@", ".corrected@");

        // when support signs in, finds the order and asks for a resend to the corrected address
        HttpResponse<String> signIn = post("/support/login", Map.of("token", Platform.SUPPORT_TOKEN));
        assertThat(signIn.statusCode()).as("sign-in: %s", signIn.body()).isEqualTo(303);
        HttpResponse<String> found = get("/support/orders?q=" + order.orderId());
        assertThat(found.statusCode()).isEqualTo(303);
        String orderPage = found.headers().firstValue("Location").orElseThrow();
        String page = get(orderPage).body();
        Map<String, String> form = resendForm(page);
        form.put("reason", "traveller mistyped their address, ticket T-4711");
        form.put("email", corrected);
        HttpResponse<String> resend = post(orderPage + "/resend", form);

        // then the console says so, and the eSIM arrives at the corrected address — once
        assertThat(resend.statusCode()).as("resend: %s", resend.body()).isEqualTo(303);
        assertThat(resend.headers().firstValue("Location").orElseThrow()).contains("resend=requested");
        MimeMessage again = Journeys.awaitMail(corrected, 1).get(0);
        assertThat(subject(again)).isEqualTo(subject(Inbox.messagesTo(order.email()).get(0)));
        Thread.sleep(2_000); // a second copy, if any, would have arrived by now
        assertThat(Inbox.messagesTo(corrected)).hasSize(1);
        assertThat(Inbox.messagesTo(order.email())).hasSize(1);
        assertThat(Journeys.kinds("esim.orders.v1", order.orderId()))
                .containsExactly("OrderPlaced", "ActivationEmailResendRequested");
        // and the console finds the order by the corrected address from now on
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/support/orders?q="
                + URLEncoder.encode(corrected, StandardCharsets.UTF_8)).statusCode() == 303);
    }

    @Test
    void supportCancelsOneUnusedLineOfATwoLineOrderAndTheTravellerGetsThatLinesPriceBack(Platform platform)
            throws Exception {
        // given a paid order of two eSIMs, both delivered
        String sku = Journeys.aPlanFor(platform, "US");
        String email = Platform.newTravellerEmail();
        Platform.Response created = platform.checkout("e2e-" + java.util.UUID.randomUUID(), email, sku, "US", null, 2);
        assertThat(created.status()).as("checkout: %s", created.body()).isEqualTo(201);
        String orderId = created.json().path("order_id").asText();
        Journeys.Checkout order = new Journeys.Checkout(orderId, created.json().path("payment_url").asText(), email,
                sku);
        Journeys.pay(platform, order);
        Journeys.awaitStatus(platform, orderId, "active", Duration.ofSeconds(90));
        Journeys.awaitMail(email, 2);
        com.fasterxml.jackson.databind.JsonNode paid = platform.order(orderId).json();
        String paymentIntent = Journeys.paymentIntentOf(order);
        long total = paid.path("total").path("amount").decimalValue().movePointRight(2).longValueExact();
        String cancelled = paid.path("iccids").get(0).asText();
        String kept = paid.path("iccids").get(1).asText();

        // when support cancels one of them from the console
        assertThat(post("/support/login", Map.of("token", Platform.SUPPORT_TOKEN)).statusCode()).isEqualTo(303);
        String orderPage = "/support/orders/" + orderId;
        Map<String, String> form = hiddenFields(get(orderPage).body(), "cancel-line-form");
        form.put("iccid", cancelled);
        form.put("reason", "one traveller stays home, ticket T-4712");
        HttpResponse<String> cancel = post(orderPage + "/cancel-line", form);
        assertThat(cancel.statusCode()).as("cancel-line: %s", cancel.body()).isEqualTo(303);
        assertThat(cancel.headers().firstValue("Location").orElseThrow()).endsWith("?cancel=requested");

        // then the provider cancels that line, the gateway gives back half the order — once — and the traveller is told
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.gatewayRefundAmountsOf(paymentIntent).size() == 1);
        assertThat(platform.gatewayRefundAmountsOf(paymentIntent)).containsExactly(total / 2);
        // two activation e-mails, then one saying the line is cancelled and one for the refund
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : Journeys.awaitMail(email, 4)) {
            subjects.add(subject(message));
        }
        assertThat(subjects).contains("Your eSIM has been cancelled")
                .anyMatch(s -> s.startsWith("Your refund of")
                        && s.contains(java.math.BigDecimal.valueOf(total / 2, 2).toPlainString()));
        assertThat(platform.line(orderId, cancelled).json().path("status").asText()).isEqualTo("cancelled");
        assertThat(platform.line(orderId, kept).json().path("status").asText()).isNotEqualTo("cancelled");
        assertThat(Journeys.kinds("esim.activations.v1", orderId)).containsExactlyInAnyOrder("ActivationReady",
                "ActivationReady", "LineCancelled");
        Thread.sleep(3_000); // a second refund or e-mail, if any, would have come by now
        assertThat(platform.gatewayRefundAmountsOf(paymentIntent)).hasSize(1);
        assertThat(Inbox.messagesTo(email)).hasSize(4);
        assertThat(platform.orderStatus(orderId)).isEqualTo("active");
    }

    /** The hidden fields of the order page's resend form (its own CSRF token and nonce). */
    private static Map<String, String> resendForm(String page) {
        return hiddenFields(page, "resend-form");
    }

    /** The hidden fields (CSRF token, nonce) of one of the order page's forms. */
    private static Map<String, String> hiddenFields(String page, String formId) {
        int at = page.indexOf("id=\"" + formId + "\"");
        assertThat(at).as("the order page offers %s: %s", formId, page).isPositive();
        Matcher m = HIDDEN.matcher(page.substring(at));
        Map<String, String> fields = new LinkedHashMap<>();
        while (m.find() && fields.size() < 2) {
            fields.put(m.group(1), m.group(2));
        }
        assertThat(fields).containsKeys("csrf", "nonce");
        return fields;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(Platform.CATALOG + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(Platform.CATALOG + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String subject(MimeMessage message) throws MessagingException {
        return message.getSubject();
    }
}
