-- A chargeback opened by the payer's bank (PaymentDisputed OPENED), answered once by DisputeDesk:
-- 'open' (not answered yet, or the gateway or provider was unreachable), 'accepted' (no line was in use: the lines
-- were cancelled first, then the dispute accepted, so the money goes back and nobody keeps an eSIM), 'contested' (a
-- line is installed on the traveller's device: evidence of the delivered service was submitted), 'refused' (the
-- gateway refused the answer: support must look), then what the bank decided: 'won' or 'lost' (also for a dispute it
-- decided before we answered, 'decided' while that decision is on its way).
create table disputes (
    dispute_id        text primary key,
    order_id          text        not null,
    payment_intent_id text,
    amount_minor      bigint      not null,
    currency          text        not null,
    reason            text        not null,
    state             text        not null default 'open'
                                  check (state in ('open', 'accepted', 'contested', 'refused', 'decided', 'won',
                                                   'lost')),
    attempts          int         not null default 0,
    last_error        text,
    opened_at         timestamptz not null,
    answered_at       timestamptz
);
create index disputes_open on disputes (opened_at) where state = 'open';
