-- A payment naming an order that does not match it (another amount, currency or checkout session) is never the order's
-- money. Each one is kept here, once per gateway payment, and — unless esim.catalog.refunds.mismatched-payments is
-- 'hold' — sent back through the gateway by AutomaticRefunds: 'due' (not asked yet, or the gateway was unreachable),
-- 'requested' (accepted; its refund webhook arrives as a PAYMENT_RETURNED fact), 'refused' (support must act).
create table payment_returns (
    payment_intent_id text primary key,
    order_id          text        not null references orders (order_id),
    cause_event_id    text        not null,
    amount_minor      bigint      not null,
    currency          text        not null,
    state             text        not null default 'due' check (state in ('due', 'requested', 'refused')),
    refund_id         text,
    attempts          int         not null default 0,
    last_error        text,
    created_at        timestamptz not null,
    updated_at        timestamptz
);
create index payment_returns_due on payment_returns (created_at) where state = 'due';
