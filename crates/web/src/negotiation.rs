//! Content negotiation: ActivityPub documents for servers, pages for browsers.

use axum::{
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use coopfed_federation::ACTIVITY_JSON;

/// The representation the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    ActivityJson,
    Html,
}

/// ActivityPub media types win; then HTML for browsers; anything else
/// (`*/*`, no header) gets JSON.
pub(crate) fn negotiate(headers: &HeaderMap) -> Wanted {
    let accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
        .to_ascii_lowercase();
    if accept.contains("application/activity+json") || accept.contains("application/ld+json") {
        Wanted::ActivityJson
    } else if accept.contains("text/html") {
        Wanted::Html
    } else {
        Wanted::ActivityJson
    }
}

/// A JSON response with the ActivityPub content type.
pub(crate) fn activity_json(value: &impl serde::Serialize) -> Response {
    let mut response = axum::Json(value).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ACTIVITY_JSON));
    response
}
