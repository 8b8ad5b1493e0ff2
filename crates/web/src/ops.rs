//! Health, readiness and Prometheus metrics.

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    sync::{Arc, Mutex},
    time::Instant,
};

use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};

use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
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

/// (method, route pattern, status).
type RouteKey = (String, String, u16);

/// Request counts and durations, by method, route pattern and status.
#[derive(Clone, Default)]
pub struct Metrics {
    requests: Arc<Mutex<BTreeMap<RouteKey, RouteStats>>>,
    inbox: Arc<Mutex<BTreeMap<&'static str, u64>>>,
    started: Arc<std::sync::OnceLock<Instant>>,
}

#[derive(Default, Clone, Copy)]
struct RouteStats {
    count: u64,
    seconds: f64,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            let entry = map.entry((method.to_owned(), route.to_owned(), status)).or_default();
            entry.count += 1;
            entry.seconds += seconds;
        }
    }

    /// Counts an inbox outcome: `accepted`, `duplicate`, `ignored`, `refused`.
    pub fn count_inbox(&self, outcome: &'static str) {
        if let Ok(mut map) = self.inbox.lock() {
            *map.entry(outcome).or_default() += 1;
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, version: &str) -> String {
        let started = self.started.get_or_init(Instant::now);
        let mut out = String::new();
        let _ = writeln!(out, "# HELP coopfed_build_info Build information.");
        let _ = writeln!(out, "# TYPE coopfed_build_info gauge");
        let _ = writeln!(out, "coopfed_build_info{{version=\"{version}\"}} 1");
        let _ = writeln!(out, "# HELP coopfed_uptime_seconds Seconds since the server started.");
        let _ = writeln!(out, "# TYPE coopfed_uptime_seconds gauge");
        let _ = writeln!(out, "coopfed_uptime_seconds {:.3}", started.elapsed().as_secs_f64());
        let _ = writeln!(out, "# HELP coopfed_http_requests_total HTTP requests answered.");
        let _ = writeln!(out, "# TYPE coopfed_http_requests_total counter");
        let snapshot: Vec<_> = match self.requests.lock() {
            Ok(map) => map.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            Err(_) => Vec::new(),
        };
        for ((method, route, status), stats) in &snapshot {
            let _ = writeln!(
                out,
                "coopfed_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape_label(route),
                stats.count
            );
        }
        let _ = writeln!(out, "# HELP coopfed_http_request_duration_seconds_sum Time spent answering requests.");
        let _ = writeln!(out, "# TYPE coopfed_http_request_duration_seconds_sum counter");
        for ((method, route, status), stats) in &snapshot {
            let _ = writeln!(
                out,
                "coopfed_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {:.6}",
                escape_label(route),
                stats.seconds
            );
        }
        let _ = writeln!(out, "# HELP coopfed_inbox_activities_total Activities posted to inboxes, by outcome.");
        let _ = writeln!(out, "# TYPE coopfed_inbox_activities_total counter");
        if let Ok(map) = self.inbox.lock() {
            for (outcome, count) in map.iter() {
                let _ = writeln!(out, "coopfed_inbox_activities_total{{outcome=\"{outcome}\"}} {count}");
            }
        }
        out
    }

    /// Marks the start time (called when the server starts).
    pub fn start(&self) {
        self.started.get_or_init(Instant::now);
    }
}

fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
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
    let mut response = state.metrics().render(state.inner.version).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
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
