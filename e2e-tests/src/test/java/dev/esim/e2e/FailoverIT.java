package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local stack runs two providers: the primary ({@code simology}) and the one the worker fails over to
 * ({@code roamlink}). A plan the primary cannot sell is issued by the second, and the line is served there afterwards.
 */
@ExtendWith(StackExtension.class)
@Order(4)
class FailoverIT {

    private static final String ROAMLINK_KEY = "sk_sandbox_roamlink_local";

    @Test
    void aPlanOutOfStockAtThePrimaryIsIssuedByTheSecondProviderWhichServesAndCancelsTheLineAfterwards(
            Platform platform) {
        // given: a checkout, then the primary runs out of its plan before the traveller pays
        String sku = Journeys.aPlanFor(platform, "US");
        Journeys.Checkout order = Journeys.checkout(platform, sku);
        int primaryProfilesBefore = sumOf(platform.providerStats("simology").path("profiles_issued"));
        assertThat(platform.providerAdmin("/faults", "{\"out_of_stock_skus\": [\"" + sku + "\"]}").status())
                .isEqualTo(200);
        String iccid;
        try {
            // when
            Journeys.pay(platform, order);

            // then: active, with one profile issued by the second provider and none by the primary
            Journeys.awaitStatus(platform, order.orderId(), "active", Duration.ofSeconds(90));
            iccid = platform.order(order.orderId()).json().path("iccids").path(0).asText();
            assertThat(platform.providerStats("roamlink").path("profiles_issued").path(order.orderId()).asInt())
                    .isEqualTo(1);
            assertThat(platform.profilesIssued(order.orderId())).isZero();
            assertThat(sumOf(platform.providerStats("simology").path("profiles_issued")))
                    .isEqualTo(primaryProfilesBefore);
        } finally {
            platform.providerAdminDelete("/faults");
        }
        assertThat(iccid).startsWith("8944501"); // roamlink's ICCID range
        assertThat(providerLine(iccid).findValuesAsText("iccid")).contains(iccid);
        // and the traveller's e-mail carries it, once
        List<jakarta.mail.internet.MimeMessage> mail = Journeys.awaitMail(order.email(), 1);
        assertThat(mail).hasSize(1);

        // when: the traveller looks the line up — catalog asks the provider that issued it
        Platform.Response line = platform.line(order.orderId(), iccid);

        // then
        assertThat(line.status()).as("GET /v1/lines/%s: %s", iccid, line.body()).isEqualTo(200);
        assertThat(line.json().path("iccid").asText()).isEqualTo(iccid);

        // when: support refunds the order before the line was installed
        Platform.Response refund = platform.refund(order.orderId(), "traveller changed plans");

        // then: the line is cancelled at the provider that issued it, and the money returned
        assertThat(refund.status()).as("POST /v1/refunds: %s", refund.body()).isEqualTo(202);
        Journeys.awaitStatus(platform, order.orderId(), "refunded", Duration.ofSeconds(60));
        await("line cancelled at roamlink").atMost(Duration.ofSeconds(60))
                .until(() -> providerLine(iccid).findValuesAsText("status").contains("cancelled"));
    }

    private static JsonNode providerLine(String iccid) {
        Platform.Response r = Platform.send(HttpRequest.newBuilder(URI.create(
                        Platform.SANDBOX + "/provider/roamlink/v1/lines/" + iccid))
                .header("Authorization", "Bearer " + ROAMLINK_KEY).GET());
        assertThat(r.status()).as("GET /provider/roamlink/v1/lines/%s: %s", iccid, r.body()).isEqualTo(200);
        return r.json();
    }

    private static int sumOf(JsonNode counts) {
        int total = 0;
        for (JsonNode n : counts) {
            total += n.asInt();
        }
        return total;
    }
}
