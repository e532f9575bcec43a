package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esim.sandbox.SandboxHttp.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The GOV.UK Pay API of the stand-in over plain HTTP: shapes, errors and codes, idempotency, search, refunds. */
class GovUkPayApiIT {

    private static StandIn standIn;
    private static GovUkPayClient api;

    @BeforeAll
    static void start() {
        // the rate limit has its own test (GovUkPayRateLimitIT); here it would refuse this class's own bursts
        standIn = StandIn.start(Map.of("sandbox.govukpay.refund-delay", "200ms",
                "sandbox.govukpay.rate-limit-per-second", 0));
        api = standIn.api();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void createsAPaymentInGovUkPaysShapeWithLinksToPayAndCancelIt() {
        // given
        String reference = "ord-" + UUID.randomUUID();

        // when
        Response created = api.createPayment(reference, 1499);

        // then
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode payment = created.json();
        String id = payment.path("payment_id").asString();
        assertThat(id).matches("[0-9a-v]{26}");
        assertThat(created.header("Location")).isEqualTo(api.base() + "/govukpay/v1/payments/" + id);
        assertThat(payment.path("amount").asLong()).isEqualTo(1499);
        assertThat(payment.path("reference").asString()).isEqualTo(reference);
        assertThat(payment.path("description").asString()).isEqualTo("Europe 5 GB / 30 days");
        assertThat(payment.path("return_url").asString()).isEqualTo("https://shop.test/orders/" + reference);
        assertThat(payment.path("language").asString()).isEqualTo("en");
        assertThat(payment.path("state").path("status").asString()).isEqualTo("created");
        assertThat(payment.path("state").path("finished").asBoolean()).isFalse();
        assertThat(payment.path("created_date").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(payment.path("refund_summary").path("status").asString()).isEqualTo("pending");
        assertThat(payment.path("refund_summary").path("amount_available").asLong()).isEqualTo(1499);
        assertThat(payment.path("refund_summary").path("amount_submitted").asLong()).isZero();
        assertThat(payment.path("delayed_capture").asBoolean()).isFalse();
        assertThat(payment.path("moto").asBoolean()).isFalse();
        assertThat(payment.has("email")).isFalse();
        assertThat(payment.has("metadata")).isFalse();
        JsonNode links = payment.path("_links");
        assertThat(links.path("self").path("href").asString()).isEqualTo(created.header("Location"));
        assertThat(links.path("next_url").path("href").asString()).isEqualTo(api.base() + "/govukpay/pay/" + id);
        assertThat(links.path("next_url").path("method").asString()).isEqualTo("GET");
        assertThat(links.path("refunds").path("href").asString()).isEqualTo(created.header("Location") + "/refunds");
        assertThat(links.path("cancel").path("href").asString()).isEqualTo(created.header("Location") + "/cancel");
        assertThat(links.path("cancel").path("method").asString()).isEqualTo("POST");
        // and GET answers the same payment
        assertThat(api.get("/v1/payments/" + id).json()).isEqualTo(payment);
    }

    @Test
    void keepsTheEmailLanguageAndMetadataItWasGiven() {
        Response created = api.post("/v1/payments", null, "{\"amount\":500,\"reference\":\"ord-meta\",\"description\":"
                + "\"Japan 3 GB\",\"return_url\":\"http://localhost:3000/orders/ord-meta\",\"email\":\"t@example.com"
                + "\",\"language\":\"cy\",\"metadata\":{\"order_id\":\"ord-meta\",\"lines\":2,\"gift\":false}}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("email")).isEqualTo("t@example.com");
        assertThat(created.text("language")).isEqualTo("cy");
        assertThat(created.json().path("metadata").toString()).isEqualTo(
                "{\"order_id\":\"ord-meta\",\"lines\":2,\"gift\":false}");
    }

    @Test
    void anUnknownPaymentIsP0200() {
        Response missing = api.get("/v1/payments/nosuchpayment00000000000000");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("P0200");
        assertThat(missing.text("description")).isNotBlank();
    }

    @Test
    void refusesCallsWithoutTheSandboxKeyWith401() {
        for (GovUkPayClient caller : List.of(api.withKey(null), api.withKey("api_test_someone_else"),
                api.withKey("api_live_0123456789"))) {
            Response refused = caller.createPayment("ord-401", 100);
            assertThat(refused.status()).isEqualTo(401);
            // GOV.UK Pay documents no error code for this: a bare message
            assertThat(refused.text("message")).isNotBlank();
            assertThat(refused.body()).doesNotContain("api_live_0123456789");
            assertThat(caller.get("/v1/payments").status()).isEqualTo(401);
        }
    }

    @Test
    void answersAMissingFieldWith400P0101AndABadValueWith422P0102NamingTheField() {
        assertError(api.post("/v1/payments", null, "{\"reference\":\"r\",\"description\":\"d\","
                + "\"return_url\":\"https://shop.test\"}"), 400, "P0101", "amount");
        assertError(api.post("/v1/payments", null, "{\"amount\":100,\"description\":\"d\","
                + "\"return_url\":\"https://shop.test\"}"), 400, "P0101", "reference");
        assertError(api.post("/v1/payments", null, "{\"amount\":100,\"reference\":\"r\","
                + "\"return_url\":\"https://shop.test\"}"), 400, "P0101", "description");
        assertError(api.post("/v1/payments", null, "{\"amount\":100,\"reference\":\"r\",\"description\":\"d\"}"),
                400, "P0101", "return_url");
        assertError(api.post("/v1/payments", null, body("10000001", "\"r\"", "\"https://shop.test\"", "")),
                422, "P0102", "amount");
        assertError(api.post("/v1/payments", null, body("0", "\"r\"", "\"https://shop.test\"", "")),
                422, "P0102", "amount");
        assertError(api.post("/v1/payments", null, body("\"1499\"", "\"r\"", "\"https://shop.test\"", "")),
                422, "P0102", "amount");
        assertError(api.post("/v1/payments", null, body("100", "\"" + "r".repeat(256) + "\"", "\"https://shop.test\"",
                "")), 422, "P0102", "reference");
        assertError(api.post("/v1/payments", null, body("100", "\"r\"", "\"not a url\"", "")),
                422, "P0102", "return_url");
        assertError(api.post("/v1/payments", null, body("100", "\"r\"", "\"https://shop.test\"",
                ",\"language\":\"fr\"")), 422, "P0102", "language");
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertError(api.post("/v1/payments", null, body("100", "\"r\"", "\"https://shop.test\"",
                ",\"metadata\":{" + eleven + "}")), 422, "P0102", "metadata");
        assertError(api.post("/v1/payments", null, body("100", "\"r\"", "\"https://shop.test\"",
                ",\"delayed_capture\":true")), 422, "P0102", "delayed_capture");
    }

    @Test
    void answersABodyThatIsNotJsonWith400P0197() {
        assertThat(api.post("/v1/payments", null, "amount=100").code()).isEqualTo("P0197");
        assertThat(api.post("/v1/payments", null, "").status()).isEqualTo(400);
        assertThat(api.post("/v1/payments", null, "[1,2]").code()).isEqualTo("P0197");
    }

    @Test
    void theSameIdempotencyKeyAndBodyFindThePaymentItCreated() {
        // given
        String key = "create-" + UUID.randomUUID();
        String reference = "ord-" + UUID.randomUUID();
        Response first = api.post("/v1/payments", key, GovUkPayClient.payment(reference, 1499));
        assertThat(first.status()).isEqualTo(201);

        // when: the same body again, with its keys in another order
        Response again = api.post("/v1/payments", key, "{\"return_url\":\"https://shop.test/orders/" + reference
                + "\",\"description\":\"Europe 5 GB / 30 days\",\"reference\":\"" + reference + "\",\"amount\":1499}");

        // then: 200 with the payment created the first time, and no second payment
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("payment_id")).isEqualTo(first.text("payment_id"));
        assertThat(api.get("/v1/payments?reference=" + reference).json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIs409P0191() {
        String key = "create-" + UUID.randomUUID();
        assertThat(api.post("/v1/payments", key, GovUkPayClient.payment("ord-a", 1499)).status()).isEqualTo(201);

        Response conflict = api.post("/v1/payments", key, GovUkPayClient.payment("ord-a", 1500));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("P0191");
    }

    @Test
    void aMalformedIdempotencyKeyIs422NamingTheHeader() {
        Response refused = api.post("/v1/payments", "checkout:ord 1", GovUkPayClient.payment("ord-k", 100));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("P0102");
        assertThat(refused.text("header")).isEqualTo("Idempotency-Key");
    }

    @Test
    void aRequestRefusedByValidationCanBeCorrectedUnderTheSameKey() {
        String key = "create-" + UUID.randomUUID();
        assertThat(api.post("/v1/payments", key, body("0", "\"ord-fix\"", "\"https://shop.test\"", "")).status())
                .isEqualTo(422);

        assertThat(api.post("/v1/payments", key, GovUkPayClient.payment("ord-fix", 100)).status()).isEqualTo(201);
    }

    @Test
    void searchesPaymentsByReferenceStateAndDateNewestFirstInPages() {
        // given
        String prefix = "ord-search-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.createPayment(prefix + "-" + i, 100 + i).text("payment_id"));
        }
        assertThat(api.post("/v1/payments/" + ids.get(1) + "/cancel", null, "").status()).isEqualTo(204);

        // then: by reference, in any case
        JsonNode one = api.get("/v1/payments?reference=" + (prefix + "-2").toUpperCase()).json();
        assertThat(one.path("total").asInt()).isEqualTo(1);
        assertThat(one.path("count").asInt()).isEqualTo(1);
        assertThat(one.path("page").asInt()).isEqualTo(1);
        assertThat(one.path("results").get(0).path("payment_id").asString()).isEqualTo(ids.get(2));
        // and by state
        JsonNode cancelled = api.get("/v1/payments?state=cancelled&display_size=500").json();
        assertThat(cancelled.path("results").findValuesAsString("payment_id")).contains(ids.get(1))
                .doesNotContain(ids.get(0), ids.get(2));
        // and by date, newest first, two to a page
        String from = api.get("/v1/payments/" + ids.get(0)).text("created_date");
        JsonNode page1 = api.get("/v1/payments?from_date=" + from + "&display_size=2").json();
        assertThat(page1.path("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page1.path("count").asInt()).isEqualTo(2);
        assertThat(page1.path("_links").path("next_page").path("href").asString()).contains("page=2");
        assertThat(page1.path("_links").path("prev_page").isNull()).isTrue();
        JsonNode last = api.get(page1.path("_links").path("last_page").path("href").asString()
                .substring(api.base().length() + "/govukpay".length())).json();
        assertThat(last.path("results").findValuesAsString("payment_id")).contains(ids.get(0));
        assertThat(api.get("/v1/payments?from_date=2999-01-01T00:00:00Z").json().path("total").asInt()).isZero();
    }

    @Test
    void answersBadSearchParametersWith422P0401AndAPagePastTheLastWith404P0402() {
        assertThat(api.get("/v1/payments?display_size=501").code()).isEqualTo("P0401");
        assertThat(api.get("/v1/payments?from_date=yesterday").status()).isEqualTo(422);
        assertThat(api.get("/v1/payments?state=paid").code()).isEqualTo("P0401");
        Response past = api.get("/v1/payments?reference=no-such-order&page=2");
        assertThat(past.status()).isEqualTo(404);
        assertThat(past.code()).isEqualTo("P0402");
    }

    @Test
    void cancellingAPaymentInProgressAnswers204AndLeavesItCancelledP0040() {
        // given
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        // when
        Response cancel = api.post("/v1/payments/" + id + "/cancel", null, "");

        // then
        assertThat(cancel.status()).isEqualTo(204);
        assertThat(cancel.body()).isEmpty();
        JsonNode payment = api.get("/v1/payments/" + id).json();
        assertThat(payment.path("state").path("status").asString()).isEqualTo("cancelled");
        assertThat(payment.path("state").path("finished").asBoolean()).isTrue();
        assertThat(payment.path("state").path("code").asString()).isEqualTo("P0040");
        assertThat(payment.path("refund_summary").path("status").asString()).isEqualTo("unavailable");
        assertThat(payment.path("_links").path("cancel").isNull()).isTrue();
        assertThat(payment.path("_links").path("next_url").isNull()).isTrue();
        // and it cannot be cancelled twice
        Response again = api.post("/v1/payments/" + id + "/cancel", null, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("P0502");
        assertThat(api.post("/v1/payments/nosuchpayment00000000000000/cancel", null, "").code()).isEqualTo("P0500");
    }

    @Test
    void refundsAPaidPaymentInPartsUntilNothingIsLeft() {
        // given: a paid payment
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");
        assertThat(api.refund(id, 100, 1499).code()).as("not paid yet").isEqualTo("P0603");
        assertThat(api.click(id, "pay", null).status()).isEqualTo(303);
        JsonNode paid = api.get("/v1/payments/" + id).json();
        assertThat(paid.path("refund_summary").path("status").asString()).isEqualTo("available");

        // when: a stale refund_amount_available, then a refund of part of it
        Response stale = api.refund(id, 500, 1000);
        Response refund = api.refund(id, 500, 1499);

        // then
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("P0604");
        assertThat(refund.status()).as(refund.body()).isEqualTo(202);
        String refundId = refund.text("refund_id");
        assertThat(refund.text("payment_id")).isEqualTo(id);
        assertThat(refund.text("status")).isEqualTo("submitted");
        assertThat(refund.json().path("amount").asLong()).isEqualTo(500);
        assertThat(refund.json().path("_links").path("self").path("href").asString())
                .endsWith("/govukpay/v1/payments/" + id + "/refunds/" + refundId);
        assertThat(refund.json().path("_links").path("payment").path("href").asString())
                .endsWith("/govukpay/v1/payments/" + id);
        JsonNode summary = api.get("/v1/payments/" + id).json().path("refund_summary");
        assertThat(summary.path("amount_available").asLong()).isEqualTo(999);
        assertThat(summary.path("amount_submitted").asLong()).isEqualTo(500);
        // and the refund succeeds shortly after
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/payments/" + id + "/refunds/" + refundId).text("status").equals("success"));
        JsonNode listed = api.get("/v1/payments/" + id + "/refunds").json();
        assertThat(listed.path("payment_id").asString()).isEqualTo(id);
        assertThat(listed.path("_embedded").path("refunds").findValuesAsString("refund_id")).containsExactly(refundId);
        // and more than is left is refused; all that is left empties it
        assertThat(api.refund(id, 1000, 999).code()).isEqualTo("P0603");
        assertThat(api.refund(id, 999, 999).status()).isEqualTo(202);
        JsonNode full = api.get("/v1/payments/" + id).json().path("refund_summary");
        assertThat(full.path("status").asString()).isEqualTo("full");
        assertThat(full.path("amount_available").asLong()).isZero();
        assertThat(api.refund(id, 1, 0).code()).isEqualTo("P0603");
    }

    @Test
    void answersRefundErrorsWithTheRefundCodes() {
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");
        api.click(id, "pay", null);

        assertThat(api.post("/v1/payments/" + id + "/refunds", null, "{\"refund_amount_available\":1499}").code())
                .isEqualTo("P0601");
        Response zero = api.refund(id, 0, 1499);
        assertThat(zero.status()).isEqualTo(422);
        assertThat(zero.code()).isEqualTo("P0602");
        assertThat(api.post("/v1/payments/" + id + "/refunds", null, "{amount").code()).isEqualTo("P0697");
        assertThat(api.refund("nosuchpayment00000000000000", 100, 100).code()).isEqualTo("P0600");
        assertThat(api.get("/v1/payments/nosuchpayment00000000000000/refunds").code()).isEqualTo("P0800");
        assertThat(api.get("/v1/payments/" + id + "/refunds/nosuchrefund").code()).isEqualTo("P0700");
    }

    @Test
    void searchesRefundsByStateAndDate() {
        // given
        String id = api.createPayment("ord-" + UUID.randomUUID(), 2000).text("payment_id");
        api.click(id, "pay", null);
        String refundId = api.refund(id, 700, 2000).text("refund_id");

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/refunds?state=success").json()
                .path("results").findValuesAsString("refund_id").contains(refundId));
        JsonNode found = api.get("/v1/refunds?state=success").json().path("results");
        JsonNode mine = found.get(found.findValuesAsString("refund_id").indexOf(refundId));
        assertThat(mine.path("payment_id").asString()).isEqualTo(id);
        assertThat(mine.path("amount").asLong()).isEqualTo(700);
        assertThat(api.get("/v1/refunds?from_date=2999-01-01T00:00:00Z").json().path("total").asInt()).isZero();
        assertThat(api.get("/v1/refunds?state=pending").code()).isEqualTo("P1101");
        assertThat(api.get("/v1/refunds?from_date=2999-01-01T00:00:00Z&page=2").code()).isEqualTo("P1100");
    }

    @Test
    void anUnknownPathIs404() {
        assertThat(api.get("/v1/payments/x/events/y").status()).isEqualTo(404);
        assertThat(api.post("/v1/agreements", null, "{}").status()).isEqualTo(404);
    }

    private static String body(String amount, String reference, String returnUrl, String more) {
        return "{\"amount\":" + amount + ",\"reference\":" + reference + ",\"description\":\"d\",\"return_url\":"
                + returnUrl + more + "}";
    }

    private static void assertError(Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).as(response.body()).isEqualTo(code);
        assertThat(response.text("field")).as(response.body()).isEqualTo(field);
        assertThat(response.text("description")).isNotBlank();
    }
}
