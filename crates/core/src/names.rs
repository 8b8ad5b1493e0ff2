//! Validated names: slugs, user names and domains.

use std::fmt;

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters long")]
    TooLong { max: usize },
    #[error("may only contain lower-case letters a-z, digits and single hyphens between them (like `tech-coop-1`)")]
    BadSlug,
    #[error("may only contain letters a-z, digits, `_`, `-` and `.`, and must start with a letter or digit")]
    BadUsername,
    #[error("is reserved")]
    Reserved,
    #[error("is not a valid host name with an optional port (like `coops.example` or `127.0.0.1:8080`)")]
    BadDomain,
}

/// A host as domain lists compare it: lower case, without the port and a
/// trailing dot.
pub fn bare_host(host: &str) -> String {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Does a list of domains name `host` (`domain[:port]`)? A listed domain
/// covers its subdomains; a listed `domain:port` only that port; a trailing
/// dot changes nothing.
pub fn domain_listed<'a>(host: &str, list: impl IntoIterator<Item = &'a str>) -> bool {
    let bare = bare_host(host);
    let with_port = host.trim().to_ascii_lowercase();
    list.into_iter().any(|d| {
        let d = d.trim_end_matches('.').to_ascii_lowercase();
        with_port == d || bare == d || bare.ends_with(&format!(".{d}"))
    })
}

/// Names an instance uses for its own actors; members may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    crate::JOBS_GROUP,
    crate::NEWS_GROUP,
    "actor",
    "admin",
    "api",
    "inbox",
    "instance",
    "login",
    "logout",
    "members",
    "networks",
    "nodeinfo",
    "static",
    "well-known",
];

/// A slug: `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;

    /// Parses a slug.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        if input.is_empty() {
            return Err(NameError::Empty);
        }
        if input.len() > Self::MAX_LEN {
            return Err(NameError::TooLong { max: Self::MAX_LEN });
        }
        let well_formed = input
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !well_formed {
            return Err(NameError::BadSlug);
        }
        Ok(Self(input.to_owned()))
    }

    /// Parses a slug for a member co-op, which must not shadow an instance actor.
    pub fn parse_member(input: &str) -> Result<Self, NameError> {
        let slug = Self::parse(input)?;
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err(NameError::Reserved);
        }
        Ok(slug)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A login name: 1-64 characters of `a-z A-Z 0-9 _ - .`, starting with a letter or digit.
/// Stored as given; compared case-insensitively by storing lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Self, NameError> {
        let input = input.trim();
        let Some(first) = input.chars().next() else {
            return Err(NameError::Empty);
        };
        if input.len() > Self::MAX_LEN {
            return Err(NameError::TooLong { max: Self::MAX_LEN });
        }
        if !first.is_ascii_alphanumeric()
            || !input.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(NameError::BadUsername);
        }
        Ok(Self(input.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The public host of an instance, with an optional port: `cotech.example`,
/// `127.0.0.1:8101`. Lower case, no scheme, no path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Domain {
    host: String,
    port: Option<u16>,
}

impl Domain {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(NameError::Empty);
        }
        if input.len() > 253 {
            return Err(NameError::TooLong { max: 253 });
        }
        let lower = input.to_ascii_lowercase();
        let url = url::Url::parse(&format!("http://{lower}/")).map_err(|_| NameError::BadDomain)?;
        let host = url.host_str().ok_or(NameError::BadDomain)?.to_owned();
        let domain = Self { host, port: url.port() };
        // Anything the URL parser had to change (a path, user info, a default port) is refused.
        if domain.to_string() != lower || url.path() != "/" {
            return Err(NameError::BadDomain);
        }
        Ok(domain)
    }

    /// The host without the port.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> Option<u16> {
        self.port
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

impl From<Domain> for String {
    fn from(domain: Domain) -> Self {
        domain.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("cotech").is_ok());
        assert!(Slug::parse("agile-collective-2").is_ok());
        assert_eq!(Slug::parse(""), Err(NameError::Empty));
        for bad in ["Cotech", "-a", "a-", "a--b", "a_b", "é", "a b"] {
            assert_eq!(Slug::parse(bad), Err(NameError::BadSlug), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(65)), Err(NameError::TooLong { max: 64 }));
        assert_eq!(Slug::parse_member("jobs"), Err(NameError::Reserved));
    }

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Admin ").map(|u| u.0), Ok("admin".to_owned()));
        assert_eq!(Username::parse("_x"), Err(NameError::BadUsername));
        assert_eq!(Username::parse("a b"), Err(NameError::BadUsername));
    }

    #[test]
    fn domains() {
        assert_eq!(Domain::parse("Cotech.Test").map(|d| d.to_string()), Ok("cotech.test".to_owned()));
        let with_port = Domain::parse("127.0.0.1:8101");
        assert_eq!(with_port.as_ref().map(|d| d.host()), Ok("127.0.0.1"));
        assert_eq!(Domain::parse("coops.example").as_ref().map(|d| d.host()), Ok("coops.example"));
        for bad in ["https://x.test", "x.test/path", "a@b.test", "x.test:99999", "x.test:80", " "] {
            assert!(Domain::parse(bad).is_err(), "{bad}");
        }
    }
}
