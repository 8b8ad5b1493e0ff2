//! Keys actors used before their current one. After a rotation (ours, or a
//! remote actor's seen in a fresh copy of its document) the old public key
//! still verifies signatures for a grace period: requests signed just before
//! the rotation are still on their way.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    DbConnection, DbError,
    schema::{actors, retired_keys},
};

/// How long a remote actor's replaced key still verifies its requests.
pub const REMOTE_GRACE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = retired_keys)]
#[diesel(treat_none_as_default_value = false)]
pub struct RetiredKeyRow {
    pub key_id: String,
    pub actor_id: crate::ActorId,
    pub public_key_pem: String,
    pub retired_at: NaiveDateTime,
    /// After this the key verifies nothing.
    pub expires_at: NaiveDateTime,
}

/// Keeps a replaced key until `expires_at` (a key id retired twice keeps the
/// later one).
pub fn retire(conn: &mut DbConnection, row: &RetiredKeyRow) -> Result<(), DbError> {
    let upsert =
        diesel::insert_into(retired_keys::table).values(row.clone()).on_conflict(retired_keys::key_id).do_update().set(
            (
                retired_keys::actor_id.eq(&row.actor_id),
                retired_keys::public_key_pem.eq(&row.public_key_pem),
                retired_keys::retired_at.eq(row.retired_at),
                retired_keys::expires_at.eq(row.expires_at),
            ),
        );
    execute_per_backend!(conn, upsert)?;
    Ok(())
}

/// A retired key that still verifies at `now`, with its owner's id (`ap_id`).
pub fn find_valid(
    conn: &mut DbConnection,
    key_id: &str,
    now: NaiveDateTime,
) -> Result<Option<(RetiredKeyRow, String)>, DbError> {
    Ok(retired_keys::table
        .inner_join(actors::table)
        .filter(retired_keys::key_id.eq(key_id))
        .filter(retired_keys::expires_at.gt(now))
        .select((RetiredKeyRow::as_select(), actors::ap_id))
        .first(conn)
        .optional()?)
}

/// An actor's retired keys, the latest first.
pub fn of_actor(conn: &mut DbConnection, actor_id: &str) -> Result<Vec<RetiredKeyRow>, DbError> {
    Ok(retired_keys::table
        .filter(retired_keys::actor_id.eq(actor_id))
        .order(retired_keys::retired_at.desc())
        .select(RetiredKeyRow::as_select())
        .load(conn)?)
}

/// Forgets remote actors' keys whose grace period ended before `now` (our
/// own stay, as the history of our rotations); returns how many.
pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    let remote = actors::table.filter(actors::is_local.eq(false)).select(actors::id);
    Ok(diesel::delete(
        retired_keys::table.filter(retired_keys::expires_at.le(now)).filter(retired_keys::actor_id.eq_any(remote)),
    )
    .execute(conn)?)
}
