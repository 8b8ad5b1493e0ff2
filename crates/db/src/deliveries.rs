//! The outbox and its delivery queue: one row per (activity, inbox), written in
//! the same transaction as the change that caused it, drained by the delivery
//! worker. A claimed row carries a lease (`next_attempt_at` in the future), so
//! a crashed worker's rows come due again and nothing is lost.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    DbConnection, DbError, new_id, now,
    schema::{deliveries, outbox_activities},
};

crate::text_enum! {
    /// Where a delivery stands (stored as text).
    pub enum DeliveryState ("delivery state") {
        /// Waiting for its first or next attempt (or leased by a worker).
        Pending = "pending",
        Delivered = "delivered",
        /// Given up.
        Failed = "failed",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox_activities)]
#[diesel(treat_none_as_default_value = false)]
pub struct OutboxRow {
    pub id: String,
    pub activity_id: String,
    pub actor_id: String,
    pub kind: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
    /// Addressed to the public: listed in the actor's outbox collection.
    pub public: bool,
    /// The id of a local object whose current document replaces its id in
    /// the payload when the activity is sent or listed.
    pub embeds: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deliveries)]
#[diesel(treat_none_as_default_value = false)]
pub struct DeliveryRow {
    pub id: String,
    pub outbox_id: String,
    pub inbox_url: String,
    pub host: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: DeliveryState,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub leased_until: Option<NaiveDateTime>,
}

/// What to store in the outbox.
#[derive(Debug, Clone, Copy)]
pub struct NewActivity<'a> {
    pub actor_id: &'a str,
    pub activity_id: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
    pub public: bool,
    /// See [`OutboxRow::embeds`].
    pub embeds: Option<&'a str>,
}

