package dev.esim.events.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for AWS KMS's {@code Encrypt} and {@code Decrypt} (JSON 1.1 protocol, {@code X-Amz-Target:
 * TrentService.*}), as the AWS SDK calls them: SigV4-signed requests, the key's ARN in the answer, the encryption
 * context bound to the ciphertext, and KMS's error types ({@code InvalidCiphertextException},
 * {@code IncorrectKeyException}, {@code NotFoundException}) as HTTP 400 with {@code __type}. Each key is an AES-GCM
 * key that never leaves this object.
 */
final class FakeKms implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Aead> keys = new ConcurrentHashMap<>();
    private final AtomicInteger decrypts = new AtomicInteger();

    FakeKms() throws IOException, GeneralSecurityException {
        AeadConfig.register(); // its keys are Tink AEAD keys, whichever test loads Tink first
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** Creates a key and returns its ARN. */
    String createKey(String region, String id) throws GeneralSecurityException {
        String arn = "arn:aws:kms:" + region + ":111122223333:key/" + id;
        keys.put(arn, KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM"))
                .getPrimitive(RegistryConfiguration.get(), Aead.class));
        return arn;
    }

    int decrypts() {
        return decrypts.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                error(exchange, "MissingAuthenticationTokenException", "request is not signed");
            } else if ("TrentService.Encrypt".equals(target)) {
                encrypt(exchange, body);
            } else if ("TrentService.Decrypt".equals(target)) {
                decrypt(exchange, body);
            } else {
                error(exchange, "UnknownOperationException", String.valueOf(target));
            }
        }
    }

    private void encrypt(HttpExchange exchange, JsonNode body) throws IOException {
        String arn = body.path("KeyId").asText();
        Aead key = keys.get(arn);
        if (key == null) {
            error(exchange, "NotFoundException", "Key '" + arn + "' does not exist");
            return;
        }
        try {
            byte[] sealed = key.encrypt(Base64.getDecoder().decode(body.path("Plaintext").asText()),
                    context(body));
            byte[] name = arn.getBytes(StandardCharsets.UTF_8);
            byte[] blob = ByteBuffer.allocate(2 + name.length + sealed.length).putShort((short) name.length)
                    .put(name).put(sealed).array();
            ObjectNode answer = JSON.createObjectNode().put("KeyId", arn)
                    .put("CiphertextBlob", Base64.getEncoder().encodeToString(blob))
                    .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            send(exchange, 200, answer);
        } catch (GeneralSecurityException e) {
            error(exchange, "KMSInternalException", e.getMessage());
        }
    }

    private void decrypt(HttpExchange exchange, JsonNode body) throws IOException {
        decrypts.incrementAndGet();
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(body.path("CiphertextBlob").asText()));
        String arn;
        byte[] sealed;
        try {
            byte[] name = new byte[blob.getShort()];
            blob.get(name);
            arn = new String(name, StandardCharsets.UTF_8);
            sealed = new byte[blob.remaining()];
            blob.get(sealed);
        } catch (RuntimeException e) {
            error(exchange, "InvalidCiphertextException", "not a ciphertext of this KMS");
            return;
        }
        if (body.hasNonNull("KeyId") && !body.path("KeyId").asText().equals(arn)) {
            error(exchange, "IncorrectKeyException", "the ciphertext was not encrypted under the key given");
            return;
        }
        Aead key = keys.get(arn);
        if (key == null) {
            error(exchange, "InvalidCiphertextException", "no such key");
            return;
        }
        try {
            byte[] plaintext = key.decrypt(sealed, context(body));
            send(exchange, 200, JSON.createObjectNode().put("KeyId", arn)
                    .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                    .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
        } catch (GeneralSecurityException e) {
            error(exchange, "InvalidCiphertextException", "the ciphertext or its encryption context does not match");
        }
    }

    /** The encryption context, canonical (sorted by key), as the additional data of the ciphertext. */
    private static byte[] context(JsonNode body) {
        Map<String, String> sorted = new TreeMap<>();
        body.path("EncryptionContext").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        send(exchange, 400, JSON.createObjectNode().put("__type", type).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
