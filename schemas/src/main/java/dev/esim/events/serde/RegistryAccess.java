package dev.esim.events.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client reaches the registry beyond its address — credentials and the certificates it trusts — read under
 * Confluent's property names, so a managed registry (Confluent Cloud, Apicurio behind TLS) is configured as for
 * Confluent's own client:
 * <ul>
 *   <li>{@code basic.auth.credentials.source}: {@code URL} (the default: {@code https://user:secret@host}) or
 *       {@code USER_INFO} with {@code basic.auth.user.info=user:secret};</li>
 *   <li>{@code bearer.auth.credentials.source=STATIC_TOKEN} with {@code bearer.auth.token};</li>
 *   <li>{@code schema.registry.ssl.truststore.location}, {@code …password}, {@code …type} (default the JVM's): the
 *       certificates to trust instead of the JVM's.</li>
 * </ul>
 *
 * @param authorization the {@code Authorization} header value, null for none
 */
record RegistryAccess(String authorization, String trustStoreLocation, String trustStorePassword,
                      String trustStoreType) {

    static final String BASIC_SOURCE = "basic.auth.credentials.source";
    static final String BASIC_USER_INFO = "basic.auth.user.info";
    static final String BEARER_SOURCE = "bearer.auth.credentials.source";
    static final String BEARER_TOKEN = "bearer.auth.token";
    static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    static RegistryAccess from(Map<String, ?> configs, List<URI> urls) {
        String basicSource = text(configs, BASIC_SOURCE);
        String bearerSource = text(configs, BEARER_SOURCE);
        if (basicSource != null && bearerSource != null) {
            throw new IllegalArgumentException("Set " + BASIC_SOURCE + " or " + BEARER_SOURCE + ", not both");
        }
        String authorization;
        if (bearerSource != null) {
            if (!"STATIC_TOKEN".equals(bearerSource.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException(BEARER_SOURCE + " must be STATIC_TOKEN");
            }
            authorization = "Bearer " + required(configs, BEARER_TOKEN);
        } else {
            String userInfo = switch (basicSource == null ? "URL" : basicSource.toUpperCase(Locale.ROOT)) {
                case "URL" -> urls.get(0).getRawUserInfo() == null ? null
                        : URLDecoder.decode(urls.get(0).getRawUserInfo(), StandardCharsets.UTF_8);
                case "USER_INFO" -> required(configs, BASIC_USER_INFO);
                default -> throw new IllegalArgumentException(BASIC_SOURCE + " must be URL or USER_INFO");
            };
            authorization = userInfo == null ? null : "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        }
        return new RegistryAccess(authorization, text(configs, TRUSTSTORE_LOCATION), text(configs, TRUSTSTORE_PASSWORD),
                text(configs, TRUSTSTORE_TYPE));
    }

    /** The addresses without credentials: those go in a header, never in a URL that could be logged. */
    List<URI> withoutUserInfo(List<URI> urls) {
        return urls.stream().map(RegistryAccess::withoutUserInfo).toList();
    }

    /** An HTTP client trusting the configured certificates (the JVM's when none are). */
    HttpClient.Builder httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (trustStoreLocation != null) {
            builder.sslContext(sslContext());
        }
        return builder;
    }

    private SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(Path.of(trustStoreLocation))) {
            KeyStore store = KeyStore.getInstance(trustStoreType != null ? trustStoreType : KeyStore.getDefaultType());
            store.load(in, trustStorePassword != null ? trustStorePassword.toCharArray() : null);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the trust store " + trustStoreLocation + ": "
                    + e.getMessage(), e);
        }
    }

    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a registry URL: " + url.getScheme() + "://" + url.getHost(), e);
        }
    }

    private static String text(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    private static String required(Map<String, ?> configs, String key) {
        String value = text(configs, key);
        if (value == null) {
            throw new IllegalArgumentException("Missing required configuration \"" + key + "\"");
        }
        return value;
    }

    /** Credentials stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "RegistryAccess[authorization=" + (authorization == null ? "none" : authorization.split(" ")[0])
                + ", trustStore=" + trustStoreLocation + "]";
    }
}
