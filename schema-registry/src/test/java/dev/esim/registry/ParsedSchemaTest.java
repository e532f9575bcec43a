package dev.esim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsedSchemaTest {

    @Test
    void sameSchemaWrittenDifferentlyHasOneFingerprint() {
        assertThat(ParsedSchema.parse(OrderSchemas.v1Reformatted("Order")).fingerprint())
                .isEqualTo(ParsedSchema.parse(OrderSchemas.v1("Order")).fingerprint());
    }

    @Test
    void logicalTypesAndDefaultsAreIdentityNotDecoration() {
        // Avro's Parsing Canonical Form would merge these; a consumer would then decode a decimal as raw bytes
        String bytes = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"bytes\"}]}";
        String decimal = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"bytes\","
                + "\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}}]}";
        String defaulted = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"bytes\","
                + "\"default\":\"\"}]}";

        assertThat(ParsedSchema.parse(decimal).fingerprint()).isNotEqualTo(ParsedSchema.parse(bytes).fingerprint());
        assertThat(ParsedSchema.parse(defaulted).fingerprint()).isNotEqualTo(ParsedSchema.parse(bytes).fingerprint());
    }

    @Test
    void refusesWhatAvroRefusesWithConfluentsInvalidSchemaCode() {
        for (String invalid : new String[] {"", "not json", "{\"type\":\"record\",\"name\":\"NoFields\"}",
                "{\"type\":\"record\",\"name\":\"R\","
                        + "\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}"}) {
            assertThatThrownBy(() -> ParsedSchema.parse(invalid)).as(invalid)
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
        }
    }
}
