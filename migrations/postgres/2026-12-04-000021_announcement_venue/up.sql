-- An event's venue (its name, street and postal code; none of them searched
-- or filtered on) in one JSON column: the table stays within 32 columns.
ALTER TABLE announcements ADD COLUMN venue TEXT NOT NULL DEFAULT '{}';
UPDATE announcements SET venue = json_strip_nulls(json_build_object(
    'name', location_name, 'street', location_street, 'postal_code', location_postal_code))::text
WHERE location_name IS NOT NULL OR location_street IS NOT NULL OR location_postal_code IS NOT NULL;
ALTER TABLE announcements DROP COLUMN location_name;
ALTER TABLE announcements DROP COLUMN location_street;
ALTER TABLE announcements DROP COLUMN location_postal_code;
