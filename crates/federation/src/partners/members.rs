//! The co-op directory of a network our network follows: mirrored in full
//! when it accepts our follow, one co-op at a time as the network adds,
//! updates and removes them; and a partner's stream groups, found when a
//! partnership begins.

use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    follows, jobs,
    members::{self, MemberRow},
    networks,
};
use coopfed_service::ServiceError;
use serde_json::Value;
use url::Url;

use crate::{actors::profile_fields, context::Federation, partners::policy::is_followed_network, remote};

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
        let stored = federation
            .db
            .run(move |conn| {
                coopfed_service::accounts::transaction_retrying(conn, |conn| {
                    let actor = actors::upsert_remote(conn, &row)?;
                    mirror_member(conn, &actor, Some(&document))
                })
            })
            .await;
        match stored {
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

/// The language of the description and its other languages (`summaryMap`),
/// and what `coopfed:profile` says (services, technologies, size, …).
/// Returns the skills the profile names.
fn apply_directory_fields(member: &mut MemberRow, document: &Value) -> Vec<String> {
    let summary_html = document.get("summary").and_then(Value::as_str).unwrap_or_default();
    let lang = document
        .get("summaryMap")
        .and_then(Value::as_object)
        .map(|map| crate::objects::main_language(Some(map), summary_html));
    member.summary_lang = lang.clone();
    let translations = crate::objects::read_language_maps(
        crate::objects::language_maps_of(document),
        lang.as_deref().unwrap_or("en"),
        [200, 5000, 5000],
    );
    member.translations = coopfed_db::Json(translations);
    let Some(profile) = crate::actors::MemberProfile::of(document) else { return Vec::new() };
    member.languages = coopfed_db::Json(profile.languages);
    member.services = coopfed_db::Json(profile.services);
    member.technologies = coopfed_db::Json(profile.technologies);
    member.sectors = coopfed_db::Json(profile.sectors);
    member.size = profile.size.filter(|s| *s > 0);
    member.founded = profile.founded;
    member.legal_form = profile.legal_form;
    member.joined_on = profile.joined;
    profile.skills
}

/// Sets a mirrored member's skills to those of `names` that our taxonomy knows.
fn set_skills(conn: &mut DbConnection, member: &MemberRow, names: &[String]) -> Result<(), ServiceError> {
    let slugs = coopfed_service::skills::load(conn)?.known_slugs(names);
    coopfed_db::skills::set_member_skills(conn, &member.id, &slugs)?;
    Ok(())
}

/// The mirrored member row of a remote co-op (created with its network when
/// missing), with the profile fields of `document` when given.
pub fn mirror_member(
    conn: &mut DbConnection,
    actor: &ActorRow,
    document: Option<&Value>,
) -> Result<MemberRow, ServiceError> {
    let existing = members::find_member_by_actor(conn, &actor.id)?;
    let (website, country, city) = document.map(profile_fields).unwrap_or_default();
    if let Some(mut member) = existing {
        if let Some(document) = document {
            member.name.clone_from(&actor.display_name);
            member.summary.clone_from(&actor.summary);
            member.website = website;
            member.country = country;
            member.city = city;
            let skills = apply_directory_fields(&mut member, document);
            members::replace_member(conn, &member)?;
            set_skills(conn, &member, &skills)?;
        }
        return Ok(member);
    }
    let partner = match actors::local_network(conn)? {
        Some(local) => follows::network_actor_on(conn, &local.id, &actor.domain)?,
        None => None,
    };
    let (slug, name) = match &partner {
        Some(network_actor) => (network_actor.username.clone(), network_actor.display_name.clone()),
        None => (actor.domain.clone(), actor.domain.clone()),
    };
    let network = networks::ensure_remote(conn, &actor.domain, &slug, &name)?;
    let member = MemberRow {
        website,
        country,
        city,
        summary: actor.summary.clone(),
        ..MemberRow::new(network.id, actor.id.clone(), actor.username.clone(), actor.display_name.clone())
    };
    let mut member = member;
    let skills = document.map(|document| apply_directory_fields(&mut member, document));
    if !members::insert_member_if_absent(conn, &member)? {
        // Mirrored meanwhile by a concurrent transaction (a full sync beside
        // the inbox): use that row.
        return match members::find_member_by_actor(conn, &actor.id)? {
            Some(_) => mirror_member(conn, actor, document),
            None => Err(ServiceError::Conflict(format!("another co-op of {} is named {}", actor.domain, member.slug))),
        };
    }
    if let Some(skills) = skills {
        set_skills(conn, &member, &skills)?;
    }
    Ok(member)
}

/// Forgets a mirrored co-op: its open offers are withdrawn and its row dropped.
pub(crate) fn forget_member(conn: &mut DbConnection, actor: &ActorRow) -> Result<(), ServiceError> {
    if let Some(member) = members::find_member_by_actor(conn, &actor.id)? {
        for job in jobs::open_of_member(conn, &member.id)? {
            jobs::mark_deleted(conn, &job)?;
        }
        members::delete_member(conn, &member.id)?;
    }
    Ok(())
}
