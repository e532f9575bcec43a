package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.esim.ops.OpsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * After every journey of the run (happy paths, failures, refunds, replays, restarts): the conservation law holds —
 * checked the way support checks it, with {@code esim-ops audit} on the topics. The only order allowed to break it
 * is the one a scenario refunded in full as a goodwill gesture while the traveller kept the installed line, and the
 * audit must find that one.
 */
@ExtendWith(StackExtension.class)
@Order(99)
class ConservationAuditIT {

    @Test
    void everyOrderOfTheRunIsPaidAndDeliveredOrNeitherAndTheAuditSaysSo(Platform platform) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // a grace of a minute: every journey of the run waited for its order to settle
        int exit = new CommandLine(new OpsCli())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("audit", "--grace", "1m", "--json", "--bootstrap-servers", Platform.KAFKA,
                        "--schema-registry", Platform.REGISTRY);

        List<Map.Entry<String, String>> findings = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode finding = read(json, line);
            findings.add(Map.entry(finding.get("order_id").asText(), finding.get("finding").asText()));
        }
        assertThat(err.toString()).as("audit summary").contains("order(s) audited");
        assertThat(findings).as("audit findings; stderr: %s", err)
                .containsExactlyInAnyOrderElementsOf(Journeys.DELIBERATE_EXCEPTIONS.stream()
                        .map(order -> Map.entry(order, "refunded_but_delivered")).toList());
        assertThat(exit).isEqualTo(Journeys.DELIBERATE_EXCEPTIONS.isEmpty() ? 0 : 4);
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON finding: " + line, e);
        }
    }
}
