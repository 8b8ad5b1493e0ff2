-- The terms of each full-text index, in order: a search replaces a word by
-- the terms that start with it (one seek each), because FTS5 answers a
-- prefix query by merging every match before the first row comes out.
CREATE VIRTUAL TABLE job_search_terms USING fts5vocab(job_search, instance);
CREATE VIRTUAL TABLE member_search_terms USING fts5vocab(member_search, instance);
CREATE VIRTUAL TABLE announcement_search_terms USING fts5vocab(announcement_search, instance);

-- What the directory's order and its filters need, by co-op id: a
-- selective filter's co-ops are sorted from this index alone, and only the
-- page's rows are read.
CREATE INDEX member_coops_listing ON member_coops (id, network_id, slug, country, size, taken_down_at);
