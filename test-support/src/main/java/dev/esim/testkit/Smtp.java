package dev.esim.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * An SMTP catcher (GreenMail) on 127.0.0.1 and a free port, for the whole test JVM. Obtain it with
 * {@link TestInfrastructure#smtp()}. It accepts any sender, recipient and credentials and keeps every message
 * in memory. The inbox is shared: call {@link #purge()} before a test that counts messages.
 */
public final class Smtp {

    private static final String HOST = "127.0.0.1";

    private final GreenMail greenMail;

    private Smtp(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static Smtp start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return new Smtp(greenMail);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Messages received so far with {@code address} among their recipients. */
    public List<MimeMessage> messagesTo(String address) {
        return messages().stream().filter(m -> addressedTo(m, address)).toList();
    }

    /**
     * Waits until at least {@code count} messages have arrived (in total, since the last {@link #purge()}) and
     * returns them all. Fails with an {@link AssertionError} on timeout.
     */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        if (!greenMail.waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new AssertionError("Expected at least " + count + " e-mails within " + timeout + " but got "
                    + greenMail.getReceivedMessages().length);
        }
        return messages();
    }

    /** Deletes all received messages. */
    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException ex) {
            throw new IllegalStateException("Could not purge GreenMail mailboxes", ex);
        }
    }

    /** Spring Boot properties that point {@code JavaMailSender} at this server. */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.mail.host", HOST,
                "spring.mail.port", Integer.toString(port()));
    }

    void close() {
        greenMail.stop();
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(r -> r.toString().toLowerCase(java.util.Locale.ROOT)
                            .contains(address.toLowerCase(java.util.Locale.ROOT)));
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
