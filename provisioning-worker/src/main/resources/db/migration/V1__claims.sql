-- What the worker learns from esim.orders.v1: enough to provision without asking catalog-service.
create table orders (
    order_id     text primary key,
    kind         text        not null check (kind in ('NEW_LINE', 'TOP_UP')),
    topup_iccid  text,
    received_at  timestamptz not null default now()
);

create table order_items (
    order_id          text    not null references orders (order_id),
    item_no           int     not null,
    sku               text    not null,
    plan_name         text    not null,
    quantity          int     not null check (quantity > 0),
    coverage          text[]  not null,
    data_allowance_mb bigint  not null,
    validity_days     int     not null,
    primary key (order_id, item_no)
);

-- The first successful payment and the first refund seen per order: their event ids are the causes of what follows,
-- and a payment may arrive before its order event.
create table payments (
    order_id          text primary key,
    payment_event_id  text,
    refund_event_id   text,
    paid_at           timestamptz,
    refunded_at       timestamptz
);

-- One row per order line (or top-up), written and committed BEFORE the provider is called.
create table claims (
    reference          text primary key,          -- the provider's reference: order id, or '<order id>/<n>'
    order_id           text        not null,
    line_no            int         not null,
    kind               text        not null check (kind in ('LINE', 'TOP_UP')),
    state              text        not null check (state in ('REQUESTED', 'PENDING', 'ACTIVE', 'FAILED', 'TOPPED_UP', 'CANCELLED')),
    provider           text        not null,
    sku                text        not null,
    plan_name          text        not null,
    coverage           text[]      not null,
    data_allowance_mb  bigint      not null,
    validity_days      int         not null,
    topup_iccid        text,
    provider_order_id  text,
    iccid              text,
    lpa_sealed         bytea,                     -- Tink AEAD, associated data = reference; never plaintext
    valid_from         timestamptz,
    valid_until        timestamptz,
    data_added_mb      bigint,
    provider_refunded  boolean     not null default false,
    failure_code       text,
    failure_detail     text,
    attempts           int         not null default 0,
    cancel_requested   boolean     not null default false,
    providers_tried    text[]      not null,
    cause_event_id     text        not null,
    outcome_event_id   text,
    outcome_cause_id   text,
    outcome_at         timestamptz,
    -- the input record whose Kafka transaction last carried the outcome event (null: not published yet)
    emitted_topic      text,
    emitted_partition  int,
    emitted_offset     bigint,
    created_at         timestamptz not null,
    updated_at         timestamptz not null default now(),
    unique (order_id, line_no, kind)
);

create index claims_by_order on claims (order_id);
create index claims_by_iccid on claims (iccid) where iccid is not null;
create index claims_unsettled on claims (updated_at) where state in ('REQUESTED', 'PENDING');
create index claims_by_carrier on claims (emitted_topic, emitted_partition, emitted_offset) where emitted_topic is not null;

create table provider_balance (
    provider    text primary key,
    low         boolean     not null,
    checked_at  timestamptz not null default now()
);
