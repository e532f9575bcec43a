package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

class LinesIT extends CatalogServiceITBase {

    private String sku;

    @BeforeEach
    void plan() {
        sku = offerUsPlan();
    }

    @Test
    void servesUsageFromOneProviderReadPerLineWithinTheCachePeriod() {
        // given a line issued for an order
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        String orderId = orderWithLine(iccid);
        PROVIDER.line(iccid, "active", 1200, 3920, "2025-02-09T23:59:59Z");

        // when the traveller's app refreshes five times, with the order's token
        for (int i = 0; i < 5; i++) {
            http.get().uri("/v1/lines/{iccid}?token={t}", iccid, TOKENS.token(orderId)).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueMatches("Cache-Control", ".*max-age=\\d+.*")
                    .expectBody()
                    .jsonPath("$.iccid").isEqualTo(iccid)
                    .jsonPath("$.status").isEqualTo("active")
                    .jsonPath("$.data.used_mb").isEqualTo(1200)
                    .jsonPath("$.data.remaining_mb").isEqualTo(3920)
                    .jsonPath("$.valid_until").isEqualTo("2025-02-09T23:59:59Z")
                    .jsonPath("$.as_of").isNotEmpty();
        }

        // then the provider was asked once
        assertThat(PROVIDER.lineReads(iccid)).isEqualTo(1);
    }

    @Test
    void aLineIsOnlyShownWithItsOrdersTokenSoIccidsCannotBeWalked() {
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        String orderId = orderWithLine(iccid);
        PROVIDER.line(iccid, "active", 1200, 3920, "2025-02-09T23:59:59Z");
        String otherIccid = "89883070000" + (10_000_000 + ((System.nanoTime() + 7) % 89_999_999));
        PROVIDER.line(otherIccid, "active", 10, 90, "2025-02-09T23:59:59Z");

        http.get().uri("/v1/lines/{iccid}", iccid).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("order_token_required");
        http.get().uri("/v1/lines/{iccid}?token={t}", iccid, TOKENS.token("ord_" + "2".repeat(32))).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        // a line the provider knows but no order of ours: the order's token does not open it
        http.get().uri("/v1/lines/{iccid}?token={t}", otherIccid, TOKENS.token(orderId)).exchange()
                .expectStatus().isNotFound();
        assertThat(PROVIDER.lineReads(iccid)).isZero();
        assertThat(PROVIDER.lineReads(otherIccid)).isZero();
    }

    @Test
    void answersNotFoundForALineTheProviderDoesNotKnowAndRefusesNonIccids() {
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        String orderId = orderWithLine(iccid);
        PROVIDER.unknownLine(iccid);

        http.get().uri("/v1/lines/{iccid}?token={t}", iccid, TOKENS.token(orderId)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        http.get().uri("/v1/lines/not-an-iccid?token=x").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
    }

    @Test
    void aLineIssuedByTheFailoverProviderIsReadAndToppedUpThereNotAtThePrimary() {
        // given a line the worker issued at the failover provider
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        String orderId = orderWithLine(iccid, "esimgo");
        FAILOVER.line(iccid, "active", 300, 724, "2025-03-01T23:59:59Z");

        // when the traveller looks at it (usage lookups have a budget per second: wait for a free one), then tops it up
        JsonNode line = null;
        for (int attempt = 0; attempt < 50 && line == null; attempt++) {
            EntityExchangeResult<JsonNode> read = http.get().uri("/v1/lines/{iccid}?token={t}", iccid,
                    TOKENS.token(orderId)).exchange().expectBody(JsonNode.class).returnResult();
            if (read.getStatus().value() == 429) {
                sleep(100);
            } else {
                assertThat(read.getStatus().value()).isEqualTo(200);
                line = read.getResponseBody();
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.path("data").path("used_mb").asLong()).isEqualTo(300);
        assertThat(line.path("data").path("remaining_mb").asLong()).isEqualTo(724);
        http.post().uri("/v1/topups").header("Idempotency-Key", key())
                .bodyValue(Map.of("iccid", iccid, "sku", sku, "customer", Map.of("email", "alex@example.com"),
                        "success_url", "https://shop.example/ok", "cancel_url", "https://shop.example/cancel"))
                .exchange()
                .expectStatus().isCreated();

        // then only the provider that issued the line was asked
        assertThat(FAILOVER.lineReads(iccid)).isEqualTo(1);
        assertThat(PROVIDER.lineReads(iccid)).isZero();
    }

    /** An order placed through the API whose line the worker reported ready (as it would on the topic). */
    private String orderWithLine(String iccid) {
        return orderWithLine(iccid, "simology");
    }

    private String orderWithLine(String iccid, String provider) {
        String orderId = http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(CheckoutIT.body(sku, 1, "lines", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("order_id").asString();
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded("pi_" + orderId, 950));
        publish("esim.activations.v1", orderId, events.activationReady(iccid, provider));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = http.get().uri(orderUri(orderId)).exchange().expectBody(JsonNode.class)
                    .returnResult().getResponseBody().path("iccids").path(0).asString("");
            if (iccid.equals(line)) {
                return orderId;
            }
            sleep(200);
        }
        throw new AssertionError("order " + orderId + " never showed line " + iccid);
    }
}
