//! Job offers: their ActivityPub documents and the federated job listing.

use axum::{
    Json,
    extract::{Path, Query, State},
    response::Response,
};
use coopfed_core::records::Problem;
use coopfed_db::{DbConnection, DbError, actors, jobs, jobs::JobRow, members};
use coopfed_federation::{
    objects::{job_context, job_page},
    protocol::WithContext,
};
use serde::{Deserialize, Serialize};

use crate::access::{
    Access::{Editor, Public},
    Routes,
};
use crate::{
    AppError, AppState,
    params::invalid,
    stream::{Item, may_change, may_write_for, paged, reference},
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/jobs/{id}", Public, crate::stream::page::<JobRow>)
        .get("/api/v1/jobs", Public, list)
        .post("/api/v1/jobs", Editor, create)
        .put("/api/v1/jobs/{id}", Editor, replace)
        .delete("/api/v1/jobs/{id}", Editor, withdraw)
}

const FORBIDDEN: &str = "you may only manage your own co-op's offers";

impl Item for JobRow {
    const PATH: &'static str = "jobs";
    const NOUN: &'static str = "job";
    const FORBIDDEN: &'static str = FORBIDDEN;
    /// The co-op actor's id and the offer's skills.
    type Shown = (String, Vec<String>);

    fn load(conn: &mut DbConnection, ap_id: &str) -> Result<Option<(Self, Self::Shown)>, DbError> {
        let Some(job) = jobs::find_by_ap_id(conn, ap_id)?.filter(|j| j.is_local) else { return Ok(None) };
        let member = members::find_member_by_id(conn, &job.member_id)?.ok_or(DbError::NotFound)?;
        let author = actors::find_by_id(conn, &member.actor_id)?.ok_or(DbError::NotFound)?;
        let skills = jobs::skills_of(conn, &job.id)?;
        Ok(Some((job, (author.ap_id, skills))))
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    fn document(&self, (author, skills): &Self::Shown, state: &AppState) -> Response {
        let page = job_page(self, author, self.audience.as_slice(), skills, state.urls().base());
        crate::negotiation::activity_json(&WithContext::new(page, job_context()))
    }
}

#[utoipa::path(post, path = "/api/v1/jobs", operation_id = "post_jobs", tag = "jobs", security(("bearer" = [])), request_body = coopfed_service::jobs::JobInput, responses((status = 201, description = "Published", body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), AppError> {
    let member = body.get("member").and_then(serde_json::Value::as_str).map(str::to_owned);
    let member = member.ok_or_else(|| invalid("member", Problem::Required))?;
    let member_id = coopfed_service::jobs::member_id(state.db(), &member)
        .await?
        .ok_or_else(|| invalid("member", Problem::UnknownMember { slug: member.clone() }))?;
    may_write_for(&user, Some(&member_id), FORBIDDEN)?;
    let federation = state.federation();
    let taxonomy = federation.skills.current().await?;
    let title = body.get("title").and_then(serde_json::Value::as_str).unwrap_or_default();
    let slug = coopfed_service::jobs::fresh_slug(title);
    let record = coopfed_service::jobs::record_from_json(
        body,
        &slug,
        None,
        (coopfed_core::clock::today(), state.language()),
        &taxonomy,
    )
    .map_err(AppError::InvalidFields)?;
    let job = coopfed_service::jobs::publish(&state.writer(user.actor()), state.urls(), record).await?;
    federation.wake_deliveries.notify_one();
    Ok((axum::http::StatusCode::CREATED, Json(serde_json::json!({ "id": job.ap_id, "title": job.title }))))
}

#[utoipa::path(put, path = "/api/v1/jobs/{id}", operation_id = "put_jobs_by_key", tag = "jobs", security(("bearer" = [])), params(("id" = String, Path, description = "The last part of the offer's id")), request_body = coopfed_service::jobs::JobInput, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Path(id): Path<String>,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> Result<Json<serde_json::Value>, AppError> {
    let reference = reference::<JobRow>(&state, &id);
    let owner = may_change::<JobRow>(&state, &user, &reference).await?.ok_or(AppError::NotFound("job"))?;
    let member = coopfed_service::members::slug_of(state.db(), &owner).await?;
    let federation = state.federation();
    let taxonomy = federation.skills.current().await?;
    let slug = match coopfed_service::jobs::slug_of(state.db(), &reference).await? {
        Some(slug) => slug,
        None => coopfed_service::jobs::fresh_slug(body.get("title").and_then(serde_json::Value::as_str).unwrap_or("")),
    };
    let record = coopfed_service::jobs::record_from_json(
        body,
        &slug,
        Some(&member),
        (coopfed_core::clock::today(), state.language()),
        &taxonomy,
    )
    .map_err(AppError::InvalidFields)?;
    let job = coopfed_service::jobs::update(&state.writer(user.actor()), &reference, record).await?;
    federation.wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "id": job.ap_id, "title": job.title })))
}

