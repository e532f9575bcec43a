package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

@WithSchemaRegistry
class SchemaRegistryIT {

    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registryIsReachableAndASchemaRegisteredIsFetchedById(SchemaRegistry registry) throws Exception {
        // given
        String subject = "testkit-" + UUID.randomUUID() + "-value";
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\","
                + "\\\"namespace\\\":\\\"dev.esim.testkit\\\","
                + "\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"}]}";

        // when
        HttpResponse<String> registered = send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONFLUENT_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}")));

        // then
        assertThat(registered.statusCode()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(registered.body());
        assertThat(id.find()).as("id in %s", registered.body()).isTrue();

        HttpResponse<String> fetched = send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/schemas/ids/" + id.group(1))).GET());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).contains("Ping").contains("dev.esim.testkit");

        HttpResponse<String> subjects = send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).GET());
        assertThat(subjects.body()).contains(subject);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // A bounded wait: a registry whose handler dies would otherwise hang the build instead of failing it.
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
