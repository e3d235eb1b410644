-- 0003_orleans_persistence.sql
--
-- Grain state storage for Microsoft.Orleans.Persistence.AdoNet
-- (AddAdoNetGrainStorage with Invariant = "Npgsql").
--
-- A grain's state row is identified by the tuple
--     (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
-- where the provider encodes the grain key as:
--     integer key      -> N0 = 0, N1 = key,              Extension = key ext. or NULL
--     Guid key         -> N0/N1 = the Guid's two halves, Extension = key ext. or NULL
--     string key       -> N0 = N1 = 0,                   Extension = the string
-- GrainIdHash / GrainTypeHash are 32-bit hashes the provider computes from the
-- same values; they only make the lookup index narrow. Two different grains
-- may share hashes, so every statement also compares the full key.
--
-- Versioning (the ETag contract):
--   * Version is the grain state's ETag, as an integer. Orleans passes the
--     version it last saw as @GrainStateVersion (NULL = "never saw a row").
--   * A write/clear succeeds only if the row still has that version; it then
--     returns the new version (one column, named NewGrainStateVersion for
--     writes). Returning NULL / no row / the unchanged version is read by the
--     provider as a conflict and surfaces as InconsistentStateException.
--   * Like upstream Orleans, the table has no unique key: conflicts are
--     detected by the version predicate (and, for first writes, by the
--     existence check below), never by a constraint error.
--
-- Parameters bound by the provider: @GrainIdHash (int), @GrainIdN0 (bigint),
-- @GrainIdN1 (bigint), @GrainTypeHash (int), @GrainTypeString (text),
-- @GrainIdExtensionString (text or NULL), @ServiceId (text),
-- @GrainStateVersion (int or NULL), @PayloadBinary (bytea; write only).
-- Result columns read by name: PayloadBinary, Version (read),
-- NewGrainStateVersion (write); clear/delete are read by position (column 0).

-- ---------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    -- Serialized state. NULL after a clear: the row (and its version) stays so
    -- that the ETag keeps increasing; the provider reports RecordExists=false.
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    -- Always set by the statements below; starts at 1 on first write.
    Version                integer      NOT NULL
);

-- Narrow lookup path used by every statement; the remaining key columns are
-- checked on the (very few) rows that share both hashes.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- ---------------------------------------------------------------------------
-- Write (insert-or-update with optimistic concurrency)
-- ---------------------------------------------------------------------------
--
-- A function because the first-write path needs two steps that a single
-- statement cannot give us: without a unique key, two activations of the same
-- grain (possible during a split brain) could both pass a "no row yet" check
-- taken from the same snapshot and both insert. So the first write takes a
-- transaction-scoped advisory lock on the grain's hashes and only then checks
-- for an existing row; in a PL/pgSQL function every statement runs with a
-- fresh snapshot (READ COMMITTED), so the loser sees the winner's row, inserts
-- nothing and gets NULL back -> InconsistentStateException. The lock lives
-- only until the end of the provider's (autocommit) statement.
--
-- Updates need no extra lock: the row lock taken by UPDATE plus the
-- "Version = expected" predicate (re-checked after waiting) already makes the
-- second of two concurrent writers update nothing.
--
-- Returns the new version, or NULL when nothing was written (conflict).

CREATE OR REPLACE FUNCTION orleans_write_to_storage(
    p_grain_id_hash           integer,
    p_grain_id_n0             bigint,
    p_grain_id_n1             bigint,
    p_grain_type_hash         integer,
    p_grain_type_string       text,
    p_grain_id_extension      text,
    p_service_id              text,
    p_expected_version        integer,
    p_payload                 bytea)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NOT NULL THEN
        UPDATE OrleansStorage AS s
        SET PayloadBinary = p_payload,
            ModifiedOn    = now(),
            Version       = s.Version + 1
        WHERE s.GrainIdHash = p_grain_id_hash
          AND s.GrainTypeHash = p_grain_type_hash
          AND s.GrainIdN0 = p_grain_id_n0
          AND s.GrainIdN1 = p_grain_id_n1
          AND s.GrainTypeString = p_grain_type_string
          AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
          AND s.ServiceId = p_service_id
          AND s.Version = p_expected_version
        RETURNING s.Version INTO v_new_version;
    ELSE
        -- Two-int advisory keys live in their own key space, separate from
        -- single-bigint advisory locks other code may use.
        PERFORM pg_advisory_xact_lock(p_grain_id_hash, p_grain_type_hash);

        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash,
               p_grain_type_string, p_grain_id_extension, p_service_id,
               p_payload, now(), 1
        WHERE NOT EXISTS (
            SELECT 1
            FROM OrleansStorage AS s
            WHERE s.GrainIdHash = p_grain_id_hash
              AND s.GrainTypeHash = p_grain_type_hash
              AND s.GrainIdN0 = p_grain_id_n0
              AND s.GrainIdN1 = p_grain_id_n1
              AND s.GrainTypeString = p_grain_type_string
              AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
              AND s.ServiceId = p_service_id)
        RETURNING Version INTO v_new_version;
    END IF;

    RETURN v_new_version;
END
$fn$;

COMMENT ON FUNCTION orleans_write_to_storage(integer, bigint, bigint, integer, text, text, text, integer, bytea) IS
    'Orleans WriteToStorageKey: optimistic write of one grain state row; returns the new version or NULL on conflict.';

-- ---------------------------------------------------------------------------
-- Statements
-- ---------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES

('WriteToStorageKey', $q$
SELECT orleans_write_to_storage(
           @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary
       ) AS NewGrainStateVersion;
$q$),

-- No row -> the provider starts from a fresh state with no ETag.
-- A row with NULL payload (cleared) -> fresh state, but the ETag is kept so
-- the next write is an update of that row.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, ModifiedOn, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND ServiceId = @ServiceId;
$q$),

-- ClearStateAsync (default): keep the row, drop the payload, bump the version.
-- Returns the new version; no row (stale @GrainStateVersion) = conflict.
('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn    = now(),
    Version       = Version + 1
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
$q$),

-- ClearStateAsync with AdoNetGrainStorageOptions.DeleteStateOnClear = true:
-- remove the row. The provider compares the returned value with the ETag it
-- sent, so return old version + 1 (anything but the sent version means
-- success); no row (stale @GrainStateVersion) = conflict.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)

ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText;
