-- Where each item's row of a full-text index is, so that rewriting it finds
-- it by key instead of scanning the whole index (FTS5 cannot index the
-- UNINDEXED key column).
CREATE TABLE job_search_rows (
    job_id TEXT PRIMARY KEY NOT NULL,
    fts_rowid INTEGER NOT NULL
);
INSERT OR REPLACE INTO job_search_rows (job_id, fts_rowid)
    SELECT job_id, max(rowid) FROM job_search GROUP BY job_id;

CREATE TABLE member_search_rows (
    member_id TEXT PRIMARY KEY NOT NULL,
    fts_rowid INTEGER NOT NULL
);
INSERT OR REPLACE INTO member_search_rows (member_id, fts_rowid)
    SELECT member_id, max(rowid) FROM member_search GROUP BY member_id;

CREATE TABLE announcement_search_rows (
    announcement_id TEXT PRIMARY KEY NOT NULL,
    fts_rowid INTEGER NOT NULL
);
INSERT OR REPLACE INTO announcement_search_rows (announcement_id, fts_rowid)
    SELECT announcement_id, max(rowid) FROM announcement_search GROUP BY announcement_id;
