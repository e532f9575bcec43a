package dev.esim.notification.smtp;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import dev.esim.notification.email.EmailRejectedException;
import dev.esim.notification.email.EmailUnavailableException;
import dev.esim.notification.email.Emailer;
import dev.esim.notification.email.OutgoingEmail;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@link Emailer} over SMTP with Spring's {@link JavaMailSender} (host, port, TLS and auth from {@code spring.mail.*}).
 * Builds {@code multipart/mixed > multipart/related > (multipart/alternative: text, html) + inline images} and sets
 * our deterministic Message-ID (Spring keeps an explicitly set one when it saves the message).
 *
 * <p>Failures are sorted into "retry later" and "never": a 5xx reply about the recipient or the message is permanent,
 * everything else (connection refused, timeouts, 4xx, authentication trouble, which an operator can fix) is transient.
 * Only stable reason codes leave this class: server replies can quote the recipient's address.
 */
final class JavaMailEmailer implements Emailer {

    private final JavaMailSender sender;

    JavaMailEmailer(JavaMailSender sender) {
        this.sender = sender;
    }

    @Override
    public void send(OutgoingEmail email) {
        MimeMessage message;
        try {
            message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(email.from());
            helper.setTo(email.to());
            helper.setSubject(email.subject());
            helper.setText(email.text(), email.html());
            for (OutgoingEmail.InlineImage image : email.inlineImages()) {
                helper.addInline(image.contentId(), new ByteArrayResource(image.bytes()), image.contentType());
            }
            message.setHeader("Message-ID", email.messageId());
        } catch (AddressException ex) {
            throw new EmailRejectedException("invalid_address", null);
        } catch (MessagingException ex) {
            throw new EmailRejectedException("unbuildable_message", null);
        }
        try {
            sender.send(message);
        } catch (MailParseException | MailPreparationException ex) {
            throw new EmailRejectedException(ex.getCause() instanceof AddressException ? "invalid_address"
                    : "unbuildable_message", null);
        } catch (MailAuthenticationException ex) {
            throw new EmailUnavailableException("smtp_auth_failed", null);
        } catch (MailSendException ex) {
            throw classify(ex);
        } catch (MailException ex) {
            throw new EmailUnavailableException("smtp_error", null);
        }
    }

    /** Causes are dropped on purpose: their messages carry the server's reply, which may quote the address. */
    static RuntimeException classify(MailSendException ex) {
        for (Exception failure : ex.getFailedMessages().values()) {
            for (Throwable cause = failure; cause != null; cause = next(cause)) {
                if (cause instanceof SMTPAddressFailedException address) {
                    return address.getReturnCode() >= 500
                            ? new EmailRejectedException("recipient_rejected", null)
                            : new EmailUnavailableException("recipient_deferred", null);
                }
                if (cause instanceof SMTPSendFailedException send) {
                    return send.getReturnCode() >= 500
                            ? new EmailRejectedException("message_rejected", null)
                            : new EmailUnavailableException("smtp_deferred", null);
                }
                if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                    return new EmailUnavailableException("smtp_unreachable", null);
                }
                if (cause instanceof SocketTimeoutException) {
                    return new EmailUnavailableException("smtp_timeout", null);
                }
            }
        }
        return new EmailUnavailableException("smtp_error", null);
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof SendFailedException send && send.getNextException() != null
                && send.getNextException() != cause) {
            return send.getNextException();
        }
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
