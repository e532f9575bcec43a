package dev.esim.sandbox.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sandbox.state-dir} (env {@code SANDBOX_STATE_DIR}): where the stand-ins keep what a real gateway or provider
 * would remember, one {@link Journal} per stand-in ({@code <dir>/<name>.jsonl}). Unset, everything stays in memory.
 */
public final class StateDirectory implements AutoCloseable {

    private final Path dir;
    private final List<Journal> opened = new ArrayList<>();

    public StateDirectory(String dir) {
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir.strip());
    }

    /** The journal {@code <dir>/<name>.jsonl}, replayed and compacted; without a state directory, a no-op one. */
    public synchronized Journal journal(String name) {
        if (dir == null) {
            return Journal.disabled();
        }
        Journal journal = Journal.open(dir.resolve(name + ".jsonl"));
        opened.add(journal);
        return journal;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Journal::close);
        opened.clear();
    }
}
