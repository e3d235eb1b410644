-- Cockpit history: written once per factory change or restore, read when an admin or operator looks
-- back or restores. Append-only rows rather than grain state, so a change never rewrites the history.
CREATE TABLE IF NOT EXISTS cockpit_snapshots (
    cockpit_id  text        NOT NULL,
    snapshot_id text        NOT NULL,
    version     text        NOT NULL,
    taken_at    timestamptz NOT NULL,
    reason      text        NOT NULL,
    document    text        NOT NULL,
    pristine    text        NOT NULL,
    html        text        NOT NULL,
    installed   text        NOT NULL,
    PRIMARY KEY (cockpit_id, snapshot_id)
);

-- Listing is per cockpit, newest first; retention trims by age across the fleet.
CREATE INDEX IF NOT EXISTS cockpit_snapshots_by_cockpit_time ON cockpit_snapshots (cockpit_id, taken_at DESC);
CREATE INDEX IF NOT EXISTS cockpit_snapshots_by_time ON cockpit_snapshots (taken_at);
