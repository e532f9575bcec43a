-- The support console finds an order by its traveller's e-mail address through a keyed hash of it (HMAC-SHA256 of
-- the trimmed, lower-cased address under esim.catalog.support.email-lookup-key), never the address itself. Orders
-- placed before this column existed have none and are not found by address.
alter table orders add column email_hash text;
create index orders_by_email_hash on orders (email_hash) where email_hash is not null;
