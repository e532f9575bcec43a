package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovUkPayMessagesTest {

    @Test
    void signsTheExactBodyAsLowerCaseHexHmacSha256() {
        // printf '%s' '{"id":"msg1","api_version":1}' | openssl dgst -sha256 -hmac govukpay_whsec_sandbox_local_only
        assertThat(GovUkPayMessages.signature("{\"id\":\"msg1\",\"api_version\":1}",
                "govukpay_whsec_sandbox_local_only"))
                .isEqualTo("ef3395a29acc71dbd1c32ff8d3de228f282f6e70a58c18041ebe1535c680d8e5");
        assertThat(GovUkPayMessages.signature("{\"id\":\"msg1\",\"api_version\": 1}",
                "govukpay_whsec_sandbox_local_only"))
                .as("one byte more is another signature").isNotEqualTo(
                        "ef3395a29acc71dbd1c32ff8d3de228f282f6e70a58c18041ebe1535c680d8e5");
    }

    @Test
    void rebuildsTheListedMessageAroundTheResourceInGovUkPaysFieldOrder() throws Exception {
        JsonNode listed = Outside.JSON.readTree("{\"id\":\"m2abc\",\"event_type\":\"card_payment_refunded\","
                + "\"resource_type\":\"refund\",\"resource_id\":\"r9\",\"created_date\":\"2026-12-07T14:00:01.123Z\","
                + "\"delivery\":\"delivered\",\"attempts\":1,\"last_status\":200}");
        JsonNode refund = Outside.JSON.readTree("{\"refund_id\":\"r9\",\"payment_id\":\"p7\",\"amount\":399,"
                + "\"status\":\"success\"}");

        String body = GovUkPayMessages.rebuild(listed, refund);

        JsonNode message = Outside.JSON.readTree(body);
        List<String> fields = new ArrayList<>();
        message.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "api_version", "created_date", "resource_id", "resource_type",
                "event_type", "resource");
        assertThat(message.path("id").asText()).isEqualTo("m2abc");
        assertThat(message.path("api_version").asInt()).isEqualTo(1);
        assertThat(message.path("created_date").asText()).isEqualTo("2026-12-07T14:00:01.123Z");
        assertThat(message.path("event_type").asText()).isEqualTo("card_payment_refunded");
        assertThat(message.path("resource")).isEqualTo(refund);
        assertThat(body).doesNotContain("delivery").doesNotContain("attempts");
    }

    @Test
    void theStacksSecretIsTheFirstOfItsListElseTheSandboxDefault() {
        assertThat(Outside.firstOf(null, "fallback")).isEqualTo("fallback");
        assertThat(Outside.firstOf(" ", "fallback")).isEqualTo("fallback");
        assertThat(Outside.firstOf("new_secret, old_secret", "fallback")).isEqualTo("new_secret");
        assertThat(Outside.firstOf("only", "fallback")).isEqualTo("only");
    }
}
