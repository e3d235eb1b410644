-- 0004_orleans_reminders.sql
--
-- Reminder table for Microsoft.Orleans.Reminders.AdoNet
-- (UseAdoNetReminderService with Invariant = "Npgsql").
--
-- Contract notes:
--   * One row per (ServiceId, GrainId, ReminderName). GrainId is the grain id
--     in its string form ("type/key"), as produced by GrainId.ToString().
--   * Version is the reminder's ETag. The provider hands it back unchanged on
--     unregister (@Version, int), and only an exact match may delete the row.
--   * GrainHash is GrainId.GetUniformHashCode() stored as a SIGNED int (the
--     provider casts the uint). The reminder service asks for its share of the
--     hash ring with @BeginHash/@EndHash (also cast to int) as the half-open
--     range (begin, end]; when the range wraps around (begin >= end as signed
--     ints) it uses ReadRangeRows2Key instead of ReadRangeRows1Key.
--   * Period is in milliseconds. The provider binds it as int when it fits
--     and as bigint otherwise, and reads it back with GetInt64 -> bigint.
--   * StartTime is bound as a UTC DateTime -> timestamptz.
--   * Result columns read by name: GrainId, ReminderName, StartTime, Period,
--     Version (reads), Version (upsert). DeleteReminderRowKey returns a single
--     column read by position: > 0 = deleted, 0 = stale ETag / not found.

-- ---------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    -- Wider than the 150 upstream uses: grain ids embed the grain key, and
    -- string keys that fit grain storage (512) must fit here too.
    GrainId      varchar(1024)  NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName
        PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo's reminder service periodically loads the reminders of its hash
-- range; without this it would scan the whole service's reminders.
CREATE INDEX IF NOT EXISTS IX_RemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

-- ---------------------------------------------------------------------------
-- Statements
-- ---------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES

-- Register or re-register. A new reminder starts at version 0; re-registering
-- replaces schedule and hash and bumps the version, so an ETag held from
-- before can no longer unregister it. Returns the current version (the new
-- ETag) in a column named Version.
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period    = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version   = r.Version + 1
RETURNING r.Version AS Version;
$q$),

-- All reminders of one grain.
('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId;
$q$),

-- One reminder (GetReminder). No row -> the provider returns null.
('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId
  AND ReminderName = @ReminderName;
$q$),

-- Hash range (begin, end] that does not wrap.
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;
$q$),

-- Hash range that wraps around the ring: (begin, max] + [min, end].
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

-- Unregister, only if the caller's ETag is current. Always one row.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM removed;
$q$),

-- Drop every reminder of the service (tests / tooling).
('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
$q$)

ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText;
