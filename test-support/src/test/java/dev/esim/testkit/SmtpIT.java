package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;

@WithSmtp
class SmtpIT {

    private static final byte[] QR_PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    @Test
    void aMultipartMessageSentOverSmtpArrivesWithSubjectBodyAndAttachment(Smtp smtp) throws Exception {
        // given
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        Session session = Session.getInstance(props);

        MimeBodyPart text = new MimeBodyPart();
        text.setText("Scan the QR code to install your eSIM.", StandardCharsets.UTF_8.name());
        MimeBodyPart qr = new MimeBodyPart();
        qr.setDataHandler(new DataHandler(new ByteArrayDataSource(QR_PNG, "image/png")));
        qr.setFileName("esim-qr.png");
        MimeMultipart content = new MimeMultipart();
        content.addBodyPart(text);
        content.addBodyPart(qr);

        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("no-reply@esim.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("traveller@example.test"));
        message.setSubject("Your eSIM is ready");
        message.setContent(content);

        // when
        Transport.send(message);

        // then
        List<MimeMessage> received = smtp.awaitMessages(1, Duration.ofSeconds(10));
        assertThat(received).hasSize(1);
        assertThat(smtp.messagesTo("traveller@example.test")).hasSize(1);
        assertThat(smtp.messagesTo("someone-else@example.test")).isEmpty();
        MimeMessage mail = received.get(0);
        assertThat(mail.getSubject()).isEqualTo("Your eSIM is ready");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("Scan the QR code");
        Part attachment = parts.getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("esim-qr.png");
        assertThat(attachment.getContentType()).startsWith("image/png");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(QR_PNG);
    }

    @Test
    void inboxStartsEmptyForEachTest(Smtp smtp) {
        assertThat(smtp.messages()).isEmpty();
    }
}
