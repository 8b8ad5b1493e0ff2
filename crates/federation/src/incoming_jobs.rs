//! Job offers arriving from other servers: written by a remote co-op and
//! addressed to our jobs group (publish to all), announced by a group we
//! follow, edited or withdrawn by their author.

use chrono::NaiveDate;
use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    content, follows,
    jobs::{self, JobRow},
};
use coopfed_service::{
    ServiceError,
    outbound::{Action, Outbound, emit},
};
use serde_json::Value;

use crate::{
    objects::{JobFields, job_from_page},
    partners::{
        GroupPolicy,
        policy::{accepting_group, may_author},
    },
};

/// The local jobs group.
fn local_jobs_group(conn: &mut DbConnection) -> Result<Option<ActorRow>, ServiceError> {
    Ok(actors::find_local(conn, ActorKind::Group, coopfed_core::JOBS_GROUP)?)
}

/// Stores or refreshes a remote job written by `author`. Returns the row,
/// or nothing when the stored offer is another author's (or our own).
fn upsert_job(conn: &mut DbConnection, author: &ActorRow, fields: JobFields) -> Result<Option<JobRow>, ServiceError> {
    let skills = coopfed_service::skills::load(conn)?.known_slugs(&fields.skills);
    let Some(row) = upsert_job_row(conn, author, fields)? else { return Ok(None) };
    jobs::set_skills(conn, &row.id, &skills)?;
    Ok(Some(row))
}

/// Did `author` write this stored offer?
fn written_by(conn: &mut DbConnection, job: &JobRow, author: &ActorRow) -> Result<bool, ServiceError> {
    Ok(!job.is_local && content::find_member_by_id(conn, &job.member_id)?.is_some_and(|m| m.actor_id == author.id))
}

fn upsert_job_row(
    conn: &mut DbConnection,
    author: &ActorRow,
    fields: JobFields,
) -> Result<Option<JobRow>, ServiceError> {
    if let Some(mut existing) = jobs::find_by_ap_id(conn, &fields.ap_id)? {
        if !written_by(conn, &existing, author)? {
            tracing::info!(job = %fields.ap_id, by = %author.ap_id, "an offer changed by another than its author was ignored");
            return Ok(None);
        }
        fields.apply_to(&mut existing);
        existing.deleted_at = None;
        jobs::update(conn, &existing)?;
        return Ok(Some(existing));
    }
    let member = crate::incoming_members::mirror_member(conn, author, None)?;
    let mut row = JobRow::new(fields.ap_id.clone(), member.id, false, fields.posted_on);
    fields.apply_to(&mut row);
    jobs::insert(conn, &row)?;
    Ok(Some(row))
}

/// A Create or Update of a `Page` by its author. Returns whether activities were queued.
pub fn receive_from_author(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    policy: GroupPolicy,
    author: &ActorRow,
    activity: &Value,
    activity_id: &str,
    today: NaiveDate,
) -> Result<bool, ServiceError> {
    let Some(page) = activity.get("object").filter(|o| o.is_object()) else { return Ok(false) };
    let Ok(fields) = job_from_page(page, today) else { return Ok(false) };
    if fields.author.as_deref() != Some(author.ap_id.as_str()) || author.kind != ActorKind::Organization {
        return Ok(false);
    }
    let group =
        accepting_group(conn, policy, author, coopfed_core::JOBS_GROUP, &fields.addressed, fields.audience.as_deref())?;
    let known = jobs::find_by_ap_id(conn, &fields.ap_id)?.is_some();
    if group.is_none() && !known {
        tracing::info!(job = %fields.ap_id, author = %author.ap_id, "job not accepted by the jobs group");
        return Ok(false);
    }
    let Some(row) = upsert_job(conn, author, fields)? else { return Ok(false) };
    if let Some(group) = group {
        jobs::add_provenance(conn, &row.ap_id, &group.ap_id, Some(activity_id))?;
        let action = Action::GroupAnnounce { group_id: group.id, activity: activity.to_string() };
        emit(conn, outbound, &action)?;
        return Ok(true);
    }
    Ok(false)
}

