-- An actor's activities are found through `outbox_activities_public
-- (actor_id, public, id)`, whose first column serves every lookup by actor
-- (and the cascade when an actor is deleted); this index was upkeep on
-- every activity stored (five per offer) for no query.
DROP INDEX outbox_activities_actor;
