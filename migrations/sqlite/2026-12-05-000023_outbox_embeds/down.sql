ALTER TABLE outbox_activities DROP COLUMN embeds;
