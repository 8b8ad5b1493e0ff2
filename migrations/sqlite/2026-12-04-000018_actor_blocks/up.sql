-- Remote actors an admin blocked (from a report, or directly): their
-- activities are refused, their follows of ours removed, what they wrote
-- hidden here.
ALTER TABLE actors ADD COLUMN blocked_at TIMESTAMP;
