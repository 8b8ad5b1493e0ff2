-- What the directory's order and its filters need, by co-op id: the co-ops
-- of a rare skill are sorted from this index (an index-only scan once the
-- table is vacuumed), and only the page's rows are read.
CREATE INDEX member_coops_listing ON member_coops (id) INCLUDE (network_id, slug, country, size, taken_down_at);
