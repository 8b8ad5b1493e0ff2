-- News and events in more than one language, as job offers and co-ops:
-- `{"de": {"title": …, "summary": …, "content": …}}` (content as sanitised
-- HTML). The full-text column covers every language.
ALTER TABLE announcements ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

DROP INDEX announcements_search;
ALTER TABLE announcements DROP COLUMN search;
ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('coopfed_words', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
    || jsonb_to_tsvector('coopfed_words', translations::jsonb, '["string"]')
) STORED;
CREATE INDEX announcements_search ON announcements USING GIN (search);
