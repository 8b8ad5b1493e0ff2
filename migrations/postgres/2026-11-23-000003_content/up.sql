-- Content: the skills taxonomy and the full profiles of member co-ops.
-- List-valued fields are stored as JSON arrays in text columns; skills, which
-- are searched, also in join tables.

CREATE TABLE skill_categories (
    slug TEXT PRIMARY KEY NOT NULL,
    label_en TEXT NOT NULL,
    label_de TEXT NOT NULL,
    label_nl TEXT NOT NULL,
    label_fr TEXT NOT NULL
);

CREATE TABLE skills (
    slug TEXT PRIMARY KEY NOT NULL,
    category TEXT NOT NULL REFERENCES skill_categories (slug),
    label_en TEXT NOT NULL,
    label_de TEXT NOT NULL,
    label_nl TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    builtin BOOLEAN NOT NULL
);

-- Other spellings, lower case: `js` → javascript, `dsgvo` → privacy-gdpr.
CREATE TABLE skill_aliases (
    alias TEXT PRIMARY KEY NOT NULL,
    skill TEXT NOT NULL REFERENCES skills (slug) ON DELETE CASCADE
);

ALTER TABLE member_coops ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE member_coops ADD COLUMN legal_form TEXT;
ALTER TABLE member_coops ADD COLUMN size INTEGER;
ALTER TABLE member_coops ADD COLUMN founded INTEGER;
ALTER TABLE member_coops ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
ALTER TABLE member_coops ADD COLUMN technologies TEXT NOT NULL DEFAULT '[]';
ALTER TABLE member_coops ADD COLUMN sectors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE member_coops ADD COLUMN contact_email TEXT;
ALTER TABLE member_coops ADD COLUMN summary_lang TEXT;
ALTER TABLE member_coops ADD COLUMN fictional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE member_coops ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE member_coops ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE member_coops ADD COLUMN logo_url TEXT;
ALTER TABLE member_coops ADD COLUMN social_links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE member_coops ADD COLUMN joined_on DATE;

CREATE TABLE member_skills (
    member_id TEXT NOT NULL REFERENCES member_coops (id) ON DELETE CASCADE,
    skill TEXT NOT NULL REFERENCES skills (slug),
    PRIMARY KEY (member_id, skill)
);
CREATE INDEX member_skills_skill ON member_skills (skill);

-- Job offers: the importer's id (a slug, unique per network), salary,
-- required languages and skills.
ALTER TABLE job_offers ADD COLUMN slug TEXT;
ALTER TABLE job_offers ADD COLUMN salary_min DOUBLE PRECISION;
ALTER TABLE job_offers ADD COLUMN salary_max DOUBLE PRECISION;
ALTER TABLE job_offers ADD COLUMN salary_currency TEXT;
ALTER TABLE job_offers ADD COLUMN salary_period TEXT;
ALTER TABLE job_offers ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE job_offers ADD COLUMN fictional BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX job_offers_slug ON job_offers (member_id, slug);

CREATE TABLE job_skills (
    job_id TEXT NOT NULL REFERENCES job_offers (id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (job_id, skill)
);
CREATE INDEX job_skills_skill ON job_skills (skill);

-- Announcements: the importer's id, category, links, deadline, tags and skills.
ALTER TABLE announcements ADD COLUMN slug TEXT;
ALTER TABLE announcements ADD COLUMN category TEXT;
ALTER TABLE announcements ADD COLUMN attendance TEXT;
ALTER TABLE announcements ADD COLUMN location_street TEXT;
ALTER TABLE announcements ADD COLUMN location_postal_code TEXT;
ALTER TABLE announcements ADD COLUMN registration_url TEXT;
ALTER TABLE announcements ADD COLUMN deadline TIMESTAMP;
ALTER TABLE announcements ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE announcements ADD COLUMN fictional BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX announcements_slug ON announcements (network_id, slug);

CREATE TABLE announcement_skills (
    announcement_id TEXT NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (announcement_id, skill)
);

-- Full-text search over job offers, without stemming (offers come in many languages).
ALTER TABLE job_offers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(content, ''))
) STORED;
CREATE INDEX job_offers_search ON job_offers USING GIN (search);

-- Full-text search over member co-ops.
ALTER TABLE member_coops ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(summary, '') || ' ' || services || ' '
        || technologies || ' ' || coalesce(city, ''))
) STORED;
CREATE INDEX member_coops_search ON member_coops USING GIN (search);
