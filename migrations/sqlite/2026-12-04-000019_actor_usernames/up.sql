-- A local actor is found by its name (a co-op's slug) when a co-op is
-- created, and by kind and name when its documents are served.
CREATE INDEX actors_username ON actors (username);
