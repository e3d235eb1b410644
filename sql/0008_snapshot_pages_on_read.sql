-- A snapshot's page is rendered when the snapshot is read, from its document and version, instead of at
-- every factory change (see Snapshot.Html). Rows written before keep their page; new rows leave it NULL.
ALTER TABLE cockpit_snapshots ALTER COLUMN html DROP NOT NULL;
