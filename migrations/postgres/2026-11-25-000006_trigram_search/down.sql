DROP INDEX announcements_title_trgm;
DROP INDEX member_coops_name_trgm;
DROP INDEX job_offers_title_trgm;
-- pg_trgm stays: other schemas of the database may use it.
