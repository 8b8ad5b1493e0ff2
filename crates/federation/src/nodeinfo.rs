//! NodeInfo 2.1 and its discovery document, with the FEP-2677 link to the
//! instance actor.

use serde_json::{Value, json};

/// The schema URL of NodeInfo 2.1, used as `rel` and in the content type profile.
pub const SCHEMA_2_1: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
/// The content type of a NodeInfo 2.1 document.
pub const CONTENT_TYPE_2_1: &str = "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"";
/// FEP-2677: the `rel` of the instance actor link.
pub const APPLICATION_REL: &str = "https://www.w3.org/ns/activitystreams#Application";

/// `/.well-known/nodeinfo`.
pub fn discovery(nodeinfo_url: &str, instance_actor: &str) -> Value {
    json!({
        "links": [
            { "rel": SCHEMA_2_1, "href": nodeinfo_url },
            { "rel": APPLICATION_REL, "href": instance_actor }
        ]
    })
}

/// Figures and names for the NodeInfo document.
#[derive(Debug, Clone)]
pub struct NodeFacts {
    pub version: String,
    pub node_name: String,
    pub node_description: Option<String>,
    pub network_slug: String,
    pub users: i64,
    pub member_coops: i64,
    pub local_posts: i64,
}

/// `/nodeinfo/2.1`.
pub fn document(facts: &NodeFacts) -> Value {
    json!({
        "version": "2.1",
        "software": {
            "name": "coopfed",
            "version": facts.version,
            "repository": "https://example.org/coopfed/coopfed",
            "homepage": "https://example.org/coopfed/coopfed"
        },
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": ["atom1.0"] },
        "openRegistrations": false,
        "usage": {
            "users": { "total": facts.users },
            "localPosts": facts.local_posts
        },
        "metadata": {
            "nodeName": facts.node_name,
            "nodeDescription": facts.node_description,
            "network": facts.network_slug,
            "memberCoops": facts.member_coops
        }
    })
}
