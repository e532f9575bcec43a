package dev.esim.guardrails;

import java.util.List;

/**
 * Thrown before anything starts when a service's settings do not belong to its environment (a live service
 * configured like a laptop, secrets of the other mode); lists every problem found.
 */
public final class EnvironmentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String environment;
    private final List<String> problems;

    EnvironmentRefusedException(String environment, List<String> problems) {
        super("esim.environment is " + environment + ", refusing to start: " + String.join("; ", problems), null,
                false, false);
        this.environment = environment;
        this.problems = List.copyOf(problems);
    }

    public String environment() {
        return environment;
    }

    public List<String> problems() {
        return problems;
    }
}
