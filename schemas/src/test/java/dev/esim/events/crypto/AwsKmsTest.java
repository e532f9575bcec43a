package dev.esim.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import dev.esim.events.avro.EncryptedPayload;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KMS-wrapped keysets: the private keyset a reader holds is encrypted by a KMS key (envelope encryption), unwrapped at
 * start-up through the AWS SDK against a local KMS stand-in.
 */
class AwsKmsTest {

    private static final String HPKE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
    private static final String LPA = "LPA:1$sm-dp-plus.example.net$ACT-CODE-KMS";

    private static FakeKms kms;
    private static String keyUri;
    private static String otherKeyUri;

    @BeforeAll
    static void startKms() throws Exception {
        HybridConfig.register(); // the keysets below are made before anything else loads Tink
        // the SDK's default credential chain reads these; the stand-in checks that requests are signed
        System.setProperty("aws.accessKeyId", "local-test-access-key-id");
        System.setProperty("aws.secretAccessKey", "local-test-secret-access-key");
        kms = new FakeKms();
        keyUri = "aws-kms://" + kms.createKey("eu-west-1", "keyset-wrapping");
        otherKeyUri = "aws-kms://" + kms.createKey("eu-west-1", "another");
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    @Test
    void aReaderUnwrapsItsKmsWrappedPrivateKeysetAndReadsWhatTheWritersPublicHalfEncrypted() throws Exception {
        // given: a private keyset wrapped by the KMS key, and a writer holding its public half
        KeysetHandle keyset = KeysetHandle.generateNew(KeyTemplates.get(HPKE));
        String plaintextJson = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        String wrapped = wrap(keyset, keyUri);
        FieldCipher writer = Keysets.encryptOnly(Keysets.ACTIVATION, "live", TinkJsonProtoKeysetFormat
                .serializeKeyset(keyset.getPublicKeysetHandle(), InsecureSecretKeyAccess.get()));
        EncryptedPayload field = writer.encrypt(LPA, "evt-1");
        int decryptsBefore = kms.decrypts();

        // when
        FieldCipher reader = Keysets.forEnvironment(Keysets.ACTIVATION, "live", wrapped,
                Keysets.kmsKey(keyUri, kms.endpoint().toString()));

        // then: one KMS call at start-up, none per field
        assertThat(reader.decrypt(field, "evt-1")).isEqualTo(LPA);
        assertThat(reader.decrypt(writer.encrypt(LPA, "evt-2"), "evt-2")).isEqualTo(LPA);
        assertThat(kms.decrypts()).isEqualTo(decryptsBefore + 1);
        // and the secret store holds no key material in the clear
        assertThat(wrapped).contains("encryptedKeyset").doesNotContain(privateKeyValue(plaintextJson));
    }

    @Test
    void aWrappedKeysetWithoutItsKmsKeyOrUnderAnotherKeyRefusesToStartWithAClearMessage() throws Exception {
        String wrapped = wrap(KeysetHandle.generateNew(KeyTemplates.get(HPKE)), keyUri);

        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.ACTIVATION, "live", wrapped, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrapped by a KMS key").hasMessageContaining("esim.crypto.kms-key-uri");
        assertThatThrownBy(() -> Keysets.forEnvironment(Keysets.ACTIVATION, "live", wrapped,
                Keysets.kmsKey(otherKeyUri, kms.endpoint().toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did not unwrap the activation/live keyset");
    }

    @Test
    void theAssociatedDataIsBoundAsTheEncryptionContext() throws GeneralSecurityException {
        Aead key = Keysets.kmsKey(keyUri, kms.endpoint().toString());

        byte[] sealed = key.encrypt("secret".getBytes(), "context-a".getBytes());

        assertThat(new String(key.decrypt(sealed, "context-a".getBytes()))).isEqualTo("secret");
        assertThatThrownBy(() -> key.decrypt(sealed, "context-b".getBytes()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasCauseInstanceOf(software.amazon.awssdk.services.kms.model.InvalidCiphertextException.class);
    }

    @Test
    void keyUrisNameAnAwsKmsKeyArnWithItsRegion() {
        assertThat(AwsKms.regionOf(AwsKms.keyArn("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/abc")))
                .isEqualTo("eu-west-1");
        assertThat(Keysets.kmsKey(" ", null)).isNull();
        assertThatThrownBy(() -> Keysets.kmsKey("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws-kms://");
        assertThatThrownBy(() -> AwsKms.regionOf("arn:aws:s3:::bucket"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** What {@code tinkey create-keyset --master-key-uri} would store: the keyset encrypted by the KMS key. */
    private static String wrap(KeysetHandle keyset, String uri) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset,
                Keysets.kmsKey(uri, kms.endpoint().toString()), new byte[0]);
    }

    /** The base64 key material of the plaintext keyset JSON's first key. */
    private static String privateKeyValue(String keysetJson) {
        int at = keysetJson.indexOf("\"value\":\"") + 9;
        return keysetJson.substring(at, keysetJson.indexOf('"', at));
    }
}
