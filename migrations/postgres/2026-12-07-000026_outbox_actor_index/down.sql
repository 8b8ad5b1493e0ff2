CREATE INDEX outbox_activities_actor ON outbox_activities (actor_id, created_at);
