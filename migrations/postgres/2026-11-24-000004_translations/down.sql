DROP INDEX member_coops_technologies_search;
ALTER TABLE member_coops DROP COLUMN technologies_search;
DROP INDEX member_coops_services_search;
ALTER TABLE member_coops DROP COLUMN services_search;

DROP INDEX member_coops_search;
ALTER TABLE member_coops DROP COLUMN search;
ALTER TABLE member_coops ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(summary, '') || ' ' || services || ' '
        || technologies || ' ' || coalesce(city, ''))
) STORED;
CREATE INDEX member_coops_search ON member_coops USING GIN (search);

DROP INDEX job_offers_search;
ALTER TABLE job_offers DROP COLUMN search;
ALTER TABLE job_offers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX job_offers_search ON job_offers USING GIN (search);

ALTER TABLE job_offers DROP COLUMN translations;
ALTER TABLE member_coops DROP COLUMN translations;
