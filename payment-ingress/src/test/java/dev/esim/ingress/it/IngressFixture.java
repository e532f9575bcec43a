package dev.esim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An HTTP client for the running service, posting raw bytes exactly as a gateway would. */
final class IngressFixture {

    static final String OLD_SECRET = "whsec_it_old_secret";
    static final String NEW_SECRET = "whsec_it_new_secret";
    static final String SIMOLOGY_SECRET = "simsec_sandbox_it";
    static final String GOVUKPAY_OLD_SECRET = "govukpay_whsec_it_old";
    static final String GOVUKPAY_NEW_SECRET = "govukpay_whsec_it_new";

    private final WebTestClient client;

    IngressFixture(int port) {
        this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build();
    }

    WebTestClient client() {
        return client;
    }

    /** The service's actuator, which listens on its management port, never on the public one. */
    static WebTestClient actuator(int managementPort) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(15)).build();
    }

    WebTestClient.ResponseSpec stripe(byte[] body, String signature) {
        var request = client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec govukpay(byte[] body, String signature) {
        var request = client.post().uri("/webhooks/govukpay").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("Pay-Signature", signature);
        }
        return request.bodyValue(body).exchange();
    }

    /** The outcome of a delivery: final status and body. */
    record Delivery(int status, String body) {
    }

    /**
     * Delivers like a gateway does: a 503 (Kafka slow or away) is retried until a 2xx or 30 s, so tests of the
     * happy path do not depend on how loaded the machine is. Returns the last attempt.
     */
    Delivery deliver(java.util.function.Supplier<WebTestClient.ResponseSpec> attempt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var result = attempt.get().expectBody(String.class).returnResult();
            int status = result.getStatus().value();
            if (status != 503 || System.nanoTime() > deadline) {
                return new Delivery(status, result.getResponseBody());
            }
        }
    }

    int deliverStripe(byte[] body, java.util.function.Supplier<String> signature) {
        return deliver(() -> stripe(body, signature.get())).status();
    }

    WebTestClient.ResponseSpec provider(String provider, String header, String signature, byte[] body) {
        var request = client.post().uri("/webhooks/providers/{p}", provider).contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header(header, signature);
        }
        return request.bodyValue(body).exchange();
    }

    /** The canonical error body, with the request id the answer's {@code X-Request-Id} header names. */
    static void expectError(WebTestClient.ResponseSpec response, int status, String code) {
        List<String> requestIds = new ArrayList<>();
        response.expectStatus().isEqualTo(status)
                .expectHeader().value("X-Request-Id", (Consumer<String>) requestIds::add)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.error.request_id").value(id -> assertThat(id).isEqualTo(requestIds.get(0)));
    }
}
