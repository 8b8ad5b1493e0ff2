//! A fake fediverse server for tests: serves actor documents with real keys,
//! signs requests as those actors, and records what is posted to its inboxes.
//! It answers only the routes it knows and records unexpected requests.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::SystemTime,
};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
};
use coopfed_federation::signatures::SigningKey;
use serde_json::{Value, json};

struct Actor {
    key: SigningKey,
    public_pem: String,
    /// The key before the last rotation.
    previous: Option<SigningKey>,
}

struct Shared {
    base: String,
    actors: Mutex<HashMap<String, Actor>>,
    received: Mutex<Vec<(String, Value)>>,
    options: FakeOptions,
    /// GETs of actor and key documents so far.
    fetches: std::sync::atomic::AtomicUsize,
    /// Fields merged into an actor's document (by name), like `type`.
    actor_fields: Mutex<HashMap<String, serde_json::Map<String, Value>>>,
    /// Other documents served by path (`/path?query`).
    documents: Mutex<HashMap<String, Value>>,
    /// Every GET so far, as `/path?query`.
    gets: Mutex<Vec<String>>,
    /// Keys fetched to verify POSTs, by key id (with `verify_signatures`).
    keys: Mutex<HashMap<String, String>>,
    /// Key ids fetched so far, in order.
    key_fetches: Mutex<Vec<String>>,
    /// Key ids of the POSTs that verified, in order.
    verified: Mutex<Vec<String>>,
    /// Why POSTs were refused, in order.
    refused: Mutex<Vec<String>>,
}

/// How a fake server behaves.
#[derive(Debug, Clone, Default)]
pub struct FakeOptions {
    /// Advertise a shared inbox (deliveries then go to `/inbox`).
    pub shared_inbox: bool,
    /// Wait this long before answering a POST (a slow server).
    pub delay: std::time::Duration,
    /// Keys live apart from their actor, at `…/users/NAME/main-key` (as on
    /// GoToSocial), instead of `…/users/NAME#main-key`.
    pub key_apart: bool,
    /// The first path segment of actor ids: `users` when empty.
    pub actor_path: &'static str,
    /// Check the signature of every POST to an inbox (401 when it fails),
    /// keeping keys by key id as many servers do: a key id seen once is
    /// never fetched again.
    pub verify_signatures: bool,
    /// Where to find other servers' domains (for fetching their keys).
    pub resolve: Vec<(String, SocketAddr)>,
}

impl FakeOptions {
    fn actor_path(&self) -> &'static str {
        if self.actor_path.is_empty() { "users" } else { self.actor_path }
    }
}

/// A fake remote server at `http://<domain>/`, listening on loopback.
pub struct FakeRemote {
    pub addr: SocketAddr,
    pub domain: String,
    /// `scheme://domain`.
    pub base: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeRemote {
    /// Starts a server with actors `http://<domain>/users/<name>` for each name.
    pub async fn start(domain: &str, names: &[&str]) -> Self {
        Self::start_with(Some(domain), "http", names, FakeOptions { shared_inbox: true, ..FakeOptions::default() })
            .await
    }

    /// Like [`FakeRemote::start`], with options.
    pub async fn start_with_options(domain: &str, names: &[&str], options: FakeOptions) -> Self {
        Self::start_with(Some(domain), "http", names, options).await
    }

    /// Starts a server whose actor ids use its own loopback address and the
    /// given scheme (`https://127.0.0.1:PORT/users/<name>`).
    pub async fn start_at_own_address(scheme: &str, names: &[&str]) -> Self {
        Self::start_with(None, scheme, names, FakeOptions { shared_inbox: true, ..FakeOptions::default() }).await
    }

    async fn start_with(domain: Option<&str>, scheme: &str, names: &[&str], options: FakeOptions) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("addr: {e}"));
        let domain = domain.map_or_else(|| addr.to_string(), str::to_owned);
        let base = format!("{scheme}://{domain}");
        let mut actors = HashMap::new();
        for name in names {
            let keys = coopfed_service::keys::generate().unwrap_or_else(|e| panic!("key generation: {e}"));
            let key_id = key_id(&base, &options, name);
            let key = SigningKey::from_pem(key_id, &keys.private_pem).unwrap_or_else(|e| panic!("key: {e}"));
            actors.insert((*name).to_owned(), Actor { key, public_pem: keys.public_pem, previous: None });
        }
        let shared = Arc::new(Shared {
            base: base.clone(),
            actors: Mutex::new(actors),
            received: Mutex::new(Vec::new()),
            options,
            fetches: std::sync::atomic::AtomicUsize::new(0),
            actor_fields: Mutex::new(HashMap::new()),
            documents: Mutex::new(HashMap::new()),
            gets: Mutex::new(Vec::new()),
            keys: Mutex::new(HashMap::new()),
            key_fetches: Mutex::new(Vec::new()),
            verified: Mutex::new(Vec::new()),
            refused: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/{kind}/{name}", get(actor_document))
            .route("/{kind}/{name}/main-key", get(key_document))
            .route("/{kind}/{name}/inbox", post(inbox))
            .route("/inbox", post(shared_inbox))
            .route("/.well-known/webfinger", get(webfinger))
            .fallback(get(document))
            .layer(axum::middleware::from_fn_with_state(Arc::clone(&shared), record_get))
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, domain, base, shared, server }
    }

