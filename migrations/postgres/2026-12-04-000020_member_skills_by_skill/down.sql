DROP INDEX member_skills_skill;
CREATE INDEX member_skills_skill ON member_skills (skill);
