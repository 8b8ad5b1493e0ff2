//! News and events: their ActivityPub documents and the federated listing.

use axum::{
    Json,
    extract::{Path, Query, State},
    response::Response,
};
use coopfed_db::{DbConnection, DbError, actors, announcements, announcements::AnnouncementRow, members};
use coopfed_federation::{
    actors::timestamp,
    objects::{announcement_context, announcement_object},
    protocol::WithContext,
};
use serde::{Deserialize, Serialize};

use crate::access::{
    Access::{Editor, Public},
    Routes,
};
use crate::{
    AppError, AppState,
    stream::{Item, may_change, may_write_for, paged, reference},
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/announcements/{id}", Public, crate::stream::page::<AnnouncementRow>)
        .get("/api/v1/announcements", Public, list)
        .post("/api/v1/announcements", Editor, create)
        .put("/api/v1/announcements/{id}", Editor, replace)
        .delete("/api/v1/announcements/{id}", Editor, withdraw)
}

impl Item for AnnouncementRow {
    const PATH: &'static str = "announcements";
    const NOUN: &'static str = "announcement";
    const FORBIDDEN: &'static str = "you may only change your own co-op's announcements";
    /// The writing actor: the co-op's, or the network's.
    type Shown = actors::ActorRow;

    fn load(conn: &mut DbConnection, ap_id: &str) -> Result<Option<(Self, Self::Shown)>, DbError> {
        let Some(row) = announcements::find_by_ap_id(conn, ap_id)?.filter(|a| a.is_local) else { return Ok(None) };
        let author = match &row.member_id {
            Some(member_id) => {
                let member = members::find_member_by_id(conn, member_id)?.ok_or(DbError::NotFound)?;
                actors::find_by_id(conn, &member.actor_id)?.ok_or(DbError::NotFound)?
            }
            None => actors::local_network(conn)?.ok_or(DbError::NotFound)?,
        };
        Ok(Some((row, author)))
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    fn document(&self, author: &Self::Shown, _: &AppState) -> Response {
        let object = announcement_object(self, &author.ap_id, self.audience.as_slice());
        crate::negotiation::activity_json(&WithContext::new(object, announcement_context()))
    }
}

/// News or an event as sent to the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AnnouncementBody {
    /// `news` or `event`.
    kind: String,
    /// The writing co-op's slug; absent: the network itself (admins only).
    member: Option<String>,
    title: String,
    summary: Option<String>,
    content: String,
    lang: Option<String>,
    start: Option<chrono::DateTime<chrono::FixedOffset>>,
    end: Option<chrono::DateTime<chrono::FixedOffset>>,
    timezone: Option<String>,
    place: Option<String>,
    city: Option<String>,
    country: Option<String>,
    online_url: Option<String>,
    #[serde(default)]
    publish_to_all: bool,
}

impl From<AnnouncementBody> for coopfed_service::announcements::AnnouncementInput {
    fn from(body: AnnouncementBody) -> Self {
        Self {
            kind: body.kind,
            member: body.member,
            title: body.title,
            summary: body.summary,
            content: body.content,
            lang: body.lang,
            starts_at: body.start,
            ends_at: body.end,
            timezone: body.timezone,
            location_name: body.place,
            city: body.city,
            country: body.country,
            online_url: body.online_url,
            publish_to_all: body.publish_to_all,
        }
    }
}

/// Admins write for the network and every co-op; an editor for its own co-op.
async fn may_write_as(state: &AppState, user: &crate::auth::CurrentUser, member: Option<&str>) -> Result<(), AppError> {
    let member_id = match member {
        Some(slug) => coopfed_service::jobs::member_id(state.db(), slug).await?,
        None => None,
    };
    let refusal = if member.is_some() {
        "you may only write for your own co-op"
    } else {
        "only admins write for the network itself"
    };
    may_write_for(user, member_id.as_deref(), refusal)
}

#[utoipa::path(post, path = "/api/v1/announcements", operation_id = "post_announcements", tag = "announcements", security(("bearer" = [])), request_body = AnnouncementBody, responses((status = 201, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Json(body): Json<AnnouncementBody>,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), AppError> {
    may_write_as(&state, &user, body.member.as_deref()).await?;
    let federation = state.federation();
    let row = coopfed_service::announcements::publish(&state.writer(user.actor()), state.urls(), body.into()).await?;
    federation.wake_deliveries.notify_one();
    Ok((axum::http::StatusCode::CREATED, Json(serde_json::json!({ "id": row.ap_id, "title": row.title }))))
}

