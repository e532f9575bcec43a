-- A call takes the provider's slot spent longest ago: without this index every call sorts all of the provider's
-- slots (one per call its limit allows per window, so thousands for a generous limit).
create index provider_call_slot_oldest on provider_call_slot (provider, granted_at);
