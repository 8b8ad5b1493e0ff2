//! Activities sent by local actors.

use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::outbox_activities};

pub fn count_for_actor(conn: &mut DbConnection, actor_id: &str) -> Result<i64, DbError> {
    Ok(outbox_activities::table.filter(outbox_activities::actor_id.eq(actor_id)).count().get_result(conn)?)
}

/// One page of an actor's activities as `(row id, JSON payload)`, newest first, before `before`.
pub fn page_for_actor(
    conn: &mut DbConnection,
    actor_id: &str,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    let mut query = outbox_activities::table
        .filter(outbox_activities::actor_id.eq(actor_id))
        .select((outbox_activities::id, outbox_activities::payload))
        .order(outbox_activities::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(outbox_activities::id.lt(before.to_owned()));
    }
    Ok(query.load(conn)?)
}
