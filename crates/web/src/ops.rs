//! Health, readiness and Prometheus metrics.

use std::{
    sync::{Arc, atomic::AtomicU64},
    time::Instant,
};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
        info::Info,
    },
    registry::Registry,
};

use crate::access::{
    Access::{MetricsToken, Public},
    Routes,
};
use crate::{AppError, AppState};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/healthz", Public, healthz).get("/readyz", Public, readyz).get("/metrics", MetricsToken, metrics)
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: the database answers.
async fn readyz(State(state): State<AppState>) -> Result<&'static str, AppError> {
    match state.db().ping().await {
        Ok(()) => Ok("ready\n"),
        Err(cause) => {
            tracing::warn!(%cause, "readiness check failed");
            Err(AppError::Unavailable)
        }
    }
}

/// Labels of an answered request: never the raw path, which would let
/// clients create unbounded label sets.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// An inbox POST's outcome and, when refused, why.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InboxLabels {
    outcome: &'static str,
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

/// What `/metrics` shows, registered once (prometheus-client): counters kept
/// in this process, gauges read from the database at each scrape.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    inbox: Family<InboxLabels, Counter>,
    uptime: Gauge<f64, AtomicU64>,
    queue: Family<StateLabels, Gauge>,
    hosts: Family<StateLabels, Gauge>,
    moderation: Gauge,
    kept: Family<OutcomeLabels, Counter>,
    started: Arc<std::sync::OnceLock<Instant>>,
}

fn request_histogram() -> Histogram {
    // 1 ms … ~8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

impl Metrics {
    /// The metrics of a server at `version`, with the federation's delivery counters.
    pub fn new(version: &str, federation: &coopfed_federation::metrics::FederationMetrics) -> Self {
        let mut registry = Registry::with_prefix("coopfed");
        let info = Info::new(vec![("version".to_owned(), version.to_owned())]);
        registry.register("build", "Build information", info);
        let uptime = Gauge::<f64, AtomicU64>::default();
        registry.register("uptime_seconds", "Seconds since the server started", uptime.clone());
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by route pattern and status", requests.clone());
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(request_histogram);
        registry.register("http_request_duration_seconds", "Time spent answering requests", durations.clone());
        let inbox = Family::<InboxLabels, Counter>::default();
        registry.register(
            "inbox_activities",
            "Activities posted to inboxes, by outcome (accepted, duplicate, ignored, refused) and why refused",
            inbox.clone(),
        );
        registry.register(
            "deliveries",
            "Delivery attempts made by this process, by outcome (delivered, retry, failed)",
            federation.deliveries.clone(),
        );
        let queue = Family::<StateLabels, Gauge>::default();
        registry.register(
            "delivery_queue",
            "Deliveries in the queue by state; pending is the queue depth",
            queue.clone(),
        );
        let hosts = Family::<StateLabels, Gauge>::default();
        registry.register(
            "remote_hosts",
            "Remote hosts failing since their last success, and dead ones",
            hosts.clone(),
        );
        let moderation = Gauge::default();
        registry.register("moderation_queue", "Open reports and follows waiting for review", moderation.clone());
        let kept = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "kept_answers",
            "Public documents answered from what was kept (kept), rendered again (rendered), or rendered because \
             whether the database changed was unknown (unknown)",
            kept.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            durations,
            inbox,
            uptime,
            queue,
            hosts,
            moderation,
            kept,
            started: Arc::default(),
        }
    }

    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let (method, route) = (method.to_owned(), route.to_owned());
        self.durations.get_or_create(&RouteLabels { method: method.clone(), route: route.clone() }).observe(seconds);
        self.requests.get_or_create(&RequestLabels { method, route, status }).inc();
    }

    /// Counts an inbox outcome: `accepted`, `duplicate`, `ignored`, or
    /// `refused` with its reason.
    pub fn count_inbox(&self, outcome: &'static str, reason: &'static str) {
        self.inbox.get_or_create(&InboxLabels { outcome, reason }).inc();
    }

    /// Counts an answer of [`crate::kept`]: `kept`, `rendered` or `unknown`.
    pub(crate) fn count_kept(&self, outcome: &'static str) {
        self.kept.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    /// The Prometheus text exposition, with the database's figures read now.
    pub async fn render(&self, db: &coopfed_db::Database) -> Result<String, coopfed_db::DbError> {
        let (states, (failing, dead), waiting) = db
            .run(|conn| {
                let states = coopfed_db::deliveries::counts(conn)?;
                let hosts = coopfed_db::hosts::count_unwell(conn)?;
                Ok::<_, coopfed_db::DbError>((states, hosts, coopfed_db::reports::count_queue(conn)?))
            })
            .await?;
        for state in coopfed_db::deliveries::DeliveryState::ALL {
            let n = states.iter().find(|(s, _)| s == state.as_str()).map_or(0, |(_, n)| *n);
            self.queue.get_or_create(&StateLabels { state: state.as_str() }).set(n);
        }
        self.hosts.get_or_create(&StateLabels { state: "failing" }).set(failing);
        self.hosts.get_or_create(&StateLabels { state: "dead" }).set(dead);
        self.moderation.set(waiting);
        self.uptime.set(self.started.get_or_init(Instant::now).elapsed().as_secs_f64());
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .map_err(|e| coopfed_db::DbError::Unavailable(e.to_string()))?;
        Ok(out)
    }

    /// Marks the start time (called when the server starts).
    pub fn start(&self) {
        self.started.get_or_init(Instant::now);
    }
}

/// Prometheus metrics, for the bearer of `server.metrics_token` only; off
/// (404) when no token is configured, so the public port shows nothing.
async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(token) = &state.inner.metrics_token else {
        return AppError::NotFound("metrics (set server.metrics_token)").into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !token.matches(sent.trim()) {
        return AppError::Unauthorized.into_response();
    }
    let text = match state.metrics().render(state.db()).await {
        Ok(text) => text,
        Err(cause) => {
            tracing::warn!(%cause, "cannot read the figures for /metrics");
            return AppError::Unavailable.into_response();
        }
    };
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

/// Middleware: counts requests by route pattern (never by raw path, which would
/// let clients create unbounded label sets) and logs failures.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    let seconds = started.elapsed().as_secs_f64();
    state.metrics().record(&method, &route, status.as_u16(), seconds);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::warn!(%method, %route, status = status.as_u16(), "request failed");
    } else {
        tracing::debug!(%method, %route, status = status.as_u16(), ms = seconds * 1000.0, "request");
    }
    response
}

/// Middleware: a strong `ETag` (a hash of the body) on successful GET answers
/// of the API and feeds, and `304 Not Modified` when `If-None-Match` matches.
pub(crate) async fn etags(request: Request, next: Next) -> Response {
    use sha2::{Digest as _, Sha256};
    let is_get = request.method() == axum::http::Method::GET;
    let path = request.uri().path().to_owned();
    let wanted = request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let response = next.run(request).await;
    let cacheable = is_get
        && response.status() == StatusCode::OK
        && (path.starts_with("/api/v1/") || path.starts_with("/feeds/"))
        && !path.starts_with("/api/v1/admin")
        && path != "/api/v1/me";
    if !cacheable {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    let digest = Sha256::digest(&bytes);
    let tag: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{tag}\"");
    let matches =
        wanted.is_some_and(|w| w.split(',').any(|candidate| candidate.trim().trim_start_matches("W/") == etag));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
