//! The co-op directory of a network our network follows, mirrored in full
//! when it accepts our follow, and a partner's stream groups, found when a
//! partnership begins.

use coopfed_db::{
    actors::{self, ActorKind, ActorRow},
    networks,
};
use url::Url;

use crate::{context::Federation, incoming_members::mirror_member, partners::policy::is_followed_network, remote};

/// Most member co-ops fetched from one partner in a full sync.
const MAX_SYNCED_MEMBERS: usize = 2000;

/// Fetches the `members` collection of a network our network follows and
/// mirrors every co-op in it. One crawl per remote domain runs at a time; a
/// second call meanwhile does nothing.
pub async fn sync_partner_members(federation: &Federation, network: &ActorRow) -> usize {
    let check = network.clone();
    let followed = federation.db.run(move |conn| is_followed_network(conn, &check)).await;
    if !matches!(followed, Ok(true)) {
        tracing::info!(network = %network.ap_id, "not a network we follow: its members are not mirrored");
        return 0;
    }
    let Some(_crawl) = federation.start_crawl(&network.domain) else {
        tracing::info!(network = %network.ap_id, "its members are being mirrored already");
        return 0;
    };
    let Ok(signer) = federation.instance_signer().await else { return 0 };
    let (domain, slug, name) = (network.domain.clone(), network.username.clone(), network.display_name.clone());
    if let Err(error) = federation.db.run(move |conn| networks::ensure_remote(conn, &domain, &slug, &name)).await {
        tracing::warn!(%error, "cannot record the partner network");
    }
    let Ok(collection_url) = Url::parse(&format!("{}/members", network.ap_id)) else { return 0 };
    let ids = remote::collection_ids(&federation.client, &collection_url, &signer, MAX_SYNCED_MEMBERS).await;
    let mut mirrored = 0;
    for id in ids {
        let Ok(url) = Url::parse(&id) else { continue };
        let Ok((row, document)) = remote::fetch_actor_document(&federation.client, &url, &signer).await else {
            continue;
        };
        if row.kind != ActorKind::Organization {
            continue;
        }
        let row = std::sync::Arc::new((row, document));
        let store = || {
            let row = std::sync::Arc::clone(&row);
            federation.db.run(move |conn| {
                coopfed_service::accounts::transaction(conn, |conn| {
                    let actor = actors::upsert_remote(conn, &row.0)?;
                    mirror_member(conn, &actor, Some(&row.1))
                })
            })
        };
        match crate::retry_once(store).await {
            Ok(_) => mirrored += 1,
            Err(error) => tracing::info!(member = %id, %error, "cannot mirror a partner's co-op"),
        }
    }
    tracing::info!(network = %network.ap_id, mirrored, "mirrored the partner's member co-ops");
    mirrored
}

/// Mirrors the member co-ops of a network that accepted our network's
/// follow (in the background; [`sync_partner_members`] checks the follow).
pub(crate) async fn sync_members_of(federation: &Federation, actor_ap_id: &str) {
    let id = actor_ap_id.to_owned();
    let Ok(Some(actor)) = federation.db.run(move |conn| actors::find_by_ap_id(conn, &id)).await else { return };
    if actor.kind != ActorKind::Group || actor.is_local {
        return;
    }
    let federation = federation.clone();
    tokio::spawn(async move {
        sync_partner_members(&federation, &actor).await;
    });
}

/// Learns the `jobs` and `news` groups of a remote network that follows us
/// or accepted our follow (a partner, or becoming one), once.
pub(crate) async fn discover_partner_streams(federation: &Federation, actor_ap_id: &str) {
    let id = actor_ap_id.to_owned();
    let Ok(Some(actor)) = federation.db.run(move |conn| actors::find_by_ap_id(conn, &id)).await else { return };
    if actor.kind != ActorKind::Group || actor.is_local {
        return;
    }
    let domain = actor.domain.clone();
    let known = federation
        .db
        .run(move |conn| actors::find_remote(conn, &domain, coopfed_core::JOBS_GROUP))
        .await
        .ok()
        .flatten()
        .is_some();
    if known {
        return;
    }
    if let Ok(signer) = federation.instance_signer().await {
        remote::discover_streams(&federation.client, &federation.db, &actor.domain, &signer).await;
    }
}
