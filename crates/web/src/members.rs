//! The member directory across partner networks.

use axum::{
    Json,
    extract::{Query, State},
};
use coopfed_core::Role;
use coopfed_db::members;
use serde::{Deserialize, Serialize};

use crate::access::{
    Access::{Admin, Editor, Public},
    Routes,
};
use crate::{AppError, AppState};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/members", Public, list)
        .post("/api/v1/members", Admin, create)
        .get("/api/v1/members/{slug}", Public, show)
        .put("/api/v1/members/{slug}", Editor, replace)
        .delete("/api/v1/members/{slug}", Admin, remove)
}

/// A member co-op's profile as sent to the API: the fields of the import
/// format (`tests/fixtures/data/README.md`), checked by the same rules.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[allow(dead_code, reason = "documents the request body; the handlers read it as JSON")]
struct MemberBody {
    /// Required when creating; the path's slug when replacing.
    slug: Option<String>,
    name: String,
    website: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    city: Option<String>,
    /// ISO 639-1 codes; default: the network's languages.
    #[serde(default)]
    languages: Vec<String>,
    legal_form: Option<String>,
    size: Option<i32>,
    founded: Option<i32>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    technologies: Vec<String>,
    #[serde(default)]
    sectors: Vec<String>,
    /// Slugs, aliases or labels in any language.
    #[serde(default)]
    skills: Vec<String>,
    contact_email: Option<String>,
    /// A text (in `description_lang`) or an object from language to text, like `{"en": …, "de": …}`.
    #[schema(value_type = Object)]
    description: Option<serde_json::Value>,
    description_lang: Option<String>,
    /// `{"lat", "lon"}` in degrees.
    #[schema(value_type = Object)]
    coordinates: Option<serde_json::Value>,
    logo_url: Option<String>,
    #[serde(default)]
    social_links: Vec<String>,
    /// YYYY-MM-DD.
    joined: Option<String>,
}

/// Reads a profile sent as JSON; `slug` replaces the body's when given.
pub(crate) async fn record_of(
    state: &AppState,
    body: serde_json::Value,
    slug: Option<&str>,
) -> Result<coopfed_core::members::MemberRecord, AppError> {
    let languages = vec![state.language().to_owned()];
    let taxonomy = state.federation().skills.current().await?;
    coopfed_service::members::record_from_json(body, slug, &languages, &taxonomy).map_err(AppError::InvalidFields)
}

#[utoipa::path(post, path = "/api/v1/members", operation_id = "post_members", tag = "members", security(("bearer" = [])), request_body = MemberBody, responses((status = 201, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 409, description = "The slug is taken", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Json(body): Json<serde_json::Value>,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), AppError> {
    if user.user.role != Role::Admin {
        return Err(AppError::Forbidden("only admins add member co-ops"));
    }
    let record = record_of(&state, body, None).await?;
    let slug = record.slug.to_string();
    let federation = state.federation();
    coopfed_service::members::save(
        &state.writer(user.actor()),
        state.urls(),
        record,
        coopfed_service::members::Expect::New,
    )
    .await?;
    federation.wake_deliveries.notify_one();
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({ "slug": slug, "actor": state.urls().member(&slug).to_string() })),
    ))
}

#[utoipa::path(put, path = "/api/v1/members/{slug}", operation_id = "put_members_by_key", tag = "members", security(("bearer" = [])), params(("slug" = String, Path)), request_body = MemberBody, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
    Json(body): Json<serde_json::Value>,
) -> Result<Json<serde_json::Value>, AppError> {
    let member_id =
        coopfed_service::jobs::member_id(state.db(), &slug).await?.ok_or(AppError::NotFound("member co-op"))?;
    if user.user.role != Role::Admin && user.user.member_id.as_deref() != Some(member_id.as_str()) {
        return Err(AppError::Forbidden("you may only edit your own co-op"));
    }
    let record = record_of(&state, body, Some(&slug)).await?;
    let name = record.name.clone();
    let federation = state.federation();
    coopfed_service::members::save(
        &state.writer(user.actor()),
        state.urls(),
        record,
        coopfed_service::members::Expect::Existing,
    )
    .await?;
    federation.wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "slug": slug, "name": name })))
}

