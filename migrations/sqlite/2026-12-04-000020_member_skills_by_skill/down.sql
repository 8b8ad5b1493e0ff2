DROP INDEX member_skills_skill;
CREATE INDEX member_skills_skill ON member_skills (skill);
DROP INDEX job_search_rows_fts;
DROP INDEX member_search_rows_fts;
DROP INDEX announcement_search_rows_fts;
