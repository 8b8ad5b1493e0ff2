DROP INDEX announcement_skills_skill;
DROP INDEX announcements_kind;
DROP INDEX announcements_search;
ALTER TABLE announcements DROP COLUMN search;
