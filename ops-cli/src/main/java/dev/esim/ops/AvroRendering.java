package dev.esim.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns events into JSON and one-line summaries for people. The one rule: an {@code EncryptedPayload} is shown as
 * {@code "<encrypted:key_id>"} and no other byte field is ever printed, so nothing here can leak an e-mail address or
 * an activation code — the tool holds no keyset and never decrypts.
 */
final class AvroRendering {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ENCRYPTED_PAYLOAD = "EncryptedPayload";
    private static final Set<String> ENVELOPE_FIELDS =
            Set.of("event_id", "occurred_at", "order_id", "causation_id", "payload", "original_payload");
    private static final int SUMMARY_LENGTH = 120;

    private AvroRendering() {
    }

    /** How an encrypted field is shown everywhere. */
    static String mask(GenericRecord encrypted) {
        return "<encrypted:" + encrypted.get("key_id") + ">";
    }

    /** The Avro datum as JSON: unions unwrapped, timestamps as ISO instants, encrypted fields masked. */
    static JsonNode toJson(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case RECORD:
                GenericRecord record = (GenericRecord) datum;
                if (isEncrypted(record.getSchema())) {
                    return NODES.textNode(mask(record));
                }
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : record.getSchema().getFields()) {
                    object.set(field.name(), toJson(record.get(field.pos()), field.schema()));
                }
                return object;
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    array.add(toJson(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> map.set(k.toString(), toJson(v, schema.getValueType())));
                return map;
            case STRING:
            case ENUM:
                return NODES.textNode(datum.toString());
            case BYTES:
            case FIXED:
                return NODES.textNode("<bytes:" + byteCount(datum) + ">");
            case INT:
                return NODES.numberNode((Integer) datum);
            case LONG:
                return timestamp((Long) datum, schema.getLogicalType())
                        .<JsonNode>map(instant -> NODES.textNode(instant.toString()))
                        .orElseGet(() -> NODES.numberNode((Long) datum));
            case FLOAT:
                return NODES.numberNode((Float) datum);
            case DOUBLE:
                return NODES.numberNode((Double) datum);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            default:
                return NODES.nullNode();
        }
    }

    /**
     * A record as a reader sees it: where it is, its key and headers, and its value decoded (or a note that it is
     * not Avro). Header values are printed only as text; binary header values show their length.
     */
    static ObjectNode recordJson(ConsumerRecord<byte[], byte[]> record, Optional<DecodedEvent> event) {
        ObjectNode json = NODES.objectNode();
        json.put("topic", record.topic());
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        json.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        json.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        ObjectNode headers = json.putObject("headers");
        for (Header header : record.headers()) {
            if (DeadLetter.NUMERIC_HEADERS.contains(header.key())) {
                headers.put(header.key(), DeadLetter.number(record.headers(), header.key()));
            } else {
                headers.put(header.key(), headerText(header.value()));
            }
        }
        if (event.isPresent()) {
            json.put("event_type", event.get().eventType());
            json.set("value", toJson(event.get().envelope(), event.get().envelope().getSchema()));
        } else {
            json.put("value", record.value() == null ? null : "<not avro: " + record.value().length + " bytes>");
        }
        return json;
    }

    static String toJsonLine(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Printable UTF-8 as is; short binary values (ints, longs) as hex; anything else as its length. */
    static String headerText(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            if (text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t')) {
                return text;
            }
        } catch (CharacterCodingException binary) {
            // fall through
        }
        return value.length <= 16 ? "0x" + HexFormat.of().formatHex(value) : "<bytes:" + value.length + ">";
    }

    /**
     * One line for a timeline: the payload's fields ({@code amount=19.99 USD reason=card_declined ...}), led by the
     * envelope's own extra fields (gateway, provider), encrypted fields masked, cut at {@value #SUMMARY_LENGTH} chars.
     */
    static String summary(DecodedEvent event) {
        List<String> parts = new ArrayList<>();
        GenericRecord envelope = event.envelope();
        for (Schema.Field field : envelope.getSchema().getFields()) {
            if (!ENVELOPE_FIELDS.contains(field.name())) {
                addPart(parts, field, envelope.get(field.pos()));
            }
        }
        event.payload().ifPresent(payload -> {
            for (Schema.Field field : payload.getSchema().getFields()) {
                addPart(parts, field, payload.get(field.pos()));
            }
        });
        String summary = String.join(" ", parts);
        return summary.length() <= SUMMARY_LENGTH ? summary : summary.substring(0, SUMMARY_LENGTH - 1) + "…";
    }

    private static void addPart(List<String> parts, Schema.Field field, Object value) {
        if (value != null) {
            parts.add(field.name() + "=" + shortText(value, field.schema()));
        }
    }

    private static String shortText(Object value, Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return shortText(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
        }
        return switch (schema.getType()) {
            case RECORD -> recordText((GenericRecord) value);
            case ARRAY -> arrayText((Collection<?>) value, schema.getElementType());
            case BYTES, FIXED -> "<bytes:" + byteCount(value) + ">";
            case LONG -> timestamp((Long) value, schema.getLogicalType()).map(Instant::toString)
                    .orElse(value.toString());
            default -> value.toString();
        };
    }

    private static String recordText(GenericRecord record) {
        Schema schema = record.getSchema();
        if (isEncrypted(schema)) {
            return mask(record);
        }
        if (isMoney(schema)) {
            return money((Long) record.get("amount_minor"), record.get("currency").toString());
        }
        List<String> parts = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            addPart(parts, field, record.get(field.pos()));
        }
        return "{" + String.join(" ", parts) + "}";
    }

    private static String arrayText(Collection<?> items, Schema itemSchema) {
        // Nested records (order items) would crowd out the fields support reads first: count them instead.
        if (items.size() > 3 || itemSchema.getType() == Schema.Type.RECORD && !isMoney(itemSchema)) {
            return "[" + items.size() + (items.size() == 1 ? " item]" : " items]");
        }
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add(shortText(item, itemSchema)));
        return "[" + String.join(",", texts) + "]";
    }

    /** Minor units shown in the currency's own exponent: 1999 USD → 19.99 USD, 500 JPY → 500 JPY. */
    static String money(long amountMinor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknownCurrency) {
            return amountMinor + " " + currency + " (minor units)";
        }
        return BigDecimal.valueOf(amountMinor, digits).toPlainString() + " " + currency;
    }

    private static boolean isMoney(Schema schema) {
        return schema.getField("amount_minor") != null && schema.getField("currency") != null;
    }

    private static boolean isEncrypted(Schema schema) {
        return schema.getType() == Schema.Type.RECORD && ENCRYPTED_PAYLOAD.equals(schema.getName());
    }

    private static Optional<Instant> timestamp(long value, LogicalType logicalType) {
        if (logicalType instanceof LogicalTypes.TimestampMillis
                || logicalType instanceof LogicalTypes.LocalTimestampMillis) {
            return Optional.of(Instant.ofEpochMilli(value));
        }
        if (logicalType instanceof LogicalTypes.TimestampMicros) {
            return Optional.of(Instant.EPOCH.plusNanos(value * 1000));
        }
        return Optional.empty();
    }

    private static int byteCount(Object datum) {
        if (datum instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (datum instanceof GenericFixed fixed) {
            return fixed.bytes().length;
        }
        return datum instanceof byte[] bytes ? bytes.length : -1;
    }
}
