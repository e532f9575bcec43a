package dev.esim.guardrails;

import java.util.List;

/** Thrown before anything starts when a live service is configured like a laptop; lists every problem found. */
public final class LiveModeRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    LiveModeRefusedException(List<String> problems) {
        super("esim.environment is live, refusing to start: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
