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
