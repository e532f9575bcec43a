-- Who asked for each refund: the support operator whose token authenticated the request, or "automatic" for the
-- refunds the service makes itself (a failed provisioning, a payment that matches no order).
alter table refunds add column requested_by text;
