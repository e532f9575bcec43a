package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEmailResendRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * under its operator, an activation e-mail resend published once under its operator, the dead letters and their
 * redrive, and the open reconciliation findings.
 */
class SupportConsoleIT extends CatalogServiceITBase {

    private static final String COOKIE = SupportConsoleClient.COOKIE;
    private static final String PAYMENTS = "esim.payments.v1";
    private static final String DLT = "esim.payments.v1-dlt";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Autowired
    JdbcClient jdbc;

    private String sku;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
    }

    @Test
    void withoutASessionEveryPageSendsToTheSignInPage() {
        for (String uri : List.of("/support/orders", "/support/orders?q=ord_x", "/support/orders/ord_x",
                "/support/dead-letters", "/support/findings")) {
            http.get().uri(uri).exchange()
                    .expectStatus().isSeeOther()
                    .expectHeader().valueEquals("Location", "/support");
        }
        http.post().uri("/support/orders/ord_x/refund").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("reason", "x")).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support");
        http.post().uri("/support/dead-letters/redrive").contentType(MediaType.APPLICATION_FORM_URLENCODED)
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
    void theDeadLettersPageListsWhereEachCameFromAndWhyButNeverItsValue() {
        String orderId = placeOrder();
        String paymentIntent = "pi_dlt_list_" + orderId.substring(orderId.length() - 8);
        byte[] value = serialized(PAYMENTS, new EventFixture(orderId).paymentSucceeded(paymentIntent, 1299));
        // a message with terminal escapes (a window title, a screen wipe) and markup in it
        RecordMetadata parked = park(orderId, value, PAYMENTS, "org.springframework.dao.QueryTimeoutException",
                "database \u001B]0;pwned\u0007slow\u001B[2J\u0000 <b>again</b>");
        // and a record the status listener itself dead-letters: bytes that are no event
        String poisoned = placeOrder();
        publishBytes(PAYMENTS, poisoned, List.of(("not avro " + poisoned).getBytes(StandardCharsets.UTF_8)));

        String session = sessionOf(VIEWER_TOKEN);
        String page = awaitDeadLettersPage(session, poisoned);

        assertThat(page).contains("data-topic=\"esim.payments.v1-dlt\"",
                "data-partition=\"" + parked.partition() + "\" data-offset=\"" + parked.offset() + "\"",
                "href=\"/support/orders/" + orderId + "\"", "esim.payments.v1/3@42",
                "org.springframework.dao.QueryTimeoutException", "database slow &lt;b&gt;again&lt;/b&gt;",
                "href=\"/support/orders/" + poisoned + "\"", "data-topic=\"esim.orders.v1-dlt\"")
                .doesNotContain("\u001B", "\u0007", "\u0000", "pwned", "<b>again", paymentIntent, "not avro")
                .doesNotContain("class=\"redrive-form\"").contains("may not redrive");
        // the listener's own dead letter names where it came from and why, in spring-kafka's headers
        String row = row(page, poisoned);
        assertThat(row).contains("<code class=\"origin\">esim.payments.v1/").containsIgnoringCase("Deserializ");
    }

    @Test
    void aRedriveRepublishesTheDeadLetterOnceIntoItsTopicUnderTheSignedInOperator() {
        // given a payment that was parked instead of applied
        String orderId = placeOrder();
        String paymentIntent = "pi_dlt_redrive_" + orderId.substring(orderId.length() - 8);
        byte[] value = serialized(PAYMENTS, new EventFixture(orderId).paymentSucceeded(paymentIntent, 1299));
        RecordMetadata parked = park(orderId, value, PAYMENTS, "org.springframework.dao.QueryTimeoutException",
                "database slow");

        // an operator without the scope may read, not redrive
        String viewer = sessionOf(VIEWER_TOKEN);
        String viewerPage = awaitDeadLettersPage(viewer, orderId);
        redrive(viewer, csrf(viewerPage), DLT, parked.partition(), parked.offset(), "fixed the database")
                .expectStatus().isForbidden()
                .expectBody(String.class).value(body -> assertThat(body).contains("may not redrive"));
        // a form from elsewhere is refused
        String session = sessionOf(ALICE_TOKEN);
        redrive(session, null, DLT, parked.partition(), parked.offset(), "fixed the database")
                .expectStatus().isForbidden();
        assertThat(redriveRows(orderId)).isZero();
        assertThat(keyedRecords(PAYMENTS, orderId)).isEmpty();

        // when alice redrives it with a reason
        String page = awaitDeadLettersPage(session, orderId);
        assertThat(row(page, orderId)).contains("class=\"redrive-form\"");
        redrive(session, csrf(page), DLT, parked.partition(), parked.offset(), "  fixed the database  ")
                .expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/support/dead-letters?redrive=redriven");

        // then exactly one record is back on the payments topic: same key and value, the event's own headers, no
        // kafka_dlt-* ones, and one naming the redrive
        List<ConsumerRecord<String, byte[]>> redriven = keyedRecords(PAYMENTS, orderId);
        assertThat(redriven).hasSize(1);
        ConsumerRecord<String, byte[]> record = redriven.get(0);
        assertThat(record.value()).isEqualTo(value);
        assertThat(header(record, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(record, "esim-redrive")).startsWith("operator=alice; at=")
                .endsWith("; from=" + DLT + "/" + parked.partition() + "@" + parked.offset());
        assertThat(record.headers()).extracting(org.apache.kafka.common.header.Header::key)
                .noneMatch(k -> k.startsWith("kafka_dlt-") || k.equals("kafka_deliveryAttempt"));
        // which the status listener applies: the order is paid
        awaitStatus(orderId, "paid");
        // recorded, and shown as redriven by alice
        assertThat(jdbc.sql("""
                        select requested_by || '|' || reason || '|' || target_topic || '|' || dlt_topic || '|'
                            || dlt_partition || '|' || dlt_offset from dead_letter_redrives where record_key = ?""")
                .param(orderId).query(String.class).list()).containsExactly("alice|fixed the database|" + PAYMENTS
                        + "|" + DLT + "|" + parked.partition() + "|" + parked.offset());
        String after = deadLettersPage(session, "?redrive=redriven");
        assertThat(after).contains("data-outcome=\"redriven\"", "Redriven:");
        assertThat(row(after, orderId)).contains("class=\"by\">alice</strong>");
    }

    @Test
    void aRedriveOfAnythingButOneOfOurDeadLettersIsRefusedAndPublishesNothing() {
        String orderId = placeOrder();
        byte[] value = serialized(PAYMENTS, new EventFixture(orderId).paymentSucceeded("pi_dlt_forged_" + orderId,
                1299));
        // a record on the payments DLT whose header names the orders topic as its origin
        RecordMetadata forged = park(orderId, value, "esim.orders.v1", "java.lang.IllegalStateException", "forged");
        String session = sessionOf(ALICE_TOKEN);
        String csrf = csrf(awaitDeadLettersPage(session, orderId));
        int p = forged.partition();
        long o = forged.offset();

        record Form(String topic, String partition, String offset, String reason) {
        }
        for (Form form : List.of(
                new Form(DLT, "" + p, "" + o, "redirected"),                    // the header names another topic
                new Form("esim.secrets.v1-dlt", "" + p, "" + o, "not ours"),    // no such topic of ours
                new Form(PAYMENTS, "" + p, "" + o, "not a DLT"),                 // the topic itself
                new Form("esim.orders.v1-dlt", "" + p, "" + o, "elsewhere"),    // nothing there
                new Form(DLT, "" + p, "" + (o + 1_000_000), "no such offset"),
                new Form(DLT, "99", "" + o, "no such partition"),
                new Form(DLT, "x", "" + o, "not a number"),
                new Form(DLT, "" + p, "" + o, " "),                              // no reason
                new Form(DLT, "" + p, "" + o, "x".repeat(501)))) {
            MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
            body.add("csrf", csrf);
            body.add("topic", form.topic());
            body.add("partition", form.partition());
            body.add("offset", form.offset());
            body.add("reason", form.reason());
            http.post().uri("/support/dead-letters/redrive").cookie(COOKIE, session)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(body))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().valueEquals("Cache-Control", "no-store")
                    .expectBody(String.class).value(page -> assertThat(page).contains("id=\"refused\"",
                            "Nothing was published"));
        }
        assertThat(redriveRows(orderId)).isZero();
        assertThat(keyedRecords(PAYMENTS, orderId)).isEmpty();
        // the orders topic has at most the order's own events
        assertThat(keyedRecords("esim.orders.v1", orderId))
                .allSatisfy(r -> assertThat(r.value()).isNotEqualTo(value))
                .allSatisfy(r -> assertThat(header(r, "esim-redrive")).isNull());
    }

    @Test
    void theFindingsPageListsOpenFindingsNewestFirstWithTheirCountPerKind() {
        String older = paidOrder("pi_finding_older_");
        String newer = paidOrder("pi_finding_newer_");
        String resolved = paidOrder("pi_finding_resolved_");
        java.time.Instant now = java.time.Instant.now();
        finding(older, "PROVIDER_PROCESSING", "provider says <i>processing</i>", now.minusSeconds(600), null);
        finding(newer, "STUCK", "no provider order", now.minusSeconds(60), null);
        finding(resolved, "STUCK", "was stuck", now.minusSeconds(30), now);

        String page = http.get().uri("/support/findings").cookie(COOKIE, sessionOf(VIEWER_TOKEN)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("href=\"/support/orders/" + older + "\"", "href=\"/support/orders/" + newer + "\"",
                        "provider says &lt;i&gt;processing&lt;/i&gt;", "data-kind=\"STUCK\"")
                .doesNotContain(resolved, "<i>processing");
        assertThat(page.indexOf("/support/orders/" + newer)).isLessThan(page.indexOf("/support/orders/" + older));
        long stuck = jdbc.sql("select count(*) from reconciliation_findings where kind = 'STUCK'"
                + " and resolved_at is null").query(Long.class).single();
        assertThat(page).contains("data-kind=\"STUCK\"><td><code>STUCK</code></td><td class=\"count\">" + stuck
                + "</td>");
        // the console's navigation leads to both pages
        assertThat(page).contains("href=\"/support/dead-letters\"", "href=\"/support/findings\"");
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

    /**
     * A dead letter as the recoverer writes one (spring-kafka's headers: partition 3, offset 42 of
     * {@code originalTopic}), with an event header of its own; where it landed on the payments DLT.
     */
    private static RecordMetadata park(String key, byte[] value, String originalTopic, String exception,
                                       String message) {
        TestInfrastructure.kafka().createTopics(Topics.PAYMENTS.newDeadLetterTopic());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(DLT, key, value);
            record.headers()
                    .add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8))
                    .add("kafka_dlt-original-topic", originalTopic.getBytes(StandardCharsets.UTF_8))
                    .add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(3).array())
                    .add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42).array())
                    .add("kafka_dlt-exception-fqcn", exception.getBytes(StandardCharsets.UTF_8))
                    .add("kafka_dlt-exception-message", message.getBytes(StandardCharsets.UTF_8))
                    .add("kafka_deliveryAttempt", ByteBuffer.allocate(4).putInt(7).array());
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not park a dead letter", e);
        }
    }

    private String deadLettersPage(String session, String query) {
        return http.get().uri("/support/dead-letters" + query).cookie(COOKIE, session).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).doesNotContain("script-src"))
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The dead-letters page once it lists a record keyed {@code orderId} (the listener's take a moment). */
    private String awaitDeadLettersPage(String session, String orderId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String page = deadLettersPage(session, "");
            if (page.contains("href=\"/support/orders/" + orderId + "\"") || System.nanoTime() > deadline) {
                return page;
            }
            sleep(300);
        }
    }

    /** The table row of the dead letter keyed {@code orderId}. */
    private static String row(String page, String orderId) {
        int at = page.indexOf("href=\"/support/orders/" + orderId + "\"");
        assertThat(at).as("a dead letter of " + orderId + " on the page").isNotNegative();
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec redrive(
            String session, String csrf, String topic, int partition, long offset, String reason) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("topic", topic);
        form.add("partition", Integer.toString(partition));
        form.add("offset", Long.toString(offset));
        form.add("reason", reason);
        if (csrf != null) {
            form.add("csrf", csrf);
        }
        return http.post().uri("/support/dead-letters/redrive").cookie(COOKIE, session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
    }

    private long redriveRows(String orderId) {
        return jdbc.sql("select count(*) from dead_letter_redrives where record_key = ?").param(orderId)
                .query(Long.class).single();
    }

    private static List<ConsumerRecord<String, byte[]>> keyedRecords(String topic, String key) {
        return KafkaRecords.bytes(topic).readAll().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void finding(String orderId, String kind, String detail, java.time.Instant firstSeen,
                         java.time.Instant resolvedAt) {
        jdbc.sql("""
                        insert into reconciliation_findings (order_id, kind, detail, first_seen_at, last_seen_at,
                            resolved_at) values (?, ?, ?, ?, ?, ?)""")
                .params(orderId, kind, detail, java.sql.Timestamp.from(firstSeen), java.sql.Timestamp.from(firstSeen),
                        resolvedAt == null ? null : java.sql.Timestamp.from(resolvedAt))
                .update();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec signIn(String token) {
        return console().signIn(token);
    }

    private String sessionOf(String token) {
        return console().sessionOf(token);
    }

    private String orderPage(String orderIdAndQuery, String session) {
        return console().orderPage(orderIdAndQuery, session);
    }

    private static String csrf(String page) {
        return SupportConsoleClient.csrf(page);
    }

    private SupportConsoleClient console() {
        return new SupportConsoleClient(http);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refund(
            String orderId, String session, String csrf, String reason) {
        return console().post(orderId, "refund", session, csrf,
                Map.of("reason", reason, "nonce", java.util.UUID.randomUUID().toString()));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec resend(
            String orderId, String session, String csrf, String reason, String email, String nonce) {
        return console().post(orderId, "resend", session, csrf,
                Map.of("reason", reason, "email", email, "nonce", nonce));
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
