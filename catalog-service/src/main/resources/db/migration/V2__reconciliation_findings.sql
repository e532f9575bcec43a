-- What the reconciliation job found and could not fix itself, for support to act on (and for the alert gauge).
-- One row per order and kind; a later run that finds it again only moves last_seen_at; resolved once the order
-- has moved on (active, refunded, failed) or the condition is gone.
create table reconciliation_findings (
    order_id      text        not null references orders (order_id),
    kind          text        not null,
    detail        text,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null,
    resolved_at   timestamptz,
    primary key (order_id, kind)
);
create index reconciliation_findings_open on reconciliation_findings (kind) where resolved_at is null;
