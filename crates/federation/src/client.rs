//! Outgoing HTTP for federation: fetching documents and delivering activities.
//!
//! Every request has a timeout and a response size limit, and goes only to
//! public addresses (the SSRF guard) unless development federation is on. In
//! development mode `[federation.resolve]` maps demo domains to local
//! addresses, and plain HTTP is allowed.

use std::{
    collections::BTreeMap,
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::{Duration, SystemTime},
};

use reqwest::{
    StatusCode,
    dns::{Addrs, Name, Resolve, Resolving},
    header,
};
use url::Url;

use crate::signatures::SigningKey;

/// Largest response body read from another server.
pub const MAX_RESPONSE_BYTES: usize = 2 * 1024 * 1024;
/// Media types we ask for when fetching ActivityPub documents.
pub const ACCEPT_ACTIVITY: &str =
    "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

/// Why an outgoing request failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("the URL {0} is not allowed: {1}")]
    Forbidden(String, &'static str),
    #[error("the request to {0} failed: {1}")]
    Network(String, String),
    #[error("{0} answered with status {1}")]
    Status(String, StatusCode),
    #[error("the response from {0} is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge(String),
    #[error("the response from {0} is not valid JSON: {1}")]
    BadJson(String, String),
    #[error("cannot sign the request: {0}")]
    Signing(String),
}

impl FetchError {
    /// Is this worth retrying later (network trouble, 5xx, 429)?
    pub fn is_temporary(&self) -> bool {
        match self {
            Self::Network(..) => true,
            Self::Status(_, status) => status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS,
            _ => false,
        }
    }
}

/// Is an address one that outgoing requests must not reach (outside
/// development mode)? Private, shared, loopback, link-local, reserved and
/// special-purpose ranges of both families, and IPv6 addresses that carry
/// an IPv4 address (mapped, compatible, NAT64, 6to4) by the address they carry.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
                || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
                || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
                || (a == 198 && (b == 18 || b == 19)) // benchmarking
                || a >= 240 // reserved
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let embedded = |high: u16, low: u16| {
                let [h1, h2] = high.to_be_bytes();
                let [l1, l2] = low.to_be_bytes();
                is_private(IpAddr::V4(std::net::Ipv4Addr::new(h1, h2, l1, l2)))
            };
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (translated).
            if s[..4] == [0; 4] && s[5] == 0 && (s[4] == 0 || s[4] == 0xffff) {
                return true;
            }
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return embedded(s[6], s[7]); // NAT64, well-known prefix
            }
            if s[0] == 0x2002 {
                return embedded(s[1], s[2]); // 6to4
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // NAT64, local use (64:ff9b:1::/48)
                || (s[0] == 0x0100 && s[1..4] == [0, 0, 0]) // discard only
                || (s[0] == 0x2001 && s[1] == 0) // Teredo (the IPv4 address inside is hidden)
                || (s[0] == 0x2001 && (0x0010..0x0030).contains(&s[1])) // ORCHID
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x2001 && s[1] < 0x0200) // other IETF protocol assignments
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link local
                || (s[0] & 0xffc0) == 0xfec0 // site local (deprecated)
        }
    }
}

/// DNS resolution that drops private addresses, so a public name cannot lead
/// into the local network.
struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| !is_private(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Settings of the federation client.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    /// Development federation: plain HTTP and private addresses allowed.
    pub dev_mode: bool,
    /// Development federation: `domain[:port]` → address to connect to.
    pub resolve: BTreeMap<String, SocketAddr>,
    /// `User-Agent` header.
    pub user_agent: String,
    /// The domains that may federate: never fetched from a blocked one.
    pub rules: Arc<crate::domains::DomainRules>,
}

/// The HTTP client every outgoing federation request goes through.
#[derive(Clone)]
pub struct FederationClient {
    http: reqwest::Client,
    settings: Arc<ClientSettings>,
}

/// Where a request really goes.
struct Target {
    url: Url,
    /// `Host` header value (also what the signature covers).
    host: String,
}

/// `host[:port]` of a URL, as in a `Host` header and in actor domains.
pub fn authority(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => String::new(),
    }
}

