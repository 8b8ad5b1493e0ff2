-- Reports about actors or objects: Flags from other servers (Mastodon sends
-- them from its instance actor) and, later, ones made here. The reported
-- items are kept as they were when the report arrived (snapshot, JSON), so
-- the admin sees what was reported even after it changed.
-- state: open | resolved; resolution: dismissed | taken_down | domain_blocked
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT UNIQUE,
    reporter TEXT NOT NULL,
    comment TEXT,
    targets TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    state TEXT NOT NULL,
    resolution TEXT,
    resolved_by TEXT,
    resolved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_state ON reports (state, id);

-- Mirrored items an admin took down here (hidden on this instance, not
-- deleted at their home server).
ALTER TABLE job_offers ADD COLUMN taken_down_at TIMESTAMP;
ALTER TABLE announcements ADD COLUMN taken_down_at TIMESTAMP;
ALTER TABLE member_coops ADD COLUMN taken_down_at TIMESTAMP;
