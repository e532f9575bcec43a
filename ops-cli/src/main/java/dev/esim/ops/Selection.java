package dev.esim.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which records of a topic an operator means. Time and offset bounds narrow the offsets to read (see
 * {@link TopicScanner#plan}); every bound is also checked per record, because record timestamps are only roughly
 * ordered within a partition. Time ranges are half-open {@code [from, to)}; offset ranges are inclusive.
 *
 * @param orderId  the record key
 * @param type     the envelope payload's record name, e.g. {@code PaymentSucceeded} (case-insensitive)
 * @param provider the {@code provider} field of the envelope or payload (case-insensitive)
 */
record Selection(
        Instant from,
        Instant to,
        Integer partition,
        Long fromOffset,
        Long toOffset,
        String orderId,
        String type,
        String provider) {

    static final Selection ALL = new Selection(null, null, null, null, null, null, null, null);

    static Selection ofOrder(String orderId) {
        return new Selection(null, null, null, null, null, orderId, null, null);
    }

    Selection {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        if ((fromOffset != null || toOffset != null) && partition == null) {
            throw new IllegalArgumentException("--from-offset/--to-offset need --partition");
        }
        if (fromOffset != null && toOffset != null && fromOffset > toOffset) {
            throw new IllegalArgumentException("--from-offset must not be after --to-offset");
        }
    }

    boolean matches(ScannedRecord record) {
        var raw = record.raw();
        if (partition != null && raw.partition() != partition) {
            return false;
        }
        if (fromOffset != null && raw.offset() < fromOffset || toOffset != null && raw.offset() > toOffset) {
            return false;
        }
        if (from != null && raw.timestamp() < from.toEpochMilli()
                || to != null && raw.timestamp() >= to.toEpochMilli()) {
            return false;
        }
        if (orderId != null && !orderId.equals(record.key())) {
            return false;
        }
        if (type != null && !record.event().map(e -> e.eventType().equalsIgnoreCase(type)).orElse(false)) {
            return false;
        }
        return provider == null
                || record.event().flatMap(DecodedEvent::provider).map(provider::equalsIgnoreCase).orElse(false);
    }

    /** For the audit record and the dry-run header: only the filters that were given. */
    Map<String, Object> describe() {
        Map<String, Object> filters = new LinkedHashMap<>();
        putIfSet(filters, "from", from == null ? null : from.toString());
        putIfSet(filters, "to", to == null ? null : to.toString());
        putIfSet(filters, "partition", partition);
        putIfSet(filters, "from_offset", fromOffset);
        putIfSet(filters, "to_offset", toOffset);
        putIfSet(filters, "order_id", orderId);
        putIfSet(filters, "type", type);
        putIfSet(filters, "provider", provider);
        return filters;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
