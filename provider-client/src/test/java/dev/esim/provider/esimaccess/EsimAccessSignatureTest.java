package dev.esim.provider.esimaccess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EsimAccessSignatureTest {

    // the worked example of the eSIM Access API documentation ("Signature Example")
    private static final String TIMESTAMP = "1628670421";
    private static final String REQUEST_ID = "4ce9d9cdac9e4e17b3a2c66c358c1ce2";
    private static final String ACCESS_CODE = "11111";
    private static final String SECRET = "1111";
    private static final String BODY = "{\"imsi\":\"326543826\"}";
    private static final String DOCUMENTED = "7EB765E27DF5373DEA2DBC8C41A7D9557743E46C8054750F3D851B3FD01D0835";

    @Test
    void reproducesTheDocumentedSignature() {
        assertThat(EsimAccessSignature.sign(SECRET, TIMESTAMP, REQUEST_ID, ACCESS_CODE, BODY))
                .isEqualToIgnoringCase(DOCUMENTED)
                .isLowerCase();
    }

    @Test
    void verifiesRegardlessOfHexCase() {
        assertThat(EsimAccessSignature.verify(DOCUMENTED, SECRET, TIMESTAMP, REQUEST_ID, ACCESS_CODE, BODY)).isTrue();
        assertThat(EsimAccessSignature.verify(DOCUMENTED.toLowerCase(), SECRET, TIMESTAMP, REQUEST_ID, ACCESS_CODE,
                BODY)).isTrue();
    }

    @Test
    void rejectsATamperedBodyTimestampOrSecret() {
        assertThat(EsimAccessSignature.verify(DOCUMENTED, SECRET, TIMESTAMP, REQUEST_ID, ACCESS_CODE,
                "{\"imsi\":\"326543827\"}")).isFalse();
        assertThat(EsimAccessSignature.verify(DOCUMENTED, SECRET, "1628670422", REQUEST_ID, ACCESS_CODE, BODY))
                .isFalse();
        assertThat(EsimAccessSignature.verify(DOCUMENTED, "1112", TIMESTAMP, REQUEST_ID, ACCESS_CODE, BODY)).isFalse();
        assertThat(EsimAccessSignature.verify(null, SECRET, TIMESTAMP, REQUEST_ID, ACCESS_CODE, BODY)).isFalse();
    }
}
