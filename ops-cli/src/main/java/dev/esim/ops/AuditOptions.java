package dev.esim.ops;

import picocli.CommandLine.Option;

/** Who changes something and why: every audited command takes these two options (a picocli mixin). */
final class AuditOptions {

    @Option(names = "--reason", description = "Why (a ticket, an incident, a request reference; no personal data). "
            + "Required for every change, not for --dry-run. Goes to the audit record.")
    String reason;

    @Option(names = "--operator", description = "Who (default: the SASL user Kafka authenticates, "
            + "else $USER; another name than the authenticated one is refused). Goes to the audit record.")
    String operator;
}
