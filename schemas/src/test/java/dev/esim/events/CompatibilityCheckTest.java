package dev.esim.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityCheckTest {

    private static final Path BASELINE = Path.of("src/main/avro-baseline");

    @Test
    void currentSchemasAreBackwardCompatibleWithTheCommittedBaseline() {
        assertThat(CompatibilityCheck.problems(CompatibilityCheck.currentSchemas(), BASELINE)).isEmpty();
    }

    @Test
    void everyTopicHasABaseline() {
        Topics.all().forEach(t -> assertThat(BASELINE.resolve(t.name() + ".avsc")).exists());
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsReported(@TempDir Path dir) throws IOException {
        // given the committed baseline of the payments topic
        Files.copy(BASELINE.resolve("esim.payments.v1.avsc"), dir.resolve("esim.payments.v1.avsc"));
        // when a change adds a field that old records cannot fill
        Schema changed =
                withExtraField(Topics.PAYMENTS.valueSchema(), "{\"name\":\"merchant_id\",\"type\":\"string\"}");

        // then the check names the problem, so the build fails
        assertThat(CompatibilityCheck.problems(Map.of("esim.payments.v1", changed), dir))
                .singleElement().asString()
                .contains("esim.payments.v1").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("merchant_id");
    }

    @Test
    void aNewFieldWithADefaultIsAccepted(@TempDir Path dir) throws IOException {
        Files.copy(BASELINE.resolve("esim.payments.v1.avsc"), dir.resolve("esim.payments.v1.avsc"));
        Schema changed = withExtraField(Topics.PAYMENTS.valueSchema(),
                "{\"name\":\"merchant_id\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertThat(CompatibilityCheck.problems(Map.of("esim.payments.v1", changed), dir)).isEmpty();
    }

    @Test
    void aMissingBaselineIsReported(@TempDir Path dir) {
        assertThat(CompatibilityCheck.problems(Map.of("esim.new.v1", Topics.ORDERS.valueSchema()), dir))
                .singleElement().asString().contains("no baseline");
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        String patched = json.replaceFirst("\"fields\":\\[", "\"fields\":[" + fieldJson + ",");
        return new Schema.Parser().parse(patched);
    }
}
