package dev.esim.catalog.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Simology-style provider API (docs/provider-api.md) as a WireMock fake: a catalogue the test edits plan by plan,
 * and line usage per ICCID. Responses are built here from typed builders, not pasted JSON.
 */
final class FakeProvider implements AutoCloseable {

    /** One catalogue entry, priced net (wholesale). */
    record PlanSpec(String sku, String name, String region, List<String> coverage, int gb, int days, String netPrice,
                    String currency, boolean available) {
        static PlanSpec country(String sku, String country, String netPrice, String currency) {
            return new PlanSpec(sku, sku + " plan", country, List.of(country), 5, 30, netPrice, currency, true);
        }

        PlanSpec withNetPrice(String price) {
            return new PlanSpec(sku, name, region, coverage, gb, days, price, currency, available);
        }

        PlanSpec unavailable() {
            return new PlanSpec(sku, name, region, coverage, gb, days, netPrice, currency, false);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer server;
    private final Map<String, PlanSpec> plans = new LinkedHashMap<>();

    FakeProvider() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        publishCatalogue();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    synchronized void offer(PlanSpec... specs) {
        for (PlanSpec spec : specs) {
            plans.put(spec.sku(), spec);
        }
        publishCatalogue();
    }

    synchronized void withdraw(String sku) {
        plans.remove(sku);
        publishCatalogue();
    }

    void line(String iccid, String status, long usedMb, long remainingMb, String validUntil) {
        line(iccid, status, usedMb, remainingMb, validUntil, true);
    }

    /** A line, and its cancellation as the provider answers it: cancelled while not installed, 409 once it is. */
    void line(String iccid, String status, long usedMb, long remainingMb, String validUntil, boolean installed) {
        ObjectNode line = JSON.createObjectNode().put("iccid", iccid).put("status", status)
                .put("installed", installed).put("valid_until", validUntil);
        ObjectNode answer = JSON.createObjectNode();
        if (installed) {
            answer.putObject("error").put("code", "conflict").put("request_id", "req_c")
                    .put("message", "the eSIM profile is installed on a device and can no longer be cancelled");
        } else {
            answer.put("iccid", iccid).put("status", "cancelled").put("refunded", true);
        }
        server.stubFor(post(urlPathEqualTo("/v1/lines/" + iccid + "/cancel"))
                .willReturn(json(installed ? 409 : 200, answer.toString())));
        line.putObject("data").put("used_mb", usedMb).put("remaining_mb", remainingMb);
        server.stubFor(get(urlPathEqualTo("/v1/lines/" + iccid)).willReturn(json(200, line.toString())));
    }

    void unknownLine(String iccid) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", "not_found").put("message", "No such line.").put("request_id", "req_x");
        server.stubFor(get(urlPathEqualTo("/v1/lines/" + iccid)).willReturn(json(404, error.toString())));
    }

    /** The page this provider names for a plan. */
    static String termsUrl(String sku) {
        return "https://provider.example/plans/" + sku.toLowerCase(java.util.Locale.ROOT);
    }

    int cancellations(String iccid) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/v1/lines/" + iccid + "/cancel"))).size();
    }

    int lineReads(String iccid) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/v1/lines/" + iccid))).size();
    }

    private void publishCatalogue() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (PlanSpec p : plans.values()) {
            ObjectNode item = items.addObject()
                    .put("sku", p.sku()).put("name", p.name()).put("region", p.region())
                    .put("data_allowance_mb", p.gb() * 1024L).put("validity_days", p.days())
                    .put("activation_method", "lpa").put("esim_type", "data").put("available", p.available())
                    .put("terms_url", termsUrl(p.sku()));
            ArrayNode coverage = item.putArray("coverage");
            p.coverage().forEach(coverage::add);
            item.putObject("price").put("amount", new java.math.BigDecimal(p.netPrice())).put("currency", p.currency());
        }
        body.put("updated_at", "2025-01-10T09:12:44Z");
        server.stubFor(get(urlPathEqualTo("/v1/catalog")).willReturn(json(200, body.toString())));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", "req_fake").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
