package dev.esim.contract.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.esim.contract.RepositoryFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class MonitoringAssetsTest {

    static final String ALERTS = "deploy/monitoring/alerts.yaml";
    static final String DASHBOARD = "deploy/monitoring/esim-platform.json";

    @Test
    void everyAlertRuleHasExprForSeverityAndSummary() {
        // given
        List<Map<String, Object>> rules = alertRules();

        // then
        assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
        Set<String> names = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertThat(name).as("every rule is an alerting rule with a name").isNotBlank();
            assertThat(names.add(name)).as("alert names are unique: " + name).isTrue();
            assertThat((String) rule.get("expr")).as(name + " expr").isNotBlank();
            assertThat(String.valueOf(rule.get("for"))).as(name + " for").matches("\\d+[smh]");
            assertThat(map(rule, "labels").get("severity")).as(name + " severity").isIn("critical", "warning", "info");
            assertThat((String) map(rule, "annotations").get("summary")).as(name + " summary").isNotBlank();
        }
    }

    @Test
    void alertsCoverWhatOperatorsAskedFor() {
        String allExpressions = String.join("\n", alertRules().stream().map(r -> (String) r.get("expr")).toList());

        assertThat(allExpressions).contains(
                "ingress_webhooks_total{outcome=\"rejected\"}",     // webhook rejection rate
                "-dlt",                                               // DLT growth
                "kafka_consumer_fetch_manager_records_lag_max",       // consumer lag
                "esim_provisioning_claims_stuck",                     // stuck provisioning claims
                "resilience4j_circuitbreaker_state",                  // provider circuit open
                "esim_notification_emails_failed_total",              // e-mail failures
                "esim_provider_balance_low",                          // low provider balance
                "spring_kafka_listener_seconds_count",                // nothing processed while records wait
                "esim_consumer_last_event_age_seconds",               // age of the last processed event
                "esim_reconciliation_alerts");                        // findings the mop-up job cannot fix
    }

    @Test
    void dashboardIsGrafanaJsonWhosePanelsAllQueryPrometheus() throws IOException {
        // given
        JsonNode dashboard = new ObjectMapper().readTree(RepositoryFiles.read(DASHBOARD));

        // then
        assertThat(dashboard.path("uid").asText()).isEqualTo("esim-platform");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id: " + title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + " fits 24 columns")
                    .isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title + " expr").isNotBlank();
            }
            queried++;
        }
        assertThat(queried).isGreaterThanOrEqualTo(12);
    }

    @Test
    void everyMetricUsedIsRegisteredByAServiceOrIsAStandardOne() throws IOException {
        // given
        Set<String> registered = MetricCatalogue.registeredByServices();
        assertThat(registered).as("meters found in the services' sources")
                .contains("ingress_webhooks", "esim_provisioning_claims_stuck", "esim_notification_emails_failed");

        // when
        Set<String> unknown = new TreeSet<>();
        for (String metric : metricsUsed()) {
            if (!MetricCatalogue.isKnown(metric, registered)) {
                unknown.add(metric);
            }
        }

        // then
        assertThat(unknown).as("metrics in alerts/dashboard that no service registers and that are not standard "
                + "(a meter was renamed? update deploy/monitoring and its README)").isEmpty();
    }

    @Test
    void readmeNamesEveryMetricTheAssetsUse() throws IOException {
        String readme = RepositoryFiles.read("deploy/monitoring/README.md");
        Set<String> bases = new TreeSet<>();
        for (String metric : metricsUsed()) {
            bases.add(metric.replaceAll("_(total|count|sum|bucket|max)$", "").replaceAll("_seconds$", ""));
        }
        assertThat(bases).allSatisfy(base -> assertThat(readme).as("deploy/monitoring/README.md").contains(base));
    }

    @Test
    void readsMetricNamesOutOfPromQl() {
        assertThat(PromQl.metricNames("sum by (source) (rate(ingress_webhooks_total{outcome=\"rejected\"}[5m])) "
                + "/ clamp_min(sum(rate(ingress_webhooks_total[$__rate_interval])), 1e-9) > 0.05"))
                .containsExactly("ingress_webhooks_total");
        assertThat(PromQl.metricNames(
                "max by (job) (a_b) > 0 unless on (job) sum by (job) (rate(c_d{x=\"y\"}[15m])) > 0"))
                .containsExactly("a_b", "c_d");
    }

    static Set<String> metricsUsed() throws IOException {
        Set<String> metrics = new TreeSet<>();
        for (Map<String, Object> rule : alertRules()) {
            metrics.addAll(PromQl.metricNames((String) rule.get("expr")));
        }
        for (String expr : dashboardExpressions()) {
            metrics.addAll(PromQl.metricNames(expr));
        }
        return metrics;
    }

    static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(RepositoryFiles.read(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(RepositoryFiles.read(ALERTS));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            assertThat((String) group.get("name")).isNotBlank();
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) parent.get(key);
    }
}
