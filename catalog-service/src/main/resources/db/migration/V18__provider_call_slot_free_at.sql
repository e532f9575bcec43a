-- A slot now holds the instant it is free again instead of when it was last granted: a call holds its slot while it
-- is in flight and for a window after it ended (the provider counts a call on arrival, which the caller only knows
-- has happened once the answer is back). The window was one second.
alter table provider_call_slot rename column granted_at to free_at;
update provider_call_slot set free_at = free_at + interval '1 second';
