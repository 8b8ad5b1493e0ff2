-- The co-ops with a skill, read from the index alone.
DROP INDEX member_skills_skill;
CREATE INDEX member_skills_skill ON member_skills (skill, member_id);
