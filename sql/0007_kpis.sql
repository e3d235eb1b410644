-- KPI raw points: the history every series is computed from (date_bin over ts). Written in batches by many
-- KPI grains at once. The unique (code, point_id) index is what makes "a point id seen before changes
-- nothing" survive restarts: INSERT ... ON CONFLICT DO NOTHING skips it. Points without an id (NULL) never
-- conflict. seq orders points that share a timestamp (the later insert is the "last" value).
CREATE TABLE IF NOT EXISTS kpi_points (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text             NOT NULL,
    point_id    text             NULL,
    ts          timestamptz      NOT NULL,
    value       double precision NOT NULL,
    received_at timestamptz      NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS kpi_points_code_point_id ON kpi_points (code, point_id);
CREATE INDEX IF NOT EXISTS kpi_points_code_ts ON kpi_points (code, ts);

-- Closed buckets (minute, hour, day) as the KPI grain computed them; a late point rewrites its bucket.
CREATE TABLE IF NOT EXISTS kpi_buckets (
    code         text             NOT NULL,
    period       text             NOT NULL CHECK (period IN ('minute', 'hour', 'day')),
    bucket_start timestamptz      NOT NULL,
    count        bigint           NOT NULL,
    sum          double precision NOT NULL,
    min          double precision NOT NULL,
    max          double precision NOT NULL,
    last         double precision NOT NULL,
    last_ts      timestamptz      NOT NULL,
    written_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (code, period, bucket_start)
);
