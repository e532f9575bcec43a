package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Steps several scenarios share, each the way a traveller or a downstream team would do it. */
final class Journeys {

    static final Duration SETTLE = Duration.ofSeconds(3);

    /**
     * Orders a scenario deliberately leaves breaking money ⇔ eSIM (a full goodwill refund of an installed line): the
     * audit at the end of the run must find these, and nothing else.
     */
    static final java.util.Set<String> DELIBERATE_EXCEPTIONS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Journeys() {
    }

    /** A plan the catalogue sells for {@code country}, once catalog-service has synced it from the provider. */
    static String aPlanFor(Platform platform, String country) {
        JsonNode[] plans = new JsonNode[1];
        await("catalogue for " + country).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    plans[0] = items(platform.catalogue(country));
                    return plans[0].size() > 0;
                });
        return plans[0].get(0).path("sku").asText();
    }

    static JsonNode items(JsonNode catalogue) {
        return catalogue.isArray() ? catalogue : catalogue.path("items");
    }

    record Checkout(String orderId, String paymentUrl, String email, String sku) {
    }

    static Checkout checkout(Platform platform, String sku) {
        String email = Platform.newTravellerEmail();
        Platform.Response created = platform.checkout("e2e-" + UUID.randomUUID(), email, sku);
        assertThat(created.status()).as("POST /v1/checkout/sessions: %s", created.body()).isEqualTo(201);
        JsonNode json = created.json();
        assertThat(json.path("status").asText()).isEqualTo("pending_payment");
        return new Checkout(json.path("order_id").asText(), json.path("payment_url").asText(), email, sku);
    }

    static void pay(Platform platform, Checkout checkout) {
        Platform.Response page = Platform.get(checkout.paymentUrl());
        assertThat(page.status()).as("the checkout page").isEqualTo(200);
        Platform.Response paid = platform.clickOnCheckoutPage(checkout.paymentUrl(), "pay");
        assertThat(paid.status()).as("Pay: %s", paid.body()).isEqualTo(303);
    }

    /** The payment intent the sandbox gateway's checkout session of the order was paid with. */
    static String paymentIntentOf(Checkout order) {
        String session = order.paymentUrl().substring(order.paymentUrl().lastIndexOf('/') + 1);
        return Platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Platform.SANDBOX + "/stripe/v1/checkout/sessions/" + session))
                .header("Authorization", "Bearer " + Platform.STRIPE_API_KEY).GET()).json()
                .path("payment_intent").asText();
    }

    static void awaitStatus(Platform platform, String orderId, String status, Duration atMost) {
        await("order " + orderId + " " + status).atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> platform.orderStatus(orderId), status::equals);
    }

    static List<MimeMessage> awaitMail(String address, int count) {
        await("e-mail to the traveller").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Inbox.messagesTo(address).size() >= count);
        return Inbox.messagesTo(address);
    }

    /** The payload branch of an envelope record (every topic's value has {@code payload}). */
    static SpecificRecord payload(SpecificRecord envelope) {
        return (SpecificRecord) envelope.get(envelope.getSchema().getField("payload").pos());
    }

    static String kind(SpecificRecord envelope) {
        return payload(envelope).getSchema().getName();
    }

    static List<String> kinds(String topic, String orderId) {
        return TopicRecords.ofOrder(topic, orderId).stream().map(Journeys::kind).toList();
    }

    static String field(SpecificRecord record, String name) {
        Object value = record.get(record.getSchema().getField(name).pos());
        return value == null ? null : value.toString();
    }
}