#[utoipa::path(put, path = "/api/v1/announcements/{id}", operation_id = "put_announcements_by_key", tag = "announcements", security(("bearer" = [])), params(("id" = String, Path)), request_body = AnnouncementBody, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> Result<Json<serde_json::Value>, AppError> {
    let reference = reference::<AnnouncementRow>(&state, &id);
    may_change::<AnnouncementRow>(&state, &user, &reference).await?;
    // Read only once the change is allowed: nobody learns more than "not allowed".
    let body: AnnouncementBody = serde_json::from_value(body)
        .map_err(|e| AppError::Invalid { field: "body".into(), problem: e.to_string().into() })?;
    let federation = state.federation();
    let row = coopfed_service::announcements::update(&state.writer(user.actor()), &reference, body.into()).await?;
    federation.wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "id": row.ap_id, "title": row.title })))
}

#[utoipa::path(delete, path = "/api/v1/announcements/{id}", operation_id = "delete_announcements_by_key", tag = "announcements", security(("bearer" = [])), params(("id" = String, Path)), responses((status = 204, description = "Withdrawn"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    crate::stream::withdraw::<AnnouncementRow>(&state, &user, &id).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Keyset cursor: the `next` value of the previous page.
    pub(crate) before: Option<String>,
    pub(crate) limit: Option<i64>,
    /// Words to find in the title, summary or text (all of them; prefixes match).
    pub(crate) q: Option<String>,
    /// `news` or `event`.
    pub(crate) kind: Option<String>,
    /// Domain of the announcement's network.
    pub(crate) network: Option<String>,
    /// Language of the text (ISO 639-1).
    pub(crate) language: Option<String>,
    /// Country of an event's place.
    pub(crate) country: Option<String>,
    /// A skill: slug, alias or label in any language.
    pub(crate) skill: Option<String>,
}

impl ListQuery {
    /// The filters as query parameters (for the next page's link).
    pub(crate) fn pairs(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("q", self.q.as_deref()),
            ("kind", self.kind.as_deref()),
            ("network", self.network.as_deref()),
            ("language", self.language.as_deref()),
            ("country", self.country.as_deref()),
            ("skill", self.skill.as_deref()),
        ]
    }
}

/// The listing's filters from the query (the news and events feeds take the same).
pub(crate) fn filter_of(
    query: &ListQuery,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<announcements::AnnouncementFilter, AppError> {
    use crate::params::{invalid, text};
    use coopfed_core::records::Problem;
    let kind = match text(&query.kind) {
        Some(word) => Some(announcements::AnnouncementKind::parse(&word).ok_or_else(|| {
            invalid("kind", Problem::NotOneOf { value: word.clone(), allowed: "news, event".into() })
        })?),
        None => None,
    };
    let lang = crate::params::language(&query.language)?;
    let country = crate::params::country(&query.country)?;
    let skill = crate::params::skill(&query.skill, taxonomy)?;
    Ok(announcements::AnnouncementFilter {
        kind,
        network_domain: text(&query.network),
        local_only: false,
        lang,
        country,
        skill,
        text: query.q.as_deref().map(coopfed_db::jobs::search_terms).unwrap_or_default(),
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct AnnouncementItem {
    id: String,
    kind: String,
    title: String,
    summary: Option<String>,
    published: String,
    starts_at: Option<String>,
    ends_at: Option<String>,
    timezone: Option<String>,
    location: Option<String>,
    city: Option<String>,
    country: Option<String>,
    online_url: Option<String>,
    local: bool,
    network: AnnouncementNetwork,
    provenance: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct AnnouncementNetwork {
    slug: String,
    domain: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct AnnouncementPage {
    items: Vec<AnnouncementItem>,
    next: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/announcements", operation_id = "get_announcements", tag = "announcements", params(ListQuery), responses((status = 200, body = AnnouncementPage), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<AnnouncementPage>, AppError> {
    let limit = crate::stream::page_size(query.limit);
    let filter = filter_of(&query, &*state.federation().skills.current().await?)?;
    let rows =
        state.db().run(move |conn| announcements::search(conn, &filter, query.before.as_deref(), limit + 1)).await?;
    let (rows, next) = paged(rows, limit, |r| r.announcement.id.clone());
    let items = rows
        .into_iter()
        .map(|listed| {
            let a = listed.announcement;
            AnnouncementItem {
                id: a.ap_id,
                kind: a.kind.as_str().to_owned(),
                title: a.title,
                summary: a.summary,
                published: timestamp(a.published_at),
                starts_at: a.starts_at.map(timestamp),
                ends_at: a.ends_at.map(timestamp),
                timezone: a.timezone,
                location: a.venue.0.name,
                city: a.location_city,
                country: a.location_country,
                online_url: a.online_url,
                local: a.is_local,
                network: AnnouncementNetwork { slug: listed.network_slug, domain: listed.network_domain },
                provenance: listed.provenance,
            }
        })
        .collect();
    Ok(Json(AnnouncementPage { items, next }))
}
