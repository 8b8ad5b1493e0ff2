//! The moderation queue: reports (`Flag`s) from other servers, kept with what
//! this instance held of the reported items, and how admins resolve them:
//! dismiss, take the mirrored items down here (hidden on this instance, not
//! deleted at their home server), or block the reported items' domain.

use coopfed_core::records::Problem;
use coopfed_db::{
    Database, DbConnection,
    reports::{ReportRow, ReportState, Resolution},
};
use serde_json::{Value, json};

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// What an admin does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Dismiss,
    TakeDown,
    BlockActor,
    BlockDomain,
}

impl Action {
    /// The action a word names: `dismiss`, `take_down` (or `take-down`),
    /// `block_actor`, `block_domain`.
    pub fn parse(word: &str) -> Result<Self, ServiceError> {
        match word.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "dismiss" => Ok(Action::Dismiss),
            "take_down" => Ok(Action::TakeDown),
            "block_actor" => Ok(Action::BlockActor),
            "block_domain" => Ok(Action::BlockDomain),
            _ => Err(ServiceError::problem(
                "action",
                Problem::NotOneOf {
                    value: word.to_owned(),
                    allowed: "dismiss, take_down, block_actor, block_domain".into(),
                },
            )),
        }
    }
}

/// What this instance holds of a reported id, for the report's snapshot.
fn snapshot_of(conn: &mut DbConnection, id: &str) -> Result<Value, ServiceError> {
    let excerpt = |html: &str| coopfed_core::text::plain(html).chars().take(2000).collect::<String>();
    if let Some(job) = coopfed_db::jobs::find_by_ap_id(conn, id)? {
        return Ok(json!({
            "id": id, "kind": "job", "local_id": job.id.to_string(), "local": job.is_local,
            "title": job.title, "summary": job.summary, "text": excerpt(&job.content),
        }));
    }
    if let Some(item) = coopfed_db::announcements::find_by_ap_id(conn, id)? {
        return Ok(json!({
            "id": id, "kind": item.kind.as_str(), "local_id": item.id, "local": item.is_local,
            "title": item.title, "summary": item.summary, "text": excerpt(&item.content),
        }));
    }
    if let Some(actor) = coopfed_db::actors::find_by_ap_id(conn, id)? {
        if let Some(member) = coopfed_db::members::find_member_by_actor(conn, &actor.id)? {
            return Ok(json!({
                "id": id, "kind": "coop", "local_id": member.id.to_string(), "local": actor.is_local,
                "title": member.name, "summary": member.summary,
            }));
        }
        return Ok(json!({ "id": id, "kind": "actor", "local": actor.is_local, "title": actor.username }));
    }
    Ok(json!({ "id": id, "kind": "unknown" }))
}

/// Stores a report that arrived in the `Flag` `activity_id` (kept once).
pub fn receive(
    conn: &mut DbConnection,
    activity_id: &str,
    reporter: &str,
    targets: &[String],
    comment: Option<&str>,
) -> Result<bool, ServiceError> {
    let targets: Vec<String> = targets.iter().take(50).map(|t| t.chars().take(2000).collect()).collect();
    let mut snapshot = Vec::with_capacity(targets.len());
    for target in &targets {
        snapshot.push(snapshot_of(conn, target)?);
    }
    let comment = comment
        .map(|c| coopfed_core::text::plain(c).trim().chars().take(5000).collect::<String>())
        .filter(|c| !c.is_empty());
    let row = ReportRow {
        id: coopfed_db::new_id(),
        activity_id: Some(activity_id.to_owned()),
        reporter: reporter.to_owned(),
        comment,
        targets: coopfed_db::Json(targets),
        snapshot: Value::Array(snapshot).to_string(),
        state: ReportState::Open,
        resolution: None,
        resolved_by: None,
        resolved_at: None,
        created_at: coopfed_db::now(),
    };
    Ok(coopfed_db::reports::insert(conn, &row)?)
}

/// Reports in `state` (any when `None`), newest first, after the id `before`.
pub async fn list(
    db: &Database,
    state: Option<ReportState>,
    before: Option<String>,
    limit: i64,
) -> Result<Vec<ReportRow>, ServiceError> {
    Ok(db.run(move |conn| coopfed_db::reports::list(conn, state, before.as_deref(), limit)).await?)
}

/// What waits in the moderation queue: open reports and follow requests
/// kept for review.
pub async fn waiting_count(db: &Database) -> Result<i64, ServiceError> {
    Ok(db.run(coopfed_db::reports::count_queue).await?)
}

