package dev.esim.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform-wide keys of docs/conventions.md that this service reads ({@code esim.environment},
 * {@code esim.crypto.*}); kept apart from {@link NotificationProperties} because every service shares their names.
 *
 * @param environment {@code sandbox} or {@code live}: the shipped sandbox keysets are refused in live
 */
@ConfigurationProperties("esim")
public record PlatformProperties(@DefaultValue("sandbox") String environment, @DefaultValue Crypto crypto) {

    public PlatformProperties {
        if (!"sandbox".equals(environment) && !"live".equals(environment)) {
            throw new IllegalArgumentException("esim.environment must be sandbox or live, not " + environment);
        }
    }

    /**
     * Tink JSON keysets, plain or wrapped by the KMS key; an empty keyset means the shipped sandbox one (sandbox only).
     *
     * @param kmsKeyUri   {@code aws-kms://<key ARN>} that wraps the keysets; empty = they are plain JSON
     * @param kmsEndpoint another KMS endpoint than AWS's (a VPC endpoint); empty = AWS's
     */
    public record Crypto(@DefaultValue("") String piiKeyset, @DefaultValue("") String activationKeyset,
                         @DefaultValue("") String kmsKeyUri, @DefaultValue("") String kmsEndpoint) {

        @Override
        public String toString() {
            return "Crypto[redacted]";
        }
    }
}
