DROP INDEX job_skills_skill;
CREATE INDEX job_skills_skill ON job_skills (skill);
