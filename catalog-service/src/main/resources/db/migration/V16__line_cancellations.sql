-- The plan of each line (ActivationReady / TopUpApplied name it): a cancelled line is refunded by its own plan's price
-- in an order of several plans.
alter table order_events add column sku text;

-- Support cancels one unused line of an order and the traveller gets that line's price back. The money goes back only
-- after the provisioning-worker cancelled the line at its provider (LineCancelled), so nobody keeps a line and its
-- price: 'requested' (LineCancellationRequested written to the outbox), 'cancelled' (LineCancelled seen; the refund is
-- due), 'refunded' (the gateway accepted the refund of refund_id; null when nothing was left to give back),
-- 'refused' (the gateway said no: support must act). A line whose profile was installed meanwhile stays 'requested':
-- the worker keeps it and nothing is refunded.
create table line_cancellations (
    iccid        text primary key,
    order_id     text        not null references orders (order_id),
    nonce        text        not null,
    amount_minor bigint      not null check (amount_minor >= 0),
    currency     text        not null,
    state        text        not null default 'requested'
                             check (state in ('requested', 'cancelled', 'refunded', 'refused')),
    refund_id    text,
    requested_by text        not null,
    reason       text        not null check (length(reason) between 1 and 500),
    attempts     int         not null default 0,
    last_error   text,
    requested_at timestamptz not null,
    updated_at   timestamptz not null
);
create index line_cancellations_by_order on line_cancellations (order_id);
create index line_cancellations_due on line_cancellations (updated_at) where state = 'cancelled';
