-- What the provider's catalogue says beyond the offer itself: the line type and the plan's page (terms, FAQ), which
-- the traveller's e-mail links to.
alter table plans add column esim_type text not null default 'data';
alter table plans add column terms_url text;
