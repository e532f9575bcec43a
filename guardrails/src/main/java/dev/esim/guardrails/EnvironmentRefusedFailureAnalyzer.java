package dev.esim.guardrails;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link EnvironmentRefusedException} into Boot's short "APPLICATION FAILED TO START" report, no stack trace. */
final class EnvironmentRefusedFailureAnalyzer extends AbstractFailureAnalyzer<EnvironmentRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EnvironmentRefusedException cause) {
        StringBuilder description = new StringBuilder("live".equals(cause.environment())
                ? "esim.environment is live, but this service is configured for a laptop:\n"
                : "esim.environment is " + cause.environment() + ", but this service's settings do not belong "
                        + "there:\n");
        cause.problems().forEach(p -> description.append("\n    - ").append(p));
        return new FailureAnalysis(description.toString(), "live".equals(cause.environment())
                ? "Set the properties named above for production (docs/conventions.md lists their environment "
                        + "variables), or run with ESIM_ENVIRONMENT=sandbox to try the service locally."
                : "Give the properties named above sandbox values (the defaults are), or set ESIM_ENVIRONMENT=live "
                        + "if this is production.", cause);
    }
}
