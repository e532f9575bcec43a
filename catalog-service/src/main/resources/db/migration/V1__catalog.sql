-- Plans as we sell them: provider plan + our retail price.
create table plans (
    sku               text primary key,
    provider          text        not null,
    name              text        not null,
    region            text        not null,
    coverage          text[]      not null,
    data_allowance_mb bigint      not null,
    validity_days     int         not null,
    price_minor       bigint      not null,
    currency          text        not null,
    activation_method text        not null,
    available         boolean     not null,
    version           int         not null,
    updated_at        timestamptz not null
);
create index plans_coverage on plans using gin (coverage);
create index plans_region on plans (lower(region));

-- Orders we created. No e-mail address here: it travels to Stripe and, encrypted, on OrderPlaced only.
create table orders (
    order_id            text primary key,
    kind                text        not null check (kind in ('NEW_LINE', 'TOP_UP')),
    topup_iccid         text,
    status              text        not null,
    items               jsonb       not null,
    units               int         not null check (units > 0),
    total_minor         bigint      not null,
    currency            text        not null,
    customer_country    text,
    metadata            jsonb       not null default '{}',
    checkout_session_id text        not null unique,
    payment_url         text        not null,
    payment_intent_id   text,
    expires_at          timestamptz not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index orders_unpaid_by_expiry on orders (expires_at) where status = 'pending_payment';

-- The projection's inbox: one row per event seen (dedupe on event_id); the status is recomputed from these facts.
create table order_events (
    event_id    text primary key,
    order_id    text        not null,
    fact        text        not null,
    iccid       text,
    occurred_at timestamptz not null,
    received_at timestamptz not null default now()
);
create index order_events_by_order on order_events (order_id);

-- Idempotency-Key per endpoint: the primary key makes concurrent duplicates collide in the database.
create table idempotency_keys (
    scope           text        not null,
    idempotency_key text        not null,
    request_hash    text        not null,
    state           text        not null check (state in ('in_progress', 'completed')),
    response_status int,
    response_body   text,
    created_at      timestamptz not null,
    completed_at    timestamptz,
    primary key (scope, idempotency_key)
);

-- Refund requests sent to the gateway (the order changes state only on the refund webhook).
create table refunds (
    refund_id    text primary key,
    order_id     text        not null references orders (order_id),
    amount_minor bigint      not null,
    currency     text        not null,
    reason       text        not null,
    requested_at timestamptz not null
);

-- Transactional outbox: written in the same transaction as the state it reports, published by the relay.
create table outbox (
    id          bigserial primary key,
    event_id    text        not null unique,
    message_key text        not null,
    event_type  text        not null,
    payload     jsonb       not null,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;
