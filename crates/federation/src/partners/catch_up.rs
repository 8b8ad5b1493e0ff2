//! Catching up with a new partner network: the offers, news and events it
//! published to all partners before the partnership formed. Once both
//! networks follow each other, each reads the other's `shared` collections
//! (one per stream group) and fetches every object in them from its origin.

use coopfed_db::{
    actors::{self, ActorKind, ActorRow},
    announcements::AnnouncementRow,
    jobs::JobRow,
};
use coopfed_service::accounts::transaction_retrying;
use serde_json::Value;
use url::Url;

use crate::{
    activities::stream::{ItemKind, receive_shared},
    client::FetchError,
    context::Federation,
    remote::{self, RemoteError},
    values::id_of,
};

/// Most objects read from one of a partner's stream groups.
const MAX_SHARED: usize = 1000;

/// What was taken over from a partner.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CaughtUp {
    pub jobs: usize,
    pub announcements: usize,
}

/// Whether the remote network actor `network_ap_id` is a partner (both
/// follow each other), with its row; `None` when it is no remote network
/// actor or cannot be read.
pub async fn partnership(federation: &Federation, network_ap_id: &str) -> Option<(ActorRow, bool)> {
    let id = network_ap_id.to_owned();
    let found = federation
        .db
        .run(move |conn| -> Result<Option<(ActorRow, bool)>, coopfed_service::ServiceError> {
            let Some(actor) = actors::find_by_ap_id(conn, &id)? else { return Ok(None) };
            if actor.kind != ActorKind::Group || actor.is_local || !actor.ap_id.contains("/networks/") {
                return Ok(None);
            }
            let partner = crate::partners::policy::is_partner_domain(conn, &actor.domain)?;
            Ok(Some((actor, partner)))
        })
        .await;
    found.unwrap_or_else(|error| {
        tracing::warn!(%error, network = network_ap_id, "cannot check the partnership");
        None
    })
}

/// A Follow or Accept from `actor_ap_id` arrived: when it is another
/// network, learn its stream groups; when it is not yet a partner, it may
/// become one by this activity: returns it, to [`if_partner`] afterwards.
pub(crate) async fn partnership_may_form(federation: &Federation, actor_ap_id: &str) -> Option<String> {
    crate::partners::members::discover_partner_streams(federation, actor_ap_id).await;
    match partnership(federation, actor_ap_id).await {
        Some((_, false)) => Some(actor_ap_id.to_owned()),
        _ => None,
    }
}

/// Catches up with the network actor `network_ap_id` if it is a partner now;
/// `None` when it is not. Call it when a partnership may just have formed
/// (the Follow or Accept that completes it, an admin's acceptance).
pub async fn if_partner(federation: &Federation, network_ap_id: &str) -> Option<CaughtUp> {
    match partnership(federation, network_ap_id).await {
        Some((partner, true)) => Some(partner_streams(federation, &partner).await),
        _ => None,
    }
}

/// [`if_partner`] for the actor with the row id `actor_id` (like a follow's
/// follower).
pub async fn if_partner_id(federation: &Federation, actor_id: &str) -> Option<CaughtUp> {
    let id = actor_id.to_owned();
    let actor = federation.db.run(move |conn| actors::find_by_id(conn, &id)).await.ok().flatten()?;
    if_partner(federation, &actor.ap_id).await
}

/// Reads the partner's shared jobs and news and stores what its groups list.
pub async fn partner_streams(federation: &Federation, partner: &ActorRow) -> CaughtUp {
    let mut caught_up = CaughtUp::default();
    let Ok(signer) = federation.instance_signer().await else { return caught_up };
    for name in [coopfed_core::JOBS_GROUP, coopfed_core::NEWS_GROUP] {
        let domain = partner.domain.clone();
        let group = federation.db.run(move |conn| actors::find_remote(conn, &domain, name)).await.ok().flatten();
        let Some(group) = group else { continue };
        let Ok(collection) = Url::parse(&format!("{}/shared", group.ap_id)) else { continue };
        for id in remote::collection_ids(&federation.client, &collection, &signer, MAX_SHARED).await {
            // A failure that may pass (a timeout, a busy server) gets one more try.
            let taken = match take_over(federation, &signer, &id).await {
                Err(()) => take_over(federation, &signer, &id).await,
                taken => taken,
            };
            match taken {
                Ok(Some(ItemKind::Job)) => caught_up.jobs += 1,
                Ok(Some(ItemKind::Announcement)) => caught_up.announcements += 1,
                Ok(None) | Err(()) => {}
            }
        }
    }
    tracing::info!(
        network = %partner.ap_id,
        jobs = caught_up.jobs,
        announcements = caught_up.announcements,
        "caught up with the partner's shared offers and announcements"
    );
    caught_up
}

/// Fetches one shared object and its author from their origin and stores it.
/// `Ok(None)`: not taken (not a job or announcement of the partner's);
/// `Err`: a fetch or the store failed, and trying again may help.
async fn take_over(
    federation: &Federation,
    signer: &crate::signatures::SigningKey,
    id: &str,
) -> Result<Option<ItemKind>, ()> {
    let Ok(url) = Url::parse(id) else { return Ok(None) };
    let document: Value = match federation.client.get_json(&url, Some(signer)).await {
        Ok(document) => document,
        // Gone or refused: trying again will not help.
        Err(FetchError::Status(_, status)) if status.is_client_error() => return Ok(None),
        Err(error) => {
            tracing::info!(object = id, %error, "cannot fetch a shared object");
            return Err(());
        }
    };
    if document.get("id").and_then(id_of) != Some(id) {
        return Ok(None);
    }
    let Some(author_url) = document.get("attributedTo").and_then(id_of).and_then(|a| Url::parse(a).ok()) else {
        return Ok(None);
    };
    let Some(kind) = ItemKind::of_document(&document) else { return Ok(None) };
    if author_url.origin() != url.origin() {
        return Ok(None);
    }
    let author = match remote::actor(&federation.client, &federation.db, &author_url, signer).await {
        Ok(author) => author,
        Err(RemoteError::Fetch(FetchError::Status(_, status))) if status.is_client_error() => return Ok(None),
        Err(error) => {
            tracing::info!(object = id, %error, "cannot fetch the author of a shared object");
            return Err(());
        }
    };
    let today = coopfed_core::clock::today();
    let stored = federation
        .db
        .run(move |conn| {
            transaction_retrying(conn, |conn| match kind {
                ItemKind::Job => receive_shared::<JobRow>(conn, &author, &document, today),
                ItemKind::Announcement => receive_shared::<AnnouncementRow>(conn, &author, &document, today),
            })
        })
        .await
        .map_err(|error| {
            tracing::info!(object = id, %error, "cannot store a shared object");
        })?;
    Ok(stored.then_some(kind))
}
