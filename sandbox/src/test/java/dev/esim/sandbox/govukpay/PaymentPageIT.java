package dev.esim.sandbox.govukpay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.sandbox.SandboxHttp.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The payment page at {@code next_url}, over plain HTTP as a browser's GET and form posts drive it. */
class PaymentPageIT {

    private static StandIn standIn;
    private static GovUkPayClient api;

    @BeforeAll
    static void start() {
        standIn = StandIn.start(Map.of("sandbox.govukpay.rate-limit-per-second", 0));
        api = standIn.api();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void showsTheAmountInPoundsTheDescriptionTheReferenceAndTheThreeButtons() {
        // given
        String reference = "ord-" + UUID.randomUUID();
        Response created = api.createPayment(reference, 149_950);

        // when
        Response page = api.open(created.json().path("_links").path("next_url").path("href").asString());

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("£1,499.50", "Europe 5 GB / 30 days", reference,
                "action=\"/govukpay/pay/" + created.text("payment_id") + "\"",
                "name=\"action\" value=\"pay\"", "name=\"action\" value=\"decline\"",
                "name=\"action\" value=\"cancel\"", "name=\"email\"");
        // and opening it starts the payment, as GOV.UK Pay's status lifecycle has it
        assertThat(api.get("/v1/payments/" + created.text("payment_id")).json().path("state").path("status")
                .asString()).isEqualTo("started");
    }

    @Test
    void escapesWhatTheServiceSent() {
        Response created = api.post("/v1/payments", null, "{\"amount\":100,\"reference\":\"<b>ord</b>\","
                + "\"description\":\"Tom & Jerry's <script>\",\"return_url\":\"https://shop.test/x\"}");

        String page = api.page(created.text("payment_id")).body();

        assertThat(page).contains("&lt;b&gt;ord&lt;/b&gt;", "Tom &amp; Jerry&#39;s &lt;script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void payingRedirectsToTheReturnUrlAndLeavesThePaymentPaidWithTheEmailTyped() {
        // given
        String reference = "ord-" + UUID.randomUUID();
        String id = api.createPayment(reference, 1499).text("payment_id");

        // when
        Response click = api.click(id, "pay", "traveller@example.com");

        // then: back to the service, which asks the API how it went (the URL does not say)
        assertThat(click.status()).isEqualTo(303);
        assertThat(click.header("Location")).isEqualTo("https://shop.test/orders/" + reference);
        var payment = api.get("/v1/payments/" + id).json();
        assertThat(payment.path("state").path("status").asString()).isEqualTo("success");
        assertThat(payment.path("email").asString()).isEqualTo("traveller@example.com");
        assertThat(payment.path("refund_summary").path("status").asString()).isEqualTo("available");
        assertThat(payment.path("refund_summary").path("amount_available").asLong()).isEqualTo(1499);
    }

    @Test
    void theEmailTheServiceGaveIsShownReadOnlyAndKept() {
        Response created = api.post("/v1/payments", null, "{\"amount\":100,\"reference\":\"ord-mail\","
                + "\"description\":\"d\",\"return_url\":\"https://shop.test/x\",\"email\":\"given@example.com\"}");
        String id = created.text("payment_id");

        assertThat(api.page(id).body()).contains("value=\"given@example.com\" readonly");
        api.click(id, "pay", "typed@example.com");

        assertThat(api.get("/v1/payments/" + id).text("email")).isEqualTo("given@example.com");
    }

    @Test
    void decliningAndCancellingAlsoReturnToTheService() {
        String declined = api.createPayment("ord-d", 100).text("payment_id");
        String cancelled = api.createPayment("ord-c", 100).text("payment_id");

        assertThat(api.click(declined, "decline", null).header("Location")).isEqualTo("https://shop.test/orders/ord-d");
        assertThat(api.click(cancelled, "cancel", null).header("Location")).isEqualTo("https://shop.test/orders/ord-c");

        assertThat(api.get("/v1/payments/" + declined).json().path("state").path("code").asString())
                .isEqualTo("P0010");
        assertThat(api.get("/v1/payments/" + cancelled).json().path("state").path("code").asString())
                .isEqualTo("P0030");
    }

    @Test
    void aFinishedPaymentShowsWhereItStandsAndCannotBePaidAgain() {
        // given
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");
        api.click(id, "pay", null);

        // when
        Response again = api.click(id, "decline", null);

        // then
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("This payment is success").doesNotContain("name=\"action\"");
        assertThat(api.page(id).body()).contains("This payment is success");
        assertThat(api.get("/v1/payments/" + id).json().path("state").path("status").asString())
                .isEqualTo("success");
    }

    @Test
    void anUnknownPaymentOrActionIsRefused() {
        String id = api.createPayment("ord-" + UUID.randomUUID(), 1499).text("payment_id");

        assertThat(api.page("nosuchpayment00000000000000").status()).isEqualTo(404);
        assertThat(api.click("nosuchpayment00000000000000", "pay", null).status()).isEqualTo(404);
        assertThat(api.click(id, "refund", null).status()).isEqualTo(400);
        assertThat(api.get("/v1/payments/" + id).json().path("state").path("status").asString())
                .isEqualTo("created");
    }
}
