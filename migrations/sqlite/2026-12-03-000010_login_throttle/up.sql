-- Failed logins per account (`user:NAME`) and per client address
-- (`addr:IP`): after five within an hour, further attempts wait, twice as
-- long after each new failure (at most an hour), before a password is checked.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    first_failed_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
