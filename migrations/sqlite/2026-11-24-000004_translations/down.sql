ALTER TABLE job_offers DROP COLUMN translations;
ALTER TABLE member_coops DROP COLUMN translations;
