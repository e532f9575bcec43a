package dev.esim.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the machine itself can do, measured in the same run against the same servers, so the pipeline's figures
 * read as ratios: raw SMTP over one connection to the mail catcher, and Kafka's own consume-transform-produce loop
 * with transactions (what Kafka's {@code TransactionalMessageCopier} does) on the same broker.
 */
final class References {

    private References() {
    }

    /** Messages per second over one SMTP connection, each about the size of an activation e-mail. */
    static double smtpMessagesPerSecond(int messages, int bodyBytes) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "localhost");
        p.put("mail.smtp.port", Integer.toString(dev.esim.localstack.LocalStack.SMTP_PORT));
        Session session = Session.getInstance(p);
        String body = "x".repeat(bodyBytes);
        long start = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < messages; i++) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress("bench@esim.local"));
                m.setRecipient(Message.RecipientType.TO, new InternetAddress("smtp-reference@bench.example.com"));
                m.setSubject("reference " + i);
                m.setText(body);
                m.saveChanges();
                transport.sendMessage(m, m.getAllRecipients());
            }
        }
        return messages / seconds(start);
    }

    /**
     * Records per second through a transactional copier: read_committed consumer, producer with a transactional id,
     * offsets committed in each transaction of {@code batch} records — the worker's own loop without the work.
     */
    static double kafkaCopierRecordsPerSecond(int records, int recordBytes, int batch) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String source = "bench.copier-in." + suffix;
        String target = "bench.copier-out." + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA))) {
            admin.createTopics(List.of(new NewTopic(source, 6, (short) 1), new NewTopic(target, 6, (short) 1)))
                    .all().get();
        }
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all");
        fill(producerConfig, source, records, recordBytes);
        Copied copied = copy(producerConfig, source, target, suffix, records, batch);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA))) {
            admin.deleteTopics(List.of(source, target)).all().get();
        }
        return copied.records() / seconds(copied.startNanos());
    }

    /** How many records the copy loop copied, and when its clock started ({@link System#nanoTime()}). */
    private record Copied(long records, long startNanos) {
    }

    /** Fills {@code source} with {@code records} records of {@code recordBytes} bytes each, before the clock starts. */
    private static void fill(Map<String, Object> producerConfig, String source, int records, int recordBytes) {
        byte[] value = new byte[recordBytes];
        try (KafkaProducer<byte[], byte[]> fill = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                fill.send(new ProducerRecord<>(source, ("key-" + i).getBytes(), value));
            }
            fill.flush();
        }
    }

    /**
     * The timed loop: polls {@code source} (read_committed, at most {@code batch} records a poll) and copies each
     * poll to {@code target} in one transaction with its offsets, for five minutes at most.
     */
    private static Copied copy(Map<String, Object> producerConfig, String source, String target, String suffix,
            int records, int batch) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Outside.KAFKA,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-copier-" + suffix,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch);
        Map<String, Object> txConfig = new java.util.HashMap<>(producerConfig);
        txConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-copier-" + suffix);
        long copied = 0;
        long start;
        try (KafkaConsumer<byte[], byte[]> in = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> out = new KafkaProducer<>(txConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            out.initTransactions();
            in.subscribe(List.of(source));
            start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (copied < records && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> polled = in.poll(Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    continue;
                }
                out.beginTransaction();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    out.send(new ProducerRecord<>(target, r.key(), r.value()));
                }
                out.sendOffsetsToTransaction(next(polled, polled.partitions()), in.groupMetadata());
                out.commitTransaction();
                copied += polled.count();
            }
        }
        return new Copied(copied, start);
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<byte[], byte[]> polled,
            Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.records(tp));
            offsets.put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
