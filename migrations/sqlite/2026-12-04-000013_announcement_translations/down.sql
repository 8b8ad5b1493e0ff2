ALTER TABLE announcements DROP COLUMN translations;
