package dev.esim.guardrails;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link LiveModeRefusedException} into Boot's short "APPLICATION FAILED TO START" report, no stack trace. */
final class LiveModeRefusedFailureAnalyzer extends AbstractFailureAnalyzer<LiveModeRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LiveModeRefusedException cause) {
        StringBuilder description = new StringBuilder("esim.environment is live, but this service is configured "
                + "for a laptop:\n");
        cause.problems().forEach(p -> description.append("\n    - ").append(p));
        return new FailureAnalysis(description.toString(), "Set the properties named above for production "
                + "(docs/conventions.md lists their environment variables), or run with ESIM_ENVIRONMENT=sandbox "
                + "to try the service locally.", cause);
    }
}
