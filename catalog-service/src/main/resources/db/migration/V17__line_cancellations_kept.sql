-- 'kept': the traveller installed the line before the provisioning-worker could cancel it, so the provider refused and
-- the line stays theirs; nothing is refunded. Found by the refund run asking the line's provider about a request still
-- 'requested' after esim.catalog.refunds.line-cancel-grace.
alter table line_cancellations drop constraint line_cancellations_state_check;
alter table line_cancellations add constraint line_cancellations_state_check
    check (state in ('requested', 'cancelled', 'refunded', 'refused', 'kept'));
