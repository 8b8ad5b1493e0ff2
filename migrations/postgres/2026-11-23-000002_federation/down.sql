ALTER TABLE job_offers DROP COLUMN location_country;
ALTER TABLE job_offers DROP COLUMN location_city;
ALTER TABLE job_offers DROP COLUMN audience;
DROP TABLE object_provenance;
DROP TABLE federation_hosts;
