//! Actor documents: the network and stream `Group`s, member
//! `Organization`s and the instance `Application` (FEP-2677), as we send
//! them. Remote actors are read by [`crate::remote::actor_from_document`].

pub use activitypub_federation::protocol::public_key::PublicKey;
use serde::Serialize;
use url::Url;

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
    /// Left out only where a co-op whose key pair is not made yet is
    /// embedded in an activity; a served actor document always has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<PublicKey>,
    /// Mastodon-style profile fields (`PropertyValue`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<PropertyValue>,
    /// Skills as `Hashtag`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<SkillTag>,
    /// The summary keyed by its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_map: Option<serde_json::Value>,
    /// The co-op's logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Image>,
    /// A member co-op's directory fields, for partner instances (see [`MemberProfile`]).
    #[serde(rename = "coopfed:profile", skip_serializing_if = "Option::is_none")]
    pub profile: Option<MemberProfile>,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub published: String,
    pub updated: String,
}

/// A profile field as Mastodon shows it (`value` is HTML).
#[derive(Debug, Serialize)]
pub struct PropertyValue {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub value: String,
}

impl PropertyValue {
    pub fn new(name: &str, value: String) -> Self {
        Self { kind: "PropertyValue", name: name.to_owned(), value }
    }
}

/// A skill as a `Hashtag`, with its label in the co-op's language.
#[derive(Debug, Serialize)]
pub struct SkillTag {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub href: String,
    #[serde(rename = "coopfed:label")]
    pub label: String,
}

/// An image by URL (a logo).
#[derive(Debug, Serialize)]
pub struct Image {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    pub shared_inbox: Url,
}

/// An actor document as other servers write it (Mastodon, Lemmy, GoToSocial,
/// Fedify, coopfed): what we keep of it, read liberally.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteActor {
    pub id: String,
    #[serde(rename = "type", deserialize_with = "super::deserialize_type")]
    pub kind: String,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub preferred_username: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub inbox: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub outbox: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub followers: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_skip_error")]
    pub endpoints: Option<RemoteEndpoints>,
    /// One key, or several (the first with a PEM counts).
    #[serde(default, deserialize_with = "deserialize_keys")]
    pub public_key: Vec<RemoteKey>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteEndpoints {
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub shared_inbox: Option<String>,
}

/// A `publicKey` entry with a PEM.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteKey {
    #[serde(default, deserialize_with = "super::deserialize_opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_id")]
    pub owner: Option<String>,
    pub public_key_pem: String,
}

/// Keys: one or many; entries without a PEM are skipped.
fn deserialize_keys<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<RemoteKey>, D::Error> {
    use serde::Deserialize as _;
    let items = match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Null => Vec::new(),
        other => vec![other],
    };
    Ok(items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect())
}

impl RemoteActor {
    /// Reads an actor document.
    pub fn read(document: &serde_json::Value) -> Result<Self, super::ProtocolError> {
        Ok(serde_json::from_value(document.clone())?)
    }
}
