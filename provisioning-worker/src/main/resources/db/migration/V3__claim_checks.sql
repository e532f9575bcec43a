-- Every unsettled claim is looked at again by the worker itself (poll a pending provider order, retry a parked or
-- stuck request): next_check_at says when, checks how often it was looked at in its current wait (back-off).
-- AWAITING_PROVIDER: the provider had no balance or was unavailable; the line waits until its deadline.
-- version: each update is a compare-and-set, so two threads that read the same claim cannot both write it.
alter table claims add column next_check_at timestamptz;
alter table claims add column checks int not null default 0;
alter table claims add column version int not null default 0;

alter table claims drop constraint claims_state_check;
alter table claims add constraint claims_state_check check (state in
    ('REQUESTED', 'PENDING', 'AWAITING_PROVIDER', 'ACTIVE', 'FAILED', 'TOPPED_UP', 'CANCELLED'));

update claims set next_check_at = now() where state in ('REQUESTED', 'PENDING');

drop index claims_unsettled;
create index claims_unsettled on claims (updated_at) where state in ('REQUESTED', 'PENDING', 'AWAITING_PROVIDER');
create index claims_due on claims (next_check_at) where state in ('REQUESTED', 'PENDING', 'AWAITING_PROVIDER');
