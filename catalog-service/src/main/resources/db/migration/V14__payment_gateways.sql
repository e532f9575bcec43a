-- Which payment gateway took (or is to take) an order's money: refunds, session expiry and reconciliation go back
-- to the same one. Orders placed before there was a choice went through Stripe.
alter table orders add column payment_gateway text not null default 'stripe';
