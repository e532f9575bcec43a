package dev.esim.notification;

import java.net.URI;
import java.time.Duration;

import dev.esim.events.OrderTokens;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code esim.notification.*}. Every default works in the local stack. SMTP itself is {@code spring.mail.*}.
 *
 * @param orderStatusBaseUrl the order id is appended: the "check your order" link in every e-mail
 * @param from               sender of every e-mail
 * @param messageIdDomain    right-hand side of our deterministic Message-IDs
 * @param topUpUrl           the shop's top-up page for one line, {@code {iccid}} replaced: the link in usage and
 *                           expiry e-mails
 * @param retention          how long activation codes and customer data are kept, how often the purge runs
 */
@ConfigurationProperties("esim.notification")
public record NotificationProperties(
        @DefaultValue("http://localhost:8082/orders/") URI orderStatusBaseUrl,
        @DefaultValue("eSIM Travel <noreply@esim.local>") String from,
        @DefaultValue("notification.esim.local") String messageIdDomain,
        @DefaultValue("https://shop.example/top-up?iccid={iccid}") String topUpUrl,
        @DefaultValue Delivery delivery,
        @DefaultValue Consumer consumer,
        @DefaultValue Smtp smtp,
        @DefaultValue Qr qr,
        @DefaultValue OrderLinks orderLinks,
        @DefaultValue RetentionSettings retention) {

    public NotificationProperties {
        if (!orderStatusBaseUrl.isAbsolute()) {
            throw new IllegalArgumentException("esim.notification.order-status-base-url must be an absolute URL");
        }
        if (!topUpUrl.contains("{iccid}")) {
            throw new IllegalArgumentException("esim.notification.top-up-url must contain {iccid}");
        }
        if (delivery.concurrency() < 1) {
            throw new IllegalArgumentException("esim.notification.delivery.concurrency must be at least 1");
        }
        if (smtp.messagesPerConnection() < 1) {
            throw new IllegalArgumentException("esim.notification.smtp.messages-per-connection must be at least 1");
        }
        if (retention.activationCodes().isNegative() || retention.activationCodes().isZero()
                || retention.customerData().isNegative() || retention.customerData().isZero()
                || retention.batchSize() < 1) {
            throw new IllegalArgumentException("esim.notification.retention.* must be positive");
        }
        if (delivery.resendAfter().compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("esim.notification.delivery.resend-after must exceed the SMTP "
                    + "timeouts (at least 30s), or a slow send could be duplicated");
        }
    }

    /**
     * The SMTP send policy.
     *
     * @param pollInterval   how often due retries are looked for (new e-mails go out at once regardless)
     * @param batchSize      deliveries per dispatch round (per thread)
     * @param concurrency    dispatch threads: e-mails rendered and in flight at once, each over its own connection
     * @param initialBackoff first wait after a transient SMTP failure, doubled per attempt
     * @param maxBackoff     longest wait between attempts while SMTP is down
     * @param resendAfter    a delivery left "sending" this long (the process died mid-send) is sent again
     * @param giveUpAfter    an e-mail undeliverable this long becomes EmailFailed (permanent=false)
     */
    public record Delivery(
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("20") int batchSize,
            @DefaultValue("4") int concurrency,
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("5m") Duration resendAfter,
            @DefaultValue("3d") Duration giveUpAfter) {
    }

    /**
     * The Kafka error policy: retries for an event whose order is not known yet (or a database hiccup), then DLT.
     */
    public record Consumer(
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("10") int maxRetries) {
    }

    /**
     * Reuse of SMTP connections (the server itself is {@code spring.mail.*}).
     *
     * @param messagesPerConnection a connection is closed after this many messages (servers cap them per session)
     * @param checkAfterIdle        a connection idle this long is probed with NOOP before it carries a message
     */
    public record Smtp(
            @DefaultValue("100") int messagesPerConnection,
            @DefaultValue("5s") Duration checkAfterIdle) {
    }

    /**
     * @param secret the HMAC key of the order-scoped tokens ({@code ORDER_LINK_SECRET}, catalog-service's too): the
     *               order link in every e-mail carries the order's token so the traveller can open it
     */
    public record OrderLinks(@DefaultValue(OrderTokens.SANDBOX_SECRET) String secret) {

        @Override
        public String toString() {
            return "OrderLinks[secret=<redacted>]";
        }
    }

    /**
     * What is kept how long (the README's retention table). Delivery rows themselves stay: they are what makes a
     * replayed event send nothing, so only their secrets are scrubbed.
     *
     * @param activationCodes a sent activation e-mail's encrypted LPA string is deleted this long after it finished
     * @param customerData    an order's encrypted e-mail address is erased once the order was placed this long ago
     *                        and nothing was delivered for it within that time; later events about it are not mailed
     * @param interval        how often the purge runs
     * @param batchSize       rows changed per statement (short transactions, no long locks)
     */
    public record RetentionSettings(
            @DefaultValue("30d") Duration activationCodes,
            @DefaultValue("400d") Duration customerData,
            @DefaultValue("1h") Duration interval,
            @DefaultValue("1000") int batchSize) {
    }

    /** @param size QR code width and height in pixels */
    public record Qr(@DefaultValue("360") int size) {
    }
}