/// An offer a partner network lists as published to all (its `shared`
/// collection), fetched from its origin when the partnership formed. The
/// local jobs group accepts it as if the author had sent it. Returns whether
/// it was stored.
pub fn receive_shared(
    conn: &mut DbConnection,
    author: &ActorRow,
    page: &Value,
    today: NaiveDate,
) -> Result<bool, ServiceError> {
    let Ok(fields) = job_from_page(page, today) else { return Ok(false) };
    if fields.author.as_deref() != Some(author.ap_id.as_str()) || !may_author(conn, GroupPolicy::Partners, author)? {
        return Ok(false);
    }
    let Some(group) = local_jobs_group(conn)? else { return Ok(false) };
    let Some(row) = upsert_job(conn, author, fields)? else { return Ok(false) };
    jobs::add_provenance(conn, &row.ap_id, &group.ap_id, None)?;
    Ok(true)
}

/// A Delete by the author. Returns whether activities were queued.
pub fn receive_delete(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    author: &ActorRow,
    activity: &Value,
) -> Result<bool, ServiceError> {
    let Some(object_id) = activity.get("object").and_then(crate::values::id_of) else { return Ok(false) };
    let Some(job) = jobs::find_by_ap_id(conn, object_id)? else { return Ok(false) };
    if !written_by(conn, &job, author)? {
        return Ok(false);
    }
    if job.deleted_at.is_none() {
        jobs::mark_deleted(conn, &job.id)?;
    }
    let Some(group) = local_jobs_group(conn)? else { return Ok(false) };
    if job.audience.is_some() && jobs::has_provenance(conn, &job.ap_id, &group.ap_id)? {
        emit(conn, outbound, &Action::GroupAnnounce { group_id: group.id, activity: activity.to_string() })?;
        return Ok(true);
    }
    Ok(false)
}

/// What a fetch of an announced object found at its origin.
#[derive(Debug)]
pub enum Origin {
    /// The current document.
    Found(Value),
    /// 404 or 410: the object is gone.
    Gone,
}

/// Does a local actor follow this remote group (accepted)?
pub fn followed_by_local(conn: &mut DbConnection, group: &ActorRow) -> Result<bool, ServiceError> {
    Ok(follows::count(conn, &group.id, follows::Direction::Followers)? > 0)
}

/// An Announce of a job by a remote group that a local actor follows. The
/// object was fetched from its origin rather than trusted from the
/// announcement; its author must be one that [`may_author`] allows.
pub fn receive_announce(
    conn: &mut DbConnection,
    policy: GroupPolicy,
    group: &ActorRow,
    object_id: &str,
    origin: &Origin,
    activity_id: &str,
    today: NaiveDate,
) -> Result<(), ServiceError> {
    match origin {
        Origin::Found(page) => {
            let Ok(fields) = job_from_page(page, today) else { return Ok(()) };
            if fields.ap_id != object_id {
                return Ok(());
            }
            let Some(author_id) = fields.author.clone() else { return Ok(()) };
            let Some(author) = actors::find_by_ap_id(conn, &author_id)? else { return Ok(()) };
            if !may_author(conn, policy, &author)? {
                tracing::info!(job = %fields.ap_id, author = %author.ap_id, "an announced offer by an author we do not list was ignored");
                return Ok(());
            }
            let Some(row) = upsert_job(conn, &author, fields)? else { return Ok(()) };
            jobs::add_provenance(conn, &row.ap_id, &group.ap_id, Some(activity_id))?;
        }
        Origin::Gone => {
            if let Some(job) = jobs::find_by_ap_id(conn, object_id)? {
                // Gone at its origin (which the object id names): withdrawn.
                if !job.is_local && job.deleted_at.is_none() {
                    jobs::mark_deleted(conn, &job.id)?;
                }
            }
        }
    }
    Ok(())
}
