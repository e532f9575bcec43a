package dev.esim.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.avro.EncryptedPayload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final String LPA = "LPA:1$sm-dp-plus.example.net$ACT-CODE-1234";
    private final FieldCipher cipher = Keysets.sandbox(Keysets.ACTIVATION);

    @Test
    void roundTripsForTheSameEvent() {
        EncryptedPayload payload = cipher.encrypt(LPA, "event-1");

        assertThat(payload.getKeyId()).isEqualTo("activation/sandbox");
        assertThat(new String(payload.getCiphertext().array(), StandardCharsets.ISO_8859_1)).doesNotContain("ACT-CODE");
        assertThat(cipher.decrypt(payload, "event-1")).isEqualTo(LPA);
    }

    @Test
    void aCiphertextMovedToAnotherEventDoesNotDecrypt() {
        EncryptedPayload payload = cipher.encrypt(LPA, "event-1");

        assertThatThrownBy(() -> cipher.decrypt(payload, "event-2")).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void anotherKeysetCannotRead() {
        EncryptedPayload payload = cipher.encrypt(LPA, "event-1");

        assertThatThrownBy(() -> Keysets.sandbox(Keysets.PII).decrypt(payload, "event-1"))
                .isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void liveEnvironmentsRefuseTheSandboxKeyset() {
        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.PII, "live", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused outside sandbox");
    }
}
