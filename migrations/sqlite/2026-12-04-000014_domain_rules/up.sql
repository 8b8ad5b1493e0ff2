-- Domains admins block or allow at run time, beside the configuration's
-- lists. kind: block | allow. A rule covers the domain's subdomains.
CREATE TABLE domain_rules (
    domain TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);

-- A network of a blocked domain: its mirrored co-ops, offers and news are
-- hidden from every listing and page here while the block lasts.
ALTER TABLE networks ADD COLUMN blocked_at TIMESTAMP;
