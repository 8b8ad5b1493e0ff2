//! The URL layout of an instance: where each actor, inbox and collection lives.
//!
//! Every id an instance hands out is built here, so that routes, documents and
//! WebFinger answers cannot drift apart.

use crate::names::{Domain, NameError};
use url::Url;

/// Builds the public URLs of one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceUrls {
    domain: Domain,
    base: String,
    root: Url,
}

impl InstanceUrls {
    /// `https://domain`, or `http://domain` when plain HTTP is allowed (development federation).
    pub fn new(domain: Domain, plain_http: bool) -> Result<Self, NameError> {
        let scheme = if plain_http { "http" } else { "https" };
        let base = format!("{scheme}://{domain}");
        let root = Url::parse(&base).map_err(|_| NameError::BadDomain)?;
        Ok(Self { domain, base, root })
    }

    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// Where a person opens the instance's pages. A loopback domain
    /// (`localhost`, `127.0.0.1`, `[::1]`, `*.localhost`) has no TLS proxy in
    /// front of it, so its pages are opened over plain HTTP even when its ids
    /// say `https`; any other domain is opened at [`InstanceUrls::base`].
    pub fn browser_base(&self) -> String {
        let host = self.domain.host().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        let loopback = host == "localhost"
            || host.ends_with(".localhost")
            || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if loopback { format!("http://{}", self.domain) } else { self.base.clone() }
    }

    /// `scheme://domain`, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Builds `base + path`; `path` must start with `/`.
    pub fn at(&self, path: &str) -> Url {
        let mut url = self.root.clone();
        url.set_path(path);
        url
    }

    /// The network actor (`Group`).
    pub fn network(&self, slug: &str) -> Url {
        self.at(&format!("/networks/{slug}"))
    }

    /// A stream group (`jobs`, `news`).
    pub fn group(&self, name: &str) -> Url {
        self.at(&format!("/groups/{name}"))
    }

    /// A member co-op (`Organization`).
    pub fn member(&self, slug: &str) -> Url {
        self.at(&format!("/members/{slug}"))
    }

    /// The instance actor (`Application`, FEP-2677).
    pub fn instance_actor(&self) -> Url {
        self.at("/actor")
    }

    /// An activity sent by a local actor.
    pub fn activity(&self, id: &str) -> Url {
        self.at(&format!("/activities/{id}"))
    }

    /// The shared inbox.
    pub fn shared_inbox(&self) -> Url {
        self.at("/inbox")
    }

    /// A sub-resource of an actor: `inbox`, `outbox`, `followers`, `following`, `members`.
    pub fn actor_part(actor: &Url, part: &str) -> Url {
        let mut url = actor.clone();
        url.set_path(&format!("{}/{part}", actor.path().trim_end_matches('/')));
        url
    }

    /// The `publicKey` id of an actor.
    pub fn key_id(actor: &Url) -> String {
        format!("{actor}#main-key")
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let urls = InstanceUrls::new(Domain::parse("cotech.test").unwrap(), false).unwrap();
        assert_eq!(urls.network("cotech").as_str(), "https://cotech.test/networks/cotech");
        assert_eq!(urls.group("jobs").as_str(), "https://cotech.test/groups/jobs");
        let dev = InstanceUrls::new(Domain::parse("127.0.0.1:8101").unwrap(), true).unwrap();
        let member = dev.member("outlandish");
        assert_eq!(member.as_str(), "http://127.0.0.1:8101/members/outlandish");
        assert_eq!(
            InstanceUrls::actor_part(&member, "inbox").as_str(),
            "http://127.0.0.1:8101/members/outlandish/inbox"
        );
        assert_eq!(InstanceUrls::key_id(&member), "http://127.0.0.1:8101/members/outlandish#main-key");
    }

    #[test]
    fn loopback_pages_open_over_plain_http() {
        let at = |domain: &str| InstanceUrls::new(Domain::parse(domain).unwrap(), false).unwrap().browser_base();
        assert_eq!(at("localhost:8080"), "http://localhost:8080");
        assert_eq!(at("127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(at("coop.localhost"), "http://coop.localhost");
        assert_eq!(at("cotech.test"), "https://cotech.test");
    }
}
