//! Member co-ops of partner networks, mirrored: added by the network's `Add`,
//! kept current by the co-op's `Update`, removed by `Remove` or `Delete`, and
//! fetched in full when a partnership forms.

use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    content::{self, MemberRow},
    follows, jobs, networks,
};
use coopfed_service::ServiceError;
use serde_json::Value;
use url::Url;

use crate::{actors::profile_fields, partners::policy::may_change_members, remote};

/// The language of the description and its other languages (`summaryMap`),
/// and what `coopfed:profile` says (services, technologies, size, …).
/// Returns the skills the profile names.
fn apply_directory_fields(member: &mut MemberRow, document: &Value) -> Vec<String> {
    let summary_html = document.get("summary").and_then(Value::as_str).unwrap_or_default();
    let lang = document
        .get("summaryMap")
        .and_then(Value::as_object)
        .map(|_| crate::objects::main_language(document, "summaryMap", summary_html));
    member.summary_lang = lang.clone();
    let translations = crate::objects::read_language_maps(document, lang.as_deref().unwrap_or("en"), [200, 5000, 5000]);
    member.translations = coopfed_core::translations::to_json(&translations);
    let Some(profile) = crate::actors::MemberProfile::of(document) else { return Vec::new() };
    let json = |items: &[String]| serde_json::to_string(items).unwrap_or_else(|_| "[]".into());
    member.languages = json(&profile.languages);
    member.services = json(&profile.services);
    member.technologies = json(&profile.technologies);
    member.sectors = json(&profile.sectors);
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
    let existing = content::find_member_by_actor(conn, &actor.id)?;
    let (website, country, city) = document.map(profile_fields).unwrap_or_default();
    if let Some(mut member) = existing {
        if let Some(document) = document {
            member.name.clone_from(&actor.display_name);
            member.summary.clone_from(&actor.summary);
            member.website = website;
            member.country = country;
            member.city = city;
            let skills = apply_directory_fields(&mut member, document);
            content::replace_member(conn, &member)?;
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
    if !content::insert_member_if_absent(conn, &member)? {
        // Mirrored meanwhile by a concurrent transaction (a full sync beside
        // the inbox): use that row.
        return match content::find_member_by_actor(conn, &actor.id)? {
            Some(_) => mirror_member(conn, actor, document),
            None => Err(ServiceError::Conflict(format!("another co-op of {} is named {}", actor.domain, member.slug))),
        };
    }
    if let Some(skills) = skills {
        set_skills(conn, &member, &skills)?;
    }
    Ok(member)
}

/// `Add` of a co-op by a remote network: mirror it. `document` was fetched
/// from its origin, once [`may_change_members`] allowed it.
pub fn receive_add(
    conn: &mut DbConnection,
    network: &ActorRow,
    activity: &Value,
    member_id: &str,
    document: &Value,
) -> Result<(), ServiceError> {
    if !may_change_members(conn, network, activity)? {
        return Ok(());
    }
    let Some(member_actor) = actors::find_by_ap_id(conn, member_id)? else { return Ok(()) };
    if member_actor.kind != ActorKind::Organization {
        return Ok(());
    }
    mirror_member(conn, &member_actor, Some(document))?;
    Ok(())
}

/// `Update` of an actor by itself: refresh the stored copy and any mirrored profile.
pub fn receive_actor_update(conn: &mut DbConnection, actor: &ActorRow, document: &Value) -> Result<(), ServiceError> {
    if document.get("id").and_then(Value::as_str) != Some(actor.ap_id.as_str()) {
        return Ok(());
    }
    let Ok(url) = Url::parse(&actor.ap_id) else { return Ok(()) };
    let Ok(fresh) = remote::actor_from_document(document, &url) else { return Ok(()) };
    let stored = actors::upsert_remote(conn, &fresh)?;
    if content::find_member_by_actor(conn, &stored.id)?.is_some() {
        mirror_member(conn, &stored, Some(document))?;
    }
    Ok(())
}

/// `Remove` of a co-op by its network: drop the mirror and its jobs.
pub fn receive_remove(conn: &mut DbConnection, network: &ActorRow, activity: &Value) -> Result<(), ServiceError> {
    let Some(member_id) = activity.get("object").and_then(crate::values::id_of) else { return Ok(()) };
    if !may_change_members(conn, network, activity)? {
        tracing::info!(by = %network.ap_id, "a Remove from a network we do not follow, or of another collection, was ignored");
        return Ok(());
    }
    if let Some(member_actor) = actors::find_by_ap_id(conn, member_id)?.filter(|a| !a.is_local) {
        forget_member(conn, &member_actor)?;
    }
    Ok(())
}

/// `Delete` of an actor by itself: forget it.
pub fn receive_actor_delete(conn: &mut DbConnection, actor: &ActorRow) -> Result<(), ServiceError> {
    forget_member(conn, actor)?;
    actors::delete_remote(conn, &actor.id)?;
    Ok(())
}

fn forget_member(conn: &mut DbConnection, actor: &ActorRow) -> Result<(), ServiceError> {
    if let Some(member) = content::find_member_by_actor(conn, &actor.id)? {
        for job in jobs::open_of_member(conn, &member.id)? {
            jobs::mark_deleted(conn, &job)?;
        }
        content::delete_member(conn, &member.id)?;
    }
    Ok(())
}