/// The host of a URL with its port when it names one (`coops.example:8443`).
fn authority(url: &url::Url) -> Option<String> {
    url.host_str().map(|host| match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Whether `host` is this instance's (`own`), ports and case aside.
fn is_own(host: &str, own: &str) -> bool {
    coopfed_core::names::bare_host(host) == coopfed_core::names::bare_host(own)
}

/// The domains of a report's targets other than `own` (this instance's).
fn target_domains(report: &ReportRow, own: &str) -> Vec<String> {
    let mut domains: Vec<String> = report
        .targets
        .0
        .iter()
        .filter_map(|t| url::Url::parse(t).ok())
        .filter_map(|u| authority(&u))
        .filter(|d| !is_own(d, own))
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

/// Resolves an open report. `own_domain` is this instance's (never blocked).
/// Returns the report as resolved.
pub async fn resolve(
    db: &Database,
    actor: &Actor,
    id: &str,
    action: Action,
    own_domain: &str,
) -> Result<ReportRow, ServiceError> {
    let id = id.to_owned();
    let report = db
        .run({
            let id = id.clone();
            move |conn| coopfed_db::reports::find(conn, &id)
        })
        .await?
        .ok_or(ServiceError::NotFound("report"))?;
    if report.state != ReportState::Open {
        return Err(ServiceError::Conflict("the report is already resolved".into()));
    }
    let domains = target_domains(&report, own_domain);
    if action == Action::BlockDomain {
        if domains.is_empty() {
            return Err(ServiceError::problem(
                "action",
                Problem::Other("the reported items are this instance's own".into()),
            ));
        }
        for domain in &domains {
            let reason = Some(format!("report {id}"));
            crate::domains::put(db, actor, domain, coopfed_db::domains::DomainRuleKind::Block, reason).await?;
        }
    }
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let (resolution, detail) = match action {
                Action::Dismiss => (Resolution::Dismissed, None),
                Action::TakeDown => {
                    let count = coopfed_db::reports::take_down(conn, &report.targets.0)?;
                    (Resolution::TakenDown, Some(format!("items={count}")))
                }
                Action::BlockActor => {
                    let mut authors = Vec::new();
                    for target in &report.targets.0 {
                        if let Some(author) = crate::blocks::remote_author_of(conn, target)? {
                            if !authors.contains(&author) {
                                authors.push(author);
                            }
                        }
                    }
                    if authors.is_empty() {
                        return Err(ServiceError::problem(
                            "action",
                            Problem::Other("no remote actor known here wrote the reported items".into()),
                        ));
                    }
                    for author in &authors {
                        crate::blocks::block_in(conn, &actor, author)?;
                    }
                    (Resolution::ActorBlocked, Some(format!("actors={}", authors.join(","))))
                }
                Action::BlockDomain => (Resolution::DomainBlocked, Some(format!("domains={}", domains.join(",")))),
            };
            coopfed_db::reports::resolve(conn, &report.id, resolution, actor.audit_name())?;
            audit(conn, &actor, &format!("report.{}", resolution.as_str()), Some(&report.id), detail)?;
            Ok::<_, ServiceError>(coopfed_db::reports::find(conn, &report.id)?.unwrap_or(report.clone()))
        })
    })
    .await
}

/// The reported ids of a report made here: at most 20 http(s) ids, all on
/// one other server (their home, where the `Flag` goes).
fn checked_targets(targets: &[String], own_domain: &str) -> Result<(Vec<String>, String), ServiceError> {
    let targets: Vec<String> = targets.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    if targets.is_empty() {
        return Err(ServiceError::problem("targets", Problem::Required));
    }
    if targets.len() > 20 {
        return Err(ServiceError::problem("targets", Problem::TooMany { max: 20 }));
    }
    let mut home: Option<String> = None;
    for target in &targets {
        let url = url::Url::parse(target).map_err(|_| ServiceError::problem("targets", Problem::NotUrl))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ServiceError::problem("targets", Problem::NotHttpUrl));
        }
        let host = authority(&url).ok_or(ServiceError::problem("targets", Problem::NotUrl))?;
        if is_own(&host, own_domain) {
            return Err(ServiceError::problem(
                "targets",
                Problem::Other("reports go to other servers; this instance's own items are not reported".into()),
            ));
        }
        match &home {
            Some(home) if *home != host => {
                return Err(ServiceError::problem(
                    "targets",
                    Problem::Other("the reported items must all be on one server".into()),
                ));
            }
            _ => home = Some(host),
        }
    }
    Ok((targets, home.unwrap_or_default()))
}

/// Reports remote items to their home server: the instance actor sends it a
/// `Flag` (as Mastodon does), and the report is kept here as sent.
pub async fn send(
    writer: &crate::Writer,
    own_domain: &str,
    reporter: &str,
    targets: &[String],
    comment: Option<String>,
) -> Result<ReportRow, ServiceError> {
    let (targets, home) = checked_targets(targets, own_domain)?;
    let comment = comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 5000) {
        return Err(ServiceError::problem("comment", Problem::TooLong { max: 5000 }));
    }
    let crate::Writer { db, outbound, actor } = writer.clone();
    let reporter = reporter.to_owned();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let mut snapshot = Vec::with_capacity(targets.len());
            for target in &targets {
                snapshot.push(snapshot_of(conn, target)?);
            }
            let row = ReportRow {
                id: coopfed_db::new_id(),
                activity_id: None,
                reporter: reporter.clone(),
                comment: comment.clone(),
                targets: coopfed_db::Json(targets.clone()),
                snapshot: Value::Array(snapshot).to_string(),
                state: ReportState::Resolved,
                resolution: Some(Resolution::Sent.as_str().to_owned()),
                resolved_by: Some(actor.audit_name().to_owned()),
                resolved_at: Some(coopfed_db::now()),
                created_at: coopfed_db::now(),
            };
            coopfed_db::reports::insert(conn, &row)?;
            crate::outbound::emit(
                conn,
                outbound.as_ref(),
                &crate::outbound::Action::Flag { report_id: row.id.clone() },
            )?;
            audit(conn, &actor, "report.send", Some(&row.id), Some(format!("to={home}")))?;
            Ok(row)
        })
    })
    .await
}
