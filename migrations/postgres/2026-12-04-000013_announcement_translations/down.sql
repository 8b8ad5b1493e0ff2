DROP INDEX announcements_search;
ALTER TABLE announcements DROP COLUMN search;
ALTER TABLE announcements DROP COLUMN translations;
ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX announcements_search ON announcements USING GIN (search);
