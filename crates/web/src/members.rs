//! The member directory across partner networks.

use axum::{Json, Router, extract::State, routing::get};
use coopfed_db::content;
use serde::Serialize;

use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/members", get(list))
}

#[derive(Debug, Serialize)]
struct MemberItem {
    slug: String,
    name: String,
    actor: String,
    website: Option<String>,
    country: Option<String>,
    city: Option<String>,
    summary: Option<String>,
    local: bool,
    network: NetworkRef,
}

#[derive(Debug, Serialize)]
struct NetworkRef {
    slug: String,
    domain: String,
}

#[derive(Debug, Serialize)]
struct MemberList {
    items: Vec<MemberItem>,
}

/// Local member co-ops first, then those mirrored from partner networks.
async fn list(State(state): State<AppState>) -> Result<Json<MemberList>, AppError> {
    let rows = state.db().run(content::list_all_members).await?;
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
                network: NetworkRef { slug: listed.network_slug, domain: listed.network_domain },
            })
            .collect(),
    }))
}
