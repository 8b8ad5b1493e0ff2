-- Every running process reads the blocked actors every few seconds: only
-- they are in this index, instead of a scan of every actor.
CREATE INDEX actors_blocked ON actors (ap_id) WHERE blocked_at IS NOT NULL;
