DROP INDEX actors_public_key_id;
ALTER TABLE actors DROP COLUMN public_key_id;
