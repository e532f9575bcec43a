package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** The support console as an operator's browser uses it: sign in, read a page, send one of its forms. */
final class SupportConsoleClient {

    static final String COOKIE = "esim_support";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final WebTestClient http;

    SupportConsoleClient(WebTestClient http) {
        this.http = http;
    }

    WebTestClient.ResponseSpec signIn(String token) {
        return http.post().uri("/support/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token)).exchange();
    }

    /** The session cookie's value after signing in with {@code token}. */
    String sessionOf(String token) {
        return signIn(token).expectStatus().isSeeOther().returnResult(Void.class).getResponseCookies()
                .getFirst(COOKIE).getValue();
    }

    /** {@code /support/orders/{orderIdAndQuery}}, which must answer 200. */
    String orderPage(String orderIdAndQuery, String session) {
        return http.get().uri("/support/orders/" + orderIdAndQuery).cookie(COOKIE, session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** The form token on a page the console served. */
    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a form token on the page").isTrue();
        return m.group(1);
    }

    /** Posts a form of the order page ({@code action}: refund, resend, cancel-line) with these fields. */
    WebTestClient.ResponseSpec post(String orderId, String action, String session, String csrf,
                                    Map<String, String> fields) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        if (csrf != null) {
            form.add("csrf", csrf);
        }
        return http.post().uri("/support/orders/" + orderId + "/" + action).cookie(COOKIE, session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
    }
}
