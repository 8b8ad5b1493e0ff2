//! Receiving activities: verify, store, answer 202; process later.
//!
//! [`receive`] checks the request (JSON shape, domain lists, date, digest, the
//! signature and that its key belongs to the activity's actor, ids on the
//! actor's domain) and stores the activity before the inbox answers. A replay
//! of a stored id changes nothing; types nothing acts on are answered 202
//! and not stored. [`run_processor`] handles stored activities.

use std::{collections::BTreeMap, net::IpAddr, sync::Arc, time::SystemTime};

use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    inbox::{self, InboxRow},
};
use coopfed_service::{
    ServiceError,
    accounts::transaction,
    follows::{self, FollowPolicy},
};
use serde_json::Value;
use tokio::sync::watch;
use url::Url;

use crate::{
    client::{FetchError, authority},
    context::{Federation, FederationSettings},
    incoming_announcements,
    incoming_jobs::{self, Origin},
    incoming_members,
    remote::{self, RemoteError},
    signatures::{SignatureError, is_host, prepare_verification},
    values::{id_of, type_of},
};

/// Why an incoming activity was refused. Nothing is stored.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// 400.
    #[error("{0}")]
    BadRequest(String),
    /// 401: the signature is missing or wrong.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// 401: the key's owner is not the activity's actor, or unknown.
    #[error("{0}")]
    WrongSigner(String),
    /// 403.
    #[error("{0}")]
    Forbidden(String),
    /// 413: larger than activities of this type may be.
    #[error("the activity is larger than this type of activity may be")]
    TooLarge,
    /// 429: the sender's host sends too much; retry after the duration.
    #[error("too many requests from this host")]
    TooMany(std::time::Duration),
    /// 503: storage is down; the sender should retry.
    #[error("the inbox is unavailable")]
    Unavailable(String),
}

/// A request as the inbox sees it.
pub struct IncomingRequest<'a> {
    pub method: &'a str,
    pub path_and_query: &'a str,
    /// Lower-case header names.
    pub headers: BTreeMap<String, String>,
    pub body: &'a [u8],
    /// The client's address (the peer, or a trusted proxy's `X-Forwarded-For`).
    pub client: Option<IpAddr>,
}

fn same_origin(a: &str, b: &Url) -> bool {
    Url::parse(a).is_ok_and(|a| a.origin() == b.origin())
}

/// The activity types the inbox acts on; others are answered 202 and dropped.
const HANDLED: &[&str] =
    &["Follow", "Accept", "Reject", "Undo", "Create", "Update", "Delete", "Announce", "Add", "Remove", "Flag"];

/// Largest body taken for an activity type: only objects (offers, news,
/// profiles) may be long.
fn size_limit(kind: &str) -> usize {
    match kind {
        "Create" | "Update" | "Announce" | "Add" => 1024 * 1024,
        _ => 64 * 1024,
    }
}

/// The message of every 401 for a key that could not be had: nothing about
/// why the fetch failed (no status or port oracle).
const KEY_UNAVAILABLE: &str = "the signing key could not be fetched or does not verify the signature";

/// Is this a host name a server can have (RFC 1035 lengths)?
fn plausible_host(host: &str) -> bool {
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    !name.is_empty() && host.len() <= 253 && name.split('.').all(|label| !label.is_empty() && label.len() <= 63)
}

/// What became of an activity the inbox took (all answered 202).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Verified and stored for processing.
    New,
    /// Its id was stored before: nothing changes.
    Duplicate,
    /// A type coopfed does not act on: neither verified nor stored.
    Ignored,
}

impl Received {
    /// The outcome as a metrics label.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "accepted",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
        }
    }
}

