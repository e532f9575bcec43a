-- The gateway's payment behind each payment event: a refund names it, so the refund of a mismatched payment (money
-- catalog-service sends back because it never matched its order) is told apart from a refund of the order's payment.
alter table payment_events add column payment_intent_id text;
