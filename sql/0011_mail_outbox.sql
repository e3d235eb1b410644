-- Rollback e-mail (and any later mail): jobs are queued with the change that causes them (job_id makes a
-- retried effect a no-op) and expanded into one message per recipient (message_id is derived from the job and
-- the recipient, so expanding twice adds nothing). Silos claim due messages for a while (claimed_until), send,
-- and mark sent_at; a message whose silo died is claimed again once its claim has run out.
CREATE TABLE IF NOT EXISTS mail_jobs (
    job_id      text        PRIMARY KEY,
    kind        text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expanded_at timestamptz
);
CREATE INDEX IF NOT EXISTS mail_jobs_pending ON mail_jobs (created_at) WHERE expanded_at IS NULL;

CREATE TABLE IF NOT EXISTS mail_outbox (
    message_id      text        PRIMARY KEY,
    job_id          text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_by      text,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    abandoned_at    timestamptz,
    last_error      text
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND abandoned_at IS NULL;
