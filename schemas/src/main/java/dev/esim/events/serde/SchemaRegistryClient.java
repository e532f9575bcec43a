package dev.esim.events.serde;

import java.io.IOException;
import org.apache.avro.Schema;

/** The part of Confluent's schema-registry REST API that a serializer and a deserializer need. */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (or finds it registered) and returns its global id. */
    int register(String subject, Schema schema) throws IOException;

    /** The id of {@code schema} already registered under {@code subject}; fails if it is not registered. */
    int getId(String subject, Schema schema) throws IOException;

    /** The latest version registered under {@code subject}. */
    RegisteredSchema getLatest(String subject) throws IOException;

    /** The schema with global id {@code id}. */
    Schema getById(int id) throws IOException;

    /** A schema and its global id. */
    record RegisteredSchema(int id, int version, Schema schema) {
    }
}
