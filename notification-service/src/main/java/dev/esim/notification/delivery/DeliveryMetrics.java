package dev.esim.notification.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import dev.esim.notification.email.Template;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus names: {@code esim_notification_emails_sent_total{template}},
 * {@code esim_notification_emails_failed_total{template,reason,permanent}},
 * {@code esim_notification_smtp_retries_total{reason}},
 * {@code esim_notification_activation_to_smtp_accept_seconds} (histogram) and {@code esim_notification_backlog}.
 */
final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer activationToAccept;

    public DeliveryMetrics(MeterRegistry registry, Supplier<Number> backlog) {
        this.registry = registry;
        this.activationToAccept = Timer.builder("esim.notification.activation.to.smtp.accept")
                .description("From the ActivationReady event's occurred_at to the SMTP server accepting the e-mail")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("esim.notification.backlog", backlog)
                .description("E-mails accepted but not yet sent or failed (parked during SMTP outages)")
                .register(registry);
    }

    void sent(Template template, Duration sinceEvent) {
        Counter.builder("esim.notification.emails.sent").tag("template", template.id()).register(registry).increment();
        if (template == Template.ACTIVATION_READY && !sinceEvent.isNegative()) {
            activationToAccept.record(sinceEvent);
        }
    }

    void failed(Template template, String reason, boolean permanent) {
        Counter.builder("esim.notification.emails.failed")
                .tag("template", template.id())
                .tag("reason", reason)
                .tag("permanent", Boolean.toString(permanent))
                .register(registry)
                .increment();
    }

    void retried(String reason) {
        Counter.builder("esim.notification.smtp.retries").tag("reason", reason).register(registry).increment();
    }
}
