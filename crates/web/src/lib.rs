//! The HTTP interface of coopfed: discovery (WebFinger, NodeInfo, host-meta),
//! actor documents and collections, accounts (login, sessions), the REST API
//! and operations endpoints.
//!
//! Handlers are thin: they parse, call a service or query, and render.

pub mod access;
mod accounts;
mod actors;
mod admin;
mod announcements;
mod api;
mod auth;
mod discovery;
mod error;
mod feeds;
mod i18n;
mod inbox;
mod jobs;
mod kept;
pub mod listener;
mod members;
mod negotiation;
mod openapi;
mod ops;
mod pages;
mod params;
mod reference;
mod stream;
mod ui;

use std::{sync::Arc, time::Duration};

use axum::{Router, extract::DefaultBodyLimit, middleware};
use coopfed_core::InstanceUrls;
use coopfed_db::Database;
use coopfed_federation::context::Federation;

pub use error::AppError;
pub use openapi::ApiDoc;
pub use ops::Metrics;

/// Largest request body accepted anywhere (1 MiB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<StateInner>,
}

struct StateInner {
    db: Database,
    urls: InstanceUrls,
    version: &'static str,
    secure_cookies: bool,
    language: String,
    metrics: Metrics,
    federation: Federation,
    request_timeout: Duration,
    metrics_token: Option<Secret>,
    /// The instance's secret for pre-login form tokens, read once.
    form_secret: tokio::sync::OnceCell<String>,
    /// Public documents kept rendered while the database does not change.
    kept: kept::Kept,
}

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebSettings {
    pub urls: InstanceUrls,
    /// The server's version, shown in NodeInfo and `/api/v1/instance`.
    pub version: &'static str,
    /// Mark cookies `Secure` (off only when the instance is served over plain HTTP).
    pub secure_cookies: bool,
    /// The network's main language (ISO 639-1): the default of records sent to the API.
    pub language: String,
    /// How long a handler may take before the answer is 503.
    pub request_timeout: Duration,
    /// The bearer token `/metrics` wants; without one, `/metrics` is off.
    pub metrics_token: Option<Secret>,
}

/// A secret from the configuration: compared in constant time, never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// Is `candidate` this secret?
    pub fn matches(&self, candidate: &str) -> bool {
        auth::same_secret(&self.0, candidate)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl AppState {
    pub fn new(db: Database, settings: WebSettings, federation: Federation) -> Self {
        // Starts watching the database for changes now (on PostgreSQL a
        // connection is opened in the background), not at the first GET.
        let _ = db.change_marker();
        Self {
            inner: Arc::new(StateInner {
                db,
                urls: settings.urls,
                version: settings.version,
                secure_cookies: settings.secure_cookies,
                language: settings.language,
                metrics: Metrics::new(settings.version, &federation.metrics),
                federation,
                request_timeout: settings.request_timeout,
                metrics_token: settings.metrics_token,
                form_secret: tokio::sync::OnceCell::new(),
                kept: kept::Kept::default(),
            }),
        }
    }

    pub fn db(&self) -> &Database {
        &self.inner.db
    }

    /// What a change to federated data by `actor` needs.
    pub fn writer(&self, actor: coopfed_service::Actor) -> coopfed_service::Writer {
        coopfed_service::Writer::new(self.db(), self.federation().outbound(), actor)
    }

    /// The network's main language.
    pub fn language(&self) -> &str {
        &self.inner.language
    }

    pub fn urls(&self) -> &InstanceUrls {
        &self.inner.urls
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub fn federation(&self) -> &Federation {
        &self.inner.federation
    }

    /// The secret of pre-login form tokens (created in the database on first use).
    pub(crate) async fn form_secret(&self) -> Result<&str, AppError> {
        let secret =
            self.inner.form_secret.get_or_try_init(|| coopfed_service::accounts::form_secret(self.db())).await?;
        Ok(secret)
    }
}

/// Answers 503 when a handler (reading the body included) takes longer
/// than the request timeout.
async fn request_timeout(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(state.inner.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, "a request took too long and was cut off");
            AppError::Unavailable.into_response()
        }
    }
}

/// Every route with its rule (see [`access`]).
fn all_routes() -> access::Routes {
    access::Routes::new()
        .merge(discovery::routes())
        .merge(actors::routes())
        .merge(accounts::routes())
        .merge(api::routes())
        .merge(admin::routes())
        .merge(jobs::routes())
        .merge(announcements::routes())
        .merge(members::routes())
        .merge(feeds::routes())
        .merge(reference::routes())
        .merge(openapi::routes())
        .merge(ops::routes())
        .merge(ui::routes())
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    all_routes()
        .into_router()
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), request_timeout))
        .layer(middleware::from_fn(ops::etags))
        .layer(middleware::from_fn(error::normalize_errors))
        .layer(middleware::from_fn_with_state(state.clone(), ui::page::html_errors))
        .layer(middleware::from_fn(pages::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), ops::track))
        .with_state(state)
}
