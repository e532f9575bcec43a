-- The amount of money events (refunds), so that only refunds adding up to the whole order turn it refunded; a
-- partial (goodwill) refund is kept as PARTIALLY_REFUNDED and leaves the status alone.
alter table order_events add column amount_minor bigint;
alter table order_events add column currency text;
