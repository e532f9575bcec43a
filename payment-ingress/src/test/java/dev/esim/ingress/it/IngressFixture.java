package dev.esim.ingress.it;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An HTTP client for the running service, posting raw bytes exactly as a gateway would. */
final class IngressFixture {

    static final String OLD_SECRET = "whsec_it_old_secret";
    static final String NEW_SECRET = "whsec_it_new_secret";
    static final String SIMOLOGY_SECRET = "simsec_sandbox_it";

    private final WebTestClient client;

    IngressFixture(int port) {
        this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build();
    }

    WebTestClient client() {
        return client;
    }

    WebTestClient.ResponseSpec stripe(byte[] body, String signature) {
        var request = client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec provider(String provider, String header, String signature, byte[] body) {
        var request = client.post().uri("/webhooks/providers/{p}", provider).contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header(header, signature);
        }
        return request.bodyValue(body).exchange();
    }
}
