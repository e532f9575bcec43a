package dev.esim.sandbox.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of a signed webhook body, as the gateway stand-ins make it: POST it, keep the status, forget
 * the answer's body. Each stand-in keeps its own retry schedule and bookkeeping; this is only the wire.
 */
public final class WebhookPost {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookPost.class);

    private WebhookPost() {
    }

    /**
     * @param headers  the stand-in's own (signature, content type, user agent)
     * @param what     names the attempt in log lines (never the body: it may hold personal data)
     * @return the answer's status, or null when there was none (network fault, timeout, unusable URL, or this
     *         thread was interrupted — then its interrupt flag is set again)
     */
    public static Integer send(HttpClient http, String url, Duration timeout, String body,
                               Map<String, String> headers, String what) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            LOG.debug("{} to {} failed: {}", what, url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: {} is not a usable webhook URL: {}", what, url, e.getMessage());
        }
        return null;
    }
}
