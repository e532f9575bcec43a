-- Schemas are global and immutable: an id, once handed out, names the same schema forever, because records on
-- Kafka carry it in their first five bytes.
CREATE TABLE schema_registry.schemas (
    id          INTEGER     PRIMARY KEY,
    schema_type TEXT        NOT NULL DEFAULT 'AVRO',
    -- Avro's normalised JSON (Schema.toString()): what Confluent compares and returns
    schema_text TEXT        NOT NULL,
    -- sha-256 of schema_type + schema_text; the unique index that keeps one id per schema
    fingerprint TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE schema_registry.subject_versions (
    subject    TEXT        NOT NULL,
    version    INTEGER     NOT NULL,
    schema_id  INTEGER     NOT NULL REFERENCES schema_registry.schemas (id),
    -- DELETE /subjects/{subject} is a soft delete, like Confluent's default
    deleted    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version)
);

CREATE INDEX subject_versions_schema_id ON schema_registry.subject_versions (schema_id);

-- Compatibility levels; subject '' holds the global level (a real subject is never empty).
CREATE TABLE schema_registry.config (
    subject             TEXT PRIMARY KEY,
    compatibility_level TEXT NOT NULL
);
