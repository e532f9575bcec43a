-- Every gateway refund of an order, once per refund id (several webhooks may announce one refund): their sum says
-- whether the whole order was refunded (cancel its lines) or only part of it (a goodwill refund: the line stays).
create table refunds (
    order_id      text        not null,
    refund_id     text        not null,
    event_id      text        not null,
    amount_minor  bigint      not null,
    currency      text        not null,
    received_at   timestamptz not null default now(),
    primary key (order_id, refund_id)
);
