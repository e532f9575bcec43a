package dev.esim.provider.esimaccess;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach eSIM Access.
 *
 * @param baseUrl        {@code https://api.esimaccess.com} (there is no sandbox environment)
 * @param accessCode     sent as {@code RT-AccessCode} and part of the signed data
 * @param secretKey      HMAC-SHA256 key for {@code RT-Signature}; never sent, never logged
 * @param timeout        connect timeout and per-request timeout
 * @param name           provider name in the registry, logs and metrics
 * @param lookupWindow   how far back {@code findOrderByReference} scans (the API has no query by transactionId)
 * @param lookupMaxPages at most this many pages of 100 profiles per lookup, to bound the cost of a scan
 */
public record EsimAccessConfig(URI baseUrl, String accessCode, String secretKey, Duration timeout, String name,
                               Duration lookupWindow, int lookupMaxPages) {

    public static final URI PRODUCTION = URI.create("https://api.esimaccess.com");

    public EsimAccessConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(accessCode, "accessCode");
        Objects.requireNonNull(secretKey, "secretKey");
        timeout = timeout != null ? timeout : Duration.ofSeconds(5);
        name = name != null ? name : "esimaccess";
        lookupWindow = lookupWindow != null ? lookupWindow : Duration.ofDays(3);
        lookupMaxPages = lookupMaxPages > 0 ? lookupMaxPages : 5;
    }

    public EsimAccessConfig(URI baseUrl, String accessCode, String secretKey) {
        this(baseUrl, accessCode, secretKey, null, null, null, 0);
    }

    @Override
    public String toString() {
        return "EsimAccessConfig[baseUrl=" + baseUrl + ", accessCode=" + accessCode + ", secretKey=<redacted>, timeout="
                + timeout + ", name=" + name + ", lookupWindow=" + lookupWindow + ", lookupMaxPages=" + lookupMaxPages
                + "]";
    }
}
