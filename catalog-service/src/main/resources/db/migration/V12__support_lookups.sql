-- The support console finds an order by its payment intent or by the line a top-up was for, besides its id, its
-- checkout session (unique already) and the lines it issued (order_events_lines).
create index orders_by_payment_intent on orders (payment_intent_id) where payment_intent_id is not null;
create index orders_by_topup_iccid on orders (topup_iccid) where topup_iccid is not null;
