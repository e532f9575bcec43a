package dev.esim.events.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in Confluent's wire format, registering or looking up their schema in a
 * Confluent-compatible registry. Byte for byte what {@code io.confluent.kafka.serializers.KafkaAvroSerializer} writes
 * for the same schema id; it reads the same property names, so either class can be configured.
 */
public class ConfluentAvroSerializer implements Serializer<Object> {

    private final Map<String, CachedLatest> latestBySubject = new ConcurrentHashMap<>();
    private AvroSerdeConfig config;
    private SchemaRegistryClient registry;
    private boolean isKey;
    /**
     * Start size of the output buffer: the size of the last record written. Successive records are mostly alike in
     * size, so the buffer is not regrown and copied several times per record (the default start is 32 bytes).
     */
    private volatile int sizeHint = 256;

    public ConfluentAvroSerializer() {
    }

    /** For tests and hand-wired producers: use this client instead of one built from {@code schema.registry.url}. */
    public ConfluentAvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
        if (registry == null) {
            registry = config.newClient();
        }
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("Only Avro records are supported, got " + data.getClass().getName());
        }
        if (config == null) {
            throw new IllegalStateException("configure() was not called");
        }
        Schema schema = container.getSchema();
        String subject = (isKey ? config.keySubjectNameStrategy() : config.valueSubjectNameStrategy())
                .subject(topic, isKey, schema);
        try {
            if (config.useLatestVersion()) {
                // As Confluent's serializer: the subject's latest schema, whatever the record was generated from
                // (a producer deployed before a schema change keeps writing what readers expect).
                SchemaRegistryClient.RegisteredSchema latest = latest(subject);
                return latest.schema().equals(schema)
                        ? write(latest.id(), schema, data)
                        : write(latest.id(), new ByNameDatumWriter(latest.schema()), data);
            }
            int id = config.autoRegisterSchemas()
                    ? registry.register(subject, schema)
                    : registry.getId(subject, schema);
            return write(id, schema, data);
        } catch (IOException e) {
            throw new SerializationException(
                    "Could not serialize a " + schema.getFullName() + " for subject " + subject, e);
        }
    }

    /** The subject's latest schema, looked up again once {@code latest.cache.ttl.sec} has passed (never by default). */
    private SchemaRegistryClient.RegisteredSchema latest(String subject) throws IOException {
        CachedLatest cached = latestBySubject.get(subject);
        long now = System.nanoTime();
        Duration ttl = config.latestCacheTtl();
        if (cached != null && (ttl == null || now - cached.fetchedAt() < ttl.toNanos())) {
            return cached.latest();
        }
        SchemaRegistryClient.RegisteredSchema latest = registry.getLatest(subject);
        latestBySubject.put(subject, new CachedLatest(latest, now));
        return latest;
    }

    private record CachedLatest(SchemaRegistryClient.RegisteredSchema latest, long fetchedAt) {
    }

    private byte[] write(int schemaId, Schema schema, Object data) throws IOException {
        return write(schemaId, data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema)
                : new GenericDatumWriter<>(schema), data);
    }

    private byte[] write(int schemaId, DatumWriter<Object> writer, Object data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(data, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        sizeHint = bytes.length;
        return bytes;
    }
}
