//! Follow relations between actors.

use diesel::prelude::*;

use crate::{
    DbConnection, DbError,
    schema::{actors, follows},
};

/// Which side of an actor's accepted follows to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Actors that follow it.
    Followers,
    /// Actors it follows.
    Following,
}

/// Number of accepted follows on one side of an actor.
pub fn count(conn: &mut DbConnection, actor_id: &str, direction: Direction) -> Result<i64, DbError> {
    let query = follows::table.filter(follows::state.eq("accepted")).into_boxed();
    let query = match direction {
        Direction::Followers => query.filter(follows::target_id.eq(actor_id.to_owned())),
        Direction::Following => query.filter(follows::follower_id.eq(actor_id.to_owned())),
    };
    Ok(query.count().get_result(conn)?)
}

/// One page of the other side's actor ids as `(follow id, ap_id)`, oldest first,
/// after the follow id `after`.
pub fn page(
    conn: &mut DbConnection,
    actor_id: &str,
    direction: Direction,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    let after = after.unwrap_or("");
    let rows = match direction {
        Direction::Followers => follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
            .filter(follows::target_id.eq(actor_id))
            .filter(follows::state.eq("accepted"))
            .filter(follows::id.gt(after))
            .select((follows::id, actors::ap_id))
            .order(follows::id.asc())
            .limit(limit)
            .load(conn)?,
        Direction::Following => follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::target_id)))
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq("accepted"))
            .filter(follows::id.gt(after))
            .select((follows::id, actors::ap_id))
            .order(follows::id.asc())
            .limit(limit)
            .load(conn)?,
    };
    Ok(rows)
}
