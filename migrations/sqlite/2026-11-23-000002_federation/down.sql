ALTER TABLE job_offers DROP COLUMN location_country;
ALTER TABLE job_offers DROP COLUMN location_city;
ALTER TABLE job_offers DROP COLUMN audience;
ALTER TABLE inbox_activities DROP COLUMN leased_until;
ALTER TABLE deliveries DROP COLUMN leased_until;
DROP TABLE object_provenance;
DROP TABLE federation_hosts;
