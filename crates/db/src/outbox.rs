//! Activities sent by local actors. The public ones (addressed to
//! `as:Public`) make an actor's outbox collection, newest first.

use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::outbox_activities};

/// How many public activities an actor sent.
pub fn count_for_actor(conn: &mut DbConnection, actor_id: &str) -> Result<i64, DbError> {
    Ok(outbox_activities::table
        .filter(outbox_activities::actor_id.eq(actor_id))
        .filter(outbox_activities::public.eq(true))
        .count()
        .get_result(conn)?)
}

/// One page of an actor's public activities as `(row id, JSON payload, the
/// id of the local object it embeds)`, newest first, before `before`.
pub fn page_for_actor(
    conn: &mut DbConnection,
    actor_id: &str,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String, Option<String>)>, DbError> {
    let mut query = outbox_activities::table
        .filter(outbox_activities::actor_id.eq(actor_id))
        .filter(outbox_activities::public.eq(true))
        .select((outbox_activities::id, outbox_activities::payload, outbox_activities::embeds))
        .order(outbox_activities::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(outbox_activities::id.lt(before.to_owned()));
    }
    Ok(query.load(conn)?)
}
