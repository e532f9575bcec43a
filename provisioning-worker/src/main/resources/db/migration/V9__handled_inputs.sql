-- Where each input event was last handled, so that a replay's duplicates are skipped without running their handler:
-- a duplicate whose earlier handling committed (the group's offset is past that position) would only find every claim
-- settled and every outcome published. A cache, not a source of truth: correctness never depends on a row being here
-- (handlers stay idempotent on the claims), so rows older than the topics' retention are purged, and an order's rows
-- are dropped when one of its inputs is dead-lettered (the outcomes it carried must ride on the order's next input).
create table handled_inputs (
    event_id   text primary key,
    order_id   text        not null,
    topic      text        not null,
    partition  int         not null,
    "offset"   bigint      not null,
    handled_at timestamptz not null default now()
);
create index handled_inputs_by_order on handled_inputs (order_id);
create index handled_inputs_by_age on handled_inputs (handled_at);
