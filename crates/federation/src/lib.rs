//! ActivityPub for coopfed: wire types and the discovery documents that make an
//! instance findable (actors, WebFinger, NodeInfo, host-meta, collections).
//!
//! Rows from `coopfed-db` are turned into wire documents here and only here.

pub mod activities;
pub mod actors;
pub mod client;
pub mod collections;
pub mod context;
pub mod delivery;
pub mod domains;
pub mod embeds;
pub mod html;
pub mod inbox;
pub mod metrics;
pub mod nodeinfo;
pub mod objects;
pub mod outbound;
pub mod partners;
pub mod policies;
pub mod protocol;
pub mod rate_limit;
pub mod recent_keys;
pub mod remote;
pub mod sending;
pub mod signatures;
pub mod values;
pub mod webfinger;
mod writers;

/// The media type of ActivityPub documents we serve.
pub const ACTIVITY_JSON: &str = "application/activity+json";
/// The media type of activities we POST (what Mastodon and others expect).
pub const LD_JSON: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

/// The JSON-LD contexts of our actor documents (and activities that embed
/// one): ActivityStreams, the security vocabulary (without it JSON-LD
/// processors drop `publicKey`) and the extension terms we use.
pub fn actor_context() -> serde_json::Value {
    serde_json::json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "coopfed": "https://coopfed.org/ns#",
            "members": { "@id": "coopfed:members", "@type": "@id" }
        }
    ])
}