/// Verifies and stores an activity posted to `recipient` (or the shared inbox).
pub async fn receive(
    federation: &Federation,
    recipient: Option<&ActorRow>,
    request: IncomingRequest<'_>,
) -> Result<Received, InboxError> {
    // Before anything is verified, only the client's address is counted.
    if let Some(client) = request.client {
        federation.client_limiter.check_address(client, std::time::Instant::now()).map_err(InboxError::TooMany)?;
    }
    let activity: Value = serde_json::from_slice(request.body)
        .map_err(|e| InboxError::BadRequest(format!("the body is not JSON: {e}")))?;
    if !activity.is_object() {
        return Err(InboxError::BadRequest("the activity must be a JSON object".into()));
    }
    let activity_id = activity
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| InboxError::BadRequest("the activity has no id".into()))?;
    let kind_name = type_of(&activity).ok_or_else(|| InboxError::BadRequest("the activity has no type".into()))?;
    if !HANDLED.contains(&kind_name) {
        // Nothing would be done with it: not verified, not stored.
        return Ok(Received::Ignored);
    }
    if request.body.len() > size_limit(kind_name) {
        return Err(InboxError::TooLarge);
    }
    let actor_id = activity
        .get("actor")
        .and_then(id_of)
        .ok_or_else(|| InboxError::BadRequest("the activity has no actor".into()))?;
    let actor_url = Url::parse(actor_id).map_err(|_| InboxError::BadRequest("the actor is not a URL".into()))?;
    if !matches!(actor_url.scheme(), "http" | "https") {
        return Err(InboxError::BadRequest("the actor is not an http(s) URL".into()));
    }
    let host = authority(&actor_url);
    if !plausible_host(&host) {
        return Err(InboxError::BadRequest("the actor's host is not a valid host name".into()));
    }
    let our_host = federation.urls.domain().to_string();
    if is_host(&host, &our_host) {
        return Err(InboxError::Forbidden("activities of this server's own actors are not taken from outside".into()));
    }
    if !same_origin(activity_id, &actor_url) {
        return Err(InboxError::Forbidden("the activity id is not on the actor's domain".into()));
    }
    if matches!(kind_name, "Create" | "Update") {
        if let Some(object_id) = activity.get("object").and_then(id_of) {
            if !same_origin(object_id, &actor_url) {
                return Err(InboxError::Forbidden("the object id is not on the actor's domain".into()));
            }
        }
    }
    if !federation.settings.allows(&host) {
        return Err(InboxError::Forbidden(format!("{host} may not federate with this instance")));
    }

    let pending = prepare_verification(
        request.method,
        request.path_and_query,
        &request.headers,
        Some(request.body),
        &our_host,
        federation.settings.date_window,
        SystemTime::now(),
    )?;
    let key_url = Url::parse(pending.key_id())
        .map_err(|_| InboxError::Signature(SignatureError::Malformed("the keyId is not a URL".into())))?;
    let key_host = authority(&key_url);
    if !matches!(key_url.scheme(), "http" | "https") || !plausible_host(&key_host) {
        return Err(InboxError::Signature(SignatureError::Malformed("the keyId is not an http(s) URL".into())));
    }
    if is_host(&key_host, &our_host) {
        return Err(InboxError::Forbidden("requests signed with this server's own keys are not taken".into()));
    }
    // The key lives with its actor; only a forwarded activity is signed by
    // another server, which must itself be allowed to federate.
    let forwarded = key_url.origin() != actor_url.origin();
    if forwarded && !FORWARDABLE.contains(&kind_name) {
        return Err(InboxError::WrongSigner("the request is signed by another actor than the activity's".into()));
    }
    if forwarded && !federation.settings.allows(&key_host) {
        return Err(InboxError::Forbidden(format!("{key_host} may not federate with this instance")));
    }
    let owner = (!forwarded).then_some(actor_id);
    let signed_by = verified_signer(federation, &pending, &key_url, owner).await?;
    if !forwarded && signed_by != actor_id {
        return Err(InboxError::WrongSigner("the request is signed by another actor than the activity's".into()));
    }
    // After verification the signer's host is counted; partners are not held
    // to the limit of strangers (asked only when the limit is reached, so
    // ordinary traffic costs no query).
    let signer_host = Url::parse(&signed_by).map(|u| authority(&u)).unwrap_or_default();
    if let Err(wait) = federation.inbox_limiter.check(&signer_host, std::time::Instant::now()) {
        let partner_check = signer_host.clone();
        let is_partner = federation
            .db
            .run(move |conn| crate::partners::policy::is_partner_domain(conn, &partner_check))
            .await
            .unwrap_or(false);
        if !is_partner {
            return Err(InboxError::TooMany(wait));
        }
    }

    // Signed by someone else than its actor: a forwarded activity. Its content is
    // not trusted; it is kept as an announcement by the forwarder, and the object
    // is fetched from its origin when processed.
    let (activity_id, kind_name, actor_id, payload) = if signed_by == actor_id {
        (
            activity_id.to_owned(),
            kind_name.to_owned(),
            actor_id.to_owned(),
            String::from_utf8_lossy(request.body).into_owned(),
        )
    } else {
        let wrapped = serde_json::json!({
            "id": format!("{activity_id}#forwarded-by-{signed_by}"),
            "type": "Announce",
            "actor": signed_by,
            "object": activity,
        });
        (wrapped["id"].as_str().unwrap_or_default().to_owned(), "Announce".to_owned(), signed_by, wrapped.to_string())
    };
    let row = InboxRow {
        id: coopfed_db::new_id(),
        activity_id,
        kind: kind_name.chars().take(64).collect(),
        actor_ap_id: actor_id,
        recipient_id: recipient.map(|r| r.id.clone()),
        payload,
        received_at: coopfed_db::now(),
        processed_at: None,
        attempts: 0,
        last_error: None,
        leased_until: None,
    };
    let stored = federation
        .db
        .run(move |conn| inbox::store(conn, &row))
        .await
        .map_err(|e| InboxError::Unavailable(e.to_string()))?;
    if stored {
        federation.wake_inbox.notify_one();
        // The sender is up: deliveries to it that wait for a retry can go now.
        let revived = federation
            .db
            .run(move |conn| -> Result<usize, coopfed_db::DbError> {
                let dead_or_failing =
                    coopfed_db::hosts::find(conn, &signer_host)?.is_some_and(|h| h.consecutive_failures > 0);
                if !dead_or_failing {
                    return Ok(0);
                }
                coopfed_db::hosts::record_success(conn, &signer_host)?;
                coopfed_db::deliveries::revive_host(conn, &signer_host)
            })
            .await
            .unwrap_or(0);
        if revived > 0 {
            tracing::info!(revived, "a failing host is back; its deliveries are due again");
            federation.wake_deliveries.notify_one();
        }
    }
    Ok(if stored { Received::New } else { Received::Duplicate })
}

