//! Receiving activities: verify, store, answer 202; process later.
//!
//! [`receive`] checks the request (JSON shape, domain lists, date, digest, the
//! signature and that its key belongs to the activity's actor, ids on the
//! actor's domain) and stores the activity before the inbox answers. A replay
//! of a stored id changes nothing; types nothing acts on are answered 202
//! and not stored. [`run_processor`] claims stored activities and hands each
//! to [`crate::activities::process`].

use std::{collections::BTreeMap, net::IpAddr, time::SystemTime};

use coopfed_db::{
    actors::ActorRow,
    inbox::{self, InboxRow},
};
use serde_json::Value;
use tokio::sync::watch;
use url::Url;

use crate::{
    client::authority,
    context::Federation,
    protocol::{
        ObjectRef,
        activities::{Announce, Envelope, Kind},
        kinds::activity::AnnounceType,
    },
    remote::{self, RemoteError},
    signatures::{SignatureError, is_host, prepare_verification},
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

impl InboxError {
    /// A word for why, as metrics label it.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Signature(_) => "signature",
            Self::WrongSigner(_) => "wrong_signer",
            Self::Forbidden(_) => "forbidden",
            Self::TooLarge => "too_large",
            Self::TooMany(_) => "too_many",
            Self::Unavailable(_) => "unavailable",
        }
    }
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
    let Some(envelope) = Envelope::read(&activity).map_err(|e| InboxError::BadRequest(e.to_string()))? else {
        // A type nothing acts on: not verified, not stored.
        return Ok(Received::Ignored);
    };
    let kind = envelope.kind;
    if request.body.len() > kind.size_limit() {
        return Err(InboxError::TooLarge);
    }
    let (activity_id, actor_id) = (envelope.id.as_str(), envelope.actor.as_str());
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
    if matches!(kind, Kind::Create | Kind::Update) {
        if let Some(object_id) = &envelope.object_id {
            if !same_origin(object_id, &actor_url) {
                return Err(InboxError::Forbidden("the object id is not on the actor's domain".into()));
            }
        }
    }
    if !federation.settings.allows(&host) {
        return Err(InboxError::Forbidden(format!("{host} may not federate with this instance")));
    }
    if !federation.settings.rules.allows_actor(actor_id) {
        return Err(InboxError::Forbidden("this actor is blocked here".into()));
    }

    // An actor that deletes itself and was never known here: nothing to
    // undo, and its key is gone (a fetch would find 410). Servers send these
    // to every server they ever reached, in bursts; they are taken with 202
    // and neither verified nor stored, as Mastodon does.
    if matches!(kind, Kind::Delete) && envelope.object_id.as_deref() == Some(actor_id) {
        let actor = actor_id.to_owned();
        let known = federation
            .db
            .run(move |conn| coopfed_db::actors::find_by_ap_id(conn, &actor))
            .await
            .map_err(|e| InboxError::Unavailable(e.to_string()))?;
        if known.is_none() {
            return Ok(Received::Ignored);
        }
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
    if forwarded && !kind.forwardable() {
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
    if !federation.settings.rules.allows_actor(&signed_by) {
        return Err(InboxError::Forbidden("this actor is blocked here".into()));
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
    let (activity_id, kind, actor_id, payload) = if signed_by == actor_id {
        (activity_id.to_owned(), kind, actor_id.to_owned(), String::from_utf8_lossy(request.body).into_owned())
    } else {
        let id = format!("{activity_id}#forwarded-by-{signed_by}");
        let wrapped = Announce {
            id: id.clone(),
            kind: AnnounceType::Announce,
            actor: signed_by.clone(),
            object: ObjectRef { id: activity_id.to_owned(), embedded: Some(activity.clone()) },
            to: Vec::new(),
            cc: Vec::new(),
        };
        let payload = serde_json::to_string(&wrapped).map_err(|e| InboxError::BadRequest(e.to_string()))?;
        (id, Kind::Announce, signed_by, payload)
    };
    let row = InboxRow {
        id: coopfed_db::new_id(),
        activity_id,
        kind: kind.name().to_owned(),
        actor_ap_id: actor_id,
        recipient_id: recipient.map(|r| r.id.to_string()),
        payload,
        received_at: coopfed_db::now(),
        processed_at: None,
        attempts: 0,
        last_error: None,
        leased_until: None,
    };
    let (stored, revived) = federation
        .inbox_writer()
        .submit(crate::writers::ToStore { row, signer_host })
        .await
        .map_err(|e| InboxError::Unavailable(e.to_string()))?;
    if stored {
        federation.wake_inbox.notify_one();
    }
    if revived > 0 {
        tracing::info!(revived, "a failing host is back; its deliveries are due again");
        federation.wake_deliveries.notify_one();
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
    if let Some(owner) = federation.recent_keys.verify(pending) {
        return Ok(owner);
    }
    let remember = |owner: &str, pem: &str| federation.recent_keys.remember(pending.key_id(), owner, pem);
    let cached = remote::stored(&federation.db, key_url).await.map_err(unavailable)?;
    if let Some(cached) = &cached {
        if pending.verify(&cached.public_key_pem).is_ok() {
            remember(&cached.ap_id, &cached.public_key_pem);
            return Ok(cached.ap_id.clone());
        }
    }
    // A key its actor replaced lately still verifies what was signed before.
    let key_id = pending.key_id().to_owned();
    let retired = federation
        .db
        .run(move |conn| coopfed_db::keys::find_valid(conn, &key_id, coopfed_db::now()))
        .await
        .map_err(|e| InboxError::Unavailable(e.to_string()))?;
    if let Some((retired, owner)) = &retired {
        if pending.verify(&retired.public_key_pem).is_ok() {
            remember(owner, &retired.public_key_pem);
            return Ok(owner.clone());
        }
    }
    if let Some(cached) = &cached {
        // A key id not seen before for this actor is a rotated key: fetched at
        // once. A known key that does not verify is fetched again only now and then.
        let known_key = retired.is_some() || cached.public_key_id.as_deref().is_none_or(|id| id == pending.key_id());
        let trusted_for = chrono::Duration::from_std(federation.settings.key_refetch).unwrap_or_default();
        let fresh_enough = cached.fetched_at.is_some_and(|at| coopfed_db::now() - at < trusted_for);
        if known_key && fresh_enough {
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
    let (ap_id, public_key_pem) = (fresh.ap_id.clone(), fresh.public_key_pem.clone());
    if verified.is_ok() || cached.is_some_and(|c| c.ap_id == fresh.ap_id) {
        // A known actor's refreshed copy (and when it was fetched) is kept either way.
        remote::store(&federation.db, fresh).await.map_err(unavailable)?;
    }
    verified.map_err(|_| InboxError::WrongSigner(KEY_UNAVAILABLE.into()))?;
    remember(&ap_id, &public_key_pem);
    Ok(ap_id)
}

/// Attempts before a stored activity is left alone.
pub const MAX_PROCESSING_ATTEMPTS: i32 = 5;

/// Empties the documents of activities processed (or given up) and received
/// more than `retention` ago; their ids stay for de-duplication.
pub async fn prune(db: &coopfed_db::Database, retention: std::time::Duration) -> Result<usize, coopfed_db::DbError> {
    let before = coopfed_db::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(14));
    db.run(move |conn| inbox::prune(conn, before, MAX_PROCESSING_ATTEMPTS)).await
}

/// Claims up to 50 stored activities that are due and processes them, one
/// after the other; returns how many were claimed. The processor loop calls
/// it; tests call it to step the inbox without waiting.
pub async fn process_pending(federation: &Federation) -> usize {
    let lease = federation.settings.lease();
    let batch = federation.db.run(move |conn| inbox::claim_pending(conn, 50, MAX_PROCESSING_ATTEMPTS, lease)).await;
    let batch = match batch {
        Ok(batch) => batch,
        Err(error) => {
            tracing::warn!(%error, "cannot read the inbox");
            return 0;
        }
    };
    let claimed = batch.len();
    let mut unmarked = Vec::new();
    for row in batch {
        let id = row.id.clone();
        match crate::activities::process(federation, row).await {
            Ok(crate::activities::Processed::Marked) => {}
            Ok(crate::activities::Processed::Unmarked) => unmarked.push(id),
            Err(error) => {
                tracing::warn!(%error, "processing an activity failed");
                let message = error.to_string();
                if let Err(error) = federation.db.run(move |conn| inbox::mark_failed(conn, &id, &message)).await {
                    tracing::warn!(%error, "cannot record the processing of an activity");
                }
            }
        }
    }
    if !unmarked.is_empty() {
        let marked = federation
            .db
            .run(move |conn| {
                coopfed_db::transaction(conn, |conn| unmarked.iter().try_for_each(|id| inbox::mark_processed(conn, id)))
            })
            .await;
        if let Err(error) = marked {
            tracing::warn!(%error, "cannot record the processing of activities");
        }
    }
    claimed
}

/// Processes stored activities until `shutdown` turns true.
pub async fn run_processor(federation: Federation, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        if process_pending(&federation).await == 0 {
            tokio::select! {
                () = federation.wake_inbox.notified() => {},
                () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {},
                _ = shutdown.changed() => {},
            }
        }
    }
}
