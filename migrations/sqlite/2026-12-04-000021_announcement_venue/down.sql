ALTER TABLE announcements ADD COLUMN location_name TEXT;
ALTER TABLE announcements ADD COLUMN location_street TEXT;
ALTER TABLE announcements ADD COLUMN location_postal_code TEXT;
UPDATE announcements SET location_name = json_extract(venue, '$.name'),
    location_street = json_extract(venue, '$.street'),
    location_postal_code = json_extract(venue, '$.postal_code');
ALTER TABLE announcements DROP COLUMN venue;
