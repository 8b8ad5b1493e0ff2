-- Texts in more than one language: the main text stays in its columns (with
-- its language), the others are kept as JSON, `{"de": {"title": …,
-- "summary": …, "content": …}}` (content as sanitised HTML). The full-text
-- columns cover the string values of every language; services and
-- technologies of member co-ops get their own, for the directory's filters.
ALTER TABLE member_coops ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE job_offers ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

DROP INDEX job_offers_search;
ALTER TABLE job_offers DROP COLUMN search;
ALTER TABLE job_offers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
    || jsonb_to_tsvector('simple', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX job_offers_search ON job_offers USING GIN (search);

DROP INDEX member_coops_search;
ALTER TABLE member_coops DROP COLUMN search;
ALTER TABLE member_coops ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(summary, '') || ' ' || services || ' '
        || technologies || ' ' || coalesce(city, ''))
    || jsonb_to_tsvector('simple', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX member_coops_search ON member_coops USING GIN (search);

ALTER TABLE member_coops ADD COLUMN services_search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', services)
) STORED;
CREATE INDEX member_coops_services_search ON member_coops USING GIN (services_search);
ALTER TABLE member_coops ADD COLUMN technologies_search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', technologies)
) STORED;
CREATE INDEX member_coops_technologies_search ON member_coops USING GIN (technologies_search);
