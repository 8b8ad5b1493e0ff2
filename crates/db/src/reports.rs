//! Reports about actors or objects (`Flag`s from other servers), and the
//! mirrored items admins took down because of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    DbConnection, DbError,
    schema::{announcements, job_offers, member_coops, reports},
};

crate::text_enum! {
    /// Whether a report waits for an admin (the `state` column).
    pub enum ReportState ("report state") {
        Open = "open",
        Resolved = "resolved",
    }
}

crate::text_enum! {
    /// How an admin resolved a report (the `resolution` column).
    pub enum Resolution ("report resolution") {
        Dismissed = "dismissed",
        TakenDown = "taken_down",
        DomainBlocked = "domain_blocked",
        ActorBlocked = "actor_blocked",
        /// A report made here, sent to the reported items' home server.
        Sent = "sent",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports)]
#[diesel(treat_none_as_default_value = false)]
pub struct ReportRow {
    pub id: String,
    /// The `Flag`'s id; `None` for a report made here.
    pub activity_id: Option<String>,
    /// The actor id of who reported.
    pub reporter: String,
    pub comment: Option<String>,
    /// The reported actors and objects (ids).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub targets: crate::JsonList,
    /// JSON: what this instance held of each target when the report arrived.
    pub snapshot: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: ReportState,
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Stores a report; one with an `activity_id` already stored is kept as it was.
pub fn insert(conn: &mut DbConnection, row: &ReportRow) -> Result<bool, DbError> {
    if let Some(activity) = &row.activity_id {
        let known: i64 = reports::table.filter(reports::activity_id.eq(activity)).count().get_result(conn)?;
        if known > 0 {
            return Ok(false);
        }
    }
    diesel::insert_into(reports::table).values(row.clone()).execute(conn)?;
    Ok(true)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<ReportRow>, DbError> {
    Ok(reports::table.find(id).select(ReportRow::as_select()).first(conn).optional()?)
}

/// Reports in `state` (any when `None`), newest first, after the id `before`.
pub fn list(
    conn: &mut DbConnection,
    state: Option<ReportState>,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ReportRow>, DbError> {
    let mut query = reports::table.order(reports::id.desc()).limit(limit).select(ReportRow::as_select()).into_boxed();
    if let Some(state) = state {
        query = query.filter(reports::state.eq(state.as_str()));
    }
    if let Some(before) = before {
        query = query.filter(reports::id.lt(before.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// How many reports wait for an admin.
pub fn count_open(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(reports::table.filter(reports::state.eq(ReportState::Open.as_str())).count().get_result(conn)?)
}

/// Marks a report resolved.
/// What the moderation queue holds: open reports and follows of local
/// actors waiting for review.
pub fn count_queue(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(count_open(conn)? + crate::follows::count_waiting(conn)?)
}

pub fn resolve(conn: &mut DbConnection, id: &str, resolution: Resolution, by: &str) -> Result<(), DbError> {
    diesel::update(reports::table.find(id))
        .set((
            reports::state.eq(ReportState::Resolved.as_str()),
            reports::resolution.eq(resolution.as_str()),
            reports::resolved_by.eq(by),
            reports::resolved_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes down the offers, announcements and co-ops (by their actor's id)
/// with these ids; returns how many.
/// Takes down what an actor (by row id) wrote here: its mirrored co-op
/// listing, its offers and its news. Returns how many items.
pub fn take_down_by(conn: &mut DbConnection, actor_id: &str) -> Result<usize, DbError> {
    let at = Some(crate::now());
    let members = member_coops::table.filter(member_coops::actor_id.eq(actor_id)).select(member_coops::id);
    let mut count = diesel::update(job_offers::table.filter(job_offers::member_id.eq_any(members)))
        .set(job_offers::taken_down_at.eq(at))
        .execute(conn)?;
    let members = member_coops::table.filter(member_coops::actor_id.eq(actor_id)).select(member_coops::id);
    count +=
        diesel::update(announcements::table.filter(announcements::member_id.nullable().eq_any(members.nullable())))
            .set(announcements::taken_down_at.eq(at))
            .execute(conn)?;
    count += diesel::update(member_coops::table.filter(member_coops::actor_id.eq(actor_id)))
        .set(member_coops::taken_down_at.eq(at))
        .execute(conn)?;
    Ok(count)
}

pub fn take_down(conn: &mut DbConnection, ids: &[String]) -> Result<usize, DbError> {
    let at = Some(crate::now());
    let mut count = diesel::update(job_offers::table.filter(job_offers::ap_id.eq_any(ids)))
        .set(job_offers::taken_down_at.eq(at))
        .execute(conn)?;
    count += diesel::update(announcements::table.filter(announcements::ap_id.eq_any(ids)))
        .set(announcements::taken_down_at.eq(at))
        .execute(conn)?;
    let actor_ids =
        crate::schema::actors::table.filter(crate::schema::actors::ap_id.eq_any(ids)).select(crate::schema::actors::id);
    count += diesel::update(member_coops::table.filter(member_coops::actor_id.eq_any(actor_ids)))
        .set(member_coops::taken_down_at.eq(at))
        .execute(conn)?;
    Ok(count)
}
