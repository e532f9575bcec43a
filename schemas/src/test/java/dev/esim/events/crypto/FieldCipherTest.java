package dev.esim.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.esim.events.avro.EncryptedPayload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final String HPKE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
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
    void aProducerHoldingThePublicKeysetWritesWhatOnlyThePrivateKeysetReads() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(KeyTemplates.get(HPKE));
        FieldCipher reader = Keysets.forEnvironment(Keysets.ACTIVATION, "live", json(keyset));
        FieldCipher writer = Keysets.encryptOnly(Keysets.ACTIVATION, "live", json(keyset.getPublicKeysetHandle()));

        EncryptedPayload payload = writer.encrypt(LPA, "event-1");

        assertThat(writer.canDecrypt()).isFalse();
        assertThatThrownBy(() -> writer.decrypt(payload, "event-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only the public activation/live keyset");
        assertThat(reader.decrypt(payload, "event-1")).isEqualTo(LPA);
    }

    @Test
    void liveServicesAreGivenExactlyTheHalfTheyNeed() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(KeyTemplates.get(HPKE));

        assertThatThrownBy(() -> Keysets.encryptOnly(Keysets.PII, "live", json(keyset)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("give it the public pii keyset");
        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.PII, "live", json(keyset.getPublicKeysetHandle())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs the private pii keyset");
        assertThat(Keysets.encryptOnly(Keysets.PII, "sandbox", null).canDecrypt())
                .as("sandbox producers get the public half of the shipped keyset").isFalse();
    }

    @Test
    void afterRotationTheNewPrimaryKeyEncryptsAndBothGenerationsDecrypt() throws Exception {
        KeysetHandle first = KeysetHandle.generateNew(KeyTemplates.get(HPKE));
        EncryptedPayload old = Keysets.encryptOnly(Keysets.PII, "live", json(first.getPublicKeysetHandle()))
                .encrypt("traveller@example.com", "event-1");

        KeysetHandle rotated = KeysetHandle.newBuilder(first)
                .addEntry(KeysetHandle.generateEntryFromParametersName(HPKE).withRandomId().makePrimary())
                .build();
        FieldCipher writer = Keysets.encryptOnly(Keysets.PII, "live", json(rotated.getPublicKeysetHandle()));
        FieldCipher reader = Keysets.forEnvironment(Keysets.PII, "live", json(rotated));
        EncryptedPayload fresh = writer.encrypt("traveller@example.com", "event-2");

        assertThat(reader.decrypt(old, "event-1")).isEqualTo("traveller@example.com");
        assertThat(reader.decrypt(fresh, "event-2")).isEqualTo("traveller@example.com");
        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.PII, "live", json(first)).decrypt(fresh, "event-2"))
                .as("the new generation is not readable with the old keyset alone")
                .isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void theShippedSandboxKeysetsAreHybrid() {
        assertThat(Keysets.sandbox(Keysets.PII).encryptOnly().canDecrypt()).isFalse();
        assertThat(Keysets.sandbox(Keysets.ACTIVATION).encryptOnly().canDecrypt()).isFalse();
    }

    private static String json(KeysetHandle keyset) throws Exception {
        return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    }

    @Test
    void liveEnvironmentsRefuseTheSandboxKeyset() {
        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.PII, "live", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused outside sandbox");
    }
}
