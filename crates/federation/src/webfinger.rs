//! WebFinger (RFC 7033) for local actors: `acct:name@domain` or an actor URL.

use coopfed_core::Domain;
use coopfed_db::actors::ActorRow;
use serde::{Deserialize, Serialize};
use url::Url;

/// A JSON Resource Descriptor (RFC 7033 section 4.4), as sent and as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jrd {
    pub subject: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub links: Vec<JrdLink>,
}

/// One link of a [`Jrd`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JrdLink {
    pub rel: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// What a `resource` parameter asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `acct:name@domain`: a local actor's name.
    Account(String),
    /// An actor id URL.
    ActorUrl(String),
}

/// Why a resource could not be looked up here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceError {
    #[error("the resource must be `acct:name@domain` or an actor URL")]
    Malformed,
    #[error("the resource belongs to another domain")]
    ForeignDomain,
}

/// Parses a `resource` parameter; `acct:` handles must name this domain
/// (with its port, if it has one). A leading `@` is tolerated.
pub fn parse_resource(resource: &str, domain: &Domain) -> Result<Resource, ResourceError> {
    let resource = resource.trim();
    if let Some(acct) = resource.strip_prefix("acct:") {
        let acct = acct.strip_prefix('@').unwrap_or(acct);
        let (name, host) = acct.rsplit_once('@').ok_or(ResourceError::Malformed)?;
        if name.is_empty() {
            return Err(ResourceError::Malformed);
        }
        if !host.eq_ignore_ascii_case(&domain.to_string()) {
            return Err(ResourceError::ForeignDomain);
        }
        return Ok(Resource::Account(name.to_ascii_lowercase()));
    }
    let url = Url::parse(resource).map_err(|_| ResourceError::Malformed)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ResourceError::Malformed);
    }
    let authority = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    if !authority.eq_ignore_ascii_case(&domain.to_string()) {
        return Err(ResourceError::ForeignDomain);
    }
    Ok(Resource::ActorUrl(url.to_string()))
}

/// The JRD answer for a local actor.
pub fn describe(actor: &ActorRow) -> Jrd {
    let link = |rel: &str, kind: &str| JrdLink {
        rel: rel.to_owned(),
        kind: Some(kind.to_owned()),
        href: Some(actor.ap_id.clone()),
        template: None,
    };
    Jrd {
        subject: format!("acct:{}@{}", actor.username, actor.domain),
        aliases: vec![actor.ap_id.clone()],
        links: vec![link("self", crate::ACTIVITY_JSON), link("http://webfinger.net/rel/profile-page", "text/html")],
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        let d = Domain::parse("127.0.0.1:8101").unwrap();
        assert_eq!(parse_resource("acct:Jobs@127.0.0.1:8101", &d), Ok(Resource::Account("jobs".into())));
        assert_eq!(parse_resource("acct:@jobs@127.0.0.1:8101", &d), Ok(Resource::Account("jobs".into())));
        assert_eq!(parse_resource("acct:jobs@127.0.0.1", &d), Err(ResourceError::ForeignDomain));
        assert_eq!(parse_resource("acct:jobs", &d), Err(ResourceError::Malformed));
        assert_eq!(
            parse_resource("http://127.0.0.1:8101/groups/jobs", &d),
            Ok(Resource::ActorUrl("http://127.0.0.1:8101/groups/jobs".into()))
        );
        assert_eq!(parse_resource("https://evil.test/groups/jobs", &d), Err(ResourceError::ForeignDomain));
        assert_eq!(parse_resource("mailto:x@y", &d), Err(ResourceError::Malformed));
    }
}
