package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.sandbox.gateway.StripeSigner;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start reading here: one traveller, from the catalogue to the QR code in their inbox. */
@ExtendWith(StackExtension.class)
@Order(1)
class HappyPathIT {

    private static final String ACTIVATIONS = "esim.activations.v1";

    @Test
    void paidCheckoutEndsWithOneActiveEsimOneActivationEventAndOneEmailWhoseQrIsTheLpa(Platform platform)
            throws Exception {
        // given: a plan from the catalogue
        String sku = Journeys.aPlanFor(platform, "US");

        // when: the traveller checks out (the same request twice: a double-clicked button) and pays on the page
        String email = Platform.newTravellerEmail();
        String key = "e2e-" + UUID.randomUUID();
        Platform.Response first = platform.checkout(key, email, sku);
        Platform.Response again = platform.checkout(key, email, sku);
        assertThat(first.status()).as("checkout: %s", first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.json().path("order_id").asText()).isEqualTo(first.json().path("order_id").asText());
        Journeys.Checkout checkout = new Journeys.Checkout(first.json().path("order_id").asText(),
                first.json().path("payment_url").asText(), email, sku);
        assertThat(platform.orderStatus(checkout.orderId())).isEqualTo("pending_payment");
        Journeys.pay(platform, checkout);

        // then: the order turns active
        Journeys.awaitStatus(platform, checkout.orderId(), "active", Duration.ofSeconds(90));

        // and: exactly one e-mail, whose QR code is the LPA string of the one profile the provider issued
        List<MimeMessage> mail = Journeys.awaitMail(email, 1);
        Thread.sleep(Journeys.SETTLE.toMillis());
        mail = Inbox.messagesTo(email);
        assertThat(mail).hasSize(1);
        assertThat(((InternetAddress) mail.get(0).getAllRecipients()[0]).getAddress()).isEqualTo(email);
        List<String> qr = Inbox.qrCodes(mail.get(0));
        assertThat(qr).hasSize(1);
        assertThat(qr.get(0)).matches("LPA:1\\$[^$]+\\$[^$]+");
        assertThat(Inbox.text(mail.get(0))).contains(qr.get(0));
        JsonNode providerOrders = platform.providerOrdersByReference(checkout.orderId());
        assertThat(providerOrders.findValuesAsText("smdp_plus")).containsExactly(qr.get(0));
        assertThat(platform.profilesIssued(checkout.orderId())).isEqualTo(1);

        // and: the e-mail's order link opens the traveller's order page, which says the eSIM is ready
        java.util.regex.Matcher link = java.util.regex.Pattern
                .compile("http://localhost:8082/orders/" + checkout.orderId() + "\\?token=[A-Za-z0-9_-]+")
                .matcher(Inbox.text(mail.get(0)));
        assertThat(link.find()).as("an order link in the e-mail").isTrue();
        Platform.Response page = Platform.get(link.group());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your eSIM is ready");

        // and: one ActivationReady for downstream (read_committed) consumers, its LPA not in plaintext
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).containsExactly("ActivationReady");
        assertThat(TopicRecords.bytes(ACTIVATIONS).stream().filter(r -> checkout.orderId().equals(r.key()))
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1)))
                .noneMatch(v -> v.contains(qr.get(0).split("\\$")[2]));
    }

    @Test
    void theSameSignedPaymentEventDeliveredThreeTimesMoreStillGivesOneProfileAndOneEmail(Platform platform)
            throws Exception {
        // given: a paid order, fully provisioned
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));
        Journeys.pay(platform, checkout);
        Journeys.awaitStatus(platform, checkout.orderId(), "active", Duration.ofSeconds(90));
        Journeys.awaitMail(checkout.email(), 1);

        // when: the gateway's own events for this order are delivered again, newest first (reordered), three times,
        // each freshly signed as a redelivery is
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String type : List.of("checkout.session.completed", "payment_intent.succeeded")) {
            for (JsonNode event : platform.gatewayEvents(type)) {
                if (event.toString().contains(checkout.orderId())) {
                    events.add(event);
                }
            }
        }
        assertThat(events).as("the gateway's events of the order").isNotEmpty();
        java.util.Collections.reverse(events);
        for (int round = 0; round < 3; round++) {
            for (JsonNode event : events) {
                String payload = Platform.JSON.writeValueAsString(event);
                Platform.Response r = platform.postStripeWebhook(payload,
                        StripeSigner.header(payload, Platform.STRIPE_WEBHOOK_SECRET));
                assertThat(r.status()).as("redelivery of %s: %s", event.path("type").asText(), r.body())
                        .isBetween(200, 299);
            }
        }

        // then: still one profile, one e-mail, one activation event; the order stays active
        Thread.sleep(Duration.ofSeconds(8).toMillis());
        assertThat(platform.profilesIssued(checkout.orderId())).isEqualTo(1);
        assertThat(Inbox.messagesTo(checkout.email())).hasSize(1);
        assertThat(Journeys.kinds(ACTIVATIONS, checkout.orderId())).containsExactly("ActivationReady");
        assertThat(platform.orderStatus(checkout.orderId())).isEqualTo("active");
    }
}
