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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "I paid and got nothing": a traveller mistyped their address; support finds the order in catalog-service's console
 * and has the eSIM sent again to the corrected address — through esim.orders.v1 to notification-service and SMTP.
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

    /** The hidden fields of the order page's resend form (its own CSRF token and nonce). */
    private static Map<String, String> resendForm(String page) {
        int at = page.indexOf("id=\"resend-form\"");
        assertThat(at).as("the order page offers a resend: %s", page).isPositive();
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
