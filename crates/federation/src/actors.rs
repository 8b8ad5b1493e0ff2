//! Actor documents: the network and stream `Group`s, member `Organization`s and
//! the instance `Application` (FEP-2677).

use chrono::{DateTime, SecondsFormat, Utc};
use coopfed_core::InstanceUrls;
use coopfed_db::actors::{ActorKind, ActorRow};
use url::Url;

use crate::html;
pub use crate::protocol::actors::{ActorDocument, Endpoints, Image, MemberProfile, PropertyValue, PublicKey, SkillTag};

/// The ActivityPub `type` of a stored actor.
pub fn actor_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Network | ActorKind::Group => "Group",
        ActorKind::Organization => "Organization",
        ActorKind::Application => "Application",
        ActorKind::Person => "Person",
    }
}

/// Why a stored actor could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("stored actor {0} has an invalid URL")]
pub struct BadActorRow(pub String);

/// Builds the document of a local actor.
pub fn local_actor(row: &ActorRow, urls: &InstanceUrls) -> Result<ActorDocument, BadActorRow> {
    let id = Url::parse(&row.ap_id).map_err(|_| BadActorRow(row.ap_id.clone()))?;
    let members = (row.kind == ActorKind::Network).then(|| InstanceUrls::actor_part(&id, "members"));
    Ok(ActorDocument {
        context: crate::actor_context(),
        kind: actor_type(row.kind),
        preferred_username: row.username.clone(),
        name: row.display_name.clone(),
        summary: row.summary.as_deref().map(html::paragraphs),
        url: id.clone(),
        inbox: InstanceUrls::actor_part(&id, "inbox"),
        outbox: InstanceUrls::actor_part(&id, "outbox"),
        followers: InstanceUrls::actor_part(&id, "followers"),
        following: InstanceUrls::actor_part(&id, "following"),
        members,
        endpoints: Endpoints { shared_inbox: urls.shared_inbox() },
        public_key: (!row.awaits_key()).then(|| PublicKey {
            id: row.public_key_id.clone().unwrap_or_else(|| InstanceUrls::key_id(&id)),
            owner: id.clone(),
            public_key_pem: row.public_key_pem.clone(),
        }),
        attachment: Vec::new(),
        tag: Vec::new(),
        summary_map: None,
        icon: None,
        profile: None,
        // The instance actor is not meant to be followed.
        manually_approves_followers: row.kind == ActorKind::Application,
        discoverable: row.kind != ActorKind::Application,
        published: timestamp(row.created_at),
        updated: timestamp(row.updated_at),
        id,
    })
}

/// RFC 3339 in UTC with a `Z`, as ActivityPub servers expect.
pub fn timestamp(at: chrono::NaiveDateTime) -> String {
    DateTime::<Utc>::from_naive_utc_and_offset(at, Utc).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The `acct:` handle of a local actor.
pub fn handle(row: &ActorRow) -> String {
    format!("@{}@{}", row.username, row.domain)
}

/// A member co-op's actor document: its profile as `PropertyValue`s, its
/// skills as `Hashtag`s (in the language of its description) and its summary
/// keyed by language.
pub fn organization(
    row: &ActorRow,
    member: &coopfed_db::members::MemberRow,
    skills: &[String],
    urls: &InstanceUrls,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<ActorDocument, BadActorRow> {
    let mut document = local_actor(row, urls)?;
    let lang = member.summary_lang.clone().unwrap_or_else(|| "en".into());
    let mut summaries = serde_json::Map::new();
    if let Some(summary) = &document.summary {
        summaries.insert(lang.clone(), serde_json::Value::String(summary.clone()));
    }
    for (other, translation) in member.translations.iter() {
        if let Some(text) = &translation.summary {
            summaries.entry(other.clone()).or_insert_with(|| serde_json::Value::String(html::paragraphs(text)));
        }
    }
    if !summaries.is_empty() {
        document.summary_map = Some(serde_json::Value::Object(summaries));
    }
    document.profile = Some(MemberProfile {
        languages: member.languages.to_vec(),
        services: member.services.to_vec(),
        technologies: member.technologies.to_vec(),
        sectors: member.sectors.to_vec(),
        skills: skills.to_vec(),
        size: member.size,
        founded: member.founded,
        legal_form: member.legal_form.clone(),
        joined: member.joined_on,
    });
    for slug in skills {
        let name = slug.replace('-', "");
        let label = taxonomy.resolve(slug).map_or(slug.as_str(), |s| s.label(&lang));
        document.tag.push(SkillTag {
            kind: "Hashtag",
            name: format!("#{name}"),
            href: urls.at(&format!("/api/v1/members?skill={slug}")).to_string(),
            label: label.to_owned(),
        });
    }
    let list = |items: &[String]| items.join(", ");
    let field = PropertyValue::new;
    if let Some(website) = &member.website {
        let link = html::escape(website);
        document
            .attachment
            .push(field("Website", format!("<a href=\"{link}\" rel=\"me nofollow noopener\">{link}</a>")));
    }
    if let Some(country) = &member.country {
        document.attachment.push(field("Country", html::escape(country)));
    }
    if let Some(city) = &member.city {
        document.attachment.push(field("City", html::escape(city)));
    }
    for (name, value) in [
        ("Languages", list(&member.languages)),
        ("Services", list(&member.services)),
        ("Technologies", list(&member.technologies)),
    ] {
        if !value.is_empty() {
            document.attachment.push(field(name, html::escape(&value)));
        }
    }
    if let Some(size) = member.size {
        document.attachment.push(field("Size", size.to_string()));
    }
    for link in member.social_links.iter() {
        let link = html::escape(link);
        document
            .attachment
            .push(field("Elsewhere", format!("<a href=\"{link}\" rel=\"me nofollow noopener\">{link}</a>")));
    }
    if let Some(logo) = &member.logo_url {
        document.icon = Some(Image { kind: "Image", url: logo.clone() });
    }
    if let Some(form) = &member.legal_form {
        document.attachment.push(field("Legal form", html::escape(form)));
    }
    Ok(document)
}

/// Profile fields read back from an actor document's `PropertyValue`s:
/// (website, country, city).
pub fn profile_fields(document: &serde_json::Value) -> (Option<String>, Option<String>, Option<String>) {
    let mut website: Option<String> = None;
    let mut country: Option<String> = None;
    let mut city: Option<String> = None;
    let attachments = match document.get("attachment") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(single) => vec![single.clone()],
        None => Vec::new(),
    };
    for item in attachments {
        let (Some(name), Some(value)) =
            (item.get("name").and_then(|v| v.as_str()), item.get("value").and_then(|v| v.as_str()))
        else {
            continue;
        };
        let text = coopfed_core::text::plain(value);
        match name.to_ascii_lowercase().as_str() {
            "website" => website = Some(text),
            "country" => country = Some(text.chars().take(2).collect::<String>().to_ascii_uppercase()),
            "city" => city = Some(text.chars().take(100).collect()),
            _ => {}
        }
    }
    (website.filter(|w| w.starts_with("http")), country.filter(|c| c.len() == 2), city.filter(|c| !c.is_empty()))
}
