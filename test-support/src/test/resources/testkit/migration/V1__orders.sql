CREATE TABLE orders (
    order_id   TEXT PRIMARY KEY,
    status     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
