package dev.esim.catalog.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.esim.catalog.checkout.CheckoutGateway;
import dev.esim.catalog.orders.SessionExpirer;
import dev.esim.catalog.refunds.RefundGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GOV.UK Pay adapter's decisions against canned answers in GOV.UK Pay's shapes, for the cases the stand-in does
 * not reach easily: a payment that cannot be cancelled any more, a retried refund, GOV.UK Pay's refusals and faults.
 * (The journeys themselves run against the sandbox's stand-in in ReconciliationIT and the e2e suite.)
 */
class GovUkPayGatewayTest {

    private record Answer(int status, String body) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private GovUkPayGateway gateway;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            calls.add(call + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer a = answers.getOrDefault(call, new Answer(404, "{\"code\":\"P0200\"}"));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        gateway = new GovUkPayGateway(new GovUkPayApi(HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort(), "api_test_key", Duration.ofSeconds(5),
                JsonMapper.builder().build()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPaymentIsCreatedWithOurReferenceAndAKeyAndReturnUrlGovUkPayAccepts() {
        answers.put("POST /v1/payments", new Answer(201, """
                {"payment_id":"pay123","created_date":"2026-12-07T10:00:00.000Z",
                 "_links":{"next_url":{"href":"https://pay.example/secure/abc","method":"GET"}}}"""));

        CheckoutGateway.Session s = gateway.createSession(new CheckoutGateway.SessionRequest("govukpay",
                "ord_1", List.of(new CheckoutGateway.Line("UK 1 GB", "plan", 450, 2)), "GBP", "a@example.com",
                "https://shop.example/thanks?session={CHECKOUT_SESSION_ID}", "https://shop.example/cancel",
                java.time.Instant.parse("2026-12-07T12:00:00Z"), "catalog-checkout-ord_1", "NEW_LINE"));

        assertThat(s.id()).isEqualTo("pay123");
        assertThat(s.url()).isEqualTo("https://pay.example/secure/abc");
        // GOV.UK Pay ends a payment after 90 minutes, before our own lifetime here
        assertThat(s.expiresAt()).isEqualTo(java.time.Instant.parse("2026-12-07T11:30:00Z"));
        assertThat(calls.get(0)).contains("\"amount\":900", "\"reference\":\"ord_1\"",
                "\"return_url\":\"https://shop.example/thanks?session=ord_1\"", "2 × UK 1 GB");
    }

    @Test
    void anUnfinishedPaymentIsCancelledAndAFinishedOneIsReadBack() {
        answers.put("POST /v1/payments/open/cancel", new Answer(204, ""));
        assertThat(gateway.expire("govukpay", "open")).isEqualTo(SessionExpirer.Outcome.EXPIRED);

        answers.put("POST /v1/payments/paid/cancel", new Answer(400, "{\"code\":\"P0502\"}"));
        answers.put("GET /v1/payments/paid", new Answer(200,
                "{\"payment_id\":\"paid\",\"state\":{\"status\":\"success\",\"finished\":true}}"));
        assertThat(gateway.expire("govukpay", "paid")).isEqualTo(SessionExpirer.Outcome.COMPLETED);

        answers.put("POST /v1/payments/gone/cancel", new Answer(400, "{\"code\":\"P0502\"}"));
        answers.put("GET /v1/payments/gone", new Answer(200,
                "{\"payment_id\":\"gone\",\"state\":{\"status\":\"failed\",\"finished\":true,\"code\":\"P0020\"}}"));
        assertThat(gateway.expire("govukpay", "gone")).isEqualTo(SessionExpirer.Outcome.EXPIRED);
    }

    @Test
    void aRefundTakesTheWholeAvailableAmountGuardedByIt() {
        answers.put("GET /v1/payments/p1", new Answer(200, """
                {"payment_id":"p1","state":{"status":"success","finished":true},
                 "refund_summary":{"status":"available","amount_available":1299,"amount_submitted":0}}"""));
        answers.put("POST /v1/payments/p1/refunds", new Answer(202,
                "{\"refund_id\":\"r1\",\"amount\":1299,\"status\":\"submitted\"}"));

        RefundGateway.Refund refund = gateway.refund(request("p1"));

        assertThat(refund).isEqualTo(new RefundGateway.Refund("r1", 1299, "GBP", "pending"));
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("POST /v1/payments/p1/refunds")
                .contains("\"amount\":1299", "\"refund_amount_available\":1299"));
    }

    @Test
    void aRetriedRefundThatFindsNothingLeftAnswersWithTheRefundThatTookIt() {
        answers.put("GET /v1/payments/p2", new Answer(200, """
                {"payment_id":"p2","state":{"status":"success","finished":true},
                 "refund_summary":{"status":"full","amount_available":0,"amount_submitted":1299}}"""));
        answers.put("GET /v1/payments/p2/refunds", new Answer(200, """
                {"payment_id":"p2","_embedded":{"refunds":[
                 {"refund_id":"r2","amount":1299,"status":"success"}]}}"""));

        assertThat(gateway.refund(request("p2"))).isEqualTo(new RefundGateway.Refund("r2", 1299, "GBP", "succeeded"));
        assertThat(calls).noneMatch(c -> c.startsWith("POST"));
    }

    @Test
    void aPartialRefundTakesItsAmountAndARetryFindsTheOneItMadeBeforeACrash() {
        answers.put("GET /v1/payments/p4", new Answer(200, """
                {"payment_id":"p4","state":{"status":"success","finished":true},
                 "refund_summary":{"status":"available","amount_available":2598,"amount_submitted":0}}"""));
        answers.put("GET /v1/payments/p4/refunds", new Answer(200, """
                {"payment_id":"p4","_embedded":{"refunds":[
                 {"refund_id":"r_goodwill","amount":1299,"status":"success"}]}}"""));
        answers.put("POST /v1/payments/p4/refunds", new Answer(202,
                "{\"refund_id\":\"r4\",\"amount\":1299,\"status\":\"submitted\"}"));

        // a refund of the same amount that our ledger holds is another one: this request makes its own
        assertThat(gateway.refund(partial("p4", 1299, Set.of("r_goodwill"))))
                .isEqualTo(new RefundGateway.Refund("r4", 1299, "GBP", "pending"));
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("POST /v1/payments/p4/refunds")
                .contains("\"amount\":1299", "\"refund_amount_available\":2598"));

        // one our ledger does not hold is this request's own, answered before a crash: no second refund
        calls.clear();
        assertThat(gateway.refund(partial("p4", 1299, Set.of())))
                .isEqualTo(new RefundGateway.Refund("r_goodwill", 1299, "GBP", "succeeded"));
        assertThat(calls).noneMatch(c -> c.startsWith("POST"));

        // more than is left is refused before GOV.UK Pay is asked
        assertThatThrownBy(() -> gateway.refund(partial("p4", 2599, Set.of("r_goodwill"))))
                .isInstanceOf(RefundGateway.RefundRefusedException.class).hasMessage("refund_amount_unavailable");
    }

    @Test
    void refusalsAndFaultsAreToldApart() {
        answers.put("GET /v1/payments/unpaid", new Answer(200,
                "{\"payment_id\":\"unpaid\",\"state\":{\"status\":\"started\",\"finished\":false}}"));
        assertThatThrownBy(() -> gateway.refund(request("unpaid")))
                .isInstanceOf(RefundGateway.RefundRefusedException.class).hasMessage("payment_not_successful");

        answers.put("GET /v1/payments/p3", new Answer(200, """
                {"payment_id":"p3","state":{"status":"success","finished":true},
                 "refund_summary":{"status":"available","amount_available":500}}"""));
        answers.put("POST /v1/payments/p3/refunds", new Answer(412, "{\"code\":\"P0604\"}"));
        assertThatThrownBy(() -> gateway.refund(request("p3")))
                .isInstanceOf(CheckoutGateway.GatewayUnavailableException.class);

        answers.put("POST /v1/payments/p3/refunds", new Answer(400, "{\"code\":\"P0603\"}"));
        assertThatThrownBy(() -> gateway.refund(request("p3")))
                .isInstanceOf(RefundGateway.RefundRefusedException.class).hasMessage("P0603");

        answers.put("GET /v1/payments/busy", new Answer(429, "{\"code\":\"P0900\"}"));
        assertThatThrownBy(() -> gateway.refund(request("busy")))
                .isInstanceOf(CheckoutGateway.GatewayUnavailableException.class)
                .hasMessageContaining("429").hasMessageNotContaining("api_test_key");
    }

    @Test
    void onlyPoundsAreTaken() {
        assertThat(gateway.takes("govukpay", "GBP")).isTrue();
        assertThat(gateway.takes("govukpay", "EUR")).isFalse();
        assertThat(gateway.takes("stripe", "GBP")).isFalse();
    }

    private static RefundGateway.RefundRequest partial(String paymentId, long amountMinor, Set<String> recorded) {
        return new RefundGateway.RefundRequest("govukpay", "ord_1", paymentId, paymentId, "line cancelled",
                "line-refund-8988", amountMinor, recorded);
    }

    private static RefundGateway.RefundRequest request(String paymentId) {
        return new RefundGateway.RefundRequest("govukpay", "ord_1", paymentId, paymentId, "trip cancelled",
                "catalog-refund-ord_1");
    }
}
