-- The offers with a skill, newest first, straight from an index.
DROP INDEX job_skills_skill;
CREATE INDEX job_skills_skill ON job_skills (skill, job_id);

-- The full-text index of offers numbers its rows in the order of the offers'
-- (time-ordered) ids, so that a search walks it newest first; coopfed keeps
-- that order on every write (a rewritten row keeps its number).
CREATE VIRTUAL TABLE job_search_ordered USING fts5(
    job_id UNINDEXED,
    title,
    summary,
    content,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO job_search_ordered (rowid, job_id, title, summary, content)
    SELECT row_number() OVER (ORDER BY r.job_id), s.job_id, s.title, s.summary, s.content
    FROM job_search_rows r JOIN job_search s ON s.rowid = r.fts_rowid;
DROP TABLE job_search;
ALTER TABLE job_search_ordered RENAME TO job_search;
DELETE FROM job_search_rows;
INSERT INTO job_search_rows (job_id, fts_rowid) SELECT job_id, rowid FROM job_search;
