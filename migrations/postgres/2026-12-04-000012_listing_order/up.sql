-- The offers with a skill, newest first, straight from an index.
DROP INDEX job_skills_skill;
CREATE INDEX job_skills_skill ON job_skills (skill, job_id);
