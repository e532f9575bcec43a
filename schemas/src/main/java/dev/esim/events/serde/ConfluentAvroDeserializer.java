package dev.esim.events.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro values. With {@code specific.avro.reader=true} it returns the generated class named
 * by the writer's schema (resolved against the class's own schema, so older records read fine); otherwise a
 * {@code GenericRecord} in the writer's schema — the same behaviour as Confluent's {@code KafkaAvroDeserializer}.
 * Hostile bytes cannot make it allocate more than twice their size (see {@link BoundedDecoder}), and a specific reader
 * only loads classes generated from our own schemas.
 */
public class ConfluentAvroDeserializer implements Deserializer<Object> {

    /** The package of the classes generated from {@code src/main/avro}, the only ones a specific reader returns. */
    static final String GENERATED_NAMESPACE = "dev.esim.events.avro";

    /** Readers per writer schema id: building one resolves the writer's schema against ours, far dearer than a read. */
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private AvroSerdeConfig config;
    private SchemaRegistryClient registry;

    public ConfluentAvroDeserializer() {
    }

    /** For tests and hand-wired consumers: use this client instead of one built from {@code schema.registry.url}. */
    public ConfluentAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        if (registry == null) {
            registry = config.newClient();
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("configure() was not called");
        }
        ByteBuffer buffer = WireFormat.header(data);
        int id = buffer.getInt();
        try {
            DatumReader<Object> reader = readers.get(id);
            if (reader == null) {
                reader = readerFor(registry.getById(id));
                readers.put(id, reader);
            }
            int size = data.length - WireFormat.HEADER_SIZE;
            return reader.read(null, new BoundedDecoder(
                    DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, size, null), size));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Could not deserialize a value with schema id " + id + " from " + topic, e);
        }
    }

    private DatumReader<Object> readerFor(Schema writerSchema) {
        if (config.specificAvroReader() && writerSchema.getType() == Schema.Type.RECORD) {
            // The writer's schema comes from the registry, so its name is not ours to trust: only classes generated
            // from our own schemas are ever loaded (and their static initialisers run) on a record's say-so.
            if (!GENERATED_NAMESPACE.equals(writerSchema.getNamespace())) {
                throw new SerializationException("Refusing to read " + writerSchema.getFullName()
                        + ": specific records come only from " + GENERATED_NAMESPACE);
            }
            SpecificData specific = SpecificData.get();
            Class<?> generated = specific.getClass(writerSchema);
            if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
                throw new SerializationException("No generated class for " + writerSchema.getFullName());
            }
            Schema readerSchema = specific.getSchema(generated);
            return new SpecificDatumReader<>(writerSchema, readerSchema, specific);
        }
        return new GenericDatumReader<>(writerSchema);
    }
}
