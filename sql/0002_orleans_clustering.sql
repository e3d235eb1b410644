-- 0002_orleans_clustering.sql
--
-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (silos) and the
-- gateway list used by clients (UseAdoNetClustering on the client builder).
--
-- How the provider uses this (Orleans "extended membership protocol"):
--   * OrleansMembershipVersionTable holds ONE row per cluster (DeploymentId =
--     ClusterOptions.ClusterId). Its Version is the table-wide ETag: every
--     membership change must name the version it read, and succeeds only if
--     that version is still current, bumping it by one in the same step.
--   * OrleansMembershipTable has one row per silo incarnation (address, port,
--     generation). Per-row ETags are not used; the table version is the only
--     concurrency token.
--   * I-am-alive heartbeats are deliberately NOT versioned (they are frequent
--     and must never conflict).
--
-- Contract notes (the C# side binds and reads these by name):
--   * parameters: @DeploymentId, @Address (text), @Port, @Generation,
--     @SiloName, @HostName, @Status (int, SiloStatus enum: 3 = Active,
--     6 = Dead), @ProxyPort, @SuspectTimes (text or NULL), @StartTime,
--     @IAmAliveTime (UTC DateTime), @Version (int).
--   * InsertMembershipVersionKey / InsertMembershipKey / UpdateMembershipKey
--     must return exactly one row with one column; > 0 means success, 0 means
--     "lost the race / stale version" and makes Orleans re-read and retry.
--     A failed attempt must leave no trace (no half-applied change).
--   * The read queries must return the version row even when no silo row
--     matches (hence version LEFT JOIN member): the provider takes the table
--     version from the first row and treats a NULL StartTime as "no silo".
--   * The 10.x provider refuses to start unless ALL nine keys below exist.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    -- IPv4 or IPv6 literal as produced by IPAddress.ToString().
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    -- Gateway port; 0 for silos without a gateway.
    ProxyPort    integer        NULL,
    -- 'silo,date|silo,date|...' written by Orleans; unbounded because the
    -- list grows with the number of suspecting silos.
    SuspectTimes text           NULL,
    -- timestamptz: Orleans binds UTC DateTime values, which Npgsql (6+) maps
    -- to timestamp with time zone; reads come back as UTC DateTime.
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- ---------------------------------------------------------------------------
-- Statements
--
-- Upserted (not just inserted) so that re-applying this file, or applying it
-- over a hand-seeded catalogue, converges on exactly these texts.
-- ---------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES

-- Creates the cluster's version row on first start. Every silo calls this;
-- all but the first get 0, which the provider treats as "already there".
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM created;
$q$),

-- Adds a silo row, conditional on the table version still being @Version.
--
-- Written as one statement so that it is all-or-nothing without a stored
-- procedure or exception handling:
--   1. lock the version row, but only if it still carries @Version. A
--      concurrent writer holding the lock makes us wait; once it commits,
--      PostgreSQL re-checks the row, sees the bumped version and yields no row;
--   2. insert the silo row only if step 1 produced a row (a duplicate silo
--      key inserts nothing, it does not raise);
--   3. bump the version only if step 2 inserted.
-- Nothing is written unless all three happen, and the result is 1 or 0.
('InsertMembershipKey', $q$
WITH expected AS (
    SELECT v.DeploymentId
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
    FOR UPDATE
),
added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT e.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected AS e
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING DeploymentId
),
bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version   = v.Version + 1,
        Timestamp = now()
    FROM added AS a
    WHERE v.DeploymentId = a.DeploymentId
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM bumped;
$q$),

-- Changes a silo's status / suspicions, conditional on the table version.
-- Same shape as the insert: lock the expected version, update the silo row,
-- bump the version only if the silo row was actually there.
('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT v.DeploymentId
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
    FOR UPDATE
),
changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status       = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = @IAmAliveTime
    FROM expected AS e
    WHERE m.DeploymentId = e.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
    RETURNING m.DeploymentId
),
bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version   = v.Version + 1,
        Timestamp = now()
    FROM changed AS c
    WHERE v.DeploymentId = c.DeploymentId
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM bumped;
$q$),

-- Heartbeat. Unversioned on purpose; the provider ignores the outcome.
-- (Key spelling 'Alivetime' with a lower-case t is what the provider asks for.)
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation;
$q$),

-- One silo plus the table version. LEFT JOIN so that the version row comes
-- back even when the silo is unknown (member columns are then NULL).
('MembershipReadRowKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Whole cluster plus the table version (same LEFT JOIN reasoning).
('MembershipReadAllKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Drops a whole cluster (used by tests / tooling). Members go first because
-- of the foreign key; a single statement keeps the two deletes atomic.
('DeleteMembershipTableEntriesKey', $q$
WITH members AS (
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
)
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId;
$q$),

-- Periodic housekeeping (MembershipTableCleanupAgent): forget silo rows whose
-- last heartbeat is older than @IAmAliveTime and which are not Active (3).
-- Does not touch the version row: removing dead entries is not a membership
-- change other silos must react to.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND IAmAliveTime < @IAmAliveTime
  AND Status <> 3;
$q$),

-- Gateway list for clients: active silos (@Status is bound to 3) that expose
-- a gateway port. The client builds gateway URIs from these three columns.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;
$q$)

ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText;
