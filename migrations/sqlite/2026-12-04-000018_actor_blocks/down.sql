ALTER TABLE actors DROP COLUMN blocked_at;