    /// The id of a fake actor.
    pub fn actor_id(&self, name: &str) -> String {
        format!("{}/{}/{name}", self.base, self.shared.options.actor_path())
    }

    /// Merges `fields` into the document of actor `name` (e.g. another `type`).
    pub fn set_actor_fields(&self, name: &str, fields: Value) {
        if let (Ok(mut all), Value::Object(fields)) = (self.shared.actor_fields.lock(), fields) {
            all.entry(name.to_owned()).or_default().extend(fields);
        }
    }

    /// Serves `document` at `path` (`/path` or `/path?query`).
    pub fn serve(&self, path: &str, document: Value) {
        if let Ok(mut documents) = self.shared.documents.lock() {
            documents.insert(path.to_owned(), document);
        }
    }

    /// Every GET so far, as `/path?query`.
    pub fn gets(&self) -> Vec<String> {
        self.shared.gets.lock().map(|g| g.clone()).unwrap_or_default()
    }

    /// `domain=address`, for `COOPFED_FEDERATION_RESOLVE`.
    pub fn resolve_entry(&self) -> String {
        format!("{}={}", self.domain, self.addr)
    }

    /// Signature headers for a request made by actor `name`.
    pub fn sign(
        &self,
        name: &str,
        method: &str,
        path: &str,
        host: &str,
        body: Option<&[u8]>,
    ) -> Vec<(&'static str, String)> {
        self.sign_at(name, method, path, host, body, SystemTime::now())
    }

    /// Like [`FakeRemote::sign`] with a chosen `Date`.
    pub fn sign_at(
        &self,
        name: &str,
        method: &str,
        path: &str,
        host: &str,
        body: Option<&[u8]>,
        at: SystemTime,
    ) -> Vec<(&'static str, String)> {
        self.sign_with(name, false, method, path, host, body, at)
    }

    /// Signs with actor `name`'s key, or the one it had before its last rotation.
    #[expect(clippy::too_many_arguments, reason = "the parts of a signed request")]
    fn sign_with(
        &self,
        name: &str,
        previous: bool,
        method: &str,
        path: &str,
        host: &str,
        body: Option<&[u8]>,
        at: SystemTime,
    ) -> Vec<(&'static str, String)> {
        let actors = self.shared.actors.lock().unwrap_or_else(|e| panic!("lock: {e}"));
        let actor = actors.get(name).unwrap_or_else(|| panic!("no fake actor {name}"));
        let key = if previous {
            actor.previous.as_ref().unwrap_or_else(|| panic!("{name} never rotated"))
        } else {
            &actor.key
        };
        key.sign_request(method, path, host, body, at).unwrap_or_else(|e| panic!("signing: {e}"))
    }

    /// Gives actor `name` a new key pair under the same key id (key
    /// rotation); its document shows the new key.
    pub fn rotate_key(&self, name: &str) {
        self.rotate_key_as(name, key_id(&self.base, &self.shared.options, name));
    }

    /// Gives actor `name` a new key pair under a new key id (`…#key-2`).
    pub fn rotate_key_to_new_id(&self, name: &str) -> String {
        let key_id = format!("{}#key-2", self.actor_id(name));
        self.rotate_key_as(name, key_id.clone());
        key_id
    }

    fn rotate_key_as(&self, name: &str, key_id: String) {
        let keys = coopfed_service::keys::generate().unwrap_or_else(|e| panic!("key generation: {e}"));
        let key = SigningKey::from_pem(key_id, &keys.private_pem).unwrap_or_else(|e| panic!("key: {e}"));
        let mut actors = self.shared.actors.lock().unwrap_or_else(|e| panic!("lock: {e}"));
        let previous = actors.remove(name).map(|old| old.key);
        actors.insert(name.to_owned(), Actor { key, public_pem: keys.public_pem, previous });
    }

