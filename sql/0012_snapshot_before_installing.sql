-- The snapshot taken just before a feature's install says which feature, as a value: a rollback in snapshot
-- mode looks for it there instead of matching the words of its reason. Rows written before carry the feature
-- only in their reason ("before installing <feature> <version>"), so it is copied out of it once, here.
ALTER TABLE cockpit_snapshots ADD COLUMN IF NOT EXISTS before_installing text;

UPDATE cockpit_snapshots
SET before_installing = split_part(reason, ' ', 3)
WHERE before_installing IS NULL AND reason LIKE 'before installing % %';
