package dev.esim.sandbox.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An append-only journal of changed entities: what a sandbox stand-in must remember across a SIGKILL.
 *
 * <p>One line per change, a JSON array of the records that change wrote together; one record per entity that
 * changed, carrying its whole new state (or {@code null}: removed):
 * <pre>[{"kind":"order","id":"ord_…","data":{…}},{"kind":"line","id":"8988307…","data":{…}}]</pre>
 * On {@link #open} the file is replayed — the last record per (kind, id) wins — and compacted into a snapshot of just
 * those records (written to a temporary file, fsynced, then renamed over the journal), so the file stays bounded by
 * the live state plus one run's changes.
 *
 * <p>Crash safety: each change is one line handed to the OS by {@link #put}/{@link #atomically} before they return,
 * so it survives a SIGKILL of the JVM the moment the caller answers. There is no fsync per change (the failure the
 * sandbox must survive is the process being killed, not the machine; an fsync per request would cost milliseconds
 * on every API call). A line torn by a kill mid-write can only be the last one: replay ignores it, which drops
 * exactly the change whose caller had not answered yet.
 *
 * <p>{@link #disabled()} is the journal of a sandbox without {@code sandbox.state-dir}: it remembers nothing.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One entity's latest state, as replay found it. */
    public record Entry(String kind, String id, JsonNode data) {
    }

    private record Key(String kind, String id) {
    }

    /** The records one thread's {@link #atomically} block has written so far, and how deeply it is nested. */
    private static final class Batch {
        final List<ObjectNode> records = new ArrayList<>();
        int depth;
    }

    private final Path file;
    private final ThreadLocal<Batch> batch = ThreadLocal.withInitial(Batch::new);
    private List<Entry> replayed;
    private FileChannel lockChannel;
    private FileLock lock;
    private OutputStream out;

    private Journal(Path file) {
        this.file = file;
        this.replayed = List.of();
    }

    /** A journal that keeps nothing: the sandbox without a state directory. */
    public static Journal disabled() {
        return new Journal(null);
    }

    /**
     * Opens (or creates) the journal at {@code file}: locks it against a second sandbox on the same directory, replays
     * it, compacts it and keeps it open for appending. {@link #replayed()} then holds the state found.
     */
    public static Journal open(Path file) {
        Journal journal = new Journal(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            journal.lock();
            journal.replayed = journal.compact();
            journal.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            journal.close();
            throw new UncheckedIOException("cannot open the sandbox state journal " + file, e);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        LOG.info("sandbox state {}: {} entities replayed", file, journal.replayed.size());
        return journal;
    }

    public boolean enabled() {
        return file != null;
    }

    /** The entities the journal held when opened, in the order their last records were written. */
    public List<Entry> replayed() {
        return replayed;
    }

    /** Records the new state of an entity; written at once unless inside {@link #atomically}. */
    public void put(String kind, String id, Object data) {
        if (!enabled()) {
            return;
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("kind", kind);
        record.put("id", id);
        record.set("data", data == null ? JSON.nullNode() : JSON.valueToTree(data));
        Batch current = batch.get();
        current.records.add(record);
        if (current.depth == 0) {
            flush(current);
        }
    }

    /** Records that an entity is gone; replay then forgets it. */
    public void remove(String kind, String id) {
        put(kind, id, null);
    }

    /**
     * Runs {@code change}; everything this thread puts meanwhile is written as one line when the outermost such block
     * ends (also when it throws, since memory has changed as far as it got), so a kill never keeps half of it.
     */
    public <T> T atomically(Supplier<T> change) {
        if (!enabled()) {
            return change.get();
        }
        Batch current = batch.get();
        current.depth++;
        try {
            return change.get();
        } finally {
            current.depth--;
            if (current.depth == 0) {
                flush(current);
            }
        }
    }

    public void atomically(Runnable change) {
        atomically(() -> {
            change.run();
            return null;
        });
    }

    /** Forgets everything: the journal is emptied. */
    public synchronized void clear() {
        if (!enabled()) {
            return;
        }
        batch.get().records.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the sandbox state journal " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("closing the sandbox state journal {} failed: {}", file, e.toString());
        } finally {
            out = null;
            lock = null;
            lockChannel = null;
        }
    }

    private void flush(Batch current) {
        if (current.records.isEmpty()) {
            return;
        }
        ArrayNode line = JSON.createArrayNode();
        current.records.forEach(line::add);
        current.records.clear();
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (out == null) {
                throw new IllegalStateException("the sandbox state journal " + file + " is closed");
            }
            try {
                // an unbuffered stream: when write returns, the line is in the OS, safe from a kill of this JVM
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the sandbox state journal " + file, e);
            }
        }
    }

    private void lock() throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            throw new IllegalStateException("another sandbox is using the state journal " + file);
        }
    }

    /**
     * Two passes, so that memory holds one position per entity rather than the entities: the first finds each
     * entity's last record, the second copies those records into the snapshot and returns them.
     */
    private List<Entry> compact() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            return List.of();
        }
        Map<Key, Long> last = new HashMap<>();
        readRecords((record, position) -> last.put(key(record), position));
        Path tmp = file.resolveSibling(file.getFileName() + ".compacting");
        List<Entry> live = new ArrayList<>();
        try (Writer snapshot = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            readRecords((record, position) -> {
                Key key = key(record);
                JsonNode data = record.get("data");
                if (!Objects.equals(last.get(key), position) || data == null || data.isNull()) {
                    return;
                }
                live.add(new Entry(key.kind(), key.id(), data));
                try {
                    snapshot.write(JSON.writeValueAsString(JSON.createArrayNode().add(record)));
                    snapshot.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return live;
    }

    @FunctionalInterface
    private interface RecordVisitor {
        void visit(ObjectNode record, long position);
    }

    /** Visits every record with its position (line number × 2^20 + index in the line); skips a torn last line. */
    private void readRecords(RecordVisitor visitor) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            long number = 0;
            while (line != null) {
                String next = reader.readLine();
                number++;
                JsonNode parsed = parse(line, number, next == null);
                if (parsed != null) {
                    for (int i = 0; i < parsed.size(); i++) {
                        visitor.visit((ObjectNode) parsed.get(i), (number << 20) + i);
                    }
                }
                line = next;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private JsonNode parse(String line, long number, boolean isLast) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(line);
            if (parsed != null && parsed.isArray() && parsed.valueStream().allMatch(Journal::isRecord)) {
                return parsed;
            }
        } catch (JacksonException e) {
            // a torn line is not JSON; handled below
        }
        if (isLast) {
            LOG.warn("sandbox state {}: ignoring a torn last line {} (a change cut short by a kill)", file, number);
            return null;
        }
        throw new IllegalStateException("sandbox state " + file + " is corrupt at line " + number
                + "; move it away to start fresh");
    }

    private static boolean isRecord(JsonNode node) {
        return node.isObject() && node.path("kind").isString() && node.path("id").isString() && node.has("data");
    }

    private static Key key(JsonNode record) {
        return new Key(record.get("kind").asString(), record.get("id").asString());
    }
}
