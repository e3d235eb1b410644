-- 0001_orleans_main.sql
--
-- Query catalogue shared by every Orleans ADO.NET provider (clustering,
-- grain persistence, reminders).
--
-- The providers never embed SQL of their own: on start-up each one runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and afterwards executes only the texts it found, binding its parameters by
-- name (@Name). So the catalogue IS the interface between Orleans and this
-- database. The later migrations (0002..0004) each add their tables and then
-- register their statements here. To tune a statement, ship a new migration
-- that upserts the row; the providers pick it up on their next start.
--
-- Identifiers are deliberately left unquoted, so PostgreSQL folds them to
-- lower case (orleansquery, querykey, ...). The providers look result columns
-- up by name case-insensitively, so "QueryKey" in C# finds querykey here.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    -- Key names are fixed by the providers (e.g. 'UpdateIAmAlivetimeKey', with
    -- that exact casing); 64 characters leaves room for any of them.
    QueryKey  varchar(64) NOT NULL,
    -- text rather than a bounded varchar: statements are free to grow as they
    -- are tuned, and nothing in the providers depends on a length.
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Statements the Orleans ADO.NET providers execute, looked up by QueryKey at provider start-up. Managed by sql/ migrations.';
