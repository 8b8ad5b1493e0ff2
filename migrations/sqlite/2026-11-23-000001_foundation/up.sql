-- Foundation schema: instance settings, networks, actors, member co-ops, job
-- offers, announcements, follows, the inbox and outbox, accounts and the audit log.
-- Ids are text (UUIDv7, time-ordered) so one diesel schema serves both backends.

CREATE TABLE instance_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A national network: the local one and every remote network we know of.
CREATE TABLE networks (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL,
    domain TEXT NOT NULL,
    display_name TEXT NOT NULL,
    summary TEXT,
    is_local BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (domain, slug)
);

-- Every ActivityPub actor, local (with its private key) or remote.
-- kind: network | group | organization | application | person
CREATE TABLE actors (
    id TEXT PRIMARY KEY NOT NULL,
    ap_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    username TEXT NOT NULL,
    domain TEXT NOT NULL,
    display_name TEXT NOT NULL,
    summary TEXT,
    network_id TEXT REFERENCES networks (id) ON DELETE CASCADE,
    is_local BOOLEAN NOT NULL,
    inbox_url TEXT NOT NULL,
    shared_inbox_url TEXT,
    outbox_url TEXT,
    followers_url TEXT,
    public_key_pem TEXT NOT NULL,
    private_key_pem TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    fetched_at TIMESTAMP
);
CREATE UNIQUE INDEX actors_handle ON actors (domain, username);
CREATE INDEX actors_network ON actors (network_id, kind);

CREATE TABLE member_coops (
    id TEXT PRIMARY KEY NOT NULL,
    network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL UNIQUE REFERENCES actors (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    website TEXT,
    country TEXT,
    city TEXT,
    summary TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (network_id, slug)
);

CREATE TABLE job_offers (
    id TEXT PRIMARY KEY NOT NULL,
    ap_id TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL REFERENCES member_coops (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    summary TEXT,
    content TEXT NOT NULL,
    lang TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    remote BOOLEAN NOT NULL,
    posted_on DATE NOT NULL,
    valid_through DATE NOT NULL,
    apply_url TEXT,
    apply_email TEXT,
    publish_to_all BOOLEAN NOT NULL,
    is_local BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX job_offers_member ON job_offers (member_id);
CREATE INDEX job_offers_valid_through ON job_offers (valid_through);

-- kind: news | event
CREATE TABLE announcements (
    id TEXT PRIMARY KEY NOT NULL,
    ap_id TEXT NOT NULL UNIQUE,
    network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    member_id TEXT REFERENCES member_coops (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT,
    content TEXT NOT NULL,
    lang TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    starts_at TIMESTAMP,
    ends_at TIMESTAMP,
    timezone TEXT,
    is_local BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX announcements_network ON announcements (network_id, published_at);

-- state: pending | accepted | rejected
CREATE TABLE follows (
    id TEXT PRIMARY KEY NOT NULL,
    follower_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    target_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    follow_activity_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (follower_id, target_id)
);
CREATE INDEX follows_target ON follows (target_id, state);

-- Activities received, stored before the inbox answers 202.
CREATE TABLE inbox_activities (
    id TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    actor_ap_id TEXT NOT NULL,
    recipient_id TEXT REFERENCES actors (id) ON DELETE SET NULL,
    payload TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    processed_at TIMESTAMP,
    attempts INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX inbox_activities_pending ON inbox_activities (processed_at, received_at);

-- Activities sent by local actors, written in the same transaction as their cause.
CREATE TABLE outbox_activities (
    id TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT NOT NULL UNIQUE,
    actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_activities_actor ON outbox_activities (actor_id, created_at);

-- One row per (activity, target inbox). state: pending | delivered | failed
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    outbox_id TEXT NOT NULL REFERENCES outbox_activities (id) ON DELETE CASCADE,
    inbox_url TEXT NOT NULL,
    host TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    UNIQUE (outbox_id, inbox_url)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_host ON deliveries (host, state);

-- role: admin | editor. password_hash is NULL until the user sets a password.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    email TEXT,
    password_hash TEXT,
    role TEXT NOT NULL,
    member_id TEXT REFERENCES member_coops (id) ON DELETE SET NULL,
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

-- API tokens; only a SHA-256 hash of the secret is stored.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Browser sessions; id is a SHA-256 hash of the cookie value.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time login links (first admin, password resets); only a hash is stored.
CREATE TABLE login_links (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

-- Who did what; kept when the user is deleted.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
