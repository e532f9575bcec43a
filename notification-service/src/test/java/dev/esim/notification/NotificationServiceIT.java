package dev.esim.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.esim.events.OrderTokens;
import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.ActivationEvent;
import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.EmailFailed;
import dev.esim.events.avro.EmailSent;
import dev.esim.events.avro.NotificationEvent;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.events.serde.ConfluentAvroSerializer;
import dev.esim.notification.EventFixture.Journey;
import dev.esim.notification.email.QrDecoder;
import dev.esim.testkit.HostileRecords;
import dev.esim.testkit.KafkaRecords;
import dev.esim.testkit.TestInfrastructure;
import dev.esim.testkit.WithKafka;
import dev.esim.testkit.WithPostgres;
import dev.esim.testkit.WithSchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against real infrastructure: Kafka (KRaft), PostgreSQL, the schema registry, and a GreenMail SMTP
 * server that this test owns so it can take it down and bring it back on the same port. Start reading here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "esim.notification.consumer.initial-backoff=200ms",
        "esim.notification.consumer.max-backoff=1s",
        "esim.notification.consumer.max-retries=30",
        "esim.notification.delivery.poll-interval=200ms",
        "esim.notification.delivery.initial-backoff=300ms",
        "esim.notification.delivery.max-backoff=1s",
        "spring.kafka.consumer.group-id=" + NotificationServiceIT.GROUP,
})
@WithKafka(partitions = 3, topics = {
        "esim.orders.v1", "esim.activations.v1", "esim.payments.v1", "esim.provider-events.v1",
        "esim.orders.v1-dlt", "esim.activations.v1-dlt", "esim.payments.v1-dlt", "esim.provider-events.v1-dlt"})
@WithPostgres(database = "notification")
@WithSchemaRegistry
class NotificationServiceIT {

    static final String GROUP = "notification-service-it";
    static final Duration DELIVERY = Duration.ofSeconds(30);

    static final int SMTP_PORT = freePort();
    static final ServerSetup SMTP = new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    static volatile GreenMail smtp = startSmtp();

    /** Every log event of the service while the tests run, to prove no plaintext secret is ever logged. */
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    static KafkaProducer<String, Object> producer;
    static ConfluentAvroSerializer serializer;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put("schema.registry.url", TestInfrastructure.registry().url());
        serializer = new ConfluentAvroSerializer();
        serializer.configure(config, false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        KafkaProducer<String, Object> created = new KafkaProducer<>(config, new StringSerializer(),
                (org.apache.kafka.common.serialization.Serializer) serializer);
        producer = created;
    }

    @AfterAll
    static void close() {
        producer.close();
        smtp.stop();
    }

