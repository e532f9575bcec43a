package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // expected values computed independently:
    // printf '%s' '1736500000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac <secret>
    private static final String BODY = "{\"id\":\"evt_1\"}";
    private static final String OPENSSL_SANDBOX = "ae4bca853d826cd0ae05c61f5ea33b4839180b319203828db784a188dd9b0348";
    private static final String OPENSSL_NEXT = "5fff0ff3b57678954dd27862fe009f15a808af1a44abbda8f4fe1e9a0623d54a";

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        String header = new WebhookSigner("simsec_sandbox_local_only").header(1736500000L, BODY);

        assertThat(header).isEqualTo("t=1736500000,v1=" + OPENSSL_SANDBOX);
    }

    @Test
    void addsOneSignaturePerSecretDuringARotation() {
        String header = new WebhookSigner("simsec_sandbox_local_only, simsec_next").header(1736500000L, BODY);

        assertThat(header).isEqualTo("t=1736500000,v1=" + OPENSSL_SANDBOX + ",v1=" + OPENSSL_NEXT);
    }
}