impl FederationClient {
    pub fn new(settings: ClientSettings) -> Result<Self, FetchError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .pool_idle_timeout(Duration::from_secs(90))
            .pool_max_idle_per_host(4)
            .redirect(reqwest::redirect::Policy::none())
            // Environment proxies would bypass the checks below.
            .no_proxy();
        if !settings.dev_mode {
            builder = builder.dns_resolver(Arc::new(GuardedResolver)).https_only(true);
        }
        let http = builder.build().map_err(|e| FetchError::Network("client".into(), e.to_string()))?;
        Ok(Self { http, settings: Arc::new(settings) })
    }

    pub fn dev_mode(&self) -> bool {
        self.settings.dev_mode
    }

    /// Checks a URL and decides where to connect.
    fn target(&self, url: &Url) -> Result<Target, FetchError> {
        let text = url.to_string();
        match url.scheme() {
            "https" => {}
            "http" if self.settings.dev_mode => {}
            "http" => return Err(FetchError::Forbidden(text, "plain HTTP is only allowed in development mode")),
            _ => return Err(FetchError::Forbidden(text, "only http(s) URLs can be fetched")),
        }
        if url.username() != "" || url.password().is_some() {
            return Err(FetchError::Forbidden(text, "URLs with credentials are refused"));
        }
        let host = authority(url);
        if host.is_empty() {
            return Err(FetchError::Forbidden(text, "the URL has no host"));
        }
        if !self.settings.rules.allows(&host) {
            return Err(FetchError::Forbidden(text, "the domain may not federate with this instance"));
        }
        if let Some(address) = self.settings.resolve.get(&host).filter(|_| self.settings.dev_mode) {
            let mut connect = url.clone();
            let ip = address.ip().to_string();
            connect.set_ip_host(address.ip()).map_err(|()| FetchError::Forbidden(ip, "bad resolve address"))?;
            connect.set_port(Some(address.port())).map_err(|()| FetchError::Forbidden(text.clone(), "bad port"))?;
            return Ok(Target { url: connect, host });
        }
        if !self.settings.dev_mode {
            if let Some(url::Host::Ipv4(ip)) = url.host() {
                if is_private(IpAddr::V4(ip)) {
                    return Err(FetchError::Forbidden(text, "private address"));
                }
            }
            if let Some(url::Host::Ipv6(ip)) = url.host() {
                if is_private(IpAddr::V6(ip)) {
                    return Err(FetchError::Forbidden(text, "private address"));
                }
            }
            if url.host_str().is_some_and(|h| h.eq_ignore_ascii_case("localhost") || h.ends_with(".localhost")) {
                return Err(FetchError::Forbidden(text, "private address"));
            }
        }
        Ok(Target { url: url.clone(), host })
    }

    /// GETs an ActivityPub document, signed by `signer` (the instance actor) when given.
    pub async fn get_json(&self, url: &Url, signer: Option<&SigningKey>) -> Result<serde_json::Value, FetchError> {
        self.get(url, ACCEPT_ACTIVITY, signer).await
    }

    /// GETs a JSON document with the given `Accept`.
    pub async fn get(
        &self,
        url: &Url,
        accept: &str,
        signer: Option<&SigningKey>,
    ) -> Result<serde_json::Value, FetchError> {
        let target = self.target(url)?;
        let text = url.to_string();
        let mut headers = request_headers(&target, url, signer, None)?;
        headers.insert(header::ACCEPT, header_value(accept)?);
        let request = self.http.get(target.url.clone()).headers(headers);
        let response = request.send().await.map_err(|e| FetchError::Network(text.clone(), e.to_string()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status(text, status));
        }
        let body = read_limited(response, &text).await?;
        serde_json::from_slice(&body).map_err(|e| FetchError::BadJson(text, e.to_string()))
    }

    /// POSTs a signed activity to an inbox; returns the status of a 2xx answer.
    pub async fn post_activity(&self, inbox: &Url, body: &[u8], signer: &SigningKey) -> Result<StatusCode, FetchError> {
        let target = self.target(inbox)?;
        let text = inbox.to_string();
        let mut headers = request_headers(&target, inbox, Some(signer), Some(body))?;
        headers.insert(header::CONTENT_TYPE, header_value(crate::LD_JSON)?);
        headers.insert(header::ACCEPT, header_value(ACCEPT_ACTIVITY)?);
        let request =
            self.http.post(target.url.clone()).timeout(Duration::from_secs(30)).headers(headers).body(body.to_vec());
        let response = request.send().await.map_err(|e| FetchError::Network(text.clone(), e.to_string()))?;
        let status = response.status();
        // Read (a little of) the body so the connection can be reused.
        let _ = read_limited(response, &text).await;
        if status.is_success() { Ok(status) } else { Err(FetchError::Status(text, status)) }
    }
}

