-- Search ignores accents, as it does on SQLite (FTS5 with remove_diacritics):
-- "developpeur" finds "Développeur", "genossenschaftsgrundung" finds
-- "Genossenschaftsgründung". Words go through the `unaccent` dictionary, then
-- `simple` (no stemming: the texts come in many languages). `unaccent` ships
-- with PostgreSQL and is trusted, so the database's owner may install it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION coopfed_words (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION coopfed_words
    ALTER MAPPING FOR hword, hword_part, word, numword, numhword, hword_numpart WITH unaccent, simple;

ALTER TABLE job_offers DROP COLUMN search;
ALTER TABLE job_offers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
    || jsonb_to_tsvector('coopfed_words', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX job_offers_search ON job_offers USING GIN (search);

ALTER TABLE member_coops DROP COLUMN search;
ALTER TABLE member_coops ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', coalesce(name, '') || ' ' || coalesce(summary, '') || ' ' || services || ' '
        || technologies || ' ' || coalesce(city, ''))
    || jsonb_to_tsvector('coopfed_words', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX member_coops_search ON member_coops USING GIN (search);

ALTER TABLE member_coops DROP COLUMN services_search;
ALTER TABLE member_coops ADD COLUMN services_search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', services)
) STORED;
CREATE INDEX member_coops_services_search ON member_coops USING GIN (services_search);

ALTER TABLE member_coops DROP COLUMN technologies_search;
ALTER TABLE member_coops ADD COLUMN technologies_search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', technologies)
) STORED;
CREATE INDEX member_coops_technologies_search ON member_coops USING GIN (technologies_search);

ALTER TABLE announcements DROP COLUMN search;
ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX announcements_search ON announcements USING GIN (search);
