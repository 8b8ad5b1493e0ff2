-- Texts in more than one language: the main text stays in its columns (with
-- its language), the others are kept as JSON, `{"de": {"title": …,
-- "summary": …, "content": …}}` (content as sanitised HTML). The full-text
-- index (kept by coopfed) covers every language.
ALTER TABLE member_coops ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE job_offers ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
