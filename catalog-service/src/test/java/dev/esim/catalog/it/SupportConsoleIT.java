package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.OrderEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * The support console over real HTTP: sign-in, search (also by e-mail address), one order's file, a refund recorded
 * under its operator, and an activation e-mail resend published once under its operator.
 */
class SupportConsoleIT extends CatalogServiceITBase {

    private static final String COOKIE = "esim_support";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Autowired
    JdbcClient jdbc;

    private String sku;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
    }

    @Test
    void withoutASessionEveryPageSendsToTheSignInPage() {
        for (String uri : List.of("/support/orders", "/support/orders?q=ord_x", "/support/orders/ord_x")) {
            http.get().uri(uri).exchange()
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support");
        }
        http.post().uri("/support/orders/ord_x/refund").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("reason", "x")).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support");

        String page = http.get().uri("/support").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("script-src"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("type=\"password\"", "name=\"token\"", "action=\"/support/login\"")
                .doesNotContain("<script");
    }

    @Test
    void aWrongTokenShowsTheSignInPageAgainWithAnErrorAndNoCookie() {
        EntityExchangeResult<String> result = signIn("not-a-support-token")
                .expectStatus().isUnauthorized()
                .expectBody(String.class).returnResult();

        assertThat(result.getResponseBody()).contains("id=\"error\"", "name=\"token\"");
        assertThat(result.getResponseCookies()).doesNotContainKey(COOKIE);
        assertThat(result.getResponseHeaders().get("Set-Cookie")).isNull();
    }

    @Test
    void aSignInSetsASignedSessionCookieAndATamperedOneIsRefused() {
        ResponseCookie cookie = signIn(VIEWER_TOKEN)
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders")
                .returnResult(Void.class).getResponseCookies().getFirst(COOKIE);

        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/support");
        assertThat(cookie.isSecure()).isFalse(); // the sandbox: plain http on a laptop
        assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(cookie.getValue()).doesNotContain(VIEWER_TOKEN);
        http.get().uri("/support/orders").cookie(COOKIE, cookie.getValue()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains(">viewer<"));

        // the viewer makes themselves alice: the signature no longer matches
        String[] parts = cookie.getValue().split("\\.");
        String alice = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "alice".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2] + "." + parts[3];
        for (String forged : List.of(alice, cookie.getValue() + "A", "v1.YWxpY2U.9999999999.AAAA")) {
            http.get().uri("/support/orders").cookie(COOKIE, forged).exchange()
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support");
        }
    }

    @Test
    void supportFindsAnOrderByItsIdPaymentIntentOrIccidAndReadsItsTimeline() {
        // given a paid order whose line the fail-over provider issued
        String orderId = placeOrder();
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        String paymentIntent = "pi_console_" + orderId.substring(orderId.length() - 8);
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded(paymentIntent, 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid, "esimgo"));
        awaitStatus(orderId, "active");
        String session = sessionOf(ALICE_TOKEN);

        // when support searches by the order id, the payment intent or the ICCID: straight to the order
        for (String q : List.of(orderId, paymentIntent, iccid, " " + orderId + " ")) {
            http.get().uri(b -> b.path("/support/orders").queryParam("q", q).build()).cookie(COOKIE, session)
                    .exchange()
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support/orders/" + orderId);
        }
        // and by something nobody bought: says so
        http.get().uri("/support/orders?q=pi_nobody_paid_this").cookie(COOKIE, session).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("id=\"no-hits\""));

        // then the order's page tells its story
        String page = http.get().uri("/support/orders/" + orderId).cookie(COOKIE, session).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("data-status=\"active\"", paymentIntent, "12.99 USD", iccid, "esimgo",
                "<td id=\"payment-gateway\">stripe</td>", "data-fact=\"PLACED\"",
                "data-fact=\"PAYMENT_SUCCEEDED\"", "data-fact=\"LINE_READY\"");
        assertThat(page.indexOf("data-fact=\"PAYMENT_SUCCEEDED\"")).isLessThan(page.indexOf("data-fact=\"LINE_READY\""))
                .isGreaterThan(page.indexOf("data-fact=\"PLACED\""));

        // and a top-up of that line: the ICCID now names two orders, both listed
        FAILOVER.line(iccid, "active", 100, 5020, "2026-12-31T23:59:59Z", true);
        String topUp = http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", iccid, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/cancel"))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
        String hits = http.get().uri("/support/orders?q=" + iccid).cookie(COOKIE, session).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(hits).contains("/support/orders/" + orderId + "\"", "/support/orders/" + topUp + "\"");
    }

    @Test
    void supportFindsAnOrderByTheTravellersEmailAddressWhichIsStoredOnlyAsAKeyedHash() {
        String orderId = placeOrder("Ana@Example.com");
        String session = sessionOf(ALICE_TOKEN);

        // whatever its case and surrounding spaces
        http.get().uri(b -> b.path("/support/orders").queryParam("q", " ana@example.com ").build())
                .cookie(COOKIE, session).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId);
        // another address finds nothing
        http.get().uri(b -> b.path("/support/orders").queryParam("q", "ana@example.org").build())
                .cookie(COOKIE, session).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("id=\"no-hits\""));

        // the order holds a keyed hash, not the address
        String hash = jdbc.sql("select email_hash from orders where order_id = ?").param(orderId)
                .query(String.class).single();
        assertThat(hash).matches("[0-9a-f]{64}").doesNotContainIgnoringCase("ana").doesNotContain("example");
        assertThat(jdbc.sql("select count(*) from orders where order_id = ? and cast(orders.* as text) ilike ?")
                .param(orderId).param("%ana@example.com%").query(Long.class).single()).isZero();
    }

    @Test
    void aRefundNeedsTheFormTokenAndIsRecordedUnderTheSignedInOperator() {
        String orderId = paidOrder("pi_console_refund_");
        STRIPE.refundsAnswer(1299, "usd");
        String session = sessionOf(ALICE_TOKEN);
        String page = orderPage(orderId, session);
        assertThat(page).contains("id=\"refund-form\"");

        // a form from elsewhere (no token, or another session's) is refused and nothing is refunded
        refund(orderId, session, null, "traveller got nothing").expectStatus().isForbidden();
        refund(orderId, session, csrf(orderPage(orderId, sessionOf(SUPPORT_TOKEN))), "traveller got nothing")
                .expectStatus().isForbidden();
        assertThat(refundCalls(orderId)).isZero();
        assertThat(refundRows(orderId)).isZero();

        // the console's own form refunds, and the page says so
        refund(orderId, session, csrf(page), "traveller got nothing")
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?refund=requested");
        assertThat(refundCalls(orderId)).isEqualTo(1);
        assertThat(jdbc.sql("select requested_by || '|' || reason from refunds where order_id = ?").param(orderId)
                .query(String.class).list()).containsExactly("alice|traveller got nothing");
        String after = http.get().uri("/support/orders/" + orderId + "?refund=requested").cookie(COOKIE, session)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(after).contains("data-outcome=\"requested\"", "Refund requested", "traveller got nothing",
                "<td class=\"by\">alice</td>");
    }

    @Test
    void anOperatorWithoutTheRefundsScopeMayReadButNotRefund() {
        String orderId = paidOrder("pi_console_viewer_");
        STRIPE.refundsAnswer(1299, "usd");
        String session = sessionOf(VIEWER_TOKEN);
        String page = orderPage(orderId, session);
        assertThat(page).doesNotContain("id=\"refund-form\"").contains("may not refund");

        refund(orderId, session, csrf(page), "goodwill").expectStatus().isForbidden()
                .expectBody(String.class).value(body -> assertThat(body).contains("may not refund"));
        assertThat(refundCalls(orderId)).isZero();
        assertThat(refundRows(orderId)).isZero();
    }

    @Test
    void aRefundTheApiRefusesShowsItsReasonOnTheOrderPage() {
        // an active order whose eSIM the traveller installed
        String orderId = placeOrder();
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        PROVIDER.line(iccid, "active", 0, 5120, "2026-12-31T23:59:59Z", true);
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid));
        awaitStatus(orderId, "active");
        STRIPE.refundsAnswer(1299, "usd");
        String session = sessionOf(ALICE_TOKEN);

        refund(orderId, session, csrf(orderPage(orderId, session)), "no coverage")
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?refund=line_installed");
        assertThat(refundCalls(orderId)).isZero();
        assertThat(orderPage(orderId + "?refund=line_installed", session))
                .contains("data-outcome=\"line_installed\"", "installed on a device");
    }

    @Test
    void aResendNeedsTheFormTokenAndPublishesOneEventUnderTheSignedInOperator() {
        String orderId = activeOrder();
        String session = sessionOf(ALICE_TOKEN);
        String page = orderPage(orderId, session);
        assertThat(page).contains("id=\"resend-form\"", "action=\"/support/orders/" + orderId + "/resend\"");
        String nonce = java.util.UUID.randomUUID().toString();

        // a form from elsewhere (no token, or another session's) is refused and nothing is published
        resend(orderId, session, null, "lost the e-mail", "", nonce).expectStatus().isForbidden();
        resend(orderId, session, csrf(orderPage(orderId, sessionOf(SUPPORT_TOKEN))), "lost the e-mail", "", nonce)
                .expectStatus().isForbidden();
        assertThat(resendRows(orderId)).isZero();

        // the console's own form, with a corrected address, sent twice (a double click): one event
        for (int i = 0; i < 2; i++) {
            resend(orderId, session, csrf(page), "typo in the address", " Ana.New@Example.com ", nonce)
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location",
                            "/support/orders/" + orderId + "?resend=requested_new_address");
        }
        assertThat(resendRows(orderId)).isEqualTo(1);
        ConsumerRecord<String, Object> record = awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof ActivationEmailResendRequested);
        OrderEvent event = (OrderEvent) record.value();
        ActivationEmailResendRequested resend = (ActivationEmailResendRequested) event.getPayload();
        assertThat(event.getOrderId()).isEqualTo(orderId);
        assertThat(event.getCausationId()).isEqualTo(nonce);
        assertThat(event.getEventId()).isEqualTo(dev.esim.events.EventIds.derive(orderId,
                "ActivationEmailResendRequested", nonce));
        assertThat(resend.getRequestedBy()).isEqualTo("alice");
        assertThat(resend.getReason()).isEqualTo("typo in the address");
        assertThat(decryptEmail(resend.getCustomerEmail(), event.getEventId())).isEqualTo("Ana.New@Example.com");
        assertThat(resendRecords(orderId)).hasSize(1);
        assertThat(orderPage(orderId + "?resend=requested_new_address", session))
                .contains("data-outcome=\"resend_requested_new_address\"", "corrected address");

        // the order is now found by the corrected address, and still holds no address
        http.get().uri(b -> b.path("/support/orders").queryParam("q", "ana.new@example.com").build())
                .cookie(COOKIE, session).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId);
        assertThat(jdbc.sql("select count(*) from orders where order_id = ? and cast(orders.* as text) ilike ?")
                .param(orderId).param("%ana.new@%").query(Long.class).single()).isZero();

        // another form without an address: a second event, to the order's own address
        String again = java.util.UUID.randomUUID().toString();
        resend(orderId, session, csrf(page), "asked again", "", again)
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + orderId + "?resend=requested");
        OrderEvent second = (OrderEvent) awaitRecord("esim.orders.v1", r -> orderId.equals(r.key())
                && again.equals(((OrderEvent) r.value()).getCausationId())).value();
        assertThat(((ActivationEmailResendRequested) second.getPayload()).getCustomerEmail()).isNull();
        assertThat(resendRows(orderId)).isEqualTo(2);
    }

    @Test
    void aResendIsRefusedWithoutTheScopeForAnOrderWithoutAnEsimOrWithoutAValidForm() {
        String active = activeOrder();
        String viewer = sessionOf(VIEWER_TOKEN);
        String viewerPage = orderPage(active, viewer);
        assertThat(viewerPage).doesNotContain("id=\"resend-form\"").contains("may not resend");
        resend(active, viewer, csrf(viewerPage), "lost the e-mail", "", java.util.UUID.randomUUID().toString())
                .expectStatus().isForbidden()
                .expectBody(String.class).value(body -> assertThat(body).contains("may not resend"));
        assertThat(resendRows(active)).isZero();

        String session = sessionOf(ALICE_TOKEN);
        String csrf = csrf(orderPage(active, session));
        for (String[] form : List.of(new String[] {"", ""}, new String[] {"x".repeat(501), ""},
                new String[] {"lost the e-mail", "not-an-address"})) {
            resend(active, session, csrf, form[0], form[1], java.util.UUID.randomUUID().toString())
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support/orders/" + active + "?resend=validation_error");
        }
        assertThat(resendRows(active)).isZero();

        // an order nobody paid for has no activation e-mail
        String unpaid = placeOrder();
        assertThat(orderPage(unpaid, session)).doesNotContain("id=\"resend-form\"").contains("No eSIM issued yet");
        resend(unpaid, session, csrf, "lost the e-mail", "", java.util.UUID.randomUUID().toString())
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/orders/" + unpaid + "?resend=not_delivered");
        assertThat(resendRows(unpaid)).isZero();
        assertThat(orderPage(unpaid + "?resend=not_delivered", session))
                .contains("data-outcome=\"resend_not_delivered\"");
    }

    @Test
    void signingOutForgetsTheSessionInTheBrowser() {
        String session = sessionOf(ALICE_TOKEN);
        String page = http.get().uri("/support/orders").cookie(COOKIE, session).exchange()
                .expectBody(String.class).returnResult().getResponseBody();

        ResponseCookie cleared = http.post().uri("/support/logout").cookie(COOKIE, session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("csrf", csrf(page))).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support")
                .returnResult(Void.class).getResponseCookies().getFirst(COOKIE);
        assertThat(cleared.getValue()).isEmpty();
        assertThat(cleared.getMaxAge()).isZero();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec signIn(String token) {
        return http.post().uri("/support/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token)).exchange();
    }

    private String sessionOf(String token) {
        return signIn(token).expectStatus().isSeeOther().returnResult(Void.class).getResponseCookies()
                .getFirst(COOKIE).getValue();
    }

    private String orderPage(String orderIdAndQuery, String session) {
        return http.get().uri("/support/orders/" + orderIdAndQuery).cookie(COOKIE, session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a form token on the page").isTrue();
        return m.group(1);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refund(
            String orderId, String session, String csrf, String reason) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("reason", reason);
        form.add("nonce", java.util.UUID.randomUUID().toString());
        if (csrf != null) {
            form.add("csrf", csrf);
        }
        return http.post().uri("/support/orders/" + orderId + "/refund").cookie(COOKIE, session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec resend(
            String orderId, String session, String csrf, String reason, String email, String nonce) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("reason", reason);
        form.add("email", email);
        form.add("nonce", nonce);
        if (csrf != null) {
            form.add("csrf", csrf);
        }
        return http.post().uri("/support/orders/" + orderId + "/resend").cookie(COOKIE, session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
    }

    private long resendRows(String orderId) {
        return jdbc.sql("select count(*) from outbox where event_type = 'ActivationEmailResendRequested'"
                + " and message_key = ?").param(orderId).query(Long.class).single();
    }

    private static List<ConsumerRecord<String, Object>> resendRecords(String orderId) {
        return records("esim.orders.v1").stream().filter(r -> orderId.equals(r.key())
                && ((OrderEvent) r.value()).getPayload() instanceof ActivationEmailResendRequested).toList();
    }

    /** A paid order whose one eSIM is issued. */
    private String activeOrder() {
        String orderId = placeOrder();
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_resend_" + orderId, 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid));
        awaitStatus(orderId, "active");
        return orderId;
    }

    private String paidOrder(String paymentIntentPrefix) {
        String orderId = placeOrder();
        publish("esim.payments.v1", orderId, new EventFixture(orderId)
                .paymentSucceeded(paymentIntentPrefix + orderId, 1299));
        awaitStatus(orderId, "paid");
        return orderId;
    }

    private long refundCalls(String orderId) {
        return STRIPE.refundCalls().stream().filter(c -> orderId.equals(c.get("metadata[order_id]"))).count();
    }

    private long refundRows(String orderId) {
        return jdbc.sql("select count(*) from refunds where order_id = ?").param(orderId).query(Long.class).single();
    }

    private String placeOrder() {
        return placeOrder("alex@example.com");
    }

    private String placeOrder(String email) {
        Map<String, Object> body = new java.util.HashMap<>(CheckoutIT.body(sku, 1, "console", Map.of()));
        body.put("customer", Map.of("email", email, "country", "GB"));
        return http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
    }
}
