-- The id of each actor's public key (`publicKey.id`), so that a signature's
-- keyId finds the stored actor even when the key is not `actor#fragment`
-- (GoToSocial: `…/main-key`).
ALTER TABLE actors ADD COLUMN public_key_id TEXT;
CREATE INDEX actors_public_key_id ON actors (public_key_id);
