-- The input whose Kafka transaction published the payment_mismatch answer to this payment event: a replayed payment
-- (or order) whose answer is already committed publishes nothing more.
alter table payment_events
    add column rejected_topic     text,
    add column rejected_partition int,
    add column rejected_offset    bigint;
