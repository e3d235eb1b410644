-- Webhook delivery (issue 13). The dispatcher turns each webhook_outbox event into one row here per subscribed
-- webhook, then marks the event dispatched (webhook_outbox.delivered_at); the webhook's grain works through its
-- pending rows. (webhook_id, event_id) is the key, so dispatching an event twice queues it once. The body is fixed
-- when queued: every attempt sends the same bytes under the same webhook-id.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    webhook_id      text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    body            text        NOT NULL,
    queued_at       timestamptz NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'abandoned')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (webhook_id, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';

-- One line per attempt (delivered, failed with the time of the retry, or abandoned); at most 1 KB of the answer.
CREATE TABLE IF NOT EXISTS webhook_delivery_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    attempt         integer     NOT NULL,
    status          text        NOT NULL CHECK (status IN ('delivered', 'failed', 'abandoned')),
    response_status integer,
    at              timestamptz NOT NULL,
    next_attempt_at timestamptz,
    error           text,
    response_body   text
);
CREATE INDEX IF NOT EXISTS webhook_delivery_log_by_webhook ON webhook_delivery_log (webhook_id, at DESC);
CREATE INDEX IF NOT EXISTS webhook_delivery_log_at ON webhook_delivery_log (at);

-- Retention trims dispatched outbox events by age.
CREATE INDEX IF NOT EXISTS webhook_outbox_dispatched ON webhook_outbox (created_at) WHERE delivered_at IS NOT NULL;

-- The key webhook secrets are encrypted with when Webhooks:SecretKey is not set (see PostgresKeySource).
CREATE TABLE IF NOT EXISTS webhook_keys (
    name       text        PRIMARY KEY,
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
