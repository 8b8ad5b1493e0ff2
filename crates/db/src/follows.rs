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
    let query = follows::table.filter(follows::state.eq(FollowState::Accepted.as_str())).into_boxed();
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
            .filter(follows::state.eq(FollowState::Accepted.as_str()))
            .filter(follows::id.gt(after))
            .select((follows::id, actors::ap_id))
            .order(follows::id.asc())
            .limit(limit)
            .load(conn)?,
        Direction::Following => follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::target_id)))
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq(FollowState::Accepted.as_str()))
            .filter(follows::id.gt(after))
            .select((follows::id, actors::ap_id))
            .order(follows::id.asc())
            .limit(limit)
            .load(conn)?,
    };
    Ok(rows)
}

crate::text_enum! {
    /// Where a follow stands (stored as text).
    pub enum FollowState ("follow state") {
        /// Sent, or received and waiting for an admin.
        Pending = "pending",
        Accepted = "accepted",
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = follows)]
#[diesel(treat_none_as_default_value = false)]
pub struct FollowRow {
    pub id: String,
    pub follower_id: String,
    pub target_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: FollowState,
    pub follow_activity_id: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, follower_id: &str, target_id: &str) -> Result<Option<FollowRow>, DbError> {
    Ok(follows::table
        .filter(follows::follower_id.eq(follower_id))
        .filter(follows::target_id.eq(target_id))
        .select(FollowRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_activity(conn: &mut DbConnection, activity_id: &str) -> Result<Option<FollowRow>, DbError> {
    Ok(follows::table
        .filter(follows::follow_activity_id.eq(activity_id))
        .select(FollowRow::as_select())
        .first(conn)
        .optional()?)
}

/// Creates the follow, or restarts an existing one with a new activity id
/// and state: one statement, safe when the same follow arrives twice at once.
pub fn upsert(
    conn: &mut DbConnection,
    follower_id: &str,
    target_id: &str,
    new_state: FollowState,
    activity_id: &str,
) -> Result<FollowRow, DbError> {
    let at = crate::now();
    let row = FollowRow {
        id: crate::new_id(),
        follower_id: follower_id.to_owned(),
        target_id: target_id.to_owned(),
        state: new_state,
        follow_activity_id: Some(activity_id.to_owned()),
        created_at: at,
        updated_at: at,
    };
    let upsert = diesel::insert_into(follows::table)
        .values(row.clone())
        .on_conflict((follows::follower_id, follows::target_id))
        .do_update()
        .set((
            follows::state.eq(new_state.as_str()),
            follows::follow_activity_id.eq(Some(activity_id)),
            follows::updated_at.eq(at),
        ));
    execute_per_backend!(conn, upsert)?;
    Ok(find(conn, follower_id, target_id)?.unwrap_or(row))
}

pub fn set_state(conn: &mut DbConnection, id: &str, new_state: FollowState) -> Result<(), DbError> {
    diesel::update(follows::table.find(id))
        .set((follows::state.eq(new_state.as_str()), follows::updated_at.eq(crate::now())))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::delete(follows::table.find(id)).execute(conn)?;
    Ok(())
}

/// Follows involving local actors, with both actors' ids, newest first:
/// `(follow, follower ap_id, target ap_id)`.
pub fn list_with_actors(conn: &mut DbConnection) -> Result<Vec<(FollowRow, String, String)>, DbError> {
    let (followers, targets) = diesel::alias!(actors as follower_actor, actors as target_actor);
    Ok(follows::table
        .inner_join(followers.on(followers.field(actors::id).eq(follows::follower_id)))
        .inner_join(targets.on(targets.field(actors::id).eq(follows::target_id)))
        .select((FollowRow::as_select(), followers.field(actors::ap_id), targets.field(actors::ap_id)))
        .order(follows::created_at.desc())
        .load(conn)?)
}

/// Inboxes of an actor's accepted followers: the shared inbox where there is one.
pub fn follower_inboxes(conn: &mut DbConnection, target_id: &str) -> Result<Vec<String>, DbError> {
    let rows: Vec<(String, Option<String>)> = follows::table
        .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
        .filter(follows::target_id.eq(target_id))
        .filter(follows::state.eq(FollowState::Accepted.as_str()))
        .select((actors::inbox_url, actors::shared_inbox_url))
        .load(conn)?;
    let mut inboxes: Vec<String> = rows.into_iter().map(|(inbox, shared)| shared.unwrap_or(inbox)).collect();
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

pub fn find_by_id(conn: &mut DbConnection, id: &str) -> Result<Option<FollowRow>, DbError> {
    Ok(follows::table.find(id).select(FollowRow::as_select()).first(conn).optional()?)
}

/// Remote actors that `local_id` follows and that follow it back (both accepted): partners.
pub fn mutual(conn: &mut DbConnection, local_id: &str) -> Result<Vec<crate::actors::ActorRow>, DbError> {
    use crate::actors::ActorRow;
    let following: Vec<String> = follows::table
        .filter(follows::follower_id.eq(local_id))
        .filter(follows::state.eq(FollowState::Accepted.as_str()))
        .select(follows::target_id)
        .load(conn)?;
    let followed_by: Vec<String> = follows::table
        .filter(follows::target_id.eq(local_id))
        .filter(follows::state.eq(FollowState::Accepted.as_str()))
        .filter(follows::follower_id.eq_any(&following))
        .select(follows::follower_id)
        .load(conn)?;
    Ok(actors::table.filter(actors::id.eq_any(&followed_by)).select(ActorRow::as_select()).load(conn)?)
}

/// Is `follower_id` an accepted follower of `target_id`?
pub fn is_following(conn: &mut DbConnection, follower_id: &str, target_id: &str) -> Result<bool, DbError> {
    Ok(find(conn, follower_id, target_id)?.is_some_and(|f| f.state == FollowState::Accepted))
}

/// The remote network actor on `domain` that the local network actor has a
/// follow with (either way, any state), if any.
pub fn network_actor_on(
    conn: &mut DbConnection,
    local_network_id: &str,
    domain: &str,
) -> Result<Option<crate::actors::ActorRow>, DbError> {
    use crate::actors::ActorRow;
    let related: Vec<String> = follows::table
        .filter(follows::follower_id.eq(local_network_id).or(follows::target_id.eq(local_network_id)))
        .select((follows::follower_id, follows::target_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(a, b)| if a == local_network_id { b } else { a })
        .collect();
    Ok(actors::table
        .filter(actors::id.eq_any(&related))
        .filter(actors::domain.eq(domain))
        .filter(actors::kind.eq(crate::actors::ActorKind::Group.as_str()))
        .filter(actors::username.ne("jobs"))
        .filter(actors::username.ne("news"))
        .select(ActorRow::as_select())
        .first(conn)
        .optional()?)
}

/// Removes every follow of and by the actor with the row id `actor_id` (a
/// co-op that left: its followers were told it is gone).
pub fn delete_all_of(conn: &mut DbConnection, actor_id: &str) -> Result<usize, DbError> {
    Ok(diesel::delete(follows::table.filter(follows::target_id.eq(actor_id).or(follows::follower_id.eq(actor_id))))
        .execute(conn)?)
}

/// Follows of local actors waiting for an admin's decision (under the
/// `review` policy).
pub fn count_waiting(conn: &mut DbConnection) -> Result<i64, DbError> {
    let local = actors::table.filter(actors::is_local.eq(true)).select(actors::id);
    Ok(follows::table
        .filter(follows::state.eq(FollowState::Pending.as_str()))
        .filter(follows::target_id.eq_any(local))
        .count()
        .get_result(conn)?)
}

/// Every follow between a local actor and an actor on `domain`, with
/// whether the follower is the local one.
pub fn with_domain(conn: &mut DbConnection, domain: &str) -> Result<Vec<(FollowRow, bool)>, DbError> {
    let (followers, targets) = diesel::alias!(actors as follower_actor, actors as target_actor);
    Ok(follows::table
        .inner_join(followers.on(followers.field(actors::id).eq(follows::follower_id)))
        .inner_join(targets.on(targets.field(actors::id).eq(follows::target_id)))
        .filter(
            (followers.field(actors::is_local).eq(true).and(targets.field(actors::domain).eq(domain)))
                .or(targets.field(actors::is_local).eq(true).and(followers.field(actors::domain).eq(domain))),
        )
        .select((FollowRow::as_select(), followers.field(actors::is_local)))
        .load(conn)?)
}

/// Every follow with its two actors, the latest first.
pub fn list_detailed(
    conn: &mut DbConnection,
) -> Result<Vec<(FollowRow, crate::actors::ActorRow, crate::actors::ActorRow)>, DbError> {
    let rows: Vec<FollowRow> =
        follows::table.order(follows::created_at.desc()).select(FollowRow::as_select()).load(conn)?;
    let mut ids: Vec<&str> = rows.iter().flat_map(|r| [r.follower_id.as_str(), r.target_id.as_str()]).collect();
    ids.sort_unstable();
    ids.dedup();
    let found: Vec<crate::actors::ActorRow> =
        actors::table.filter(actors::id.eq_any(&ids)).select(crate::actors::ActorRow::as_select()).load(conn)?;
    let by_id: std::collections::HashMap<&str, &crate::actors::ActorRow> =
        found.iter().map(|a| (a.id.as_str(), a)).collect();
    Ok(rows
        .iter()
        .filter_map(|row| {
            let follower = by_id.get(row.follower_id.as_str())?;
            let target = by_id.get(row.target_id.as_str())?;
            Some((row.clone(), (*follower).clone(), (*target).clone()))
        })
        .collect())
}
