-- Support's resend of an order's activation e-mails (ActivationEmailResendRequested): a resent e-mail is a delivery of
-- its own, naming the e-mail it repeats (resend_of), and carries that e-mail's activation code, still sealed for the
-- event it came with (lpa_associated_data; null = the row's own event_id).
ALTER TABLE email_delivery ADD COLUMN resend_of text;
ALTER TABLE email_delivery ADD COLUMN lpa_associated_data text;

-- A corrected address from support is sealed for the event that brought it (null = the order's OrderPlaced).
ALTER TABLE customer_order ADD COLUMN email_associated_data text;
