//! Inbox endpoints: per actor and shared. Activities are verified and stored
//! before the answer (202); processing happens in the background.

use std::{collections::BTreeMap, net::IpAddr};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Response},
};
use coopfed_db::actors::{self, ActorKind, ActorRow};
use coopfed_federation::inbox::{self, InboxError, IncomingRequest};

use crate::{AppError, AppState, auth::ClientAddress};

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
    request: InboxPost,
) -> Result<Response, AppError> {
    let InboxPost { client, uri, headers, body } = request;
    let federation = state.federation();
    let path_and_query = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let request = IncomingRequest {
        method: Method::POST.as_str(),
        path_and_query: &path_and_query,
        headers: header_map(&headers),
        body: &body,
        client,
    };
    match inbox::receive(federation, recipient.as_ref(), request).await {
        Ok(received) => {
            state.metrics().count_inbox(received.label(), "");
            Ok(StatusCode::ACCEPTED.into_response())
        }
        Err(error) => {
            state.metrics().count_inbox("refused", error.reason());
            tracing::info!(%error, path = %path_and_query, "inbox refused an activity");
            Err(match error {
                InboxError::BadRequest(message) => AppError::BadRequest(message),
                InboxError::Signature(e) => AppError::Signature(e.to_string()),
                InboxError::WrongSigner(message) => AppError::Signature(message),
                InboxError::Forbidden(message) => AppError::ForbiddenMessage(message),
                InboxError::TooLarge => AppError::TooLarge,
                InboxError::TooMany(wait) => AppError::TooManyRequests(wait.as_secs().max(1)),
                InboxError::Unavailable(cause) => {
                    tracing::warn!(%cause, "inbox unavailable");
                    AppError::Unavailable
                }
            })
        }
    }
}

/// What an inbox POST brings: the client's address, the URI, headers and body.
pub(crate) struct InboxPost {
    client: Option<IpAddr>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl axum::extract::FromRequest<AppState> for InboxPost {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Ok(ClientAddress(client)) =
            <ClientAddress as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await;
        let (uri, headers) = (parts.uri.clone(), parts.headers.clone());
        let request = axum::extract::Request::from_parts(parts, body);
        let body = Bytes::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        Ok(Self { client, uri, headers, body })
    }
}

pub(crate) async fn shared(State(state): State<AppState>, request: InboxPost) -> Result<Response, AppError> {
    post(&state, None, request).await
}

/// The inbox of a local actor of `actor_kind` named `name`.
pub(crate) async fn of_actor(
    state: AppState,
    actor_kind: ActorKind,
    name: String,
    request: InboxPost,
) -> Result<Response, AppError> {
    let recipient = state
        .db()
        .run(move |conn| actors::find_local(conn, actor_kind, &name))
        .await?
        .ok_or(AppError::NotFound("actor"))?;
    // A co-op that left the directory takes nothing more (its actor only
    // lingers for what is queued in its name).
    let check = recipient.clone();
    if state.db().run(move |conn| coopfed_db::members::is_former_member(conn, &check)).await? {
        return Err(AppError::Gone("member co-op"));
    }
    post(&state, Some(recipient), request).await
}

/// `POST /{networks|groups|members}/{name}/inbox`.
pub(crate) async fn post_part(
    State(state): State<AppState>,
    actor_kind: ActorKind,
    Path((name, part)): Path<(String, String)>,
    request: InboxPost,
) -> Result<Response, AppError> {
    if part != "inbox" {
        return Err(AppError::MethodNotAllowed);
    }
    of_actor(state, actor_kind, name, request).await
}

/// `POST /actor/inbox`.
pub(crate) async fn instance_actor(
    State(state): State<AppState>,
    Path(part): Path<String>,
    request: InboxPost,
) -> Result<Response, AppError> {
    if part != "inbox" {
        return Err(AppError::MethodNotAllowed);
    }
    let host = state.urls().domain().host().to_owned();
    of_actor(state, ActorKind::Application, host, request).await
}
