DROP INDEX announcement_skills_skill;
DROP INDEX announcements_kind;
DROP TABLE announcement_search;
