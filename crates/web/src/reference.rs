//! Reference data: the skills taxonomy and the known networks.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use coopfed_core::skills::{LANGUAGES, Taxonomy};
use coopfed_db::{actors, follows, networks};
use coopfed_service::skills::{SkillChange, SkillInput};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::access::{
    Access::{Admin, Public},
    Routes,
};
use crate::{AppError, AppState};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/skills", Public, skills)
        .get("/api/v1/networks", Public, list_networks)
        .post("/api/v1/admin/skills", Admin, add_skill)
        .patch("/api/v1/admin/skills/{slug}", Admin, change_skill)
        .delete("/api/v1/admin/skills/{slug}", Admin, remove_skill)
        .post("/api/v1/admin/skill-categories", Admin, add_category)
}

/// A skill to add to the taxonomy.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewSkillBody {
    slug: String,
    /// The slug of an existing category.
    category: String,
    /// Labels by language (en, de, nl, fr); `en` is required, the others default to it.
    labels: std::collections::BTreeMap<String, String>,
    /// Other names (matched ignoring case), like `k8s`.
    #[serde(default)]
    aliases: Vec<String>,
}

/// A change to a skill (built-in ones too).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SkillChangeBody {
    /// Labels to replace, by language; the others stay.
    #[serde(default)]
    labels: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    add_aliases: Vec<String>,
    #[serde(default)]
    remove_aliases: Vec<String>,
}

/// A category of skills to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCategoryBody {
    slug: String,
    /// Labels by language (en, de, nl, fr); `en` is required, the others default to it.
    labels: std::collections::BTreeMap<String, String>,
}

/// Adds a skill to the taxonomy.
#[utoipa::path(post, path = "/api/v1/admin/skills", operation_id = "post_admin_skills", tag = "admin", security(("bearer" = [])), request_body = NewSkillBody, responses((status = 201, description = "Added"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 409, description = "The slug, an alias or a label is taken", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn add_skill(
    State(state): State<AppState>,
    crate::admin::AdminUser(admin): crate::admin::AdminUser,
    Json(body): Json<NewSkillBody>,
) -> Result<StatusCode, AppError> {
    let input = SkillInput { slug: body.slug, category: body.category, labels: body.labels, aliases: body.aliases };
    state.federation().skills.add_skill(&admin.actor(), input).await?;
    Ok(StatusCode::CREATED)
}

/// Changes a skill's labels and aliases.
#[utoipa::path(patch, path = "/api/v1/admin/skills/{slug}", operation_id = "patch_admin_skills_by_key", tag = "admin", security(("bearer" = [])), params(("slug" = String, Path)), request_body = SkillChangeBody, responses((status = 204, description = "Changed"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, description = "An alias or label is taken", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn change_skill(
    State(state): State<AppState>,
    crate::admin::AdminUser(admin): crate::admin::AdminUser,
    Path(slug): Path<String>,
    Json(body): Json<SkillChangeBody>,
) -> Result<StatusCode, AppError> {
    let change =
        SkillChange { labels: body.labels, add_aliases: body.add_aliases, remove_aliases: body.remove_aliases };
    state.federation().skills.change_skill(&admin.actor(), &slug, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a skill an admin added, when nothing names it.
#[utoipa::path(delete, path = "/api/v1/admin/skills/{slug}", operation_id = "delete_admin_skills_by_key", tag = "admin", security(("bearer" = [])), params(("slug" = String, Path)), responses((status = 204, description = "Removed"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, description = "Built in, or still named", body = crate::error::ErrorBody)))]
async fn remove_skill(
    State(state): State<AppState>,
    crate::admin::AdminUser(admin): crate::admin::AdminUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, AppError> {
    state.federation().skills.remove_skill(&admin.actor(), &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a category of skills.
#[utoipa::path(post, path = "/api/v1/admin/skill-categories", operation_id = "post_admin_skill_categories", tag = "admin", security(("bearer" = [])), request_body = NewCategoryBody, responses((status = 201, description = "Added"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 409, description = "The slug is taken", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn add_category(
    State(state): State<AppState>,
    crate::admin::AdminUser(admin): crate::admin::AdminUser,
    Json(body): Json<NewCategoryBody>,
) -> Result<StatusCode, AppError> {
    state.federation().skills.add_category(&admin.actor(), &body.slug, body.labels).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SkillQuery {
    /// A slug, alias or label in any language: answers with that one skill.
    q: Option<String>,
}

fn labels(values: &[String; 4]) -> Map<String, Value> {
    LANGUAGES
        .iter()
        .zip(values.iter())
        .map(|(lang, label)| ((*lang).to_owned(), Value::String(label.clone())))
        .collect()
}

/// The skills taxonomy, grouped by category, with labels in en, de, nl and fr.
#[utoipa::path(get, path = "/api/v1/skills", operation_id = "get_skills", tag = "reference", params(SkillQuery), responses((status = 200, body = Object), (status = 404, body = crate::error::ErrorBody)))]
async fn skills(State(state): State<AppState>, Query(query): Query<SkillQuery>) -> Result<Json<Value>, AppError> {
    let taxonomy = state.federation().skills.current().await?;
    let wanted = match query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => Some(taxonomy.resolve(q).map(|s| s.slug.clone()).ok_or(AppError::NotFound("skill"))?),
        None => None,
    };
    let skills: Vec<Value> = taxonomy
        .skills()
        .iter()
        .filter(|s| wanted.as_deref().is_none_or(|w| w == s.slug))
        .map(|s| {
            serde_json::json!({
                "slug": s.slug,
                "category": s.category,
                "labels": labels(&s.labels),
                "aliases": s.aliases,
                "builtin": Taxonomy::is_builtin(&s.slug),
            })
        })
        .collect();
    let categories: Vec<Value> = taxonomy
        .categories()
        .iter()
        .map(|c| serde_json::json!({ "slug": c.slug, "labels": labels(&c.labels) }))
        .collect();
    Ok(Json(serde_json::json!({ "categories": categories, "skills": skills })))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NetworkItem {
    slug: String,
    domain: String,
    name: String,
    local: bool,
    /// Followed both ways by the local network.
    partner: bool,
}

/// This network and every network it knows of, partners marked.
#[utoipa::path(get, path = "/api/v1/networks", operation_id = "get_networks", tag = "reference", responses((status = 200, body = Vec<NetworkItem>)))]
async fn list_networks(State(state): State<AppState>) -> Result<Json<Vec<NetworkItem>>, AppError> {
    let items = state
        .db()
        .run(|conn| -> Result<Vec<NetworkItem>, coopfed_db::DbError> {
            let partner_domains: Vec<String> = match networks::find_local(conn)? {
                Some(local) => match actors::find_local(conn, actors::ActorKind::Network, &local.slug)? {
                    Some(actor) => follows::mutual(conn, &actor.id)?.into_iter().map(|a| a.domain).collect(),
                    None => Vec::new(),
                },
                None => Vec::new(),
            };
            Ok(networks::list(conn)?
                .into_iter()
                .map(|n| NetworkItem {
                    partner: !n.is_local && partner_domains.contains(&n.domain),
                    slug: n.slug,
                    domain: n.domain,
                    name: n.display_name,
                    local: n.is_local,
                })
                .collect())
        })
        .await?;
    Ok(Json(items))
}