    /// Like [`FakeRemote::sign`], with the key `name` had before its last rotation.
    pub fn sign_with_previous_key(
        &self,
        name: &str,
        method: &str,
        path: &str,
        host: &str,
        body: Option<&[u8]>,
    ) -> Vec<(&'static str, String)> {
        self.sign_with(name, true, method, path, host, body, SystemTime::now())
    }

    /// The public key (PEM) actor `name` has now.
    pub fn public_key_pem(&self, name: &str) -> Option<String> {
        self.shared.actors.lock().ok()?.get(name).map(|actor| actor.public_pem.clone())
    }

    /// How many times actor or key documents were fetched so far.
    pub fn fetches(&self) -> usize {
        self.shared.fetches.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Activities posted to this server's inboxes so far.
    pub fn received(&self) -> Vec<Value> {
        self.shared.received.lock().map(|r| r.iter().map(|(_, v)| v.clone()).collect()).unwrap_or_default()
    }

    /// Key ids fetched to verify POSTs (with `verify_signatures`), in order.
    pub fn key_fetches(&self) -> Vec<String> {
        self.shared.key_fetches.lock().map(|k| k.clone()).unwrap_or_default()
    }

    /// Key ids of the POSTs that verified (with `verify_signatures`), in order.
    pub fn verified_key_ids(&self) -> Vec<String> {
        self.shared.verified.lock().map(|k| k.clone()).unwrap_or_default()
    }

    /// Why POSTs were refused (with `verify_signatures`), in order.
    pub fn refused(&self) -> Vec<String> {
        self.shared.refused.lock().map(|k| k.clone()).unwrap_or_default()
    }

    /// Every POST so far as (inbox: an actor name or `shared`, activity id).
    pub fn deliveries(&self) -> Vec<(String, String)> {
        self.shared
            .received
            .lock()
            .map(|r| {
                r.iter().map(|(inbox, v)| (inbox.clone(), v["id"].as_str().unwrap_or_default().to_owned())).collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for FakeRemote {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn key_id(base: &str, options: &FakeOptions, name: &str) -> String {
    let path = options.actor_path();
    if options.key_apart { format!("{base}/{path}/{name}/main-key") } else { format!("{base}/{path}/{name}#main-key") }
}

/// Records every GET's path and query.
async fn record_get(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if request.method() == axum::http::Method::GET {
        let uri = request.uri();
        let path = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
        if let Ok(mut gets) = shared.gets.lock() {
            gets.push(path);
        }
    }
    next.run(request).await
}

/// A document registered with [`FakeRemote::serve`].
async fn document(State(shared): State<Arc<Shared>>, uri: axum::http::Uri) -> Result<Json<Value>, StatusCode> {
    let path = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let documents = shared.documents.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    documents.get(&path).cloned().map(Json).ok_or(StatusCode::NOT_FOUND)
}

#[derive(serde::Deserialize)]
struct WebfingerQuery {
    resource: String,
}

/// WebFinger for `acct:NAME@DOMAIN` of a fake actor.
async fn webfinger(
    State(shared): State<Arc<Shared>>,
    axum::extract::Query(query): axum::extract::Query<WebfingerQuery>,
) -> Result<Json<Value>, StatusCode> {
    let name = query.resource.trim_start_matches("acct:").split('@').next().unwrap_or_default().to_owned();
    if !shared.actors.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?.contains_key(&name) {
        return Err(StatusCode::NOT_FOUND);
    }
    let href = format!("{}/{}/{name}", shared.base, shared.options.actor_path());
    Ok(Json(json!({
        "subject": query.resource,
        "links": [{ "rel": "self", "type": "application/activity+json", "href": href }],
    })))
}

/// A key kept apart from its actor: the key and its owner.
async fn key_document(
    State(shared): State<Arc<Shared>>,
    Path((kind, name)): Path<(String, String)>,
) -> Result<Json<Value>, StatusCode> {
    shared.fetches.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    if !shared.options.key_apart || kind != shared.options.actor_path() {
        return Err(StatusCode::NOT_FOUND);
    }
    let public_pem = {
        let actors = shared.actors.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
        actors.get(&name).ok_or(StatusCode::NOT_FOUND)?.public_pem.clone()
    };
    let owner = format!("{}/{kind}/{name}", shared.base);
    Ok(Json(json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": key_id(&shared.base, &shared.options, &name),
        "type": "Key",
        "owner": owner,
        "publicKeyPem": public_pem,
    })))
}

async fn actor_document(
    State(shared): State<Arc<Shared>>,
    Path((kind, name)): Path<(String, String)>,
    uri: axum::http::Uri,
) -> Result<Json<Value>, StatusCode> {
    if kind != shared.options.actor_path() {
        return document(State(shared), uri).await;
    }
    shared.fetches.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (public_pem, key_id) = {
        let actors = shared.actors.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
        let actor = actors.get(&name).ok_or(StatusCode::NOT_FOUND)?;
        (actor.public_pem.clone(), actor.key.key_id().to_owned())
    };
    let id = format!("{}/{kind}/{name}", shared.base);
    let mut document = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id,
        "type": "Person",
        "preferredUsername": name,
        "name": format!("Fake {name}"),
        "inbox": format!("{id}/inbox"),
        "publicKey": { "id": key_id, "owner": id, "publicKeyPem": public_pem },
    });
    if shared.options.shared_inbox {
        document["endpoints"] = json!({ "sharedInbox": format!("{}/inbox", shared.base) });
    }
    let extra = shared.actor_fields.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?.get(&name).cloned();
    if let (Some(extra), Some(map)) = (extra, document.as_object_mut()) {
        map.extend(extra);
    }
    Ok(Json(document))
}

async fn inbox(
    State(shared): State<Arc<Shared>>,
    Path((_, name)): Path<(String, String)>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    record(&shared, name, &uri, &headers, &body).await
}

async fn shared_inbox(
    State(shared): State<Arc<Shared>>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    record(&shared, "shared".into(), &uri, &headers, &body).await
}

async fn record(
    shared: &Shared,
    inbox: String,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> StatusCode {
    if !shared.options.delay.is_zero() {
        tokio::time::sleep(shared.options.delay).await;
    }
    if shared.options.verify_signatures {
        let path = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
        match verify(shared, &path, headers, body).await {
            Ok(key_id) => push(&shared.verified, key_id),
            Err(why) => {
                push(&shared.refused, why);
                return StatusCode::UNAUTHORIZED;
            }
        }
    }
    let Ok(body) = serde_json::from_slice::<Value>(body) else { return StatusCode::BAD_REQUEST };
    if let Ok(mut received) = shared.received.lock() {
        received.push((inbox, body));
    }
    StatusCode::ACCEPTED
}

fn push(list: &Mutex<Vec<String>>, item: String) {
    if let Ok(mut list) = list.lock() {
        list.push(item);
    }
}

/// Checks a POST's signature with the key its key id names: the kept one, or
/// (a key id not seen before) the one fetched from the sender.
async fn verify(shared: &Shared, path: &str, headers: &axum::http::HeaderMap, body: &[u8]) -> Result<String, String> {
    use coopfed_federation::signatures::{DateWindow, prepare_verification};
    let headers: std::collections::BTreeMap<String, String> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    let host = shared.base.split_once("://").map_or(shared.base.as_str(), |(_, host)| host);
    let pending =
        prepare_verification("POST", path, &headers, Some(body), host, DateWindow::default(), SystemTime::now())
            .map_err(|e| e.to_string())?;
    let key_id = pending.key_id().to_owned();
    let kept = shared.keys.lock().map_err(|e| e.to_string())?.get(&key_id).cloned();
    let pem = match kept {
        Some(pem) => pem,
        None => {
            push(&shared.key_fetches, key_id.clone());
            let pem = fetch_key(&shared.options.resolve, &key_id).await?;
            shared.keys.lock().map_err(|e| e.to_string())?.insert(key_id.clone(), pem.clone());
            pem
        }
    };
    pending.verify(&pem).map_err(|e| format!("{key_id}: {e}"))?;
    Ok(key_id)
}

/// The PEM of key `key_id`, from its actor's document (whose `publicKey`
/// must have that id) or a key document of its own.
async fn fetch_key(resolve: &[(String, SocketAddr)], key_id: &str) -> Result<String, String> {
    let mut client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5));
    for (domain, addr) in resolve {
        client = client.resolve(domain, *addr);
    }
    let client = client.build().map_err(|e| e.to_string())?;
    let url = key_id.split('#').next().unwrap_or(key_id);
    let document: Value = client
        .get(url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .map_err(|e| format!("{key_id}: {e}"))?
        .json()
        .await
        .map_err(|e| format!("{key_id}: {e}"))?;
    let key = if document["id"] == key_id { &document } else { &document["publicKey"] };
    if key["id"] != key_id {
        return Err(format!("{key_id}: the document at {url} names key {}", key["id"]));
    }
    key["publicKeyPem"].as_str().map(str::to_owned).ok_or_else(|| format!("{key_id}: no publicKeyPem"))
}
