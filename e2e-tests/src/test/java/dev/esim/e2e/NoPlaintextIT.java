package dev.esim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs last: every secret this run produced (each LPA string and activation code the travellers received, each
 * traveller's e-mail address) must appear on no topic — keys, values, headers, dead letters included — and in no log.
 */
@ExtendWith(StackExtension.class)
@Order(100)
class NoPlaintextIT {

    /**
     * The mail catcher is the travellers' inbox, where the secrets belong; the sandbox stands for Stripe and the
     * provider, who hold them by nature. Neither is our service, so their logs are not judged here.
     */
    private static final Set<String> NOT_OUR_LOGS = Set.of("mail.log");

    @Test
    void noTopicAndNoLogHoldsAnLpaAnActivationCodeOrACustomerEmailAddress(Platform platform) throws Exception {
        // given: the secrets of every e-mail the run delivered
        Set<String> secrets = new LinkedHashSet<>();
        for (String raw : Inbox.everyRawMessage()) {
            MimeMessage message = new MimeMessage(jakarta.mail.Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            for (Address to : message.getAllRecipients()) {
                secrets.add(((InternetAddress) to).getAddress());
            }
            for (String lpa : Inbox.qrCodes(message)) {
                secrets.add(lpa);
                secrets.add(lpa.substring(lpa.lastIndexOf('$') + 1)); // the activation code alone
            }
        }
        assertThat(secrets).as("the earlier scenarios delivered e-mails with QR codes").hasSizeGreaterThan(4);

        // when: everything on Kafka and in the logs is read
        List<String> leaks = new ArrayList<>();
        for (String topic : TopicRecords.allTopics()) {
            for (ConsumerRecord<String, byte[]> r : TopicRecords.bytes(topic)) {
                StringBuilder text = new StringBuilder();
                text.append(r.key()).append('\n');
                if (r.value() != null) {
                    text.append(new String(r.value(), StandardCharsets.ISO_8859_1));
                }
                for (Header h : r.headers()) {
                    text.append(h.key()).append('=').append(new String(h.value() == null ? new byte[0] : h.value(),
                            StandardCharsets.ISO_8859_1));
                }
                find(secrets, text.toString(), topic + "@" + r.partition() + ":" + r.offset(), leaks);
            }
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(platform.logDirectory())) {
            logs = files.filter(f -> !NOT_OUR_LOGS.contains(f.getFileName().toString())).toList();
        }
        assertThat(logs).extracting(p -> p.getFileName().toString())
                .contains("payment-ingress.log", "catalog-service.log", "provisioning-worker.log",
                        "notification-service.log");
        for (Path log : logs) {
            find(secrets, Files.readString(log, StandardCharsets.ISO_8859_1), log.getFileName().toString(), leaks);
        }

        // then
        assertThat(leaks).as("plaintext secrets found").isEmpty();
    }

    private static void find(Set<String> secrets, String haystack, String where, List<String> leaks)
            throws IOException {
        for (String secret : secrets) {
            if (haystack.contains(secret) || haystack.contains(secret.toLowerCase(java.util.Locale.ROOT))) {
                leaks.add(where + " holds " + mask(secret));
            }
        }
    }

    /** Reports name the leak without repeating it in the test output. */
    private static String mask(String secret) {
        return secret.length() <= 6 ? "***" : secret.substring(0, 4) + "…(" + secret.length() + " chars)";
    }
}
