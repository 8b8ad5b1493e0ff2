-- Full-text search over news and events (kept current by coopfed on every
-- write), and the listing's filters.
CREATE VIRTUAL TABLE announcement_search USING fts5(
    announcement_id UNINDEXED,
    title,
    summary,
    content,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO announcement_search (announcement_id, title, summary, content)
    SELECT id, title, coalesce(summary, ''), content FROM announcements WHERE deleted_at IS NULL;
CREATE INDEX announcements_kind ON announcements (kind, id);
CREATE INDEX announcement_skills_skill ON announcement_skills (skill);