#[utoipa::path(delete, path = "/api/v1/members/{slug}", operation_id = "delete_members_by_key", tag = "members", security(("bearer" = [])), params(("slug" = String, Path)), responses((status = 204, description = "Removed"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    if user.user.role != Role::Admin {
        return Err(AppError::Forbidden("only admins remove member co-ops"));
    }
    let federation = state.federation();
    coopfed_service::members::remove(&state.writer(user.actor()), &slug).await?;
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
    /// The description in its main language (`summary_lang`).
    summary: Option<String>,
    summary_lang: Option<String>,
    /// The description in every language it is given in, main language included.
    summaries: std::collections::BTreeMap<String, String>,
    local: bool,
    network: MemberNetwork,
    languages: Vec<String>,
    legal_form: Option<String>,
    size: Option<i32>,
    founded: Option<i32>,
    services: Vec<String>,
    technologies: Vec<String>,
    sectors: Vec<String>,
    skills: Vec<String>,
    contact_email: Option<String>,
    logo_url: Option<String>,
    /// `[latitude, longitude]`.
    coordinates: Option<[f64; 2]>,
    social_links: Vec<String>,
    joined: Option<String>,
}

impl MemberItem {
    fn new(listed: members::ListedMember, skills: Vec<String>) -> Self {
        let member = listed.member;
        let list = |items: &coopfed_db::JsonList| items.to_vec();
        let mut summaries: std::collections::BTreeMap<String, String> =
            member.translations.0.clone().into_iter().filter_map(|(lang, t)| t.summary.map(|s| (lang, s))).collect();
        if let Some(summary) = &member.summary {
            summaries.insert(member.summary_lang.clone().unwrap_or_else(|| "en".into()), summary.clone());
        }
        Self {
            actor: listed.actor_ap_id,
            website: member.website,
            country: member.country,
            city: member.city,
            summary: member.summary,
            summary_lang: member.summary_lang,
            summaries,
            local: listed.local,
            network: MemberNetwork { slug: listed.network_slug, domain: listed.network_domain },
            languages: list(&member.languages),
            legal_form: member.legal_form,
            size: member.size,
            founded: member.founded,
            services: list(&member.services),
            technologies: list(&member.technologies),
            sectors: list(&member.sectors),
            skills,
            contact_email: member.contact_email,
            logo_url: member.logo_url,
            coordinates: member.latitude.zip(member.longitude).map(|(lat, lon)| [lat, lon]),
            social_links: list(&member.social_links),
            joined: member.joined_on.map(|d| d.to_string()),
            slug: member.slug,
            name: member.name,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberNetwork {
    slug: String,
    domain: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberList {
    items: Vec<MemberItem>,
    /// The cursor of the next page (`after`); `null` on the last page.
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MemberQuery {
    /// Words to find in the name, description, services, technologies or city (all of them; prefixes match).
    pub(crate) q: Option<String>,
    /// A skill: slug, alias or label in any language.
    pub(crate) skill: Option<String>,
    /// Words to find in the services offered (all of them; prefixes match), like `hosting`.
    pub(crate) service: Option<String>,
    /// Words to find in the technologies used (all of them; prefixes match), like `django`.
    pub(crate) technology: Option<String>,
    /// Domain of the co-op's network.
    pub(crate) network: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) size_min: Option<i32>,
    pub(crate) size_max: Option<i32>,
    /// Keyset cursor: the `next` value of the previous page (`slug@domain`).
    pub(crate) after: Option<String>,
    /// Co-ops per page: 1 to 500, 100 by default.
    pub(crate) limit: Option<i64>,
}

pub(crate) fn filter_of(
    query: MemberQuery,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<members::MemberFilter, AppError> {
    let skill = crate::params::skill(&query.skill, taxonomy)?;
    let country = crate::params::country(&query.country)?;
    let after = match crate::params::text(&query.after) {
        None => None,
        Some(text) => Some(members::MemberCursor::parse(&text).ok_or_else(|| {
            crate::params::invalid(
                "after",
                "is not a cursor of this listing (use the `next` value of the previous page)",
            )
        })?),
    };
    let words = |text: Option<String>| text.as_deref().map(coopfed_db::jobs::search_terms).unwrap_or_default();
    Ok(members::MemberFilter {
        slug: None,
        skill,
        network_domain: query.network.filter(|n| !n.trim().is_empty()),
        country,
        size_min: query.size_min,
        size_max: query.size_max,
        text: words(query.q),
        service: words(query.service),
        technology: words(query.technology),
        after,
        limit: Some(query.limit.unwrap_or(100).clamp(1, 500) + 1),
    })
}

/// Local member co-ops first, then those mirrored from partner networks.
#[utoipa::path(get, path = "/api/v1/members", operation_id = "get_members", tag = "members", params(MemberQuery), responses((status = 200, body = MemberList), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list(State(state): State<AppState>, Query(query): Query<MemberQuery>) -> Result<Json<MemberList>, AppError> {
    let taxonomy = state.federation().skills.current().await?;
    let filter = filter_of(query, &taxonomy)?;
    let page_size = filter.limit.and_then(|l| usize::try_from(l - 1).ok()).unwrap_or(100);
    let (items, next) = state
        .db()
        .run(move |conn| -> Result<(Vec<MemberItem>, Option<String>), coopfed_db::DbError> {
            let mut rows = members::search_members(conn, &filter)?;
            let more = rows.len() > page_size;
            rows.truncate(page_size);
            let next = more
                .then(|| rows.last())
                .flatten()
                .map(|r| members::MemberCursor { domain: r.network_domain.clone(), slug: r.member.slug.clone() })
                .map(|c| c.to_string());
            let ids: Vec<String> = rows.iter().map(|r| r.member.id.to_string()).collect();
            let mut skills = coopfed_db::skills::member_skills_for(conn, &ids)?;
            Ok((
                rows.into_iter()
                    .map(|listed| {
                        let skills = skills.remove(listed.member.id.as_str()).unwrap_or_default();
                        MemberItem::new(listed, skills)
                    })
                    .collect::<Vec<_>>(),
                next,
            ))
        })
        .await?;
    Ok(Json(MemberList { items, next }))
}

/// One member co-op of this network or a partner's, by slug (`network` picks
/// among co-ops of the same slug; the local one is preferred).
#[utoipa::path(get, path = "/api/v1/members/{slug}", operation_id = "get_members_by_key", tag = "members", params(("slug" = String, Path), ("network" = Option<String>, Query, description = "Domain of the co-op's network")), responses((status = 200, body = MemberItem), (status = 404, body = crate::error::ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    Query(query): Query<NetworkQuery>,
) -> Result<Json<MemberItem>, AppError> {
    let item = state
        .db()
        .run(move |conn| -> Result<Option<MemberItem>, coopfed_db::DbError> {
            let filter =
                members::MemberFilter { slug: Some(slug), network_domain: query.network, ..Default::default() };
            let found = members::search_members(conn, &filter)?.into_iter().next();
            let Some(listed) = found else { return Ok(None) };
            let skills = coopfed_db::skills::member_skills_of(conn, &listed.member.id)?;
            Ok(Some(MemberItem::new(listed, skills)))
        })
        .await?;
    Ok(Json(item.ok_or(AppError::NotFound("member co-op"))?))
}

#[derive(Debug, Deserialize)]
struct NetworkQuery {
    network: Option<String>,
}
