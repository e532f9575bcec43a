package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;
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

    @Test
    void jakartaMailFindsAngusStreamProviderWithoutScanningTheClassPath() {
        // given
        JavaMailEmailer.useAngusStreamProvider();
        ResourceRecordingLoader loader = new ResourceRecordingLoader(getClass().getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();

        // when
        StreamProvider provider;
        thread.setContextClassLoader(loader);
        try {
            provider = StreamProvider.provider();
        } finally {
            thread.setContextClassLoader(original);
        }

        // then
        assertThat(provider).isInstanceOf(MailStreamProvider.class);
        assertThat(loader.resourcesAskedFor).isEmpty();
    }

    @Test
    void aStreamProviderTheOperatorNamedIsKept() {
        String property = StreamProvider.class.getName();
        String before = System.getProperty(property);
        try {
            // given
            System.setProperty(property, "com.example.OperatorsStreamProvider");

            // when
            JavaMailEmailer.useAngusStreamProvider();

            // then
            assertThat(System.getProperty(property)).isEqualTo("com.example.OperatorsStreamProvider");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    /** Notes which resources are looked up through it: a {@code ServiceLoader} scan asks for its services file. */
    private static final class ResourceRecordingLoader extends ClassLoader {

        final List<String> resourcesAskedFor = new ArrayList<>();

        ResourceRecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            resourcesAskedFor.add(name);
            return super.getResources(name);
        }
    }
}
