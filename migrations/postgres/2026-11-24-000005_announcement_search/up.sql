-- Full-text search over news and events, and the listing's filters.
ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX announcements_search ON announcements USING GIN (search);
CREATE INDEX announcements_kind ON announcements (kind, id);
CREATE INDEX announcement_skills_skill ON announcement_skills (skill);
