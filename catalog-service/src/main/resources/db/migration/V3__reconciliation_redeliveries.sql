-- Gateway events the reconciliation job has handed to payment-ingress (and it accepted). Stripe keeps listing an
-- event as undelivered (delivery_success=false) for as long as it keeps it; this ledger keeps us from re-delivering
-- it again on every run.
create table reconciliation_redeliveries (
    event_id       text primary key,
    event_type     text        not null,
    object_id      text,
    redelivered_at timestamptz not null
);
