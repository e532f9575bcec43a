-- Every dead letter the support console redrove: which record (its place on the dead-letter topic, its key — the
-- order id), where it went, who asked, why and when. Kept like refunds: the audit of what support did. The console
-- shows beside each dead letter whether and by whom it was redriven; a redrive twice is harmless (consumers dedupe by
-- event id) and recorded twice.
create table dead_letter_redrives (
    redrive_id    bigint generated always as identity primary key,
    dlt_topic     text        not null,
    dlt_partition integer     not null,
    dlt_offset    bigint      not null,
    record_key    text,
    target_topic  text        not null,
    requested_by  text        not null,
    reason        text        not null check (length(reason) between 1 and 500),
    redriven_at   timestamptz not null
);
create index dead_letter_redrives_by_time on dead_letter_redrives (dlt_topic, redriven_at);
