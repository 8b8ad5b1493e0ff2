//! The few server-rendered pages of the foundation: the home page and the
//! shared page layout, plus security headers on every response.

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::{Html, Response},
    routing::get,
};
use coopfed_core::{JOBS_GROUP, NEWS_GROUP};
use coopfed_db::networks;
use coopfed_federation::html::{escape, paragraphs};

use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// Wraps page content in the common layout.
pub(crate) fn layout(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main>{body}</main></body></html>\n",
        escape(title)
    ))
}

async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let network = state.db().run(networks::find_local).await?.ok_or(AppError::NotFound("network"))?;
    let domain = state.urls().domain().to_string();
    let body = format!(
        "<h1>{name}</h1>{summary}<p>Follow from any fediverse account:</p><ul>\
         <li><code>@{slug}@{domain}</code>: everything the network publishes</li>\
         <li><code>@{JOBS_GROUP}@{domain}</code>: job offers</li>\
         <li><code>@{NEWS_GROUP}@{domain}</code>: news and events</li></ul>\
         <p><a href=\"/login\">Log in</a></p>",
        name = escape(&network.display_name),
        summary = network.summary.as_deref().map(paragraphs).unwrap_or_default(),
        slug = escape(&network.slug),
        domain = escape(&domain),
    );
    Ok(layout(&network.display_name, &body))
}

/// Middleware: headers every response carries.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let is_html =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
        );
    }
    response
}
