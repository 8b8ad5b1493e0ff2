//! Actor documents: the network and stream `Group`s, member `Organization`s and
//! the instance `Application` (FEP-2677).

use activitypub_federation::protocol::public_key::PublicKey;
use chrono::{DateTime, SecondsFormat, Utc};
use coopfed_core::InstanceUrls;
use coopfed_db::actors::{ActorKind, ActorRow};
use serde::Serialize;
use url::Url;

use crate::html;

/// The ActivityPub `type` of a stored actor.
pub fn actor_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Network | ActorKind::Group => "Group",
        ActorKind::Organization => "Organization",
        ActorKind::Application => "Application",
        ActorKind::Person => "Person",
    }
}

/// The directory fields of a member co-op that Mastodon-style profile
/// fields cannot carry faithfully, as `coopfed:profile` on its actor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MemberProfile {
    pub languages: Vec<String>,
    pub services: Vec<String>,
    pub technologies: Vec<String>,
    pub sectors: Vec<String>,
    /// Skill slugs of the shared taxonomy.
    pub skills: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined: Option<chrono::NaiveDate>,
}

impl MemberProfile {
    /// Reads `coopfed:profile` of a remote actor, each list cut to a sane length.
    pub fn of(document: &serde_json::Value) -> Option<Self> {
        let mut profile: Self = serde_json::from_value(document.get("coopfed:profile")?.clone()).ok()?;
        for (list, max) in [
            (&mut profile.languages, 20),
            (&mut profile.services, 50),
            (&mut profile.technologies, 100),
            (&mut profile.sectors, 20),
            (&mut profile.skills, 50),
        ] {
            list.truncate(max);
            list.retain(|item| item.chars().count() <= 200 && !item.chars().any(char::is_control));
        }
        profile.legal_form = profile.legal_form.map(|f| f.chars().take(100).collect());
        Some(profile)
    }
}

/// The JSON document of a local actor.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorDocument {
    #[serde(rename = "@context")]
    pub context: serde_json::Value,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub preferred_username: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub url: Url,
    pub inbox: Url,
    pub outbox: Url,
    pub followers: Url,
    pub following: Url,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Url>,
    pub endpoints: Endpoints,
    pub public_key: PublicKey,
    /// Mastodon-style profile fields (`PropertyValue`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<serde_json::Value>,
    /// Skills as `Hashtag`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<serde_json::Value>,
    /// The summary keyed by its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_map: Option<serde_json::Value>,
    /// The co-op's logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<serde_json::Value>,
    /// A member co-op's directory fields, for partner instances (see [`MemberProfile`]).
    #[serde(rename = "coopfed:profile", skip_serializing_if = "Option::is_none")]
    pub profile: Option<MemberProfile>,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub published: String,
    pub updated: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    pub shared_inbox: Url,
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
        public_key: PublicKey {
            id: InstanceUrls::key_id(&id),
            owner: id.clone(),
            public_key_pem: row.public_key_pem.clone(),
        },
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
    member: &coopfed_db::content::MemberRow,
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
    for (other, translation) in coopfed_core::translations::from_json(&member.translations) {
        if let Some(text) = translation.summary {
            summaries.entry(other).or_insert_with(|| serde_json::Value::String(html::paragraphs(&text)));
        }
    }
    if !summaries.is_empty() {
        document.summary_map = Some(serde_json::Value::Object(summaries));
    }
    let list_of = |text: &str| serde_json::from_str::<Vec<String>>(text).unwrap_or_default();
    document.profile = Some(MemberProfile {
        languages: list_of(&member.languages),
        services: list_of(&member.services),
        technologies: list_of(&member.technologies),
        sectors: list_of(&member.sectors),
        skills: skills.to_vec(),
        size: member.size,
        founded: member.founded,
        legal_form: member.legal_form.clone(),
        joined: member.joined_on,
    });
    for slug in skills {
        let name = slug.replace('-', "");
        let label = taxonomy.resolve(slug).map_or(slug.as_str(), |s| s.label(&lang));
        document.tag.push(serde_json::json!({
            "type": "Hashtag",
            "name": format!("#{name}"),
            "href": urls.at(&format!("/api/v1/members?skill={slug}")).to_string(),
            "coopfed:label": label,
        }));
    }
    let list = |text: &str| serde_json::from_str::<Vec<String>>(text).unwrap_or_default().join(", ");
    let field =
        |name: &str, value: String| serde_json::json!({ "type": "PropertyValue", "name": name, "value": value });
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
    for link in serde_json::from_str::<Vec<String>>(&member.social_links).unwrap_or_default() {
        let link = html::escape(&link);
        document
            .attachment
            .push(field("Elsewhere", format!("<a href=\"{link}\" rel=\"me nofollow noopener\">{link}</a>")));
    }
    if let Some(logo) = &member.logo_url {
        document.icon = Some(serde_json::json!({ "type": "Image", "url": logo }));
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