/// Who signed: the stored key's owner, or (unknown, or a stored key that no
/// longer verifies and was not fetched in the last minutes) the actor
/// fetched from the key's origin, which must be `owner` when given. A
/// fetched actor is stored only once the signature verified, or when it was
/// known already.
async fn verified_signer(
    federation: &Federation,
    pending: &crate::signatures::PendingSignature,
    key_url: &Url,
    owner: Option<&str>,
) -> Result<String, InboxError> {
    let unavailable = |e: RemoteError| match e {
        RemoteError::Db(db) => InboxError::Unavailable(db.to_string()),
        other => {
            tracing::info!(key = %key_url, error = %other, "a signing key could not be fetched");
            InboxError::WrongSigner(KEY_UNAVAILABLE.into())
        }
    };
    let cached = remote::stored(&federation.db, key_url).await.map_err(unavailable)?;
    if let Some(cached) = &cached {
        if pending.verify(&cached.public_key_pem).is_ok() {
            return Ok(cached.ap_id.clone());
        }
        let trusted_for = chrono::Duration::from_std(federation.settings.key_refetch).unwrap_or_default();
        let fresh_enough = cached.fetched_at.is_some_and(|at| coopfed_db::now() - at < trusted_for);
        if fresh_enough {
            return Err(InboxError::WrongSigner(KEY_UNAVAILABLE.into()));
        }
    }
    let Ok(_permit) = tokio::time::timeout(std::time::Duration::from_secs(5), federation.inbox_fetches.acquire()).await
    else {
        return Err(InboxError::Unavailable("too many key fetches at once".into()));
    };
    let signer = federation.instance_signer().await.map_err(|e| InboxError::Unavailable(e.to_string()))?;
    let fresh = remote::fetch_actor_unsaved(&federation.client, key_url, &signer).await.map_err(unavailable)?;
    if owner.is_some_and(|owner| owner != fresh.ap_id) {
        return Err(InboxError::WrongSigner("the request is signed by another actor than the activity's".into()));
    }
    let verified = pending.verify(&fresh.public_key_pem);
    let ap_id = fresh.ap_id.clone();
    if verified.is_ok() || cached.is_some_and(|c| c.ap_id == fresh.ap_id) {
        // A known actor's refreshed copy (and when it was fetched) is kept either way.
        remote::store(&federation.db, fresh).await.map_err(unavailable)?;
    }
    verified.map_err(|_| InboxError::WrongSigner(KEY_UNAVAILABLE.into()))?;
    Ok(ap_id)
}

