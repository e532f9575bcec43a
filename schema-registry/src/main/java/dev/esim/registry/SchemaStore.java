package dev.esim.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.avro.Schema;

/**
 * The registry's state in PostgreSQL (schema {@code schema_registry}). Every statement names its schema, so the
 * registry works whatever the connection's search_path is and can share a database with a service.
 */
final class SchemaStore {

    /**
     * Registrations take one transaction-scoped advisory lock. Registering is rare (once per producer per schema),
     * and serialising it is the simplest way to give concurrent clients — even several registry processes on one
     * database — one id per schema, gap-free versions and a compatibility check against a stable latest version.
     * The unique index on the fingerprint backs it up. The constant is "SCHEMREG" in ASCII.
     */
    private static final long REGISTRATION_LOCK = 0x534348454D524547L;
    private static final String GLOBAL = "";

    private final DataSource dataSource;

    SchemaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    record SubjectVersion(String subject, int version, int id, String schema) {
    }

    record SchemaRow(int id, String schemaType, String schema) {
    }

    /** Registers {@code schema} under {@code subject}; the same schema already live there keeps its id. */
    int register(String subject, ParsedSchema schema) {
        return inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, REGISTRATION_LOCK);
                lock.execute();
            }
            Optional<SubjectVersion> existing = lookup(c, subject, schema.fingerprint());
            if (existing.isPresent()) {
                return existing.get().id();
            }
            List<String> problems = compatibilityLevel(c, subject)
                    .incompatibilities(schema.schema(), liveSchemas(c, subject));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, problems);
            }
            int id = schemaId(c, schema);
            int version = queryInt(c, "SELECT COALESCE(MAX(version), 0) + 1 FROM schema_registry.subject_versions"
                    + " WHERE subject = ?", subject);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schema_registry.subject_versions (subject, version, schema_id) VALUES (?, ?, ?)")) {
                insert.setString(1, subject);
                insert.setInt(2, version);
                insert.setInt(3, id);
                insert.executeUpdate();
            }
            return id;
        });
    }

    /** The id of an identical schema registered under any subject, or a new one: ids are global, like Confluent's. */
    private static int schemaId(Connection c, ParsedSchema schema) throws SQLException {
        try (PreparedStatement find = c.prepareStatement(
                "SELECT id FROM schema_registry.schemas WHERE fingerprint = ?")) {
            find.setString(1, schema.fingerprint());
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
        }
        // MAX + 1 under the registration lock: ids increase and never repeat, as schemas are never removed
        int id = queryInt(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM schema_registry.schemas");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO schema_registry.schemas"
                + " (id, schema_type, schema_text, fingerprint) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, ParsedSchema.AVRO);
            insert.setString(3, schema.canonical());
            insert.setString(4, schema.fingerprint());
            insert.executeUpdate();
        }
        return id;
    }

    Optional<SubjectVersion> lookup(String subject, ParsedSchema schema) {
        return read(c -> lookup(c, subject, schema.fingerprint()));
    }

    private static Optional<SubjectVersion> lookup(Connection c, String subject, String fingerprint)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.subject, v.version, s.id, s.schema_text"
                + " FROM schema_registry.subject_versions v JOIN schema_registry.schemas s ON s.id = v.schema_id"
                + " WHERE v.subject = ? AND s.fingerprint = ? AND NOT v.deleted ORDER BY v.version LIMIT 1")) {
            ps.setString(1, subject);
            ps.setString(2, fingerprint);
            return first(ps);
        }
    }

    Optional<SchemaRow> schemaById(int id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, schema_type, schema_text FROM schema_registry.schemas WHERE id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new SchemaRow(rs.getInt(1), rs.getString(2), rs.getString(3)))
                            : Optional.<SchemaRow>empty();
                }
            }
        });
    }

    /** Where a schema id is live: (subject, version) pairs. */
    List<SubjectVersion> usagesOf(int id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v.subject, v.version, s.id, s.schema_text"
                    + " FROM schema_registry.subject_versions v JOIN schema_registry.schemas s ON s.id = v.schema_id"
                    + " WHERE s.id = ? AND NOT v.deleted ORDER BY v.subject, v.version")) {
                ps.setInt(1, id);
                return all(ps);
            }
        });
    }

    List<String> subjects(boolean includeDeleted) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT subject FROM"
                    + " schema_registry.subject_versions WHERE ? OR NOT deleted ORDER BY subject")) {
                ps.setBoolean(1, includeDeleted);
                List<String> subjects = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                    }
                }
                return subjects;
            }
        });
    }

    List<SubjectVersion> versions(String subject, boolean includeDeleted) {
        return read(c -> versions(c, subject, includeDeleted));
    }

    private static List<SubjectVersion> versions(Connection c, String subject, boolean includeDeleted)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.subject, v.version, s.id, s.schema_text"
                + " FROM schema_registry.subject_versions v JOIN schema_registry.schemas s ON s.id = v.schema_id"
                + " WHERE v.subject = ? AND (? OR NOT v.deleted) ORDER BY v.version")) {
            ps.setString(1, subject);
            ps.setBoolean(2, includeDeleted);
            return all(ps);
        }
    }

    /** The subject's live schemas, oldest first, as compatibility checks need them. */
    List<Schema> liveSchemas(String subject) {
        return read(c -> liveSchemas(c, subject));
    }

    private static List<Schema> liveSchemas(Connection c, String subject) throws SQLException {
        List<Schema> schemas = new ArrayList<>();
        for (SubjectVersion v : versions(c, subject, false)) {
            schemas.add(new Schema.Parser().parse(v.schema()));
        }
        return schemas;
    }

    /**
     * Soft-deletes the subject's live versions, or with {@code permanent} removes versions already soft-deleted
     * (Confluent insists on that order). Schemas themselves stay: their ids may still be on a topic.
     *
     * @return the versions affected
     */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        return inTransaction(c -> {
            List<SubjectVersion> all = versions(c, subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<Integer> affected = new ArrayList<>();
            if (permanent) {
                if (!versions(c, subject, false).isEmpty()) {
                    throw RegistryException.subjectNotSoftDeleted(subject);
                }
                all.forEach(v -> affected.add(v.version()));
                update(c, "DELETE FROM schema_registry.subject_versions WHERE subject = ?", subject);
                update(c, "DELETE FROM schema_registry.config WHERE subject = ?", subject);
            } else {
                versions(c, subject, false).forEach(v -> affected.add(v.version()));
                if (affected.isEmpty()) {
                    throw RegistryException.subjectNotFound(subject);
                }
                update(c, "UPDATE schema_registry.subject_versions SET deleted = TRUE WHERE subject = ?", subject);
            }
            return affected;
        });
    }

    /** The subject's own level, if it has one. */
    Optional<CompatibilityLevel> subjectConfig(String subject) {
        return read(c -> config(c, subject));
    }

    CompatibilityLevel globalConfig() {
        return read(c -> config(c, GLOBAL)).orElse(CompatibilityLevel.DEFAULT);
    }

    /** The level that applies to {@code subject}: its own, else the global one. */
    CompatibilityLevel compatibilityLevel(String subject) {
        return read(c -> compatibilityLevel(c, subject));
    }

    private static CompatibilityLevel compatibilityLevel(Connection c, String subject) throws SQLException {
        Optional<CompatibilityLevel> own = config(c, subject);
        if (own.isPresent()) {
            return own.get();
        }
        return config(c, GLOBAL).orElse(CompatibilityLevel.DEFAULT);
    }

    private static Optional<CompatibilityLevel> config(Connection c, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT compatibility_level FROM schema_registry.config WHERE subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CompatibilityLevel.valueOf(rs.getString(1)))
                        : Optional.<CompatibilityLevel>empty();
            }
        }
    }

    void setSubjectConfig(String subject, CompatibilityLevel level) {
        setConfig(subject, level);
    }

    void setGlobalConfig(CompatibilityLevel level) {
        setConfig(GLOBAL, level);
    }

    private void setConfig(String subject, CompatibilityLevel level) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_registry.config"
                    + " (subject, compatibility_level) VALUES (?, ?)"
                    + " ON CONFLICT (subject) DO UPDATE SET compatibility_level = EXCLUDED.compatibility_level")) {
                ps.setString(1, subject);
                ps.setString(2, level.name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes the subject's own level; it then follows the global one. */
    Optional<CompatibilityLevel> deleteSubjectConfig(String subject) {
        return inTransaction(c -> {
            Optional<CompatibilityLevel> previous = config(c, subject);
            update(c, "DELETE FROM schema_registry.config WHERE subject = ?", subject);
            return previous;
        });
    }

    /** Cheap liveness probe of the database behind the registry. */
    boolean databaseReachable() {
        try {
            return read(c -> c.isValid(2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    // --- plumbing -------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("schema registry database access failed", e);
        }
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("schema registry database access failed", e);
        }
    }

    private static int queryInt(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void update(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ps.executeUpdate();
        }
    }

    private static Optional<SubjectVersion> first(PreparedStatement ps) throws SQLException {
        List<SubjectVersion> rows = all(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<SubjectVersion> all(PreparedStatement ps) throws SQLException {
        List<SubjectVersion> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new SubjectVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)));
            }
        }
        return rows;
    }
}
