-- Back to accent-sensitive search with the `simple` configuration.

ALTER TABLE job_offers DROP COLUMN search;
ALTER TABLE job_offers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
    || jsonb_to_tsvector('simple', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX job_offers_search ON job_offers USING GIN (search);

ALTER TABLE member_coops DROP COLUMN search;
ALTER TABLE member_coops ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(summary, '') || ' ' || services || ' '
        || technologies || ' ' || coalesce(city, ''))
    || jsonb_to_tsvector('simple', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX member_coops_search ON member_coops USING GIN (search);

ALTER TABLE member_coops DROP COLUMN services_search;
ALTER TABLE member_coops ADD COLUMN services_search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', services)
) STORED;
CREATE INDEX member_coops_services_search ON member_coops USING GIN (services_search);

ALTER TABLE member_coops DROP COLUMN technologies_search;
ALTER TABLE member_coops ADD COLUMN technologies_search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', technologies)
) STORED;
CREATE INDEX member_coops_technologies_search ON member_coops USING GIN (technologies_search);

ALTER TABLE announcements DROP COLUMN search;
ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX announcements_search ON announcements USING GIN (search);

DROP TEXT SEARCH CONFIGURATION coopfed_words;
-- unaccent stays: other schemas of the database may use it.
