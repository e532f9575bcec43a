package dev.esim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.events.serde.ConfluentAvroSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confluent's official JavaScript client ({@code @confluentinc/schemaregistry}, see src/test/js) as an independent
 * oracle: it registers and (de)serialises against our registry, and its bytes must be readable by our Java serde
 * from module {@code schemas}, and the other way round. Confluent's Java serde and server are not available on this
 * machine; their JS client is, and it speaks the same REST API and wire format.
 *
 * <p>Needs node (18+) and npm on the PATH, and the npm registry for the first {@code npm ci}; node_modules is kept
 * in src/test/js between runs.
 */
class ConfluentJsClientConformanceIT {

    private static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
    private static final String CLIENT_VERSION = "1.10.1";

    private static EmbeddedPostgres postgres;
    private static SchemaRegistryServer server;
    private static RegistryClient http;
    private static Schema schema;

    @BeforeAll
    static void startRegistryAndInstallJsClient() throws IOException {
        requireNode();
        installJsClientUnlessPresent();
        postgres = EmbeddedPostgres.start();
        server = SchemaRegistryServer.start(0, postgres.getPostgresDatabase());
        http = new RegistryClient(server.url());
        schema = new Schema.Parser().parse(resource("ConformanceOrder.avsc").toFile());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void bytesSerializedByTheJsClientAreReadByOurJavaDeserializer() {
        // given: the JS client registers the schema for the topic's value subject
        String topic = "conformance.js-to-java";
        int id = js("register", topic + "-value", resource("ConformanceOrder.avsc").toString()).get("id").asInt();
        assertThat(http.get("/subjects/" + topic + "-value/versions/latest").json().get("id").asInt()).isEqualTo(id);

        // when: it serialises two records (a long beyond int range; the optional field set and null)
        JsonNode withCoupon = js("serialize", topic,
                "{\"order_id\":\"ord-js-1\",\"amount_minor\":4000000123,\"coupon\":\"SPRING\"}");
        JsonNode withoutCoupon = js("serialize", topic,
                "{\"order_id\":\"ord-js-2\",\"amount_minor\":1299,\"coupon\":null}");

        // then: Confluent's framing with the registry's id, readable by our deserializer
        byte[] first = HexFormat.of().parseHex(withCoupon.get("hex").asText());
        assertThat(first[0]).isZero();
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(id);
        GenericRecord read = (GenericRecord) javaDeserializer().deserialize(topic, first);
        assertThat(read.getSchema()).isEqualTo(schema);
        assertThat(read.get("order_id").toString()).isEqualTo("ord-js-1");
        assertThat(read.get("amount_minor")).isEqualTo(4_000_000_123L);
        assertThat(read.get("coupon").toString()).isEqualTo("SPRING");

        byte[] second = HexFormat.of().parseHex(withoutCoupon.get("hex").asText());
        GenericRecord readSecond = (GenericRecord) javaDeserializer().deserialize(topic, second);
        assertThat(readSecond.get("order_id").toString()).isEqualTo("ord-js-2");
        assertThat(readSecond.get("amount_minor")).isEqualTo(1299L);
        assertThat(readSecond.get("coupon")).isNull();
    }

    @Test
    void bytesSerializedByOurJavaSerializerAreReadByTheJsClient() {
        // given: our serializer auto-registers the schema, as producers in the platform do
        String topic = "conformance.java-to-js";
        GenericRecord record = order("ord-java-1", 4_000_000_456L, "WINTER");

        // when
        byte[] bytes = javaSerializer().serialize(topic, record);
        JsonNode read = js("deserialize", topic, HexFormat.of().formatHex(bytes));

        // then
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(bytes[0]).isZero();
        assertThat(http.get("/subjects/" + topic + "-value/versions/latest").json().get("id").asInt()).isEqualTo(id);
        assertThat(read.get("id").asInt()).isEqualTo(id);
        assertThat(read.get("record").get("order_id").asText()).isEqualTo("ord-java-1");
        assertThat(read.get("record").get("amount_minor").asLong()).isEqualTo(4_000_000_456L);
        assertThat(read.get("record").get("coupon").asText()).isEqualTo("WINTER");

        byte[] withoutCoupon = javaSerializer().serialize(topic, order("ord-java-2", 1L, null));
        JsonNode readNull = js("deserialize", topic, HexFormat.of().formatHex(withoutCoupon));
        assertThat(readNull.get("record").get("order_id").asText()).isEqualTo("ord-java-2");
        assertThat(readNull.get("record").get("coupon").isNull()).isTrue();
    }

    @Test
    void bothClientsAgreeOnTheSchemaIdForOneSchema() {
        // given: the JS client registers the schema under one subject
        int jsId = js("register", "conformance.agree-js-value", resource("ConformanceOrder.avsc").toString())
                .get("id").asInt();

        // when: our Java serializer registers the same schema under another topic's subject
        byte[] javaBytes = javaSerializer().serialize("conformance.agree-java", order("ord-agree", 7L, null));
        JsonNode jsBytes = js("serialize", "conformance.agree-java",
                "{\"order_id\":\"ord-agree\",\"amount_minor\":7,\"coupon\":null}");

        // then: one schema, one id — and both clients write the very same bytes for the same record
        assertThat(ByteBuffer.wrap(javaBytes, 1, 4).getInt()).isEqualTo(jsId);
        assertThat(jsBytes.get("id").asInt()).isEqualTo(jsId);
        assertThat(jsBytes.get("hex").asText()).isEqualTo(HexFormat.of().formatHex(javaBytes));
    }

    @Test
    void theJsClientSeesAnIncompatibleSchemaRefusedWith409() {
        // given
        String subject = "conformance.incompatible-value";
        js("register", subject, resource("ConformanceOrder.avsc").toString());

        // when: a new required field without default, under the default BACKWARD level
        JsonNode refused =
                js("incompatible", subject, resource("ConformanceOrderWithRequiredCurrency.avsc").toString());

        // then
        assertThat(refused.get("status").asInt()).isEqualTo(409);
        assertThat(refused.get("errorCode").asInt()).isEqualTo(409);
        assertThat(refused.get("message").asText()).contains("incompatible");
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    // --- fixtures ---------------------------------------------------------------------------------------------------

    private static GenericRecord order(String orderId, long amountMinor, String coupon) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("order_id", orderId);
        record.put("amount_minor", amountMinor);
        record.put("coupon", coupon);
        return record;
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", server.url(), "auto.register.schemas", true,
                "specific.avro.reader", false);
    }

