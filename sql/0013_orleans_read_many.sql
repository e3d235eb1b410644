-- 0013_orleans_read_many.sql
--
-- Many grain states in one statement: what ReadFromStorageKey (0003) answers for one grain, for a batch of
-- grains at once. A silo that activates hundreds of grains together (a cold release preview, a rollout's
-- wave) sends their reads as one statement instead of one each (src/Grains/StateReads). Each key is
-- looked up through IX_OrleansStorage by its two hashes and then compared in full, exactly as the single
-- read does, so a grain can only ever get its own row.
--
-- The keys come as parallel arrays, one element per grain; ordinal is the key's 1-based position in them.
-- A key without a row has no result row; a key with two rows (possible only after a split brain, as the
-- table has no unique key) has two, and the caller reads that grain alone, as before.

CREATE OR REPLACE FUNCTION orleans_read_many_from_storage(
    p_service_id          text,
    p_grain_id_hash       integer[],
    p_grain_type_hash     integer[],
    p_grain_id_n0         bigint[],
    p_grain_id_n1         bigint[],
    p_grain_type_string   text[],
    p_grain_id_extension  text[])
RETURNS TABLE (ordinal integer, payloadbinary bytea, version integer)
LANGUAGE sql
STABLE
AS $fn$
    SELECT k.ordinal::integer, s.PayloadBinary, s.Version
    FROM unnest(p_grain_id_hash, p_grain_type_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_string, p_grain_id_extension)
             WITH ORDINALITY AS k(id_hash, type_hash, n0, n1, type_string, extension, ordinal)
    JOIN OrleansStorage AS s
      ON s.GrainIdHash = k.id_hash
     AND s.GrainTypeHash = k.type_hash
     AND s.GrainIdN0 = k.n0
     AND s.GrainIdN1 = k.n1
     AND s.GrainTypeString = k.type_string
     AND s.GrainIdExtensionString IS NOT DISTINCT FROM k.extension
     AND s.ServiceId = p_service_id;
$fn$;

COMMENT ON FUNCTION orleans_read_many_from_storage(text, integer[], integer[], bigint[], bigint[], text[], text[]) IS
    'ReadFromStorageKey for many grains in one statement: one row per stored state, ordinal = the key''s position.';