/// Activities another server may forward (signed by the forwarder, not the
/// author); they are taken as announcements and their objects fetched from origin.
const FORWARDABLE: &[&str] = &["Create", "Update", "Delete", "Announce"];

/// ActivityStreams actor types.
const ACTOR_TYPES: &[&str] = &["Organization", "Group", "Person", "Application", "Service"];

/// Attempts before a stored activity is left alone.
pub const MAX_PROCESSING_ATTEMPTS: i32 = 5;

/// Empties the documents of activities processed (or given up) and received
/// more than `retention` ago; their ids stay for de-duplication.
pub async fn prune(db: &coopfed_db::Database, retention: std::time::Duration) -> Result<usize, coopfed_db::DbError> {
    let before = coopfed_db::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(14));
    db.run(move |conn| inbox::prune(conn, before, MAX_PROCESSING_ATTEMPTS)).await
}

/// Processes stored activities until `shutdown` turns true.
pub async fn run_processor(federation: Federation, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let lease =
            chrono::Duration::from_std(federation.settings.delivery_lease).unwrap_or(chrono::Duration::minutes(2));
        let batch = federation.db.run(move |conn| inbox::claim_pending(conn, 50, MAX_PROCESSING_ATTEMPTS, lease)).await;
        let batch = match batch {
            Ok(batch) => batch,
            Err(error) => {
                tracing::warn!(%error, "cannot read the inbox");
                Vec::new()
            }
        };
        let idle = batch.is_empty();
        for row in batch {
            let id = row.id.clone();
            let outcome = process(&federation, row).await;
            let recorded = match outcome {
                Ok(()) => federation.db.run(move |conn| inbox::mark_processed(conn, &id)).await,
                Err(error) => {
                    tracing::warn!(%error, "processing an activity failed");
                    let message = error.to_string();
                    federation.db.run(move |conn| inbox::mark_failed(conn, &id, &message)).await
                }
            };
            if let Err(error) = recorded {
                tracing::warn!(%error, "cannot record the processing of an activity");
            }
        }
        if idle {
            tokio::select! {
                () = federation.wake_inbox.notified() => {},
                () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {},
                _ = shutdown.changed() => {},
            }
        }
    }
}

/// Handles one stored activity. Runs in one transaction; safe to repeat.
async fn process(federation: &Federation, row: InboxRow) -> Result<(), ServiceError> {
    let activity: Value = match serde_json::from_str(&row.payload) {
        Ok(value) => value,
        Err(_) => return Ok(()),
    };
    let prefetched = match row.kind.as_str() {
        "Announce" => {
            prefetch_announced(federation, &activity).await.map(|(id, origin)| Prefetched::Announced(id, origin))
        }
        "Add" => prefetch_added(federation, &row.actor_ap_id, &activity).await,
        _ => None,
    };
    // A network that follows us or accepts our follow is (becoming) a partner: learn its streams.
    if matches!(row.kind.as_str(), "Follow" | "Accept") {
        crate::partners::members::discover_partner_streams(federation, &row.actor_ap_id).await;
    }
    // A Follow or Accept from a network that is not yet a partner may make it one.
    let partner_candidate = match row.kind.as_str() {
        "Follow" | "Accept" => match crate::partners::catch_up::partnership(federation, &row.actor_ap_id).await {
            Some((_, false)) => Some(row.actor_ap_id.clone()),
            _ => None,
        },
        _ => None,
    };
    let federation = federation.clone();
    let outbound = federation.outbound();
    let settings = Arc::clone(&federation.settings);
    let accepted_by = (row.kind == "Accept").then(|| row.actor_ap_id.clone());
    let sent = federation
        .db
        .run(move |conn| {
            transaction(conn, |conn| {
                let Some(actor) = actors::find_by_ap_id(conn, &row.actor_ap_id)? else { return Ok(false) };
                handle(conn, outbound.as_ref(), &settings, &actor, &row, &activity, prefetched)
            })
        })
        .await?;
    if sent {
        federation.wake_deliveries.notify_one();
    }
    // A network that accepted our network's follow: mirror its co-ops.
    if let Some(network) = accepted_by {
        crate::partners::members::sync_members_of(&federation, &network).await;
    }
    // If it did, take over what the partner already shares with all.
    if let Some(network) = partner_candidate {
        let federation = federation.clone();
        tokio::spawn(async move {
            crate::partners::catch_up::if_partner(&federation, &network).await;
        });
    }
    Ok(())
}

