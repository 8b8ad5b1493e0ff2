ALTER TABLE member_coops DROP COLUMN taken_down_at;
ALTER TABLE announcements DROP COLUMN taken_down_at;
ALTER TABLE job_offers DROP COLUMN taken_down_at;
DROP TABLE reports;
