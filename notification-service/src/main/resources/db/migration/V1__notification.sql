-- Orders as OrderPlaced described them. The e-mail address stays encrypted (PII keyset, associated data =
-- order_event_id); it is decrypted in memory only while an e-mail is being sent.
CREATE TABLE customer_order (
    order_id          text        PRIMARY KEY,
    order_event_id    text        NOT NULL,
    kind              text        NOT NULL,
    email_key_id      text        NOT NULL,
    email_ciphertext  bytea       NOT NULL,
    items             jsonb       NOT NULL,
    placed_at         timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now()
);

-- The delivery log: one row per event that deserves an e-mail, keyed by that event's id, so the same event
-- delivered again (retry, restart, replay) finds its row and sends nothing. status moves
--   pending -> sending -> sent | failed      (sending -> pending on a transient SMTP failure)
-- and 'sending' is committed BEFORE talking to SMTP: a 'sending' row older than the resend threshold means the
-- process died mid-send, and is resent with the same message_id (see README, "Exactly one e-mail").
CREATE TABLE email_delivery (
    event_id           text        PRIMARY KEY,
    order_id           text        NOT NULL,
    template           text        NOT NULL,
    message_id         text        NOT NULL UNIQUE,
    notice             jsonb       NOT NULL,
    -- activation e-mails only: the LPA string, still encrypted (activation keyset, associated data = event_id)
    lpa_key_id         text,
    lpa_ciphertext     bytea,
    event_occurred_at  timestamptz NOT NULL,
    received_at        timestamptz NOT NULL,
    status             text        NOT NULL DEFAULT 'pending'
                                   CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts           integer     NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NOT NULL,
    sending_since      timestamptz,
    last_error         text,
    permanent_failure  boolean,
    finished_at        timestamptz,
    -- the EmailSent / EmailFailed event is on esim.notifications.v1 (outbox flag)
    published          boolean     NOT NULL DEFAULT false
);

CREATE INDEX email_delivery_due ON email_delivery (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX email_delivery_unpublished ON email_delivery (finished_at)
    WHERE status IN ('sent', 'failed') AND NOT published;