/// The id of what an Announce shares: the object of an announced activity, or
/// the announced object itself.
pub fn announced_object_id(activity: &Value) -> Option<&str> {
    let object = activity.get("object")?;
    match type_of(object) {
        Some("Create" | "Update" | "Delete") => object.get("object").and_then(id_of),
        _ => id_of(object),
    }
}

/// What was fetched from other servers before processing.
enum Prefetched {
    /// The object an Announce shares, as found at its origin.
    Announced(String, Origin),
    /// The actor an Add adds, and its document.
    Added(String, Value),
}

/// Fetches and stores the actor that a network's `Add` adds (from its
/// origin), when the network may change our mirror at all: nothing is
/// fetched for an `Add` that will be ignored.
async fn prefetch_added(federation: &Federation, actor_ap_id: &str, activity: &Value) -> Option<Prefetched> {
    let (actor_id, check) = (actor_ap_id.to_owned(), activity.clone());
    let allowed = federation
        .db
        .run(move |conn| match actors::find_by_ap_id(conn, &actor_id)? {
            Some(network) => crate::partners::policy::may_change_members(conn, &network, &check),
            None => Ok(false),
        })
        .await;
    if !matches!(allowed, Ok(true)) {
        tracing::info!(
            by = actor_ap_id,
            "an Add from a network we do not follow, or to another collection, was ignored"
        );
        return None;
    }
    let member_id = activity.get("object").and_then(id_of)?.to_owned();
    let url = Url::parse(&member_id).ok()?;
    let signer = federation.instance_signer().await.ok()?;
    let (row, document) = remote::fetch_actor_document(&federation.client, &url, &signer).await.ok()?;
    remote::store(&federation.db, row).await.ok()?;
    Some(Prefetched::Added(member_id, document))
}

/// Fetches an announced object from its origin (and its author), instead of
/// trusting the copy inside the announcement.
async fn prefetch_announced(federation: &Federation, activity: &Value) -> Option<(String, Origin)> {
    let object_id = announced_object_id(activity)?.to_owned();
    let url = Url::parse(&object_id).ok()?;
    let signer = federation.instance_signer().await.ok()?;
    match federation.client.get_json(&url, Some(&signer)).await {
        Ok(document) => {
            if let Some(author) = document.get("attributedTo").and_then(id_of).and_then(|a| Url::parse(a).ok()) {
                if author.origin() != url.origin() {
                    return None;
                }
                if let Err(error) = remote::actor(&federation.client, &federation.db, &author, &signer).await {
                    tracing::info!(%error, "cannot fetch the author of an announced object");
                    return None;
                }
            }
            Some((object_id, Origin::Found(document)))
        }
        Err(FetchError::Status(_, status)) if status.as_u16() == 404 || status.as_u16() == 410 => {
            Some((object_id, Origin::Gone))
        }
        Err(error) => {
            tracing::info!(%error, "cannot fetch an announced object from its origin");
            None
        }
    }
}

