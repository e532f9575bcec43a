package dev.esim.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and TLS towards a registry, checked against a small HTTP(S) server standing in for it. */
class RegistryAccessTest {

    private static final String SCHEMA = """
            {"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}""";

    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void basicCredentialsFromUserInfoGoInAHeader() throws IOException {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");

        client(url, Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:s3cret"))
                .getById(7);

        assertThat(authorizations).containsExactly("Basic c3ZjOnMzY3JldA==");
    }

    @Test
    void basicCredentialsInTheUrlGoInAHeaderNotInTheRequestLine() throws IOException {
        URI bare = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
        URI url = URI.create("http://svc:s3cret@127.0.0.1:" + bare.getPort());

        client(url, Map.of()).getById(7);

        assertThat(authorizations).containsExactly("Basic c3ZjOnMzY3JldA==");
    }

    @Test
    void aStaticBearerTokenGoesInAHeader() throws IOException {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");

        client(url, Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "tok-123"))
                .getById(7);

        assertThat(authorizations).containsExactly("Bearer tok-123");
    }

    @Test
    void withoutCredentialsNoHeader() throws IOException {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");

        client(url, Map.of()).getById(7);

        assertThat(authorizations).containsExactly("none");
    }

    @Test
    void refusesAmbiguousOrIncompleteCredentialsAndKeepsThemOutOfItsDescription() {
        List<URI> urls = List.of(URI.create("http://registry:8081"));
        assertThatThrownBy(() -> RegistryAccess.from(Map.of("basic.auth.credentials.source", "USER_INFO"), urls))
                .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> RegistryAccess.from(Map.of("basic.auth.credentials.source", "SASL_INHERIT"), urls))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryAccess.from(Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "a:b", "bearer.auth.credentials.source", "STATIC_TOKEN"), urls))
                .hasMessageContaining("not both");
        assertThat(RegistryAccess.from(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", "tok-123"), urls).toString()).doesNotContain("tok-123");
    }

    @Test
    void talksTlsToARegistryWhoseCertificateIsInTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("registry.p12");
        Path trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", "trustpass");
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore, "changeit")));
        URI url = start(https, "https");

        Schema schema = client(url, Map.of("schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", "trustpass",
                "schema.registry.ssl.truststore.type", "PKCS12")).getById(7);

        assertThat(schema.getName()).isEqualTo("R");
        assertThatThrownBy(() -> client(url, Map.of()).getById(8))
                .as("the JVM's own trust store does not know this certificate")
                .isInstanceOf(IOException.class);
    }

    private static SchemaRegistryClient client(URI url, Map<String, Object> settings) {
        Map<String, Object> configs = new HashMap<>(settings);
        configs.put("schema.registry.url", url.toString());
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        return new RestSchemaRegistryClient(config.registryUrls(), config.access());
    }

    /** Serves {@code GET /schemas/ids/{id}}, remembering each request's Authorization header. */
    private URI start(HttpServer http, String scheme) {
        server = http;
        server.createContext("/schemas/ids/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "none" : authorization);
            respond(exchange, "{\"schema\":" + quoted(SCHEMA) + "}");
        });
        server.start();
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    private static SSLContext serverContext(Path keyStore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
