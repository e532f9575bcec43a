-- Which order each line was issued for, from ActivationReady: provider alerts that name only the ICCID (eSIM Go's)
-- still reach the traveller who bought the line.
CREATE TABLE customer_line (
    iccid    text PRIMARY KEY,
    order_id text NOT NULL
);