/// The headers of a request to `target`: `Host` once (the public host, also
/// when development mode connects elsewhere) and, when signed, `Date`,
/// `Digest` and `Signature`. Each header is set, never added twice: strict
/// servers (nginx, Go's net/http, h11) refuse a request with two `Host`s.
fn request_headers(
    target: &Target,
    url: &Url,
    signer: Option<&SigningKey>,
    body: Option<&[u8]>,
) -> Result<header::HeaderMap, FetchError> {
    let mut headers = header::HeaderMap::new();
    headers.insert(header::HOST, header_value(&target.host)?);
    if let Some(signer) = signer {
        let method = if body.is_some() { "POST" } else { "GET" };
        let signed = signer
            .sign_request(method, &path_and_query(url), &target.host, body, SystemTime::now())
            .map_err(|e| FetchError::Signing(e.to_string()))?;
        for (name, value) in signed {
            let name =
                header::HeaderName::from_bytes(name.as_bytes()).map_err(|e| FetchError::Signing(e.to_string()))?;
            headers.insert(name, header_value(&value)?);
        }
    }
    Ok(headers)
}

fn header_value(value: &str) -> Result<header::HeaderValue, FetchError> {
    header::HeaderValue::from_str(value).map_err(|e| FetchError::Signing(e.to_string()))
}

/// Do two URLs share scheme, host and port?
pub fn same_origin(a: &str, b: &str) -> bool {
    matches!((Url::parse(a), Url::parse(b)), (Ok(a), Ok(b)) if a.origin() == b.origin())
}

/// `/path?query` of a URL, as in `(request-target)`.
pub fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

async fn read_limited(mut response: reqwest::Response, url: &str) -> Result<Vec<u8>, FetchError> {
    if response.content_length().is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
        return Err(FetchError::TooLarge(url.to_owned()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| FetchError::Network(url.to_owned(), e.to_string()))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(FetchError::TooLarge(url.to_owned()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn private_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "192.0.0.8",
            "192.88.99.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "::127.0.0.1",
            "::10.0.0.1",
            "::ffff:0:7f00:1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:10::1",
            "100::1",
            "fec0::1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["1.1.1.1", "93.184.216.34", "2a00:1450:4001:80b::200e", "64:ff9b::5db8:d822", "2002:5db8:d822::1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn fetch_targets_follow_the_domain_lists() {
        let rules = crate::domains::DomainRules::new(vec!["spam.example".into()], Vec::new());
        let settings = ClientSettings { rules: Arc::new(rules), ..ClientSettings::default() };
        let client = FederationClient::new(settings).unwrap();
        for url in ["https://spam.example/a", "https://x.spam.example./a", "https://SPAM.example:8443/a"] {
            assert!(client.target(&Url::parse(url).unwrap()).is_err(), "{url}");
        }
        assert!(client.target(&Url::parse("https://ok.example/a").unwrap()).is_ok());
    }

    #[test]
    fn targets_are_guarded() {
        let strict = FederationClient::new(ClientSettings::default()).unwrap();
        for url in [
            "http://example.org/a",
            "https://127.0.0.1/a",
            "https://[::1]/a",
            "https://localhost/x",
            "ftp://x.org/",
            "https://u:p@x.org/",
        ] {
            assert!(strict.target(&Url::parse(url).unwrap()).is_err(), "{url}");
        }
        assert!(strict.target(&Url::parse("https://example.org/a").unwrap()).is_ok());

        let mut resolve = BTreeMap::new();
        resolve.insert("cotech.test".to_owned(), "127.0.0.1:8101".parse().unwrap());
        let dev =
            FederationClient::new(ClientSettings { dev_mode: true, resolve, ..ClientSettings::default() }).unwrap();
        let target = dev.target(&Url::parse("http://cotech.test/groups/jobs?page=true").unwrap()).unwrap();
        assert_eq!(target.url.as_str(), "http://127.0.0.1:8101/groups/jobs?page=true");
        assert_eq!(target.host, "cotech.test");
        let target = dev.target(&Url::parse("http://127.0.0.1:8102/inbox").unwrap()).unwrap();
        assert_eq!(target.host, "127.0.0.1:8102");
    }
}