/// Returns whether activities were queued for delivery.
fn handle(
    conn: &mut DbConnection,
    outbound: &dyn coopfed_service::outbound::Outbound,
    settings: &FederationSettings,
    actor: &ActorRow,
    row: &InboxRow,
    activity: &Value,
    prefetched: Option<Prefetched>,
) -> Result<bool, ServiceError> {
    let partner_policy = settings.partner_policy;
    let today = coopfed_core::clock::today();
    let object = activity.get("object");
    match row.kind.as_str() {
        "Follow" => {
            let Some(target_id) = object.and_then(id_of) else { return Ok(false) };
            let Some(target) = actors::find_by_ap_id(conn, target_id)?.filter(|t| t.is_local) else { return Ok(false) };
            // The instance actor takes no followers, nor does a co-op that left.
            if target.kind == ActorKind::Application || coopfed_db::content::is_former_member(conn, &target)? {
                return Ok(false);
            }
            let policy = if target.kind == ActorKind::Network && actor.kind == ActorKind::Group {
                partner_policy
            } else {
                FollowPolicy::Auto
            };
            let state =
                follows::receive_follow(conn, outbound, actor, &target, &row.activity_id, &row.payload, policy)?;
            tracing::info!(follower = %actor.ap_id, target = %target.username, %state, "follow received");
            Ok(state == coopfed_db::follows::FollowState::Accepted)
        }
        "Accept" | "Reject" => {
            let Some(follow_id) = object.and_then(id_of) else { return Ok(false) };
            let accepted = row.kind == "Accept";
            if follows::receive_answer(conn, actor, follow_id, accepted)? {
                tracing::info!(by = %actor.ap_id, accepted, "follow answered");
            }
            Ok(false)
        }
        "Undo" => {
            let Some(object) = object else { return Ok(false) };
            let undone_kind = if object.is_string() { Some("Follow") } else { type_of(object) };
            if undone_kind == Some("Follow") {
                let target = object.get("object").and_then(id_of);
                if follows::receive_undo_follow(conn, actor, id_of(object), target)? {
                    tracing::info!(follower = %actor.ap_id, "follow withdrawn");
                }
            }
            Ok(false)
        }
        "Update" if object.and_then(type_of).is_some_and(|t| ACTOR_TYPES.contains(&t)) => {
            if let Some(document) = object {
                incoming_members::receive_actor_update(conn, actor, document)?;
            }
            Ok(false)
        }
        "Create" | "Update" if object.and_then(type_of).is_some_and(|t| matches!(t, "Article" | "Event" | "Note")) => {
            incoming_announcements::receive_from_author(
                conn,
                outbound,
                settings.group_policy,
                actor,
                activity,
                &row.activity_id,
            )
        }
        "Create" | "Update" => incoming_jobs::receive_from_author(
            conn,
            outbound,
            settings.group_policy,
            actor,
            activity,
            &row.activity_id,
            today,
        ),
        "Delete" if object.and_then(id_of) == Some(actor.ap_id.as_str()) => {
            incoming_members::receive_actor_delete(conn, actor)?;
            Ok(false)
        }
        "Delete" => match incoming_announcements::receive_delete(conn, outbound, actor, activity)? {
            Some(sent) => Ok(sent),
            None => incoming_jobs::receive_delete(conn, outbound, actor, activity),
        },
        "Announce" => {
            let Some(Prefetched::Announced(object_id, origin)) = prefetched else { return Ok(false) };
            if !incoming_jobs::followed_by_local(conn, actor)? {
                return Ok(false);
            }
            let is_job = matches!(&origin, Origin::Found(object) if type_of(object) == Some("Page"));
            if is_job || matches!(origin, Origin::Gone) {
                incoming_jobs::receive_announce(
                    conn,
                    settings.group_policy,
                    actor,
                    &object_id,
                    &origin,
                    &row.activity_id,
                    today,
                )?;
            }
            if !is_job {
                incoming_announcements::receive_announce(
                    conn,
                    settings.group_policy,
                    actor,
                    &object_id,
                    &origin,
                    &row.activity_id,
                )?;
            }
            Ok(false)
        }
        "Add" => {
            if let Some(Prefetched::Added(member_id, document)) = prefetched {
                incoming_members::receive_add(conn, actor, activity, &member_id, &document)?;
            }
            Ok(false)
        }
        "Remove" => {
            incoming_members::receive_remove(conn, actor, activity)?;
            Ok(false)
        }
        // Stored, and ignored until a handler exists.
        _ => Ok(false),
    }
}
