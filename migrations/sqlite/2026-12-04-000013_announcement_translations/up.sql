-- News and events in more than one language, as job offers and co-ops:
-- `{"de": {"title": …, "summary": …, "content": …}}` (content as sanitised
-- HTML). coopfed indexes every language for search.
ALTER TABLE announcements ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
