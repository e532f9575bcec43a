package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

class JavaMailEmailerTest {

    @Test
    void aRecipientRefusedWith5xxIsPermanentAndTheReasonDoesNotQuoteTheAddress() throws Exception {
        SMTPAddressFailedException refused = new SMTPAddressFailedException(new InternetAddress("bob@example.com"),
                "RCPT TO", 550, "550 5.1.1 <bob@example.com>: Recipient address rejected");
        SendFailedException failed = new SendFailedException("Invalid Addresses", refused);

        RuntimeException classified = JavaMailEmailer.classify(failed);

        assertThat(classified).isInstanceOf(EmailRejectedException.class);
        assertThat(((EmailRejectedException) classified).reason()).isEqualTo("recipient_rejected");
        assertThat(classified).hasNoCause();
        assertThat(classified.getMessage()).doesNotContain("bob@example.com");
    }

    @Test
    void aRecipientDeferredWith4xxIsTransient() throws Exception {
        SMTPAddressFailedException deferred = new SMTPAddressFailedException(new InternetAddress("bob@example.com"),
                "RCPT TO", 450, "450 mailbox busy");

        assertThat(JavaMailEmailer.classify(new SendFailedException("x", deferred)))
                .isInstanceOf(EmailUnavailableException.class);
    }

    @Test
    void aFailedLoginIsTransientForAnOperatorToFix() {
        RuntimeException classified = JavaMailEmailer.classify(new AuthenticationFailedException("535 bad login"));

        assertThat(((EmailUnavailableException) classified).reason()).isEqualTo("smtp_auth_failed");
    }

    @Test
    void aRefusedConnectionIsTransient() {
        MessagingException connect =
                new MessagingException("Couldn't connect to host", new ConnectException("refused"));

        RuntimeException classified = JavaMailEmailer.classify(connect);

        assertThat(classified).isInstanceOf(EmailUnavailableException.class);
        assertThat(((EmailUnavailableException) classified).reason()).isEqualTo("smtp_unreachable");
    }
}
