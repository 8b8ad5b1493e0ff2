//! The member directory across partner networks.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use coopfed_db::content;
use serde::{Deserialize, Serialize};

use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/members", get(list).post(create))
        .route("/api/v1/members/{slug}", axum::routing::put(replace).delete(remove))
}

/// A member co-op's profile as sent to the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MemberBody {
    /// Required when creating; ignored when replacing.
    slug: Option<String>,
    name: String,
    website: Option<String>,
    country: Option<String>,
    city: Option<String>,
    summary: Option<String>,
}

fn new_member(slug: String, body: MemberBody) -> coopfed_service::members::NewMember {
    coopfed_service::members::NewMember {
        slug,
        name: body.name,
        website: body.website,
        country: body.country,
        city: body.city,
        summary: body.summary,
    }
}

#[utoipa::path(post, path = "/api/v1/members", operation_id = "post_members", tag = "members", security(("bearer" = [])), request_body = MemberBody, responses((status = 201, body = Object), (status = 401, description = "Authentication required", body = crate::openapi::ErrorBody), (status = 403, description = "Not allowed", body = crate::openapi::ErrorBody), (status = 422, description = "A field is invalid", body = crate::openapi::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Json(body): Json<MemberBody>,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), AppError> {
    if user.user.role != "admin" {
        return Err(AppError::Forbidden("only admins add member co-ops"));
    }
    let slug =
        body.slug.clone().ok_or_else(|| AppError::Invalid { field: "slug".into(), message: "is required".into() })?;
    let federation = state.federation();
    let member = coopfed_service::members::create(
        state.db(),
        Some(federation.outbound()),
        &user.actor(),
        state.urls(),
        new_member(slug, body),
    )
    .await?;
    federation.wake_deliveries.notify_one();
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({ "slug": member.slug, "actor": state.urls().member(&member.slug).to_string() })),
    ))
}

#[utoipa::path(put, path = "/api/v1/members/{slug}", operation_id = "put_members_by_key", tag = "members", security(("bearer" = [])), params(("slug" = String, Path)), request_body = MemberBody, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::openapi::ErrorBody), (status = 403, description = "Not allowed", body = crate::openapi::ErrorBody), (status = 404, body = crate::openapi::ErrorBody), (status = 422, description = "A field is invalid", body = crate::openapi::ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
    Json(body): Json<MemberBody>,
) -> Result<Json<serde_json::Value>, AppError> {
    let member_id =
        coopfed_service::jobs::member_id(state.db(), &slug).await?.ok_or(AppError::NotFound("member co-op"))?;
    if user.user.role != "admin" && user.user.member_id.as_deref() != Some(member_id.as_str()) {
        return Err(AppError::Forbidden("you may only edit your own co-op"));
    }
    let federation = state.federation();
    let member =
        coopfed_service::members::update(state.db(), federation.outbound(), &user.actor(), new_member(slug, body))
            .await?;
    federation.wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "slug": member.slug, "name": member.name })))
}

#[utoipa::path(delete, path = "/api/v1/members/{slug}", operation_id = "delete_members_by_key", tag = "members", security(("bearer" = [])), params(("slug" = String, Path)), responses((status = 204, description = "Removed"), (status = 401, description = "Authentication required", body = crate::openapi::ErrorBody), (status = 403, description = "Not allowed", body = crate::openapi::ErrorBody), (status = 404, body = crate::openapi::ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    if user.user.role != "admin" {
        return Err(AppError::Forbidden("only admins remove member co-ops"));
    }
    let federation = state.federation();
    coopfed_service::members::remove(state.db(), federation.outbound(), &user.actor(), &slug).await?;
    federation.wake_deliveries.notify_one();
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberItem {
    slug: String,
    name: String,
    actor: String,
    website: Option<String>,
    country: Option<String>,
    city: Option<String>,
    summary: Option<String>,
    local: bool,
    network: MemberNetwork,
    logo_url: Option<String>,
    /// `[latitude, longitude]`.
    coordinates: Option<[f64; 2]>,
    social_links: Vec<String>,
    joined: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberNetwork {
    slug: String,
    domain: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberList {
    items: Vec<MemberItem>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct MemberQuery {
    /// Words to find in the name, description, services, technologies or city (all of them; prefixes match).
    q: Option<String>,
    /// A skill: slug, alias or label in any language.
    skill: Option<String>,
    /// Domain of the co-op's network.
    network: Option<String>,
    country: Option<String>,
    size_min: Option<i32>,
    size_max: Option<i32>,
}

fn filter_of(query: MemberQuery) -> Result<content::MemberFilter, AppError> {
    let skill = match query.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => {
            Some(coopfed_core::skills::Taxonomy::builtin().resolve(name).map(|s| s.slug.clone()).ok_or_else(|| {
                AppError::Invalid { field: "skill".into(), message: format!("unknown skill `{name}`") }
            })?)
        }
        None => None,
    };
    let country = query.country.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    if country.as_deref().is_some_and(|c| !coopfed_core::codes::is_country(c)) {
        return Err(AppError::Invalid {
            field: "country".into(),
            message: "must be an ISO 3166-1 alpha-2 code".into(),
        });
    }
    Ok(content::MemberFilter {
        skill,
        network_domain: query.network.filter(|n| !n.trim().is_empty()),
        country,
        size_min: query.size_min,
        size_max: query.size_max,
        text: query.q.as_deref().map(coopfed_db::jobs::search_terms).unwrap_or_default(),
    })
}

/// Local member co-ops first, then those mirrored from partner networks.
#[utoipa::path(get, path = "/api/v1/members", operation_id = "get_members", tag = "members", params(MemberQuery), responses((status = 200, body = MemberList), (status = 422, description = "A field is invalid", body = crate::openapi::ErrorBody)))]
async fn list(State(state): State<AppState>, Query(query): Query<MemberQuery>) -> Result<Json<MemberList>, AppError> {
    let filter = filter_of(query)?;
    let rows = state.db().run(move |conn| content::search_members(conn, &filter)).await?;
    Ok(Json(MemberList {
        items: rows
            .into_iter()
            .map(|listed| MemberItem {
                slug: listed.member.slug,
                name: listed.member.name,
                actor: listed.actor_ap_id,
                website: listed.member.website,
                country: listed.member.country,
                city: listed.member.city,
                summary: listed.member.summary,
                local: listed.local,
                network: MemberNetwork { slug: listed.network_slug, domain: listed.network_domain },
                logo_url: listed.member.logo_url,
                coordinates: listed.member.latitude.zip(listed.member.longitude).map(|(lat, lon)| [lat, lon]),
                social_links: serde_json::from_str(&listed.member.social_links).unwrap_or_default(),
                joined: listed.member.joined_on.map(|d| d.to_string()),
            })
            .collect(),
    }))
}
