package dev.esim.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * An Avro schema as the registry keys it.
 *
 * <p>Identity is Avro's normalised JSON ({@link Schema#toString()}), which is what Confluent compares and stores:
 * whitespace and attribute order do not matter, but defaults, docs and logical types do. Avro's Parsing Canonical
 * Form would be too coarse here — it strips defaults and logical types, so {@code bytes} and
 * {@code decimal(10,2)} would share an id and a consumer would decode the wrong type.
 */
record ParsedSchema(Schema schema, String canonical, String fingerprint) {

    static final String AVRO = "AVRO";

    static ParsedSchema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        Schema schema;
        try {
            // a fresh parser per schema: Schema.Parser remembers named types across calls
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            // Jackson's parse errors surface as various runtime exceptions inside Avro
            throw RegistryException.invalidSchema("not a parseable Avro schema");
        }
        String canonical = schema.toString();
        return new ParsedSchema(schema, canonical, sha256(AVRO + "\n" + canonical));
    }

    private static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
