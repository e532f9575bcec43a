-- Retention (RetentionPurge): an order's customer data is erased in place — the row stays, so that a replayed
-- OrderPlaced (ON CONFLICT DO NOTHING) cannot bring the address back, and events about the order are recognised as
-- belonging to an erased customer rather than to an order not read yet.
ALTER TABLE customer_order
    ALTER COLUMN email_key_id DROP NOT NULL,
    ALTER COLUMN email_ciphertext DROP NOT NULL,
    ADD COLUMN erased_at timestamptz;

CREATE INDEX customer_order_placed ON customer_order (placed_at) WHERE erased_at IS NULL;
CREATE INDEX email_delivery_by_order ON email_delivery (order_id, received_at);
CREATE INDEX email_delivery_with_lpa ON email_delivery (finished_at) WHERE lpa_ciphertext IS NOT NULL;
