//! Inbox endpoints: per actor and shared. Activities are verified and stored
//! before the answer (202); processing happens in the background.

use std::collections::BTreeMap;

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Response},
};
use coopfed_db::actors::{self, ActorRow, kind};
use coopfed_federation::inbox::{self, InboxError, IncomingRequest};

use crate::{AppError, AppState};

fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let Ok(value) = value.to_str() else { continue };
        map.entry(name.as_str().to_ascii_lowercase())
            .and_modify(|existing| {
                existing.push_str(", ");
                existing.push_str(value);
            })
            .or_insert_with(|| value.to_owned());
    }
    map
}

/// Stores a posted activity for `recipient` (`None`: the shared inbox).
pub(crate) async fn post(
    state: &AppState,
    recipient: Option<ActorRow>,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, AppError> {
    let federation = state.federation();
    let path_and_query = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let request = IncomingRequest {
        method: Method::POST.as_str(),
        path_and_query: &path_and_query,
        headers: header_map(headers),
        body,
    };
    match inbox::receive(federation, recipient.as_ref(), request).await {
        Ok(new) => {
            state.metrics().count_inbox(if new { "accepted" } else { "duplicate" });
            Ok(StatusCode::ACCEPTED.into_response())
        }
        Err(error) => {
            state.metrics().count_inbox("refused");
            tracing::info!(%error, path = %path_and_query, "inbox refused an activity");
            Err(match error {
                InboxError::BadRequest(message) => AppError::BadRequest(message),
                InboxError::Signature(e) => AppError::Signature(e.to_string()),
                InboxError::WrongSigner(message) => AppError::Signature(message),
                InboxError::Forbidden(message) => AppError::ForbiddenMessage(message),
                InboxError::TooMany(wait) => AppError::TooManyRequests(wait.as_secs().max(1)),
                InboxError::Unavailable(cause) => {
                    tracing::warn!(%cause, "inbox unavailable");
                    AppError::Unavailable
                }
            })
        }
    }
}

pub(crate) async fn shared(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    post(&state, None, &uri, &headers, &body).await
}

/// The inbox of a local actor of `actor_kind` named `name`.
pub(crate) async fn of_actor(
    state: AppState,
    actor_kind: &'static str,
    name: String,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let recipient = state
        .db()
        .run(move |conn| actors::find_local(conn, actor_kind, &name))
        .await?
        .ok_or(AppError::NotFound("actor"))?;
    // A co-op that left the directory takes nothing more (its actor only
    // lingers for what is queued in its name).
    let check = recipient.clone();
    if state.db().run(move |conn| coopfed_db::content::is_former_member(conn, &check)).await? {
        return Err(AppError::Gone("member co-op"));
    }
    post(&state, Some(recipient), &uri, &headers, &body).await
}

/// `POST /{networks|groups|members}/{name}/inbox`.
pub(crate) async fn post_part(
    State(state): State<AppState>,
    actor_kind: &'static str,
    Path((name, part)): Path<(String, String)>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    if part != "inbox" {
        return Err(AppError::MethodNotAllowed);
    }
    of_actor(state, actor_kind, name, uri, headers, body).await
}

/// `POST /actor/inbox`.
pub(crate) async fn instance_actor(
    State(state): State<AppState>,
    Path(part): Path<String>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    if part != "inbox" {
        return Err(AppError::MethodNotAllowed);
    }
    let host = state.urls().domain().host().to_owned();
    of_actor(state, kind::APPLICATION, host, uri, headers, body).await
}
