-- Public keys an actor used before its current one (after a key rotation,
-- ours or a remote actor's). A request signed with one still verifies until
-- expires_at, so what was signed before the rotation is not refused.
CREATE TABLE retired_keys (
    key_id TEXT PRIMARY KEY NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    public_key_pem TEXT NOT NULL,
    retired_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX retired_keys_actor ON retired_keys (actor_id, retired_at);
