package dev.esim.guardrails;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code esim.http.*}: the limits every service's HTTP server runs with. Defaults suit every service. */
@ConfigurationProperties("esim")
public record GuardrailsProperties(@DefaultValue Http http) {

    /**
     * @param requestHeaderTimeout a request's headers complete within this of the connection opening (or of the
     *                             previous response on a kept-alive connection)
     * @param readTimeout          at most this between two reads of a request body
     * @param requestTimeout       the whole request body within this
     * @param idleTimeout          a kept-alive connection with no request is closed after this
     * @param maxConnections       connections open at once; more are closed on arrival
     */
    public record Http(
            @DefaultValue("10s") Duration requestHeaderTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("4096") int maxConnections) {

        public Http {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("esim.http.max-connections must be at least 1");
            }
        }
    }
}
