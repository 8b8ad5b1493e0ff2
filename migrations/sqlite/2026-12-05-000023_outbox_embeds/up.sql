-- An activity about a local job offer or announcement keeps the object's id
-- in `embeds`; the object's current document is put in its place when the
-- activity is delivered or listed, instead of a copy stored per activity.
ALTER TABLE outbox_activities ADD COLUMN embeds TEXT;
