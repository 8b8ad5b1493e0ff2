-- Whether an activity is public (addressed to as:Public). An actor's outbox
-- collection lists only public activities; follows and their answers stay
-- between the two servers.
ALTER TABLE outbox_activities ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE outbox_activities SET public = TRUE
    WHERE kind IN ('Create', 'Update', 'Delete', 'Announce', 'Add', 'Remove');
CREATE INDEX outbox_activities_public ON outbox_activities (actor_id, public, id);
