package dev.esim.ops;

import dev.esim.events.Topic;
import dev.esim.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

@Command(name = "audit", usageHelpAutoWidth = true,
        description = {"Checks the conservation law on the topics: money taken <=> eSIM delivered. Reads every order, "
                + "payment, refund and activation (read_committed) and lists each order that breaks it:",
            "  PAID_NOT_DELIVERED      order not delivered in full after --grace, money kept (net of refunds) "
                    + "above the price of its live lines",
            "  DELIVERED_UNPAID        a line delivered, the order never paid its whole price",
            "  REFUNDED_BUT_DELIVERED  refunded in full, a delivered line never cancelled",
            "Exit code 4 when there is any finding, 0 when there is none."},
        footer = {"", "Examples:", "  esim-ops audit", "  esim-ops audit --grace 10m --json"})
final class AuditCommand extends OpsCommand {

    static final int FINDINGS = 4;

    @Option(names = "--grace", defaultValue = "PT6H30M", converter = DurationConverter.class,
            description = "How long after its payment an order may still be on its way (default 6h30m: the worker's "
                    + "provider deadline plus the refund). e.g. 10m, 2h, PT45S.")
    Duration grace;

    @Option(names = "--json", description = "One JSON object per finding instead of the table.")
    boolean json;

    Clock clock = Clock.systemUTC();

    @Override
    int run() {
        KafkaConnection kafka = connection.connect();
        EventDecoder decoder = kafka.decoder();
        Conservation law = new Conservation();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            TopicScanner scanner = new TopicScanner(consumer);
            // orders first: a payment is judged against the order's currency
            for (Topic<?> topic : List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.ACTIVATIONS)) {
                if (!scanner.exists(topic.name())) {
                    continue;
                }
                TopicScanner.Plan plan = scanner.plan(scanner.partitions(topic.name()));
                scanner.scan(plan, TopicScanner.progress(err(), "audit " + topic.name(), plan), raw ->
                        new ScannedRecord(raw, decoder).event().ifPresent(event -> feed(law, event)));
            }
        }
        List<Conservation.Finding> findings = law.findings(clock.instant(), grace);
        for (Conservation.Finding f : findings) {
            if (json) {
                out().println(AvroRendering.toJsonLine(AvroRendering.JSON.valueToTree(Map.of("order_id", f.orderId(),
                        "finding", f.kind().name().toLowerCase(Locale.ROOT), "detail", f.detail()))));
            } else {
                out().printf("%-36s  %-22s  %s%n", f.orderId(), f.kind(), f.detail());
            }
        }
        err().println(law.orders() + " order(s) audited, " + findings.size() + " finding(s)");
        return findings.isEmpty() ? 0 : FINDINGS;
    }

    private static void feed(Conservation law, DecodedEvent event) {
        GenericRecord envelope = event.envelope();
        Object orderField = envelope.getSchema().getField("order_id") == null ? null : envelope.get("order_id");
        GenericRecord payload = event.payload().orElse(null);
        if (orderField == null || payload == null) {
            return;
        }
        String orderId = orderField.toString();
        Instant at = event.occurredAt().orElse(Instant.EPOCH);
        switch (event.eventType()) {
            case "OrderPlaced" -> {
                GenericRecord total = (GenericRecord) payload.get("total");
                law.placed(orderId, (Long) total.get("amount_minor"), total.get("currency").toString(),
                        items(payload));
            }
            case "PaymentSucceeded" -> {
                GenericRecord amount = (GenericRecord) payload.get("amount");
                Object intent = payload.get("payment_intent_id");
                law.paid(orderId, intent != null ? intent.toString() : event.eventId().orElse(""),
                        (Long) amount.get("amount_minor"), amount.get("currency").toString(), at);
            }
            case "RefundSucceeded" -> law.refunded(orderId, payload.get("refund_id").toString(),
                    (Long) ((GenericRecord) payload.get("amount")).get("amount_minor"));
            case "PaymentDisputed" -> {
                // a lost chargeback is money returned to the payer, counted once per dispute like a refund
                if ("LOST".equals(String.valueOf(payload.get("outcome")))) {
                    law.refunded(orderId, "dispute:" + payload.get("dispute_id"),
                            (Long) ((GenericRecord) payload.get("amount")).get("amount_minor"));
                }
            }
            case "ActivationReady", "TopUpApplied" -> law.delivered(orderId, payload.get("iccid").toString(),
                    stringOrNull(payload, "sku"));
            case "LineCancelled" -> law.cancelled(orderId, payload.get("iccid").toString());
            default -> {
                // failures, delays, balance warnings, expiries: no money and no line
            }
        }
    }

    private static List<Conservation.Item> items(GenericRecord orderPlaced) {
        return ((List<?>) orderPlaced.get("items")).stream().map(GenericRecord.class::cast)
                .map(item -> new Conservation.Item(item.get("sku").toString(), (Integer) item.get("quantity"),
                        (Long) ((GenericRecord) item.get("unit_price")).get("amount_minor")))
                .toList();
    }

    /** The field's text; null when the record has no such field or it is null. */
    private static String stringOrNull(GenericRecord record, String field) {
        Object value = record.getSchema().getField(field) == null ? null : record.get(field);
        return value == null ? null : value.toString();
    }

    /** {@code 45s}, {@code 10m}, {@code 2h}, or ISO-8601 ({@code PT1H30M}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("not a duration: " + value + " (e.g. 45s, 10m, 2h)");
            };
        }
    }
}
