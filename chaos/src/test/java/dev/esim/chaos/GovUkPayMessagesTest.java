package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theStacksSecretIsTheFirstOfItsListElseTheSandboxDefault() {
        assertThat(Outside.firstOf(null, "fallback")).isEqualTo("fallback");
        assertThat(Outside.firstOf(" ", "fallback")).isEqualTo("fallback");
        assertThat(Outside.firstOf("new_secret, old_secret", "fallback")).isEqualTo("new_secret");
        assertThat(Outside.firstOf("only", "fallback")).isEqualTo("only");
    }
}
