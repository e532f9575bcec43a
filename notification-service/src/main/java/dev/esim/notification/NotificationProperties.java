package dev.esim.notification;

import java.net.URI;
import java.time.Duration;

import dev.esim.events.OrderTokens;
import dev.esim.events.kafka.DeadLetters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("esim.notification")
public record NotificationProperties(
        @DefaultValue("http://localhost:8082/orders/") @NotNull URI orderStatusBaseUrl,
        @DefaultValue("eSIM Travel <noreply@esim.local>") @NotBlank String from,
        @DefaultValue("notification.esim.local") @NotBlank String messageIdDomain,
        @DefaultValue("https://shop.example/top-up?iccid={iccid}")
        @Pattern(regexp = ".*\\{iccid}.*", message = "must contain {iccid}") String topUpUrl,
        @DefaultValue @Valid Delivery delivery,
        @DefaultValue @Valid Consumer consumer,
        @DefaultValue @Valid Smtp smtp,
        @DefaultValue @Valid Qr qr,
        @DefaultValue @Valid OrderLinks orderLinks,
        @DefaultValue @Valid RetentionSettings retention) {

    /** The link in every e-mail is the order id appended to it: a relative URL would lead nowhere from a mailbox. */
    @AssertTrue(message = "order-status-base-url must be an absolute URL")
    public boolean isOrderStatusBaseUrlAbsolute() {
        return orderStatusBaseUrl == null || orderStatusBaseUrl.isAbsolute();
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
            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration pollInterval,
            @DefaultValue("20") @Min(1) int batchSize,
            @DefaultValue("4") @Min(1) int concurrency,
            @DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
            @DefaultValue("5m") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
            // longer than the SMTP timeouts, or a slow send could be sent twice
            @DefaultValue("5m") @NotNull @DurationMin(seconds = 30) Duration resendAfter,
            @DefaultValue("3d") @NotNull @DurationMin(millis = 1) Duration giveUpAfter) {
    }

    /**
     * The Kafka error policy: retries for an event whose order is not known yet (or a database hiccup), then DLT.
     */
    public record Consumer(
            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
            @DefaultValue("10") @Min(0) int maxRetries) {

        public DeadLetters.BackOff backOff() {
            return new DeadLetters.BackOff(initialBackoff, multiplier, maxBackoff, maxRetries);
        }
    }

    /**
     * Reuse of SMTP connections (the server itself is {@code spring.mail.*}).
     *
     * @param messagesPerConnection a connection is closed after this many messages (servers cap them per session)
     * @param checkAfterIdle        a connection idle this long is probed with NOOP before it carries a message
     */
    public record Smtp(
            @DefaultValue("100") @Min(1) int messagesPerConnection,
            @DefaultValue("5s") @NotNull Duration checkAfterIdle) {
    }

    /**
     * @param secret the HMAC key of the order-scoped tokens ({@code ORDER_LINK_SECRET}, catalog-service's too): the
     *               order link in every e-mail carries the order's token so the traveller can open it
     */
    public record OrderLinks(@DefaultValue(OrderTokens.SANDBOX_SECRET) @NotBlank String secret) {

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
            @DefaultValue("30d") @NotNull @DurationMin(seconds = 1) Duration activationCodes,
            @DefaultValue("400d") @NotNull @DurationMin(seconds = 1) Duration customerData,
            @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration interval,
            @DefaultValue("1000") @Min(1) int batchSize) {
    }

    /** @param size QR code width and height in pixels */
    public record Qr(@DefaultValue("360") @Min(64) int size) {
    }
}