    private static ConfluentAvroSerializer javaSerializer() {
        ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
        serializer.configure(serdeConfig(), false);
        return serializer;
    }

    private static ConfluentAvroDeserializer javaDeserializer() {
        ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    private static Path resource(String name) {
        try {
            return Path.of(ConfluentJsClientConformanceIT.class.getResource("/conformance/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- node -------------------------------------------------------------------------------------------------------

    /** Runs a command of src/test/js/conformance.mjs against our registry; returns its JSON line. */
    private static JsonNode js(String command, String... args) {
        List<String> line = new ArrayList<>(List.of("node", "conformance.mjs", command, server.url()));
        line.addAll(List.of(args));
        Result result = run(line, 60);
        if (result.exitCode() != 0) {
            fail("node conformance.mjs " + command + " exited " + result.exitCode() + ":\n" + result.output());
        }
        String[] lines = result.stdout().strip().split("\n");
        return new RegistryClient.Reply(200, "", lines[lines.length - 1]).json();
    }

    private static void requireNode() {
        Result node;
        try {
            node = run(List.of("node", "--version"), 30);
        } catch (UncheckedIOException e) {
            node = null;
        }
        if (node == null || node.exitCode() != 0) {
            fail("ConfluentJsClientConformanceIT needs Node.js 18+ and npm on the PATH (e.g. `apt-get install -y"
                    + " nodejs npm`): it runs Confluent's JavaScript client as the conformance oracle.");
        }
        int major = Integer.parseInt(node.stdout().strip().replaceFirst("^v(\\d+).*$", "$1"));
        assertThat(major).as("Node.js major version (Confluent's client needs 18+)").isGreaterThanOrEqualTo(18);
    }

    /** npm ci once; later runs reuse src/test/js/node_modules while it holds the pinned client version. */
    private static void installJsClientUnlessPresent() throws IOException {
        Path installed = JS_DIR.resolve("node_modules/@confluentinc/schemaregistry/package.json");
        // npm writes node_modules/.package-lock.json last, so its presence means a finished install
        boolean complete = Files.exists(JS_DIR.resolve("node_modules/.package-lock.json")) && Files.exists(installed);
        if (complete && RegistryClient.JSON.readTree(installed.toFile()).path("version").asText()
                .equals(CLIENT_VERSION)) {
            return;
        }
        Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
        if (npm.exitCode() != 0) {
            fail("npm ci in " + JS_DIR + " failed (it needs the npm registry the first time):\n" + npm.output());
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {

        String output() {
            return stdout + stderr;
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) {
        try {
            Path stderr = Files.createTempFile("conformance-", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(JS_DIR.toFile())
                        .redirectError(stderr.toFile()).start();
                process.getOutputStream().close();
                byte[] stdout = process.getInputStream().readAllBytes();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
