-- Trigram indexes (pg_trgm) on titles and names: a searched word also matches
-- inside a longer word or spelled slightly wrong (`word <% title`).
-- pg_trgm ships with PostgreSQL and is trusted, so the database owner may
-- install it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX job_offers_title_trgm ON job_offers USING GIN (title gin_trgm_ops);
CREATE INDEX member_coops_name_trgm ON member_coops USING GIN (name gin_trgm_ops);
CREATE INDEX announcements_title_trgm ON announcements USING GIN (title gin_trgm_ops);
