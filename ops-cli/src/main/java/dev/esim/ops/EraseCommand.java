package dev.esim.ops;

import dev.esim.events.EventIds;
import dev.esim.events.Topics;
import dev.esim.events.avro.CustomerDataErasureRequested;
import dev.esim.events.avro.OrderEvent;
import dev.esim.events.serde.ConfluentAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Erases the customer's personal data of one order, on request (GDPR): publishes {@code CustomerDataErasureRequested}
 * on the order's topic, keyed by the order id, so it reaches the services in order with the order's other events.
 * notification-service forgets the e-mail address and the activation codes it keeps for the order and e-mails
 * nothing more about it; topics keep their encrypted copies until their retention ends (docs/retention.md).
 */
@Command(name = "erase", usageHelpAutoWidth = true,
        description = {"Erase the customer's personal data of one order (a GDPR request): the e-mail address and "
                + "activation codes the services keep for it are forgotten and nothing more is e-mailed about it.",
            "Asks for confirmation (--yes in scripts); audited on " + AuditLog.TOPIC + "."},
        footer = {"", "Example:",
            "  esim-ops erase ord_123 --reason 'erasure request REQ-7' --yes"})
final class EraseCommand extends OpsCommand {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Parameters(index = "0", paramLabel = "<order-id>", description = "The order whose customer data goes.")
    String orderId;

    @picocli.CommandLine.Mixin
    AuditOptions auditOptions = new AuditOptions();

    @picocli.CommandLine.Mixin
    Confirmation confirmation = new Confirmation();

    @Override
    int run() throws ExecutionException, InterruptedException {
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw usage("Not an order id: " + PrintableText.of(orderId));
        }
        requireReason(auditOptions.reason, false);
        confirmation.confirm("Erase the customer data of order " + orderId);
        KafkaConnection kafka = connection.connect();
        try (Admin admin = kafka.admin(); KafkaProducer<byte[], byte[]> producer = kafka.producer();
             ConfluentAvroSerializer avro = serializer(kafka)) {
            AuditLog audit = new AuditLog(admin, producer, Clock.systemUTC(), kafka.principal());
            String who = audit.operator(auditOptions.operator);
            Map<String, Object> what = new LinkedHashMap<>();
            what.put("order_id", orderId);
            what.put("topic", Topics.ORDERS.name());
            String reason = auditOptions.reason;
            AuditLog.Entry entry = audit.start("customer.erase", who, reason, what);
            String eventId = EventIds.derive("erasure", entry.auditId());
            OrderEvent event = OrderEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(Instant.now())
                    .setOrderId(orderId)
                    .setCausationId(entry.auditId())
                    .setPayload(CustomerDataErasureRequested.newBuilder().setRequestedBy(who).setReason(reason)
                            .build())
                    .build();
            Map<String, Long> counts = new LinkedHashMap<>();
            try {
                producer.send(new ProducerRecord<>(Topics.ORDERS.name(), orderId.getBytes(StandardCharsets.UTF_8),
                        avro.serialize(Topics.ORDERS.name(), event))).get();
                counts.put("published", 1L);
                entry.completed(counts);
            } catch (ExecutionException | RuntimeException e) {
                counts.put("published", 0L);
                entry.failed(counts, e instanceof ExecutionException ? e.getCause() : e);
                throw e;
            }
            out().println("erasure of order " + orderId + " requested (event " + eventId + " on "
                    + Topics.ORDERS.name() + ")");
            out().println("audit id " + entry.auditId() + " on " + AuditLog.TOPIC);
            return 0;
        }
    }

    private static ConfluentAvroSerializer serializer(KafkaConnection kafka) {
        Map<String, Object> config = new HashMap<>(kafka.registryConfig());
        ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
        serializer.configure(config, false);
        return serializer;
    }
}
