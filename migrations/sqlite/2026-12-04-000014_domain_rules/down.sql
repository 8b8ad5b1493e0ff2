ALTER TABLE networks DROP COLUMN blocked_at;
DROP TABLE domain_rules;
