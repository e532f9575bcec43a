package dev.esim.contract.sample;

import dev.esim.events.avro.ActivationReady;
import dev.esim.events.avro.PaymentSucceeded;
import dev.esim.events.avro.ProvisioningFailed;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a downstream team writes to read our topics: a plain {@link KafkaConsumer} with exactly the settings of the
 * consumer guide (docs/topics/README.md). It keeps a line per business fact it acted on.
 */
final class SampleDownstreamConsumer implements AutoCloseable {

    final KafkaConsumer<String, Object> consumer;
    // In production: a table with event_id as primary key, written in the same database transaction as your effect.
    private final Set<String> seenEventIds = new HashSet<>();
    final List<String> actedOn = new ArrayList<>();
    int duplicatesSkipped;

    SampleDownstreamConsumer(String bootstrapServers, String schemaRegistryUrl, Collection<String> topics) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "sample-team.order-dashboard"); // <team>.<purpose>, your own
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");     // never see aborted writes
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);             // commit after acting
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        settings.put("schema.registry.url", schemaRegistryUrl);
        settings.put("specific.avro.reader", true);                                 // generated classes
        consumer = new KafkaConsumer<>(settings);
        consumer.subscribe(topics);
    }

    /** One turn of the loop a real consumer runs forever. */
    void pollOnce(Duration timeout) {
        for (ConsumerRecord<String, Object> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue; // a tombstone: only on the compacted catalogue, "this SKU was withdrawn"
            }
            GenericRecord envelope = (GenericRecord) record.value(); // every envelope has the same four fields
            String eventId = envelope.get("event_id").toString();
            if (!seenEventIds.add(eventId)) {
                duplicatesSkipped++; // a retry or a support replay: same event, same id
                continue;
            }
            act(record.key(), envelope.get("payload"));
        }
        consumer.commitSync();
    }

    /** The kind of event is the payload union's branch; ignore kinds you do not need. */
    private void act(String orderId, Object payload) {
        if (payload instanceof PaymentSucceeded paid) {
            actedOn.add(orderId + " paid " + paid.getAmount().getAmountMinor() + " " + paid.getAmount().getCurrency());
        } else if (payload instanceof ActivationReady ready) {
            // The LPA is ciphertext: reading it needs the keyset its key_id names, which only the platform holds.
            actedOn.add(orderId + " active on " + ready.getIccid() + ", LPA sealed by " + ready.getLpa().getKeyId());
        } else if (payload instanceof ProvisioningFailed failed) {
            actedOn.add(orderId + " failed: " + failed.getReasonCode());
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
