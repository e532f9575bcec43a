package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.events.avro.CatalogPlan;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import dev.esim.testkit.TestInfrastructure;
import tools.jackson.databind.JsonNode;

class CatalogIT extends CatalogServiceITBase {

    @Test
    void listsPlansByCountryAndRegionAtRetailPrices() {
        // given a country plan and a regional plan at the provider
        String us = unique("US");
        String eu = "EU-" + unique("10GB");
        PROVIDER.offer(FakeProvider.PlanSpec.country(us, "US", "9.50", "USD"),
                new FakeProvider.PlanSpec(eu, "Western Europe 10 GB / 30 days", "western-europe",
                        List.of("FR", "GB", "IT"), 10, 30, "15.90", "EUR", true));
        catalogSync.refresh();

        // then
        assertThat(skus("/v1/catalog?country=US")).contains(us).doesNotContain(eu);
        assertThat(skus("/v1/catalog?country=fr")).contains(eu).doesNotContain(us);
        assertThat(skus("/v1/catalog?region=western-europe")).contains(eu).doesNotContain(us);
        http.get().uri("/v1/catalog/{sku}", eu).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.sku").isEqualTo(eu)
                .jsonPath("$.region").isEqualTo("western-europe")
                .jsonPath("$.coverage.length()").isEqualTo(3)
                .jsonPath("$.data_allowance_mb").isEqualTo(10240)
                .jsonPath("$.validity_days").isEqualTo(30)
                .jsonPath("$.price.amount").isEqualTo(21.99) // 15.90 × 1.35 = 21.465 → 21.99
                .jsonPath("$.price.currency").isEqualTo("EUR")
                .jsonPath("$.activation_method").isEqualTo("lpa")
                .jsonPath("$.esim_type").isEqualTo("data")
                .jsonPath("$.terms_url").isEqualTo(FakeProvider.termsUrl(eu))
                .jsonPath("$.available").isEqualTo(true);
        http.get().uri("/v1/catalog/NOPE-1").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        http.get().uri("/v1/catalog?country=USA").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
    }

    @Test
    void answersNotModifiedWhileTheCatalogueIsUnchanged() {
        String sku = unique("US");
        PROVIDER.offer(FakeProvider.PlanSpec.country(sku, "US", "3.50", "USD"));
        catalogSync.refresh();

        String etag = http.get().uri("/v1/catalog/{sku}", sku).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches("Cache-Control", ".*max-age=300.*")
                .returnResult(String.class).getResponseHeaders().getETag();
        http.get().uri("/v1/catalog/{sku}", sku).header("If-None-Match", etag).exchange()
                .expectStatus().isNotModified()
                .expectBody().isEmpty();

        // when the price changes, the tag changes
        PROVIDER.offer(FakeProvider.PlanSpec.country(sku, "US", "3.50", "USD").withNetPrice("4.50"));
        catalogSync.refresh();
        http.get().uri("/v1/catalog/{sku}", sku).header("If-None-Match", etag).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.price.amount").isEqualTo(6.99);
    }

    @Test
    void publishesEveryChangeToTheCompactedTopicAndNothingWhenUnchanged() throws Exception {
        // given a new plan
        String sku = unique("US");
        PROVIDER.offer(FakeProvider.PlanSpec.country(sku, "US", "9.50", "USD"));
        catalogSync.refresh();
        CatalogPlan first = (CatalogPlan) awaitRecord("esim.catalog.plans.v1", r -> sku.equals(r.key())).value();
        assertThat(first.getPrice().getAmountMinor()).isEqualTo(1299);
        assertThat(first.getAvailable()).isTrue();

        // when nothing changes, then nothing is published; when it is withdrawn, it is announced unavailable
        catalogSync.refresh();
        PROVIDER.withdraw(sku);
        catalogSync.refresh();
        CatalogPlan withdrawn = (CatalogPlan) awaitRecord("esim.catalog.plans.v1",
                r -> sku.equals(r.key()) && !((CatalogPlan) r.value()).getAvailable()).value();
        assertThat(withdrawn.getEventId()).isNotEqualTo(first.getEventId());
        // exactly these two events (the outbox is at-least-once: a re-sent copy keeps its event id)
        assertThat(records("esim.catalog.plans.v1")).filteredOn(r -> sku.equals(r.key()))
                .extracting(r -> ((CatalogPlan) r.value()).getEventId())
                .containsOnly(first.getEventId(), withdrawn.getEventId());
        http.get().uri("/v1/catalog/{sku}", sku).exchange().expectBody().jsonPath("$.available").isEqualTo(false);

        // and the topic is compacted, as the contract says
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "esim.catalog.plans.v1");
        Config config = TestInfrastructure.kafka().admin().describeConfigs(List.of(topic)).all().get().get(topic);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }

    private List<String> skus(String uri) {
        JsonNode body = http.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(body.has("updated_at")).isTrue();
        return body.get("items").valueStream().map(i -> i.get("sku").asString()).toList();
    }

}
