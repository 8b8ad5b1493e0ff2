ALTER TABLE announcements ADD COLUMN location_name TEXT;
ALTER TABLE announcements ADD COLUMN location_street TEXT;
ALTER TABLE announcements ADD COLUMN location_postal_code TEXT;
UPDATE announcements SET location_name = venue::json->>'name',
    location_street = venue::json->>'street',
    location_postal_code = venue::json->>'postal_code';
ALTER TABLE announcements DROP COLUMN venue;