    /**
     * Attached once the context is up: Spring Boot resets Logback while it starts, which drops appenders added
     * earlier (a static one would only ever see the lines logged before the service started).
     */
    @BeforeEach
    void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!root.isAttached(LOGS)) {
            LOGS.setContext(context);
            LOGS.start();
            root.addAppender(LOGS);
        }
    }

    @AfterEach
    void noPlaintextSecretIsLogged() {
        String logs = capturedLogs();
        assertThat(logs).isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(logs).as("service logs").doesNotContain(secret);
        }
    }

    @Test
    void emailsAQrCodeThatDecodesToExactlyTheLpaStringWithManualEntryDetails() throws Exception {
        // given a paid order whose eSIM is ready
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

        // when
        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());

        // then the traveller has one multipart e-mail
        MimeMessage email = awaitEmails(journey.email(), 1).get(0);
        assertThat(email.getContentType()).startsWith("multipart/mixed");
        assertThat(email.getMessageID())
                .isEqualTo("<" + journey.activationEventId() + ".activation-ready@notification.esim.local>");
        assertThat(email.getSubject()).contains("Europe 5 GB / 30 days");
        // whose inline QR code reads back as exactly the LPA string
        Part qr = findPart(email, p -> p.isMimeType("image/png"));
        assertThat(qr.getHeader("Content-ID")).containsExactly("<esim-qr>");
        assertThat(QrDecoder.decode(bytes(qr))).isEqualTo(journey.lpa());
        // and whose plain-text part allows manual entry
        String text = (String) findPart(email, p -> p.isMimeType("text/plain")).getContent();
        assertThat(text)
                .contains("SM-DP+ address: " + journey.smdp())
                .contains("Activation code: " + journey.activationCode())
                .contains("primary SIM")
                .contains("Plan details, terms and answers to common questions: "
                        + "https://simology.io/esim-western-europe")
                .contains("http://localhost:8082/orders/" + journey.orderId() + "?token="
                        + new OrderTokens(OrderTokens.SANDBOX_SECRET).token(journey.orderId()));
        String html = (String) findPart(email, p -> p.isMimeType("text/html")).getContent();
        assertThat(html).contains("cid:esim-qr");

        // and the platform hears about it on esim.notifications.v1
        NotificationEvent sent = awaitNotification(journey.activationEventId(), "EmailSent");
        assertThat(sent.getOrderId()).isEqualTo(journey.orderId());
        assertThat(((EmailSent) sent.getPayload()).getMessageId()).isEqualTo(email.getMessageID());
        // and the outbox row knows it is published, so it is not sent again
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT published FROM email_delivery WHERE event_id = :id")
                .param("id", journey.activationEventId()).query(Boolean.class).single());
        assertThat(meters.find("esim.notification.activation.to.smtp.accept").timer()).isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isPositive());

        // and support can find the listener's log lines by the event's ids (MDC, written as JSON fields)
        ILoggingEvent accepted = logEvents().stream()
                .filter(e -> e.getFormattedMessage()
                        .startsWith("Accepted activation-ready e-mail for order " + journey.orderId()))
                .findFirst().orElseThrow();
        assertThat(accepted.getMDCPropertyMap())
                .containsEntry("order_id", journey.orderId())
                .containsEntry("event_id", journey.activationEventId())
                .containsEntry("iccid", journey.iccid())
                .containsEntry("topic", Topics.ACTIVATIONS.name());
        // and the age of the last activation processed is on /actuator/prometheus
        assertThat(meters.get("esim.consumer.last.event.age").tag("topic", Topics.ACTIVATIONS.name()).gauge().value())
                .isBetween(0.0, 60.0);
    }

    @Test
    void theSameActivationDeliveredThreeTimesAndThenReplayedYieldsOneEmail() throws Exception {
        // given
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

        // when the same event arrives three times
        for (int i = 0; i < 3; i++) {
            publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        }
        awaitEmails(journey.email(), 1);
        awaitConsumed(Topics.ACTIVATIONS.name());
        // and the whole topic is replayed from the beginning
        replayFromBeginning(Topics.ACTIVATIONS.name());
        awaitConsumed(Topics.ACTIVATIONS.name());
        Thread.sleep(1_000); // a second e-mail, if any, would be on its way by now

        // then
        assertThat(emailsTo(journey.email())).hasSize(1);
        assertThat(notificationsAbout(journey.activationEventId())).extracting(NotificationEvent::getEventId)
                .containsOnly(EventIds.derive(journey.activationEventId(), "EmailSent"));
        assertThat(jdbc.sql("SELECT count(*) FROM email_delivery WHERE order_id = :id")
                .param("id", journey.orderId()).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void supportHasTheActivationEmailSentAgainOncePerRequestAndToACorrectedAddressWhenGiven() throws Exception {
        // given a traveller who got their eSIM by e-mail
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        MimeMessage original = awaitEmails(journey.email(), 1).get(0);

        // when support asks for it again — the request read twice, as a redelivery would
        String first = "resend-1-" + journey.orderId();
        publish(Topics.ORDERS.name(), journey.orderId(), journey.resendRequested(first, null));
        publish(Topics.ORDERS.name(), journey.orderId(), journey.resendRequested(first, null));

        // then one more e-mail with the same eSIM, a message of its own
        List<MimeMessage> inbox = awaitEmails(journey.email(), 2);
        awaitConsumed(Topics.ORDERS.name());
        Thread.sleep(1_000); // a third e-mail, if any, would be on its way by now
        assertThat(emailsTo(journey.email())).hasSize(2);
        MimeMessage resent = inbox.get(1);
        assertThat(resent.getMessageID()).isNotEqualTo(original.getMessageID());
        assertThat(resent.getSubject()).isEqualTo(original.getSubject());
        assertThat(QrDecoder.decode(bytes(findPart(resent, p -> p.isMimeType("image/png"))))).isEqualTo(journey.lpa());

        // when the traveller had given a wrong address and support corrects it
        String corrected = journey.email().replace("@example.com", "@corrected.example");
        SECRETS.add(corrected);
        publish(Topics.ORDERS.name(), journey.orderId(),
                journey.resendRequested("resend-2-" + journey.orderId(), corrected));

        // then the eSIM goes to the corrected address, and nothing more to the old one
        MimeMessage toCorrected = awaitEmails(corrected, 1).get(0);
        assertThat(QrDecoder.decode(bytes(findPart(toCorrected, p -> p.isMimeType("image/png")))))
                .isEqualTo(journey.lpa());
        assertThat(emailsTo(journey.email())).hasSize(2);
        assertThat(jdbc.sql("SELECT count(*) FROM email_delivery WHERE order_id = :id AND resend_of = :original")
                .param("id", journey.orderId()).param("original", journey.activationEventId())
                .query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    void aLineNearlyOutOfDataGetsOneEmailPerThresholdWithATopUpLinkHoweverOftenTheProviderSaysSo() throws Exception {
        // given a traveller with an active line
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        awaitEmails(journey.email(), 1);

        // when the provider reports 80 % used three times, then again naming only the ICCID (as eSIM Go does)
        for (int i = 0; i < 3; i++) {
            publish(Topics.PROVIDER_EVENTS.name(), journey.orderId(),
                    journey.usageAlert(journey.orderId(), 4096, 1024));
        }
        publish(Topics.PROVIDER_EVENTS.name(), journey.iccid(), journey.usageAlert("", 4300, 820));
        awaitEmails(journey.email(), 2);
        // and later the data is all used
        publish(Topics.PROVIDER_EVENTS.name(), journey.orderId(), journey.usageAlert(journey.orderId(), 5120, 0));
        awaitEmails(journey.email(), 3);
        awaitConsumed(Topics.PROVIDER_EVENTS.name());
        Thread.sleep(1_000); // a further e-mail, if any, would be on its way by now

        // then one e-mail per threshold, each with the line's top-up link
        List<MimeMessage> emails = emailsTo(journey.email());
        assertThat(emails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "Your eSIM for Europe 5 GB / 30 days is ready: scan to install",
                "You have used 80 % of your eSIM's data",
                "Your eSIM's data is used up: top up to stay online");
        for (MimeMessage email : emails.stream().filter(m -> !subject(m).startsWith("Your eSIM for")).toList()) {
            String text = (String) findPart(email, p -> p.isMimeType("text/plain")).getContent();
            assertThat(text).contains("https://shop.example/top-up?iccid=" + journey.iccid());
        }
    }

    @Test
    void supportErasesACustomersDataAndNothingMoreIsEmailedEvenWhenTheOrderIsReplayed() throws Exception {
        // given a traveller who got their eSIM
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        awaitEmails(journey.email(), 1);
        await().atMost(DELIVERY).until(() -> jdbc.sql("SELECT count(*) FROM email_delivery WHERE order_id = :id"
                + " AND status = 'sent'").param("id", journey.orderId()).query(Long.class).single() == 1);

        // when support erases their data (twice: the request is replayed)
        publish(Topics.ORDERS.name(), journey.orderId(), journey.erasureRequested());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.erasureRequested());
        awaitConsumed(Topics.ORDERS.name());

        // then the address and the activation code are gone from the database
        assertThat(jdbc.sql("SELECT count(*) FROM customer_order WHERE order_id = :id AND erased_at IS NOT NULL"
                + " AND email_ciphertext IS NULL").param("id", journey.orderId()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM email_delivery WHERE order_id = :id AND lpa_ciphertext IS NOT NULL")
                .param("id", journey.orderId()).query(Long.class).single()).isZero();
        // and neither a replayed OrderPlaced nor a later alert brings an e-mail
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        publish(Topics.PROVIDER_EVENTS.name(), journey.orderId(), journey.usageAlert(journey.orderId(), 5120, 0));
        awaitConsumed(Topics.ORDERS.name());
        awaitConsumed(Topics.PROVIDER_EVENTS.name());
        Thread.sleep(1_000); // an e-mail, if any, would be on its way by now
        assertThat(emailsTo(journey.email())).hasSize(1);
        assertThat(jdbc.sql("SELECT email_ciphertext FROM customer_order WHERE order_id = :id")
                .param("id", journey.orderId()).query(byte[].class).optional()).isEmpty();
        assertThat(logEvents()).anyMatch(e -> e.getFormattedMessage().contains("order=" + journey.orderId()
                + " event=erasure-" + journey.orderId() + " outcome=customer_data_erased requested_by=dana"));
    }

    @Test
    void anActivationReadBeforeItsOrderIsRetriedUntilTheOrderArrives() throws Exception {
        Journey journey = remember(Journey.fresh());

        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        Thread.sleep(1_500);
        assertThat(emailsTo(journey.email())).isEmpty();
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

        assertThat(awaitEmails(journey.email(), 1)).hasSize(1);
    }

    @Test
    void whileSmtpIsDownEmailsWaitAndWhenItReturnsEachIsDeliveredOnce() throws Exception {
        // given SMTP is down
        smtp.stop();
        List<Journey> journeys = List.of(remember(Journey.fresh()), remember(Journey.fresh()),
                remember(Journey.fresh()));
        try {
            // when three eSIMs become ready during the outage
            for (Journey journey : journeys) {
                publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
                publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
            }
            // then they are parked, retried, not failed
            await().atMost(DELIVERY).untilAsserted(() -> assertThat(jdbc.sql("""
                    SELECT count(*) FROM email_delivery
                    WHERE order_id IN (:ids) AND status IN ('pending', 'sending') AND attempts >= 2
                    """).param("ids", journeys.stream().map(Journey::orderId).toList())
                    .query(Long.class).single()).isEqualTo(3L));
        } finally {
            // when SMTP comes back on the same port
            smtp = startSmtp();
        }

        // then every e-mail arrives exactly once
        for (Journey journey : journeys) {
            awaitEmails(journey.email(), 1);
        }
        Thread.sleep(1_000);
        for (Journey journey : journeys) {
            assertThat(emailsTo(journey.email())).hasSize(1);
            awaitNotification(journey.activationEventId(), "EmailSent");
        }
    }

    @Test
    void failuresAndRefundsGetPlainMessagesWithoutProviderDetail() throws Exception {
        Journey journey = remember(Journey.fresh());
        String providerDetail = "upstream_fault_7731: java.net.SocketException at ProviderClient.java:88";
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.provisioningFailed(providerDetail));
        publish(Topics.PAYMENTS.name(), journey.orderId(), journey.refundSucceeded());

        List<MimeMessage> emails = awaitEmails(journey.email(), 2);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage email : emails) {
            subjects.add(email.getSubject());
            String text = (String) findPart(email, p -> p.isMimeType("text/plain")).getContent();
            assertThat(text).doesNotContain("upstream_fault_7731").doesNotContain("SocketException");
        }
        assertThat(subjects).containsExactlyInAnyOrder(
                "We could not issue your eSIM for Europe 5 GB / 30 days", "Your refund of 14.99 EUR is on its way");
    }

    @Test
    void aPaymentMismatchOrATopUpRefundedBeforeItWasAppliedIsNotMailedAsAFailure() throws Exception {
        // a mismatched payment is sent back with its own refund e-mail; a top-up refunded while it waited for its
        // provider had its refund e-mail too: neither is a failure the traveller must hear about
        for (String reason : List.of("payment_mismatch", "refunded")) {
            Journey journey = remember(Journey.fresh());
            publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

            publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.provisioningFailed(reason,
                    "paid 100 minor units of USD, the order costs 1190"));
            publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());

            List<MimeMessage> emails = awaitEmails(journey.email(), 1);
            Thread.sleep(1_000);
            assertThat(emailsTo(journey.email())).as(reason).hasSize(1);
            assertThat(emails.get(0).getSubject()).as(reason).doesNotStartWith("We could not issue");
        }
    }

    @Test
    void anUndeliverableAddressBecomesAPermanentEmailFailed() throws Exception {
        Journey valid = Journey.fresh();
        Journey journey = remember(new Journey(valid.orderId(), valid.orderId() + "@@example.com", valid.smdp(),
                valid.activationCode()));
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());

        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());

        NotificationEvent failed = awaitNotification(journey.activationEventId(), "EmailFailed");
        assertThat(((EmailFailed) failed.getPayload()).getPermanent()).isTrue();
        assertThat(((EmailFailed) failed.getPayload()).getReason()).isEqualTo("invalid_address");
        assertThat(emailsTo(journey.orderId())).isEmpty();
    }

    @Test
    void anActivationWhoseCodeDoesNotDecryptGoesToTheDeadLetterTopicWithoutRetries() throws Exception {
        Journey journey = remember(Journey.fresh());
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        ActivationEvent event = journey.activationReady();
        // the ciphertext of another event: associated data no longer matches
        ((ActivationReady) event.getPayload()).setLpa(EventFixture.ACTIVATION.encrypt(journey.lpa(), "another-event"));

        publish(Topics.ACTIVATIONS.name(), journey.orderId(), event);

        await().atMost(DELIVERY).until(() -> KafkaRecords.bytes(Topics.ACTIVATIONS.deadLetterTopic())
                .withTimeout(Duration.ofSeconds(10)).readAll().stream()
                .anyMatch(record -> journey.orderId().equals(record.key())));
        assertThat(emailsTo(journey.email())).isEmpty();
    }

    @Test
    void aRecordAnnouncingAHugeStringGoesToTheDeadLetterTopicAndTheNextActivationIsStillMailed() throws Exception {
        Journey journey = remember(Journey.fresh());
        String liar = "ord_liar_" + journey.orderId();
        byte[] hugeString = HostileRecords.hugeStringAnnounced(HostileRecords.schemaIdOf(
                serializer.serialize(Topics.ACTIVATIONS.name(), journey.activationReady())));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ACTIVATIONS.name(), liar, hugeString)).get();
        }

        await().atMost(DELIVERY).until(() -> KafkaRecords.bytes(Topics.ACTIVATIONS.deadLetterTopic())
                .withTimeout(Duration.ofSeconds(10)).readAll().stream()
                .anyMatch(record -> liar.equals(record.key()) && Arrays.equals(hugeString, record.value())));
        publish(Topics.ORDERS.name(), journey.orderId(), journey.orderPlaced());
        publish(Topics.ACTIVATIONS.name(), journey.orderId(), journey.activationReady());
        assertThat(awaitEmails(journey.email(), 1)).hasSize(1);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Journey remember(Journey journey) {
        SECRETS.add(journey.email());
        SECRETS.add(journey.activationCode());
        SECRETS.add(journey.lpa());
        return journey;
    }

    private static void publish(String topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static List<MimeMessage> awaitEmails(String address, int count) {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(100))
                .until(() -> emailsTo(address).size() >= count);
        return emailsTo(address);
    }

    private static List<MimeMessage> emailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients).anyMatch(r -> r.toString().contains(address));
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private NotificationEvent awaitNotification(String causeEventId, String kind) {
        String expectedId = EventIds.derive(causeEventId, kind);
        List<NotificationEvent> found = new ArrayList<>();
        await().atMost(DELIVERY).untilAsserted(() -> {
            found.clear();
            found.addAll(notificationsAbout(causeEventId).stream()
                    .filter(e -> e.getEventId().equals(expectedId)).toList());
            assertThat(found).isNotEmpty();
        });
        return found.get(0);
    }

    private static List<NotificationEvent> notificationsAbout(String causeEventId) {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of("schema.registry.url", TestInfrastructure.registry().url(),
                "specific.avro.reader", "true"), false);
        List<ConsumerRecord<String, Object>> records = KafkaRecords
                .of(Topics.NOTIFICATIONS.name(), new StringDeserializer(), values)
                .withTimeout(Duration.ofSeconds(10))
                .readAll();
        return records.stream()
                .map(r -> (NotificationEvent) r.value())
                .filter(e -> e.getCausationId().equals(causeEventId))
                .toList();
    }

    /** Waits until the service's consumer group has committed up to the end of {@code topic}. */
    private static void awaitConsumed(String topic) {
        Admin admin = TestInfrastructure.kafka().admin();
        await().atMost(DELIVERY).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < TestInfrastructure.kafka().partitionCount(topic); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                long at = committed.containsKey(partition) ? committed.get(partition).offset() : 0;
                assertThat(at).as("committed offset of " + partition).isEqualTo(end.offset());
            });
        });
    }

    /** What the ops CLI's replay does: rewind the service's consumer group to the start of the topic. */
    private void replayFromBeginning(String topic) {
        listeners.getListenerContainers().forEach(MessageListenerContainer::stop);
        Admin admin = TestInfrastructure.kafka().admin();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (int p = 0; p < TestInfrastructure.kafka().partitionCount(topic); p++) {
            start.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
        }
        try {
            // the group must be empty before its offsets can be moved; members leave asynchronously
            await().atMost(DELIVERY).ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(GROUP, start).all().get());
        } finally {
            listeners.getListenerContainers().forEach(MessageListenerContainer::start);
        }
    }

    private static Part findPart(Part part, PartMatcher matcher) throws Exception {
        if (matcher.matches(part)) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Part found = findPartOrNull(child, matcher);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new AssertionError("No matching MIME part");
    }

    private static Part findPartOrNull(Part part, PartMatcher matcher) throws Exception {
        try {
            return findPart(part, matcher);
        } catch (AssertionError ex) {
            return null;
        }
    }

    @FunctionalInterface
    interface PartMatcher {
        boolean matches(Part part) throws MessagingException;
    }

    private static byte[] bytes(Part part) throws IOException, MessagingException {
        try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static GreenMail startSmtp() {
        GreenMail greenMail = new GreenMail(SMTP)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return greenMail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }


    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ILoggingEvent> logEvents() {
        synchronized (LOGS) {
            return new ArrayList<>(LOGS.list);
        }
    }

    /** The service's log lines, with exception messages; GreenMail's own lines (the test's mail server) excluded. */
    private static String capturedLogs() {
        return logEvents().stream()
                .filter(e -> !e.getLoggerName().startsWith("com.icegreen"))
                .map(e -> e.getFormattedMessage() + throwable(e.getThrowableProxy()))
                .collect(Collectors.joining("\n"));
    }

    private static String throwable(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append('\n').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
