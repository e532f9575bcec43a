-- Which provider issued a line (ActivationReady / TopUpApplied name it): the worker may have failed over from the
-- primary, and the line's usage and top-ups must be asked where it lives.
alter table order_events add column provider text;
create index order_events_lines on order_events (iccid) where fact = 'LINE_READY';
