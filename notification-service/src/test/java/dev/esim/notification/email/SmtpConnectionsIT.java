package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real SMTP (GreenMail) behind a proxy that counts connections: messages share connections and still all arrive. */
class SmtpConnectionsIT {

    private GreenMail mailServer;
    private CountingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        mailServer = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mailServer.start();
        proxy = new CountingProxy(mailServer.getSmtp().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        mailServer.stop();
    }

    @Test
    void messagesFromFourThreadsShareAtMostFourConnectionsAndEachArrivesWithItsMessageId() throws Exception {
        List<String> sentIds = new ArrayList<>();
        try (SmtpConnections connections = connections(100, Duration.ofSeconds(5))) {
            JavaMailEmailer emailer = new JavaMailEmailer(connections);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                OutgoingEmail email = email(i);
                sentIds.add(email.messageId());
                sends.add(threads.submit(() -> emailer.send(email)));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            threads.shutdown();
        }

        assertThat(receivedIds()).containsExactlyInAnyOrderElementsOf(sentIds);
        assertThat(proxy.accepted()).isBetween(1, 4);
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedAndTheNextMessageArrives() throws Exception {
        try (SmtpConnections connections = connections(100, Duration.ZERO)) {
            JavaMailEmailer emailer = new JavaMailEmailer(connections);
            emailer.send(email(1));
            proxy.cutAll();
            emailer.send(email(2));
        }

        assertThat(receivedIds()).containsExactlyInAnyOrder(email(1).messageId(), email(2).messageId());
        assertThat(proxy.accepted()).isEqualTo(2);
    }

    @Test
    void aConnectionIsRetiredAfterItsMessageCap() throws Exception {
        try (SmtpConnections connections = connections(3, Duration.ofSeconds(5))) {
            JavaMailEmailer emailer = new JavaMailEmailer(connections);
            for (int i = 0; i < 7; i++) {
                emailer.send(email(i));
            }
            assertThat(connections.idleConnections()).isEqualTo(1);
        }

        assertThat(mailServer.getReceivedMessages()).hasSize(7);
        assertThat(proxy.accepted()).isEqualTo(3);
    }

    private SmtpConnections connections(int messagesPerConnection, Duration checkAfterIdle) {
        Properties properties = new Properties();
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        SmtpConnections.Server server = new SmtpConnections.Server(Session.getInstance(properties), "smtp",
                "127.0.0.1", proxy.port(), null, null);
        return new SmtpConnections(server, messagesPerConnection, checkAfterIdle);
    }

    private static OutgoingEmail email(int n) {
        return new OutgoingEmail("<evt-" + n + ".activation@notification.esim.test>", "eSIM <noreply@esim.test>",
                "traveller" + n + "@example.com", "Your eSIM " + n, "text " + n, "<p>html " + n + "</p>", List.of());
    }

    private List<String> receivedIds() {
        return Arrays.stream(mailServer.getReceivedMessages()).map(SmtpConnectionsIT::messageId).toList();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
