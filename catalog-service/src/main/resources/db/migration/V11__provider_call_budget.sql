-- catalog-service's share of each provider's rate limit, spent by every instance of the service together
-- (provider-client's JdbcCallBudget): one row per call the limit allows in a rolling window, holding when that slot
-- was last spent. A call takes the slot spent longest ago, if that was a full window ago.
create table provider_call_slot (
    provider   text        not null,
    slot       int         not null,
    granted_at timestamptz not null,
    primary key (provider, slot)
);
