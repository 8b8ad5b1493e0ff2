//! REST API `/api/v1`: the instance and the current user.

use axum::{Json, extract::State};
use coopfed_core::{JOBS_GROUP, NEWS_GROUP};
use coopfed_db::{DbError, networks};
use serde::Serialize;

use crate::access::{
    Access::{Account, Public},
    Routes,
};
use crate::{AppError, AppState, auth::CurrentUser};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/api/v1/instance", Public, instance).get("/api/v1/me", Account, me)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct InstanceInfo {
    domain: String,
    version: &'static str,
    network: NetworkInfo,
    /// Handles to follow from any fediverse account.
    handles: Handles,
    nodeinfo: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NetworkInfo {
    slug: String,
    name: String,
    summary: Option<String>,
    actor: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Handles {
    network: String,
    jobs: String,
    news: String,
}

#[utoipa::path(get, path = "/api/v1/instance", operation_id = "get_instance", tag = "instance", responses((status = 200, body = InstanceInfo)))]
async fn instance(State(state): State<AppState>) -> Result<Json<InstanceInfo>, AppError> {
    let network = state.db().run(|conn| networks::find_local(conn)?.ok_or(DbError::NotFound)).await?;
    let urls = state.urls();
    let domain = urls.domain().to_string();
    Ok(Json(InstanceInfo {
        handles: Handles {
            network: format!("@{}@{domain}", network.slug),
            jobs: format!("@{JOBS_GROUP}@{domain}"),
            news: format!("@{NEWS_GROUP}@{domain}"),
        },
        network: NetworkInfo {
            actor: urls.network(&network.slug).to_string(),
            slug: network.slug,
            name: network.display_name,
            summary: network.summary,
        },
        nodeinfo: urls.at("/nodeinfo/2.1").to_string(),
        version: state.inner.version,
        domain,
    }))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Me {
    id: String,
    username: String,
    role: String,
    email: Option<String>,
    /// Slug of the member co-op the user edits.
    member: Option<String>,
    has_password: bool,
    created_at: String,
    /// `token` or `session`.
    authenticated_by: &'static str,
}

#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "accounts", security(("bearer" = [])), responses((status = 200, body = Me), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn me(State(state): State<AppState>, current: CurrentUser) -> Result<Json<Me>, AppError> {
    let user = current.user;
    let member = match user.member_id.clone() {
        Some(id) => state.db().run(move |conn| coopfed_db::members::member_slug(conn, &id)).await?,
        None => None,
    };
    Ok(Json(Me {
        member,
        authenticated_by: match current.credential {
            crate::auth::Credential::Token => "token",
            crate::auth::Credential::Session(_) => "session",
        },
        has_password: user.password_hash.is_some(),
        created_at: coopfed_federation::actors::timestamp(user.created_at),
        id: user.id,
        username: user.username,
        role: user.role.to_string(),
        email: user.email,
    }))
}
