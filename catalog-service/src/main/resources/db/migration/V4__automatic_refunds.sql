-- A paid order the worker could not provision (ProvisioningFailed) is refunded through the gateway, once per order.
-- Written in the transaction that records the failure; AutomaticRefunds works the rows off and keeps the outcome
-- visible: 'due' (not asked yet, or the gateway was unreachable), 'requested' (the gateway accepted; the order turns
-- refunded on its refund webhook), 'refused' (the gateway said no: support must act), 'not_needed' (already refunded,
-- or every line turned out ready after all).
create table automatic_refunds (
    order_id       text primary key references orders (order_id),
    cause_event_id text        not null,
    state          text        not null default 'due'
                               check (state in ('due', 'requested', 'refused', 'not_needed')),
    refund_id      text,
    attempts       int         not null default 0,
    last_error     text,
    created_at     timestamptz not null,
    updated_at     timestamptz
);
create index automatic_refunds_due on automatic_refunds (created_at) where state = 'due';