#[utoipa::path(delete, path = "/api/v1/jobs/{id}", operation_id = "delete_jobs_by_key", tag = "jobs", security(("bearer" = [])), params(("id" = String, Path, description = "The last part of the offer's id")), responses((status = 204, description = "Withdrawn"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    crate::stream::withdraw::<JobRow>(&state, &user, &id).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Include offers whose `valid_through` has passed.
    #[serde(default)]
    pub(crate) include_expired: bool,
    /// Keyset cursor: the `next` value of the previous page.
    pub(crate) before: Option<String>,
    pub(crate) limit: Option<i64>,
    /// Words to find in the title, summary or text (all of them; prefixes match).
    pub(crate) q: Option<String>,
    /// A skill: slug, alias or label in any language.
    pub(crate) skill: Option<String>,
    /// Domain of the offer's network.
    pub(crate) network: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) remote: Option<String>,
    pub(crate) employment_type: Option<String>,
    /// Language of the offer's text (ISO 639-1).
    pub(crate) language: Option<String>,
    /// Offers paying at least this much (upper end of the range).
    pub(crate) salary_min: Option<String>,
    /// YYYY-MM-DD.
    pub(crate) posted_since: Option<String>,
}

impl ListQuery {
    /// The filters as query parameters (for the next page's link).
    pub(crate) fn pairs(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("q", self.q.as_deref()),
            ("skill", self.skill.as_deref()),
            ("network", self.network.as_deref()),
            ("country", self.country.as_deref()),
            ("remote", self.remote.as_deref()),
            ("employment_type", self.employment_type.as_deref()),
            ("language", self.language.as_deref()),
            ("salary_min", self.salary_min.as_deref()),
            ("posted_since", self.posted_since.as_deref()),
        ]
    }
}

pub(crate) fn filter_of(
    query: &ListQuery,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<jobs::JobFilter, AppError> {
    use crate::params::text;
    let skill = crate::params::skill(&query.skill, taxonomy)?;
    let country = crate::params::country(&query.country)?;
    let remote = match text(&query.remote).as_deref() {
        None => None,
        Some("true" | "1" | "yes") => Some(true),
        Some("false" | "0" | "no") => Some(false),
        Some(_) => return Err(invalid("remote", Problem::NotTrueOrFalse)),
    };
    let employment_type = text(&query.employment_type);
    if employment_type.as_deref().is_some_and(|t| !coopfed_core::jobs::EMPLOYMENT_TYPES.contains(&t)) {
        return Err(invalid(
            "employment_type",
            Problem::NotOneOf {
                value: employment_type.unwrap_or_default(),
                allowed: coopfed_core::jobs::EMPLOYMENT_TYPES.join(", "),
            },
        ));
    }
    let lang = crate::params::language(&query.language)?;
    let salary_at_least = match text(&query.salary_min) {
        Some(n) => Some(
            n.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| invalid("salary_min", Problem::NotNumber))?,
        ),
        None => None,
    };
    let posted_since = match text(&query.posted_since) {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| invalid("posted_since", Problem::NotDate { text: d.clone() }))?,
        ),
        None => None,
    };
    Ok(jobs::JobFilter {
        skill,
        network_domain: text(&query.network),
        country,
        remote,
        employment_type,
        lang,
        salary_at_least,
        posted_since,
        text: query.q.as_deref().map(jobs::search_terms).unwrap_or_default(),
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct JobItem {
    id: String,
    title: String,
    summary: Option<String>,
    employment_type: String,
    remote: bool,
    posted: String,
    valid_through: String,
    local: bool,
    member: MemberRef,
    network: JobNetwork,
    /// Groups that announced or accepted the offer.
    provenance: Vec<String>,
    skills: Vec<String>,
    city: Option<String>,
    country: Option<String>,
    salary: Option<Salary>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Salary {
    min: f64,
    max: f64,
    currency: String,
    period: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MemberRef {
    slug: String,
    name: String,
    actor: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct JobNetwork {
    slug: String,
    domain: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct JobPage {
    items: Vec<JobItem>,
    next: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/jobs", operation_id = "get_jobs", tag = "jobs", params(ListQuery), responses((status = 200, body = JobPage), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list(State(state): State<AppState>, Query(query): Query<ListQuery>) -> Result<Json<JobPage>, AppError> {
    let limit = crate::stream::page_size(query.limit);
    let today = coopfed_core::clock::today();
    let filter = filter_of(&query, &*state.federation().skills.current().await?)?;
    let rows = state
        .db()
        .run(move |conn| jobs::search(conn, today, query.include_expired, &filter, query.before.as_deref(), limit + 1))
        .await?;
    let (rows, next) = paged(rows, limit, |r| r.job.id.to_string());
    let items: Vec<JobItem> = rows
        .into_iter()
        .map(|listed| JobItem {
            id: listed.job.ap_id.clone(),
            title: listed.job.title.clone(),
            summary: listed.job.summary.clone(),
            employment_type: listed.job.employment_type.clone(),
            remote: listed.job.remote,
            posted: listed.job.posted_on.to_string(),
            valid_through: listed.job.valid_through.to_string(),
            local: listed.job.is_local,
            member: MemberRef { slug: listed.member_slug, name: listed.member_name, actor: listed.member_ap_id },
            network: JobNetwork { slug: listed.network_slug, domain: listed.network_domain },
            provenance: listed.provenance,
            skills: listed.skills,
            city: listed.job.location_city.clone(),
            country: listed.job.location_country.clone(),
            salary: match (
                listed.job.salary_min,
                listed.job.salary_max,
                &listed.job.salary_currency,
                &listed.job.salary_period,
            ) {
                (Some(min), Some(max), Some(currency), Some(period)) => {
                    Some(Salary { min, max, currency: currency.clone(), period: period.clone() })
                }
                _ => None,
            },
        })
        .collect();
    Ok(Json(JobPage { items, next }))
}
