package dev.esim.observability;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Applies {@link PersonalDataScrubber} to every string member of a structured (JSON) log line: the message, MDC
 * values, the stack trace. Registered through {@code META-INF/spring.factories}, so a service only needs this jar on
 * its class path and {@code logging.structured.format.console} set.
 */
public class ScrubbingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, PersonalDataScrubber::scrub));
    }
}
