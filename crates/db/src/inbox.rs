//! Activities received: stored before the inbox answers, processed later,
//! idempotent by activity id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, now, schema::inbox_activities};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = inbox_activities)]
#[diesel(treat_none_as_default_value = false)]
pub struct InboxRow {
    pub id: String,
    pub activity_id: String,
    pub kind: String,
    pub actor_ap_id: String,
    pub recipient_id: Option<String>,
    pub payload: String,
    pub received_at: NaiveDateTime,
    pub processed_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub leased_until: Option<NaiveDateTime>,
}

/// Stores an activity unless one with the same id was stored before.
/// Returns whether it was new. Safe when the same activity arrives twice at once.
pub fn store(conn: &mut DbConnection, row: &InboxRow) -> Result<bool, DbError> {
    let insert = diesel::insert_into(inbox_activities::table).values(row).on_conflict_do_nothing();
    let inserted = execute_per_backend!(conn, insert)?;
    Ok(inserted == 1)
}

/// Stores activities, each unless one with the same id was stored before
/// (or comes earlier in `rows`); whether each was new. On PostgreSQL one
/// statement for all (one round trip instead of one per activity).
pub fn store_all(conn: &mut DbConnection, rows: &[&InboxRow]) -> Result<Vec<bool>, DbError> {
    match conn {
        DbConnection::Postgres(pg) => {
            let values: Vec<&InboxRow> = rows.to_vec();
            let inserted: std::collections::HashSet<String> = diesel::insert_into(inbox_activities::table)
                .values(values)
                .on_conflict_do_nothing()
                .returning(inbox_activities::id)
                .load::<String>(pg)?
                .into_iter()
                .collect();
            Ok(rows.iter().map(|row| inserted.contains(&row.id)).collect())
        }
        DbConnection::Sqlite(_) => rows.iter().map(|row| store(conn, row)).collect(),
    }
}

/// Empties the stored document of activities received before `before` that
/// were processed (or given up after `max_attempts`); their ids stay, so a
/// replay is still recognised. Returns how many were emptied.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime, max_attempts: i32) -> Result<usize, DbError> {
    let done = inbox_activities::processed_at.is_not_null().or(inbox_activities::attempts.ge(max_attempts));
    Ok(diesel::update(
        inbox_activities::table
            .filter(inbox_activities::received_at.lt(before))
            .filter(inbox_activities::payload.ne(""))
            .filter(done),
    )
    .set(inbox_activities::payload.eq(""))
    .execute(conn)?)
}

/// Takes up to `limit` unprocessed activities, oldest first, and leases them
/// for `lease` (rows locked or leased by another worker are skipped).
pub fn claim_pending(
    conn: &mut DbConnection,
    limit: i64,
    max_attempts: i32,
    lease: chrono::Duration,
) -> Result<Vec<InboxRow>, DbError> {
    crate::transaction(conn, |conn| {
        let at = now();
        let due = inbox_activities::table
            .filter(inbox_activities::processed_at.is_null())
            .filter(inbox_activities::attempts.lt(max_attempts))
            .filter(inbox_activities::leased_until.is_null().or(inbox_activities::leased_until.le(at)))
            .order(inbox_activities::received_at.asc())
            .limit(limit)
            .select(inbox_activities::id);
        let ids: Vec<String> = match conn {
            DbConnection::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(_) => due.load(conn)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(inbox_activities::table.filter(inbox_activities::id.eq_any(&ids)))
            .set(inbox_activities::leased_until.eq(Some(at + lease)))
            .execute(conn)?;
        Ok(inbox_activities::table
            .filter(inbox_activities::id.eq_any(&ids))
            .order(inbox_activities::received_at.asc())
            .select(InboxRow::as_select())
            .load(conn)?)
    })
}

/// Ends every lease (single-process start, see `deliveries::release_all_leases`).
pub fn release_all_leases(conn: &mut DbConnection) -> Result<usize, DbError> {
    Ok(diesel::update(inbox_activities::table.filter(inbox_activities::leased_until.is_not_null()))
        .set(inbox_activities::leased_until.eq(None::<NaiveDateTime>))
        .execute(conn)?)
}

pub fn mark_processed(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::update(inbox_activities::table.find(id))
        .set((
            inbox_activities::processed_at.eq(Some(now())),
            inbox_activities::last_error.eq(None::<String>),
            inbox_activities::leased_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_failed(conn: &mut DbConnection, id: &str, error: &str) -> Result<(), DbError> {
    let error: String = error.chars().take(500).collect();
    diesel::update(inbox_activities::table.find(id))
        .set((
            inbox_activities::attempts.eq(inbox_activities::attempts + 1),
            inbox_activities::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(inbox_activities::table.count().get_result(conn)?)
}

/// The stored payload of a received activity, by its id.
pub fn payload_of(conn: &mut DbConnection, activity_id: &str) -> Result<Option<String>, DbError> {
    Ok(inbox_activities::table
        .filter(inbox_activities::activity_id.eq(activity_id))
        .select(inbox_activities::payload)
        .first(conn)
        .optional()?)
}
