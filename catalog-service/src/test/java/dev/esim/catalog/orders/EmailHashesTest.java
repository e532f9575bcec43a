package dev.esim.catalog.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmailHashesTest {

    private final EmailHashes hashes = new EmailHashes("a-lookup-key-of-some-length");

    @Test
    void theSameAddressHashesTheSameWhateverItsCaseAndSurroundingSpaces() {
        assertThat(hashes.of(" Ana@Example.com ")).isEqualTo(hashes.of("ana@example.com"))
                .isEqualTo(hashes.of("ANA@EXAMPLE.COM\t"));
        assertThat(hashes.of("ana@example.com")).matches("[0-9a-f]{64}").doesNotContain("ana");
    }

    @Test
    void anotherAddressOrAnotherKeyHashesDifferently() {
        assertThat(hashes.of("ana@example.com")).isNotEqualTo(hashes.of("ana@example.org"));
        assertThat(new EmailHashes("another-lookup-key-entirely").of("ana@example.com"))
                .isNotEqualTo(hashes.of("ana@example.com"));
    }

    @Test
    void itIsTheHmacOfTheNormalisedAddress() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("a-lookup-key-of-some-length".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("ana@example.com".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(hashes.of("Ana@Example.com")).isEqualTo(expected);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new EmailHashes("short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(hashes.toString()).doesNotContain("a-lookup-key");
    }
}
