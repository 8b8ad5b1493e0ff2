-- The co-ops with a skill, read from the index alone.
DROP INDEX member_skills_skill;
CREATE INDEX member_skills_skill ON member_skills (skill, member_id);
-- The keys of a search's matches, found by their full-text row numbers.
CREATE INDEX job_search_rows_fts ON job_search_rows (fts_rowid, job_id);
CREATE INDEX member_search_rows_fts ON member_search_rows (fts_rowid, member_id);
CREATE INDEX announcement_search_rows_fts ON announcement_search_rows (fts_rowid, announcement_id);
