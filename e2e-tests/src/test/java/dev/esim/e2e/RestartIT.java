package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A service that dies in the middle of an order, and comes back. */
@ExtendWith(StackExtension.class)
@Order(4)
class RestartIT {

    @AfterEach
    void providerBackToNormal(Platform platform) {
        platform.providerAdminDelete("/faults");
    }

    @Test
    void workerKilledWhileTheProviderIsIssuingTheProfileStillDeliversExactlyOne(Platform platform) throws Exception {
        // given: the provider takes 4 s to answer an order, and commits it before answering
        assertThat(platform.providerAdmin("/faults", "{\"latency_ms\": 4000, \"endpoints\": [\"POST /v1/orders\"]}")
                .status()).isBetween(200, 299);
        Journeys.Checkout checkout = Journeys.checkout(platform, Journeys.aPlanFor(platform, "US"));
        int ordersBefore = platform.providerStats().path("requests").path("POST /v1/orders").asInt();

        // when: the traveller pays, and the worker is killed (SIGKILL) while its order call is in flight
        Journeys.pay(platform, checkout);
        await("the worker calls the provider").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> platform.providerStats().path("requests").path("POST /v1/orders").asInt() > ordersBefore);
        platform.stack().stopApplication("provisioning-worker", true);
        platform.providerAdminDelete("/faults");
        platform.stack().startApplication("provisioning-worker");

        // then: exactly one eSIM, one activation event, one e-mail
        Journeys.awaitStatus(platform, checkout.orderId(), "active", Duration.ofSeconds(120));
        Journeys.awaitMail(checkout.email(), 1);
        Thread.sleep(Duration.ofSeconds(5).toMillis());
        assertThat(platform.profilesIssued(checkout.orderId())).isEqualTo(1);
        assertThat(Inbox.messagesTo(checkout.email())).hasSize(1);
        assertThat(Journeys.kinds("esim.activations.v1", checkout.orderId())).containsExactly("ActivationReady");
    }
}
