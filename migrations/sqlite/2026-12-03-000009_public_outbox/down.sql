DROP INDEX outbox_activities_public;
ALTER TABLE outbox_activities DROP COLUMN public;
