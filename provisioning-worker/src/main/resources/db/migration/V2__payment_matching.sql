-- What the order expects to be paid, so a payment provisions only when its session, amount and currency match.
-- Null for orders stored before these columns existed (provisioned on any successful payment, as then).
alter table orders
    add column total_minor         bigint,
    add column currency            text,
    add column checkout_session_id text;

-- Every successful payment event naming an order, matching or not: a payment may arrive before its order, and is
-- judged when the order comes.
create table payment_events (
    order_id            text        not null,
    event_id            text        not null,
    amount_minor        bigint      not null,
    currency            text        not null,
    checkout_session_id text,
    received_at         timestamptz not null default now(),
    primary key (order_id, event_id)
);
