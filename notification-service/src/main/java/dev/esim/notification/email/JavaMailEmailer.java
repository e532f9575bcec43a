package dev.esim.notification.email;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import jakarta.activation.FileTypeMap;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@link Emailer} over SMTP: Jakarta Mail over {@link SmtpConnections} (host, port, TLS and auth from
 * {@code spring.mail.*}, connections reused between messages). Builds
 * {@code multipart/mixed > multipart/related > (multipart/alternative: text, html) + inline images} and sets our
 * deterministic Message-ID.
 *
 * <p>Failures are sorted into "retry later" and "never": a 5xx reply about the recipient or the message is permanent,
 * everything else (connection refused, timeouts, 4xx, authentication trouble, which an operator can fix) is transient.
 * Only stable reason codes leave this class: server replies can quote the recipient's address.
 */
final class JavaMailEmailer implements Emailer {

    static {
        useAngusStreamProvider();
    }

    /**
     * Names Angus Mail's {@link StreamProvider} in the system property Jakarta Mail reads first, unless the operator
     * named one. Jakarta Mail looks the provider up again for every body part, multipart and encoder it makes, and
     * without the property each lookup is a {@code ServiceLoader} scan of the class path (the whole Boot jar); with
     * it, one {@code Class.forName}. Runs when this class loads, before it builds its first message.
     */
    static void useAngusStreamProvider() {
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
        }
    }

    /** Spring builds one per message otherwise, reading {@code mime.types} each time; our parts name their types. */
    private static final FileTypeMap FILE_TYPES = fileTypes();

    private final SmtpConnections connections;

    JavaMailEmailer(SmtpConnections connections) {
        this.connections = connections;
    }

    @Override
    public void send(OutgoingEmail email) {
        MimeMessage message;
        try {
            message = connections.newMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name()) {
                @Override
                protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
                    return FILE_TYPES;
                }
            };
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
            connections.send(message);
        } catch (AddressException ex) {
            throw new EmailRejectedException("invalid_address", null);
        } catch (MessagingException | IllegalStateException ex) {
            throw classify(ex);
        }
    }

    private static FileTypeMap fileTypes() {
        ConfigurableMimeFileTypeMap types = new ConfigurableMimeFileTypeMap();
        types.afterPropertiesSet();
        return types;
    }

    /** Causes are dropped on purpose: their messages carry the server's reply, which may quote the address. */
    static RuntimeException classify(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof AuthenticationFailedException) {
                return new EmailUnavailableException("smtp_auth_failed", null);
            }
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
