//! Reference data: the skills taxonomy and the known networks.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use coopfed_core::skills::{LANGUAGES, Taxonomy};
use coopfed_db::{actors, follows, networks};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/skills", get(skills)).route("/api/v1/networks", get(list_networks))
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
#[utoipa::path(get, path = "/api/v1/skills", operation_id = "get_skills", tag = "reference", params(SkillQuery), responses((status = 200, body = Object), (status = 404, body = crate::openapi::ErrorBody)))]
async fn skills(Query(query): Query<SkillQuery>) -> Result<Json<Value>, AppError> {
    let taxonomy = Taxonomy::builtin();
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
                Some(local) => match actors::find_local(conn, actors::kind::NETWORK, &local.slug)? {
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
