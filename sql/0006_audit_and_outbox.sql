-- Who did what and when: votes, stage changes, approvals, deprecations, later rollouts and rollbacks.
-- Append-only; read per subject in insertion order. entry_id makes a retried write a no-op.
CREATE TABLE IF NOT EXISTS audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id     text        NOT NULL UNIQUE,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    before       text,
    after        text
);
CREATE INDEX IF NOT EXISTS audit_log_by_subject ON audit_log (subject_type, subject_id, id);

-- Events for webhooks, written with the change they report; the deliverer marks delivered_at.
-- event_id is unique so a retried write of the same event is a no-op.
CREATE TABLE IF NOT EXISTS webhook_outbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     text        NOT NULL UNIQUE,
    event_type   text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX IF NOT EXISTS webhook_outbox_pending ON webhook_outbox (id) WHERE delivered_at IS NULL;