/// Stores activities, each with one pending delivery per distinct inbox
/// `(url, host)`: one statement per few hundred rows.
pub fn enqueue_all(
    conn: &mut DbConnection,
    activities: &[(NewActivity<'_>, &[(String, String)])],
) -> Result<(), DbError> {
    let at = now();
    let mut outbox = Vec::with_capacity(activities.len());
    let mut rows = Vec::new();
    for (activity, inboxes) in activities {
        let NewActivity { actor_id, activity_id, kind, payload, public, embeds } = *activity;
        let id = new_id();
        let mut seen = std::collections::BTreeSet::new();
        rows.extend(inboxes.iter().filter(|(url, _)| seen.insert(url.as_str())).map(|(url, host)| DeliveryRow {
            id: new_id(),
            outbox_id: id.clone(),
            inbox_url: url.clone(),
            host: host.clone(),
            state: DeliveryState::Pending,
            attempts: 0,
            next_attempt_at: at,
            last_status: None,
            last_error: None,
            created_at: at,
            updated_at: at,
            delivered_at: None,
            leased_until: None,
        }));
        outbox.push(OutboxRow {
            id,
            activity_id: activity_id.to_owned(),
            actor_id: actor_id.to_owned(),
            kind: kind.to_owned(),
            payload: payload.to_owned(),
            created_at: at,
            public,
            embeds: embeds.map(str::to_owned),
        });
    }
    for chunk in outbox.chunks(500) {
        let insert = diesel::insert_into(outbox_activities::table).values(chunk);
        execute_per_backend!(conn, insert)?;
    }
    for chunk in rows.chunks(200) {
        let insert = diesel::insert_into(deliveries::table).values(chunk.to_vec());
        execute_per_backend!(conn, insert)?;
    }
    Ok(())
}

/// A delivery with what is needed to send it.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub delivery: DeliveryRow,
    pub actor_id: String,
    pub payload: String,
    /// See [`OutboxRow::embeds`]: the payload is sent once that is put in.
    pub embeds: Option<String>,
    /// The sending actor's current key id: a worker holding another one
    /// reads the key again (it was rotated).
    pub key_id: Option<String>,
}

/// Takes up to `limit` due deliveries and leases them for `lease`. On
/// PostgreSQL rows locked by another worker are skipped; leased rows are
/// never taken twice.
pub fn claim_due(conn: &mut DbConnection, limit: i64, lease: Duration) -> Result<Vec<ClaimedDelivery>, DbError> {
    crate::transaction(conn, |conn| {
        // A lease lost in a crash only lets the delivery be claimed again.
        crate::relaxed_commit(conn)?;
        let at = now();
        let due = deliveries::table
            .filter(deliveries::state.eq(DeliveryState::Pending.as_str()))
            .filter(deliveries::next_attempt_at.le(at))
            .filter(deliveries::leased_until.is_null().or(deliveries::leased_until.le(at)))
            .order(deliveries::next_attempt_at.asc())
            .limit(limit)
            .select(deliveries::id);
        let ids: Vec<String> = match conn {
            DbConnection::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(_) => due.load(conn)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(deliveries::table.filter(deliveries::id.eq_any(&ids)))
            .set((deliveries::leased_until.eq(Some(at + lease)), deliveries::updated_at.eq(at)))
            .execute(conn)?;
        // The delivery, its actor, payload, carried item and the actor's key id.
        type Claimed = (DeliveryRow, String, String, Option<String>, Option<String>);
        let rows: Vec<Claimed> = deliveries::table
            .inner_join(outbox_activities::table)
            .inner_join(crate::schema::actors::table.on(crate::schema::actors::id.eq(outbox_activities::actor_id)))
            .filter(deliveries::id.eq_any(&ids))
            .select((
                DeliveryRow::as_select(),
                outbox_activities::actor_id,
                outbox_activities::payload,
                outbox_activities::embeds,
                crate::schema::actors::public_key_id,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(delivery, actor_id, payload, embeds, key_id)| ClaimedDelivery {
                delivery,
                actor_id,
                payload,
                embeds,
                key_id,
            })
            .collect())
    })
}

pub fn mark_delivered(conn: &mut DbConnection, id: &str, status: i32) -> Result<(), DbError> {
    mark_all_delivered(conn, &[(id, status)])
}

/// Records deliveries that arrived, each with the status it was answered
/// with: one statement per status.
pub fn mark_all_delivered(conn: &mut DbConnection, delivered: &[(&str, i32)]) -> Result<(), DbError> {
    let mut by_status: std::collections::BTreeMap<i32, Vec<&str>> = std::collections::BTreeMap::new();
    for (id, status) in delivered {
        by_status.entry(*status).or_default().push(id);
    }
    let at = now();
    for (status, ids) in by_status {
        for chunk in ids.chunks(500) {
            diesel::update(deliveries::table.filter(deliveries::id.eq_any(chunk)))
                .set((
                    deliveries::state.eq(DeliveryState::Delivered.as_str()),
                    deliveries::attempts.eq(deliveries::attempts + 1),
                    deliveries::last_status.eq(Some(status)),
                    deliveries::last_error.eq(None::<String>),
                    deliveries::delivered_at.eq(Some(at)),
                    deliveries::updated_at.eq(at),
                    deliveries::leased_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or failed for good when `None`.
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    status: Option<i32>,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> Result<(), DbError> {
    let at = now();
    let error: String = error.chars().take(500).collect();
    let (next_state, next_at) = match retry_at {
        Some(retry_at) => (DeliveryState::Pending.as_str(), retry_at),
        None => (DeliveryState::Failed.as_str(), at),
    };
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::state.eq(next_state),
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::last_status.eq(status),
            deliveries::last_error.eq(Some(error)),
            deliveries::next_attempt_at.eq(next_at),
            deliveries::updated_at.eq(at),
            deliveries::leased_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deliveries with their activity kind, newest first, optionally in one state.
pub fn list(
    conn: &mut DbConnection,
    state_filter: Option<&str>,
    limit: i64,
) -> Result<Vec<(DeliveryRow, String, String)>, DbError> {
    let mut query = deliveries::table
        .inner_join(outbox_activities::table)
        .select((DeliveryRow::as_select(), outbox_activities::kind, outbox_activities::activity_id))
        .order(deliveries::created_at.desc())
        .limit(limit)
        .into_boxed();
    if let Some(wanted) = state_filter {
        query = query.filter(deliveries::state.eq(wanted.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// Counts of deliveries per state.
pub fn counts(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    use diesel::dsl::count_star;
    Ok(deliveries::table.group_by(deliveries::state).select((deliveries::state, count_star())).load(conn)?)
}

/// Where the activities about the object `ap_id` went: per host, the state
/// and status of the latest delivery there (newest first).
pub fn about_object(conn: &mut DbConnection, ap_id: &str) -> Result<Vec<(String, String, Option<i32>)>, DbError> {
    // The id as it appears in an activity's JSON, quoted.
    let quoted = crate::escape_like(&format!("\"{ap_id}\""));
    let rows: Vec<(String, String, Option<i32>, NaiveDateTime)> = deliveries::table
        .inner_join(outbox_activities::table)
        .filter(outbox_activities::payload.like(format!("%{quoted}%")).escape('\\'))
        .select((deliveries::host, deliveries::state, deliveries::last_status, deliveries::updated_at))
        .order(deliveries::updated_at.desc())
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(host, ..)| seen.insert(host.clone()))
        .map(|(host, state, status, _)| (host, state, status))
        .collect())
}

/// Deliveries waiting and given up, per host: (host, pending, failed).
pub fn open_by_host(conn: &mut DbConnection) -> Result<Vec<(String, i64, i64)>, DbError> {
    use diesel::dsl::count_star;
    let rows: Vec<(String, String, i64)> = deliveries::table
        .filter(deliveries::state.ne(DeliveryState::Delivered.as_str()))
        .group_by((deliveries::host, deliveries::state))
        .select((deliveries::host, deliveries::state, count_star()))
        .load(conn)?;
    let mut by_host: std::collections::BTreeMap<String, (i64, i64)> = std::collections::BTreeMap::new();
    for (host, state, n) in rows {
        let entry = by_host.entry(host).or_default();
        if state == DeliveryState::Failed.as_str() {
            entry.1 += n;
        } else {
            entry.0 += n;
        }
    }
    Ok(by_host.into_iter().map(|(host, (pending, failed))| (host, pending, failed)).collect())
}

/// Makes failed (or all pending) deliveries due now; by id, by host, or all failed ones.
pub fn retry(conn: &mut DbConnection, id: Option<&str>, host: Option<&str>) -> Result<usize, DbError> {
    let at = now();
    let mut query =
        diesel::update(deliveries::table).filter(deliveries::state.ne(DeliveryState::Delivered.as_str())).into_boxed();
    if let Some(id) = id {
        query = query.filter(deliveries::id.eq(id.to_owned()));
    } else if let Some(host) = host {
        query = query.filter(deliveries::host.eq(host.to_owned()));
    } else {
        query = query.filter(deliveries::state.eq(DeliveryState::Failed.as_str()));
    }
    Ok(query
        .set((
            deliveries::state.eq(DeliveryState::Pending.as_str()),
            deliveries::next_attempt_at.eq(at),
            deliveries::updated_at.eq(at),
        ))
        .execute(conn)?)
}

/// Gives up undelivered deliveries (by id, or all to a host): they turn
/// `failed` and are not tried again unless retried.
pub fn give_up(conn: &mut DbConnection, id: Option<&str>, host: Option<&str>, why: &str) -> Result<usize, DbError> {
    let at = now();
    let mut query =
        diesel::update(deliveries::table).filter(deliveries::state.eq(DeliveryState::Pending.as_str())).into_boxed();
    match (id, host) {
        (Some(id), _) => query = query.filter(deliveries::id.eq(id.to_owned())),
        (None, Some(host)) => query = query.filter(deliveries::host.eq(host.to_owned())),
        (None, None) => return Ok(0),
    }
    Ok(query
        .set((
            deliveries::state.eq(DeliveryState::Failed.as_str()),
            deliveries::last_error.eq(Some(why.to_owned())),
            deliveries::updated_at.eq(at),
            deliveries::leased_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?)
}

/// Deliveries in trouble: given up, or waiting for a retry after a failed
/// attempt; the latest first, with their activity's kind.
pub fn troubled(conn: &mut DbConnection, limit: i64) -> Result<Vec<(DeliveryRow, String)>, DbError> {
    Ok(deliveries::table
        .inner_join(outbox_activities::table)
        .filter(
            deliveries::state
                .eq(DeliveryState::Failed.as_str())
                .or(deliveries::state.eq(DeliveryState::Pending.as_str()).and(deliveries::attempts.gt(0))),
        )
        .order(deliveries::updated_at.desc())
        .limit(limit)
        .select((DeliveryRow::as_select(), outbox_activities::kind))
        .load(conn)?)
}

/// How long deliveries made since `since` took from the activity's
/// publication to the inbox's 2xx, as (host, published, delivered); the
/// latest `limit` ones.
pub fn delivery_times(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(String, NaiveDateTime, NaiveDateTime)>, DbError> {
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = deliveries::table
        .inner_join(outbox_activities::table)
        .filter(deliveries::state.eq(DeliveryState::Delivered.as_str()))
        .filter(deliveries::delivered_at.ge(since))
        .order(deliveries::delivered_at.desc())
        .limit(limit)
        .select((deliveries::host, outbox_activities::created_at, deliveries::delivered_at))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(host, published, delivered)| Some((host, published, delivered?))).collect())
}

/// Ends every lease: for a process that is the only worker (SQLite) at start,
/// when no other worker can hold one.
pub fn release_all_leases(conn: &mut DbConnection) -> Result<usize, DbError> {
    Ok(diesel::update(deliveries::table.filter(deliveries::leased_until.is_not_null()))
        .set(deliveries::leased_until.eq(None::<NaiveDateTime>))
        .execute(conn)?)
}

/// Makes the pending deliveries to a host due now (it answered again).
pub fn revive_host(conn: &mut DbConnection, host: &str) -> Result<usize, DbError> {
    let at = now();
    Ok(diesel::update(
        deliveries::table
            .filter(deliveries::host.eq(host))
            .filter(deliveries::state.eq(DeliveryState::Pending.as_str()))
            .filter(deliveries::next_attempt_at.gt(at)),
    )
    .set(deliveries::next_attempt_at.eq(at))
    .execute(conn)?)
}

/// Are deliveries of activities by the actor with the row id `actor_id` still pending?
pub fn pending_from(conn: &mut DbConnection, actor_id: &str) -> Result<bool, DbError> {
    let pending: i64 = deliveries::table
        .inner_join(outbox_activities::table)
        .filter(outbox_activities::actor_id.eq(actor_id))
        .filter(deliveries::state.eq(DeliveryState::Pending.as_str()))
        .count()
        .get_result(conn)?;
    Ok(pending > 0)
}

/// Drops the pending deliveries of the actor's `Delete` of itself (with the
/// row id `actor_id` and the ActivityPub id `ap_id`): a co-op added again
/// before its departure reached everyone. Returns how many were dropped.
pub fn cancel_pending_self_delete(conn: &mut DbConnection, actor_id: &str, ap_id: &str) -> Result<usize, DbError> {
    let pending: Vec<(String, String)> = deliveries::table
        .inner_join(outbox_activities::table)
        .filter(outbox_activities::actor_id.eq(actor_id))
        .filter(outbox_activities::kind.eq("Delete"))
        .filter(deliveries::state.eq(DeliveryState::Pending.as_str()))
        .select((deliveries::id, outbox_activities::payload))
        .load(conn)?;
    let of_itself: Vec<String> = pending
        .into_iter()
        .filter(|(_, payload)| {
            serde_json::from_str::<serde_json::Value>(payload)
                .ok()
                .is_some_and(|activity| activity.get("object").and_then(serde_json::Value::as_str) == Some(ap_id))
        })
        .map(|(id, _)| id)
        .collect();
    Ok(diesel::delete(deliveries::table.filter(deliveries::id.eq_any(&of_itself))).execute(conn)?)
}
