package dev.esim.events.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/**
 * Tink's {@link KmsClient} for AWS KMS, on the AWS SDK for Java v2: key URIs {@code aws-kms://<key ARN>}, the
 * associated data bound as the encryption context {@code {"associatedData": hex}} — the contract of Tink's own
 * {@code tink-awskms}, which is built on the v1 SDK that AWS no longer supports. The platform uses it to unwrap
 * KMS-wrapped keysets at start-up (envelope encryption: the keyset is encrypted by a key that never leaves the KMS).
 */
public final class AwsKms implements KmsClient {

    static final String PREFIX = "aws-kms://";

    private final software.amazon.awssdk.services.kms.KmsClient kms;

    /** @param kms an SDK client whose region is the keys' region */
    public AwsKms(software.amazon.awssdk.services.kms.KmsClient kms) {
        this.kms = kms;
    }

    /**
     * A client for the key's region, with the SDK's default credentials (environment, web identity / IRSA, instance
     * profile…).
     *
     * @param endpoint another endpoint than AWS's (a VPC endpoint, or a local stand-in in tests)
     */
    public static AwsKms forKey(String keyUri, Optional<URI> endpoint) {
        var builder = software.amazon.awssdk.services.kms.KmsClient.builder()
                .region(Region.of(regionOf(keyArn(keyUri))))
                .httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(builder::endpointOverride);
        return new AwsKms(builder.build());
    }

    @Override
    public boolean doesSupport(String keyUri) {
        return keyUri != null && keyUri.startsWith(PREFIX);
    }

    @Override
    public KmsClient withCredentials(String credentialPath) {
        throw new UnsupportedOperationException("credentials come from the SDK's default provider chain");
    }

    @Override
    public KmsClient withDefaultCredentials() {
        return this;
    }

    @Override
    public Aead getAead(String keyUri) throws GeneralSecurityException {
        if (!doesSupport(keyUri)) {
            throw new GeneralSecurityException("not an aws-kms:// key URI");
        }
        return new KeyAead(keyArn(keyUri));
    }

    static String keyArn(String keyUri) {
        if (keyUri == null || !keyUri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a KMS key URI is aws-kms://arn:aws:kms:<region>:<account>:key/<id>");
        }
        return keyUri.substring(PREFIX.length());
    }

    static String regionOf(String keyArn) {
        String[] parts = keyArn.split(":");
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("kms") || parts[3].isBlank()) {
            throw new IllegalArgumentException("not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
        }
        return parts[3];
    }

    private static Map<String, String> context(byte[] associatedData) {
        return associatedData == null || associatedData.length == 0 ? Map.of()
                : Map.of("associatedData", HexFormat.of().formatHex(associatedData));
    }

    /** One KMS key as a Tink {@link Aead}: each call is one KMS request. */
    private final class KeyAead implements Aead {

        private final String keyArn;

        KeyAead(String keyArn) {
            this.keyArn = keyArn;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return kms.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))
                        .encryptionContext(context(associatedData))).ciphertextBlob().asByteArray();
            } catch (SdkException e) {
                throw new GeneralSecurityException("AWS KMS refused to encrypt with " + keyArn + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            DecryptResponse response;
            try {
                response = kms.decrypt(r -> r.keyId(keyArn).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(context(associatedData)));
            } catch (SdkException e) {
                throw new GeneralSecurityException("AWS KMS refused to decrypt with " + keyArn + ": "
                        + e.getMessage(), e);
            }
            if (!keyArn.equals(response.keyId())) {
                // KMS answers with the ARN of the key it used; a ciphertext of another key must not pass as ours
                throw new GeneralSecurityException("AWS KMS decrypted with " + response.keyId() + ", not " + keyArn);
            }
            return response.plaintext().asByteArray();
        }
    }
}
