-- Federation: the health of remote hosts (dead-host detection and revival),
-- and which groups announced each object (provenance).

CREATE TABLE federation_hosts (
    host TEXT PRIMARY KEY NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    first_failure_at TIMESTAMP,
    last_failure_at TIMESTAMP,
    last_success_at TIMESTAMP,
    dead_since TIMESTAMP
);

-- One row per (object, group that announced or accepted it).
CREATE TABLE object_provenance (
    id TEXT PRIMARY KEY NOT NULL,
    object_ap_id TEXT NOT NULL,
    group_ap_id TEXT NOT NULL,
    activity_id TEXT,
    received_at TIMESTAMP NOT NULL,
    UNIQUE (object_ap_id, group_ap_id)
);

-- Leases: a claimed delivery or inbox activity is not taken by another worker
-- until its lease ends; a crashed worker's rows come due again.
ALTER TABLE deliveries ADD COLUMN leased_until TIMESTAMP;
ALTER TABLE inbox_activities ADD COLUMN leased_until TIMESTAMP;

-- Job offers keep the schema.org employment type as sent, and their origin group.
ALTER TABLE job_offers ADD COLUMN audience TEXT;
ALTER TABLE job_offers ADD COLUMN location_city TEXT;
ALTER TABLE job_offers ADD COLUMN location_country TEXT;

-- Announcements: where an event happens, and how it was addressed.
ALTER TABLE announcements ADD COLUMN audience TEXT;
ALTER TABLE announcements ADD COLUMN publish_to_all BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE announcements ADD COLUMN location_name TEXT;
ALTER TABLE announcements ADD COLUMN location_city TEXT;
ALTER TABLE announcements ADD COLUMN location_country TEXT;
ALTER TABLE announcements ADD COLUMN online_url TEXT;
