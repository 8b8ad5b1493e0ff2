//! A fediverse server seen at the byte level: it records every request head
//! exactly as it arrived (header names, order and repeats included), so a
//! test can check what coopfed puts on the wire. It serves one actor with a
//! real key, its WebFinger answer, and takes POSTs to its inboxes.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use serde_json::json;
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::{TcpListener, TcpStream},
};

/// One request as received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub path: String,
    /// The header lines, as sent.
    pub headers: Vec<(String, String)>,
}

impl RawRequest {
    /// How many times a header (any case) was sent.
    pub fn count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count()
    }

    /// The first value of a header (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

struct Served {
    domain: String,
    name: String,
    public_pem: String,
}

/// A raw server at `http://<domain>/` listening on loopback.
pub struct RawRemote {
    pub addr: SocketAddr,
    pub domain: String,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    server: tokio::task::JoinHandle<()>,
}

impl RawRemote {
    /// Starts a server with the actor `http://<domain>/users/<name>`.
    pub async fn start(domain: &str, name: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("addr: {e}"));
        let keys = coopfed_service::keys::generate().unwrap_or_else(|e| panic!("key generation: {e}"));
        let served = Arc::new(Served { domain: domain.to_owned(), name: name.to_owned(), public_pem: keys.public_pem });
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let served = Arc::clone(&served);
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move { connection(stream, &served, &recorded).await });
            }
        });
        Self { addr, domain: domain.to_owned(), requests, server }
    }

    /// `domain=address`, for `COOPFED_FEDERATION_RESOLVE`.
    pub fn resolve_entry(&self) -> String {
        format!("{}={}", self.domain, self.addr)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for RawRemote {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves requests on one (keep-alive) connection until it closes.
async fn connection(mut stream: TcpStream, served: &Served, recorded: &Mutex<Vec<RawRequest>>) {
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_owned();
        let path = first.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect();
        let request = RawRequest { method, path, headers };
        let length: usize = request.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let body_start = head_end + 4;
        while buffer.len() < body_start + length {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..body_start + length);
        let (status, body) = answer(served, &request);
        if let Ok(mut all) = recorded.lock() {
            all.push(request);
        }
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/activity+json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn answer(served: &Served, request: &RawRequest) -> (&'static str, String) {
    let base = format!("http://{}", served.domain);
    let actor = format!("{base}/users/{}", served.name);
    let path = request.path.split('?').next().unwrap_or_default();
    match (request.method.as_str(), path) {
        ("GET", "/.well-known/webfinger") => (
            "200 OK",
            json!({
                "subject": format!("acct:{}@{}", served.name, served.domain),
                "links": [{ "rel": "self", "type": "application/activity+json", "href": actor }],
            })
            .to_string(),
        ),
        ("GET", p) if p == format!("/users/{}", served.name) => (
            "200 OK",
            json!({
                "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
                "id": actor,
                "type": "Person",
                "preferredUsername": served.name,
                "inbox": format!("{actor}/inbox"),
                "endpoints": { "sharedInbox": format!("{base}/inbox") },
                "publicKey": { "id": format!("{actor}#main-key"), "owner": actor, "publicKeyPem": served.public_pem },
            })
            .to_string(),
        ),
        ("POST", _) => ("202 Accepted", String::new()),
        _ => ("404 Not Found", String::new()),
    }
}
