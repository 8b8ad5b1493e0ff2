//! Remote actors: resolving handles with WebFinger, fetching actor documents
//! and keeping a stored copy.

use coopfed_db::{
    Database, DbError,
    actors::{self, ActorKind, ActorRow},
};
use serde_json::Value;
use url::Url;

use crate::{
    client::{FederationClient, FetchError, authority},
    protocol::actors::RemoteActor,
    signatures::SigningKey,
    values::{id_of, type_of},
    webfinger::Jrd,
};

/// Why a remote actor could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("`{0}` is not a handle like @name@domain")]
    BadHandle(String),
    #[error("{0} has no ActivityPub actor link in its WebFinger answer")]
    NoActorLink(String),
    #[error("the document at {0} is not a usable actor: {1}")]
    BadActor(String, &'static str),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Parses an actor document into a row (not yet stored). The document must
/// come from the URL it names as its id (same origin).
pub fn actor_from_document(doc: &Value, fetched_from: &Url) -> Result<ActorRow, RemoteError> {
    let bad = |why| RemoteError::BadActor(fetched_from.to_string(), why);
    if !doc.get("id").is_some_and(Value::is_string) {
        return Err(bad("no id"));
    }
    let actor = RemoteActor::read(doc).map_err(|_| bad("not an actor document"))?;
    let id = actor.id.as_str();
    let id_url = Url::parse(id).map_err(|_| bad("the id is not a URL"))?;
    if id_url.origin() != fetched_from.origin() {
        return Err(bad("its id belongs to another origin"));
    }
    let actor_kind = match actor.kind.as_str() {
        "Group" => ActorKind::Group,
        "Organization" => ActorKind::Organization,
        "Application" | "Service" => ActorKind::Application,
        "Person" => ActorKind::Person,
        _ => return Err(bad("unknown actor type")),
    };
    let inbox = actor.inbox.as_deref().ok_or_else(|| bad("no inbox"))?;
    let inbox_url = Url::parse(inbox).map_err(|_| bad("the inbox is not a URL"))?;
    if inbox_url.origin() != id_url.origin() {
        return Err(bad("its inbox is on another origin"));
    }
    let key = actor.public_key.first().ok_or_else(|| bad("no public key"))?;
    if key.owner.as_deref().is_some_and(|owner| owner != id) {
        return Err(bad("its key belongs to another actor"));
    }
    // Only a key id on the actor's own origin is kept: it finds this actor
    // when a signature names it.
    let public_key_id = key.id.clone().filter(|k| Url::parse(k).is_ok_and(|u| u.origin() == id_url.origin()));
    let username =
        actor.preferred_username.clone().unwrap_or_else(|| id_url.path().rsplit('/').next().unwrap_or(id).to_owned());
    // Like the inbox, a shared inbox is only taken on the actor's own origin:
    // we never post signed activities wherever a document points.
    let shared_inbox = actor
        .endpoints
        .and_then(|e| e.shared_inbox)
        .filter(|s| Url::parse(s).is_ok_and(|u| u.origin() == id_url.origin()));
    let at = coopfed_db::now();
    Ok(ActorRow {
        id: coopfed_db::ActorId::new(),
        ap_id: id.to_owned(),
        kind: actor_kind.to_owned(),
        display_name: actor.name.as_deref().unwrap_or(&username).chars().take(200).collect(),
        username: username.chars().take(200).collect(),
        domain: authority(&id_url),
        summary: actor.summary.as_deref().map(crate::html::sanitize),
        network_id: None,
        is_local: false,
        inbox_url: inbox.to_owned(),
        shared_inbox_url: shared_inbox,
        outbox_url: actor.outbox,
        followers_url: actor.followers,
        public_key_pem: key.public_key_pem.clone(),
        private_key_pem: None,
        created_at: at,
        updated_at: at,
        fetched_at: Some(at),
        public_key_id,
    })
}

/// Fetches an actor (signed by `signer`, the instance actor) and stores it.
pub async fn fetch_actor(
    client: &FederationClient,
    db: &Database,
    url: &Url,
    signer: &SigningKey,
) -> Result<ActorRow, RemoteError> {
    let row = fetch_actor_unsaved(client, url, signer).await?;
    store(db, row).await
}

/// Stores (or refreshes) a fetched actor.
pub async fn store(db: &Database, row: ActorRow) -> Result<ActorRow, RemoteError> {
    Ok(db.run(move |conn| actors::upsert_remote(conn, &row)).await?)
}

/// The stored copy of an actor, if any, by its id or its key's id (`url`
/// may be either; a fragment is dropped to find the id).
pub async fn stored(db: &Database, url: &Url) -> Result<Option<ActorRow>, RemoteError> {
    let mut key = url.clone();
    key.set_fragment(None);
    let (id, key_id) = (key.to_string(), url.to_string());
    Ok(db
        .run(move |conn| match actors::find_by_ap_id(conn, &id)? {
            Some(found) => Ok(Some(found)),
            None => actors::find_by_public_key_id(conn, &key_id),
        })
        .await?)
}

/// Fetches an actor document (following a key document to its owner) without storing it.
pub async fn fetch_actor_unsaved(
    client: &FederationClient,
    url: &Url,
    signer: &SigningKey,
) -> Result<ActorRow, RemoteError> {
    Ok(fetch_actor_document(client, url, signer).await?.0)
}

/// Fetches an actor, returning the row (not stored) and the document.
pub async fn fetch_actor_document(
    client: &FederationClient,
    url: &Url,
    signer: &SigningKey,
) -> Result<(ActorRow, Value), RemoteError> {
    let mut fetch_url = url.clone();
    fetch_url.set_fragment(None);
    let doc = client.get_json(&fetch_url, Some(signer)).await?;
    // A key id may point at a key document naming its owner; follow it once.
    let is_key = matches!(type_of(&doc), None | Some("Key" | "CryptographicKey" | "Multikey"));
    let doc = if is_key && doc.get("owner").is_some() {
        let owner =
            doc.get("owner").and_then(id_of).ok_or_else(|| RemoteError::BadActor(url.to_string(), "bad key owner"))?;
        fetch_url = Url::parse(owner).map_err(|_| RemoteError::BadActor(url.to_string(), "bad key owner"))?;
        client.get_json(&fetch_url, Some(signer)).await?
    } else {
        doc
    };
    Ok((actor_from_document(&doc, &fetch_url)?, doc))
}

/// The stored copy of an actor, or a fresh fetch when there is none.
pub async fn actor(
    client: &FederationClient,
    db: &Database,
    url: &Url,
    signer: &SigningKey,
) -> Result<ActorRow, RemoteError> {
    if let Some(found) = stored(db, url).await? {
        return Ok(found);
    }
    fetch_actor(client, db, url, signer).await
}

/// Resolves `@name@domain` (or `name@domain`, `acct:name@domain`) with WebFinger
/// and fetches the actor.
pub async fn resolve_handle(
    client: &FederationClient,
    db: &Database,
    handle: &str,
    signer: &SigningKey,
) -> Result<ActorRow, RemoteError> {
    let trimmed = handle.trim().trim_start_matches("acct:").trim_start_matches('@');
    let (name, domain) = trimmed.split_once('@').ok_or_else(|| RemoteError::BadHandle(handle.to_owned()))?;
    if name.is_empty() || domain.is_empty() || domain.contains('/') {
        return Err(RemoteError::BadHandle(handle.to_owned()));
    }
    let scheme = if client.dev_mode() { "http" } else { "https" };
    let mut url = Url::parse(&format!("{scheme}://{domain}/.well-known/webfinger"))
        .map_err(|_| RemoteError::BadHandle(handle.to_owned()))?;
    url.query_pairs_mut().append_pair("resource", &format!("acct:{name}@{domain}"));
    let doc = client.get(&url, "application/jrd+json, application/json", None).await?;
    let jrd: Jrd = serde_json::from_value(doc).map_err(|_| RemoteError::NoActorLink(handle.to_owned()))?;
    let href = jrd
        .links
        .iter()
        .find(|l| {
            l.rel == "self"
                && l.kind
                    .as_deref()
                    .is_some_and(|k| k.starts_with("application/activity+json") || k.starts_with("application/ld+json"))
        })
        .and_then(|l| l.href.as_deref())
        .ok_or_else(|| RemoteError::NoActorLink(handle.to_owned()))?;
    let actor_url = Url::parse(href).map_err(|_| RemoteError::NoActorLink(handle.to_owned()))?;
    fetch_actor(client, db, &actor_url, signer).await
}

/// Resolves and stores the `jobs` and `news` groups of a partner network's
/// domain, so that jobs can be addressed to them. Missing groups are skipped.
pub async fn discover_streams(client: &FederationClient, db: &Database, domain: &str, signer: &SigningKey) -> usize {
    let mut found = 0;
    for name in [coopfed_core::JOBS_GROUP, coopfed_core::NEWS_GROUP] {
        match resolve_handle(client, db, &format!("@{name}@{domain}"), signer).await {
            Ok(_) => found += 1,
            Err(error) => tracing::info!(%domain, group = name, %error, "no such stream group on the partner"),
        }
    }
    found
}

/// The ids listed by a remote `OrderedCollection` (following its pages from
/// `first` by `next`), at most `max` and at most 100 pages. Pages and ids on
/// another origin than the collection's are left out; an unreadable
/// collection gives none.
pub async fn collection_ids(client: &FederationClient, url: &Url, signer: &SigningKey, max: usize) -> Vec<String> {
    let mut next = match client.get_json(url, Some(signer)).await {
        Ok(collection) => collection.get("first").and_then(id_of).and_then(|u| Url::parse(u).ok()),
        Err(error) => {
            tracing::info!(collection = %url, %error, "cannot read a remote collection");
            None
        }
    };
    let mut ids = Vec::new();
    let mut pages = 0;
    while let Some(page_url) = next.take().filter(|u| u.origin() == url.origin()) {
        pages += 1;
        let Ok(page) = client.get_json(&page_url, Some(signer)).await else { break };
        let items = page.get("orderedItems").or_else(|| page.get("items"));
        ids.extend(
            crate::values::ids_of(items)
                .into_iter()
                .filter(|id| Url::parse(id).is_ok_and(|u| u.origin() == url.origin()))
                .map(str::to_owned),
        );
        if ids.len() >= max || pages >= 100 {
            break;
        }
        next = page.get("next").and_then(id_of).and_then(|u| Url::parse(u).ok());
    }
    ids.truncate(max);
    ids
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn actor(shared_inbox: &str) -> Value {
        serde_json::json!({
            "id": "https://a.example/users/alice",
            "type": "Person",
            "inbox": "https://a.example/users/alice/inbox",
            "endpoints": { "sharedInbox": shared_inbox },
            "publicKey": { "id": "https://a.example/users/alice#main-key", "owner": "https://a.example/users/alice", "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" },
        })
    }

    #[test]
    fn shared_inboxes_stay_on_the_actors_origin() {
        let url = Url::parse("https://a.example/users/alice").unwrap();
        let own = actor_from_document(&actor("https://a.example/inbox"), &url).unwrap();
        assert_eq!(own.shared_inbox_url.as_deref(), Some("https://a.example/inbox"));
        for elsewhere in ["https://victim.example/inbox", "http://a.example/inbox", "https://a.example:8443/inbox"] {
            let row = actor_from_document(&actor(elsewhere), &url).unwrap();
            assert_eq!(row.shared_inbox_url, None, "{elsewhere}");
            assert_eq!(row.inbox_url, "https://a.example/users/alice/inbox");
        }
    }
}
