//! The admin API `/api/v1/admin`: partners and follows, follow requests, the
//! delivery queue and remote hosts. Admins only; a browser session must also
//! send its CSRF token in `X-CSRF-Token` for changes.

use axum::{
    Json,
    extract::{FromRequestParts, Path, Query, State},
    http::{StatusCode, request::Parts},
};
use coopfed_core::Role;
use coopfed_db::{actors, deliveries, follows};
use coopfed_federation::remote;
use coopfed_service::follows as follow_service;
use serde::{Deserialize, Serialize};

use crate::access::{Access::Admin, Routes};
use crate::{
    AppError, AppState,
    auth::{ApiUser, CurrentUser},
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/admin/follows", Admin, list_follows)
        .post("/api/v1/admin/follows", Admin, follow)
        .delete("/api/v1/admin/follows", Admin, unfollow)
        .post("/api/v1/admin/follows/{id}/accept", Admin, accept)
        .post("/api/v1/admin/follows/{id}/reject", Admin, reject)
        .delete("/api/v1/admin/partners/{domain}", Admin, end_partnership)
        .get("/api/v1/admin/deliveries", Admin, list_deliveries)
        .post("/api/v1/admin/deliveries/retry", Admin, retry)
        .post("/api/v1/admin/deliveries/give-up", Admin, give_up)
        .get("/api/v1/admin/hosts", Admin, list_hosts)
        .get("/api/v1/admin/audit", Admin, list_audit)
        .get("/api/v1/admin/domains", Admin, list_domains)
        .post("/api/v1/admin/domains", Admin, put_domain)
        .delete("/api/v1/admin/domains/{domain}", Admin, remove_domain)
        .get("/api/v1/admin/reports", Admin, list_reports)
        .post("/api/v1/admin/reports", Admin, send_report)
        .post("/api/v1/admin/reports/{id}/resolve", Admin, resolve_report)
        .get("/api/v1/admin/policies", Admin, get_policies)
        .put("/api/v1/admin/policies", Admin, put_policies)
        .get("/api/v1/admin/actors/blocked", Admin, list_blocked)
        .post("/api/v1/admin/actors/block", Admin, block_actor)
        .post("/api/v1/admin/actors/unblock", Admin, unblock_actor)
        .get("/api/v1/admin/users", Admin, list_users)
        .post("/api/v1/admin/users", Admin, create_user)
        .put("/api/v1/admin/users/{username}", Admin, change_user)
        .get("/api/v1/admin/keys", Admin, list_keys)
        .post("/api/v1/admin/keys/rotate", Admin, rotate_keys)
}

/// An authenticated admin (see [`ApiUser`] for the CSRF rule).
pub(crate) struct AdminUser(pub(crate) CurrentUser);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, state).await?;
        if user.user.role != Role::Admin {
            return Err(AppError::Forbidden("admins only"));
        }
        Ok(Self(user))
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct FollowItem {
    id: String,
    follower: String,
    target: String,
    state: String,
    /// Both sides follow each other (accepted).
    partner: bool,
}

#[utoipa::path(get, path = "/api/v1/admin/follows", operation_id = "get_admin_follows", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<FollowItem>), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_follows(State(state): State<AppState>, _admin: AdminUser) -> Result<Json<Vec<FollowItem>>, AppError> {
    let rows = state.db().run(follows::list_with_actors).await?;
    let accepted: std::collections::BTreeSet<(String, String)> = rows
        .iter()
        .filter(|(f, _, _)| f.state == follows::FollowState::Accepted)
        .map(|(_, a, b)| (a.clone(), b.clone()))
        .collect();
    Ok(Json(
        rows.into_iter()
            .map(|(follow, follower, target)| FollowItem {
                partner: accepted.contains(&(follower.clone(), target.clone()))
                    && accepted.contains(&(target.clone(), follower.clone())),
                id: follow.id,
                follower,
                target,
                state: follow.state.to_string(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct FollowRequest {
    /// `@name@domain`.
    handle: String,
    /// The local actor that follows: the network (default), `jobs` or `news`.
    #[serde(rename = "as")]
    local: Option<String>,
}

async fn local_actor(state: &AppState, name: Option<String>) -> Result<actors::ActorRow, AppError> {
    let network = state.db().run(coopfed_db::networks::find_local).await?.ok_or(AppError::NotFound("network"))?;
    let name = name.unwrap_or(network.slug);
    let found = state.db().run(move |conn| actors::find_local_by_username(conn, &name)).await?;
    found.filter(|a| a.kind == actors::ActorKind::Network || a.kind == actors::ActorKind::Group).ok_or_else(|| {
        AppError::Invalid { field: "as".into(), problem: "must name the network or a stream group".into() }
    })
}

async fn resolve(state: &AppState, handle: &str) -> Result<actors::ActorRow, AppError> {
    let federation = state.federation();
    let signer = federation.instance_signer().await.map_err(AppError::internal)?;
    remote::resolve_handle(&federation.client, state.db(), handle, &signer).await.map_err(|e| match e {
        remote::RemoteError::Db(db) => db.into(),
        other => AppError::Invalid { field: "handle".into(), problem: other.to_string().into() },
    })
}

#[utoipa::path(post, path = "/api/v1/admin/follows", operation_id = "post_admin_follows", tag = "admin", security(("bearer" = [])), request_body = FollowRequest, responses((status = 202, body = FollowItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn follow(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<FollowRequest>,
) -> Result<(StatusCode, Json<FollowItem>), AppError> {
    let (row, local, remote) = follow_for(&state, &admin, &request.handle, request.local).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(FollowItem {
            id: row.id,
            follower: local.ap_id,
            target: remote.ap_id,
            state: row.state.to_string(),
            partner: false,
        }),
    ))
}

/// `admin` has the local network (or the stream group `local`) follow the
/// actor at `handle`: the API and the console.
pub(crate) async fn follow_for(
    state: &AppState,
    admin: &CurrentUser,
    handle: &str,
    local: Option<String>,
) -> Result<(follows::FollowRow, actors::ActorRow, actors::ActorRow), AppError> {
    let local = local_actor(state, local).await?;
    let remote = resolve(state, handle).await?;
    let federation = state.federation();
    if remote.kind == actors::ActorKind::Group {
        if let Ok(signer) = federation.instance_signer().await {
            remote::discover_streams(&federation.client, state.db(), &remote.domain, &signer).await;
        }
    }
    let row = follow_service::follow(&state.writer(admin.actor()), state.urls(), local.clone(), remote.clone()).await?;
    federation.wake_deliveries.notify_one();
    Ok((row, local, remote))
}

#[utoipa::path(delete, path = "/api/v1/admin/follows", operation_id = "delete_admin_follows", tag = "admin", security(("bearer" = [])), request_body = FollowRequest, responses((status = 204, description = "Unfollowed"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn unfollow(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<FollowRequest>,
) -> Result<StatusCode, AppError> {
    let local = local_actor(&state, request.local).await?;
    let remote = resolve(&state, &request.handle).await?;
    let federation = state.federation();
    follow_service::unfollow(&state.writer(admin.actor()), local, remote).await?;
    federation.wake_deliveries.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/admin/follows/{id}/accept", operation_id = "post_admin_follows_accept_by_key", tag = "admin", security(("bearer" = [])), params(("id" = String, Path, description = "The follow request's id")), responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn accept(
    state: State<AppState>,
    admin: AdminUser,
    id: Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    decide(state, admin, id, true).await
}

#[utoipa::path(post, path = "/api/v1/admin/follows/{id}/reject", operation_id = "post_admin_follows_reject_by_key", tag = "admin", security(("bearer" = [])), params(("id" = String, Path, description = "The follow request's id")), responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn reject(
    state: State<AppState>,
    admin: AdminUser,
    id: Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    decide(state, admin, id, false).await
}

async fn decide(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<String>,
    accept: bool,
) -> Result<Json<serde_json::Value>, AppError> {
    let row = decide_for(&state, &admin, &id, accept).await?;
    Ok(Json(serde_json::json!({ "id": row.id, "state": row.state.as_str() })))
}

/// `admin` accepts or rejects a follow request waiting for review: the API
/// and the console.
pub(crate) async fn decide_for(
    state: &AppState,
    admin: &CurrentUser,
    id: &str,
    accept: bool,
) -> Result<follows::FollowRow, AppError> {
    let federation = state.federation();
    let row = follow_service::decide(&state.writer(admin.actor()), id, accept).await?;
    federation.wake_deliveries.notify_one();
    if accept {
        // Accepting may complete a partnership: take over what the partner shares with all.
        let (federation, follower) = (federation.clone(), row.follower_id.clone());
        tokio::spawn(async move {
            coopfed_federation::partners::catch_up::if_partner_id(&federation, &follower).await;
        });
    }
    Ok(row)
}

#[utoipa::path(delete, path = "/api/v1/admin/partners/{domain}", operation_id = "delete_admin_partners_by_key", tag = "admin", security(("bearer" = [])), params(("domain" = String, Path, description = "The partner network's domain")), responses((status = 200, description = "Ended: every follow between the two networks' actors", body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, description = "No follow with that domain", body = crate::error::ErrorBody)))]
async fn end_partnership(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(domain): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let ended = follow_service::end_partnership(&state.writer(admin.actor()), &domain).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "ended": ended })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DeliveryQuery {
    state: Option<String>,
    limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct DeliveryItem {
    id: String,
    activity: String,
    kind: String,
    inbox: String,
    host: String,
    state: String,
    attempts: i32,
    next_attempt_at: String,
    last_status: Option<i32>,
    last_error: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/deliveries", operation_id = "get_admin_deliveries", tag = "admin", security(("bearer" = [])), params(DeliveryQuery), responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list_deliveries(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(query): Query<DeliveryQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    if let Some(wanted) = &query.state {
        if deliveries::DeliveryState::try_from(wanted.clone()).is_err() {
            return Err(AppError::Invalid {
                field: "state".into(),
                problem: "must be pending, delivered or failed".into(),
            });
        }
    }
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let (counts, rows) = state
        .db()
        .run(move |conn| {
            Ok::<_, coopfed_db::DbError>((
                deliveries::counts(conn)?,
                deliveries::list(conn, query.state.as_deref(), limit)?,
            ))
        })
        .await?;
    let items: Vec<DeliveryItem> = rows
        .into_iter()
        .map(|(row, kind, activity)| DeliveryItem {
            id: row.id,
            activity,
            kind,
            inbox: row.inbox_url,
            host: row.host,
            state: row.state.to_string(),
            attempts: row.attempts,
            next_attempt_at: coopfed_federation::actors::timestamp(row.next_attempt_at),
            last_status: row.last_status,
            last_error: row.last_error,
        })
        .collect();
    let counts: serde_json::Map<String, serde_json::Value> = counts.into_iter().map(|(k, v)| (k, v.into())).collect();
    Ok(Json(serde_json::json!({ "counts": counts, "items": items })))
}

/// Which deliveries: one by id, or all (undelivered) to a host; neither
/// means every given-up one (retry only).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct RetryRequest {
    id: Option<String>,
    host: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/deliveries/retry", operation_id = "post_admin_deliveries_retry", tag = "admin", security(("bearer" = [])), request_body = RetryRequest, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn retry(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<RetryRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let target = coopfed_service::deliveries::Target::of(request.id, request.host);
    let retried = coopfed_service::deliveries::retry(state.db(), &admin.actor(), target).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(Json(serde_json::json!({ "retried": retried })))
}

#[utoipa::path(post, path = "/api/v1/admin/deliveries/give-up", operation_id = "post_admin_deliveries_give_up", tag = "admin", security(("bearer" = [])), request_body = RetryRequest, responses((status = 200, body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "Neither a delivery nor a host named", body = crate::error::ErrorBody)))]
async fn give_up(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<RetryRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let target = coopfed_service::deliveries::Target::of(request.id, request.host);
    let given_up = coopfed_service::deliveries::give_up(state.db(), &admin.actor(), target).await?;
    Ok(Json(serde_json::json!({ "given_up": given_up })))
}

/// The remote hosts the queue knows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct HostList {
    items: Vec<coopfed_service::deliveries::HostStatus>,
}

#[utoipa::path(get, path = "/api/v1/admin/hosts", operation_id = "get_admin_hosts", tag = "admin", security(("bearer" = [])), responses((status = 200, body = HostList), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_hosts(State(state): State<AppState>, _admin: AdminUser) -> Result<Json<HostList>, AppError> {
    Ok(Json(HostList { items: delivery_overview(&state).await?.hosts }))
}

/// The queue, its hosts and the partners' delivery times.
pub(crate) async fn delivery_overview(state: &AppState) -> Result<coopfed_service::deliveries::Overview, AppError> {
    let partners = state
        .db()
        .run(coopfed_federation::partners::policy::partners)
        .await?
        .into_iter()
        .map(|p| (p.domain, p.display_name))
        .collect();
    Ok(coopfed_service::deliveries::overview(state.db(), partners).await?)
}

/// Filters of the audit log (all optional).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditParams {
    /// Who acted: a user name, `cli` or `system`.
    pub(crate) actor: Option<String>,
    /// An action (`member.update`), or the start of one up to a dot (`member`).
    pub(crate) action: Option<String>,
    /// Text the target holds (a user, a co-op, an actor id).
    pub(crate) target: Option<String>,
    /// Entries from this day (`2026-12-01`, UTC) or date-time on.
    pub(crate) since: Option<String>,
    /// Keyset cursor: the `next` value of the previous page.
    pub(crate) before: Option<String>,
    pub(crate) limit: Option<i64>,
}

impl AuditParams {
    pub(crate) fn query(&self) -> coopfed_service::audit::AuditQuery {
        coopfed_service::audit::AuditQuery {
            actor: self.actor.clone(),
            action: self.action.clone(),
            target: self.target.clone(),
            since: self.since.clone(),
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct AuditItem {
    id: String,
    /// When (RFC 3339, UTC).
    at: String,
    /// Who acted: a user name, `cli` or `system`.
    actor: String,
    action: String,
    target: Option<String>,
    details: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct AuditPage {
    items: Vec<AuditItem>,
    /// The `before` of the next page, when there is one.
    next: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/audit", operation_id = "get_admin_audit", tag = "admin", security(("bearer" = [])), params(AuditParams), responses((status = 200, body = AuditPage), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list_audit(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(params): Query<AuditParams>,
) -> Result<Json<AuditPage>, AppError> {
    let limit = crate::stream::page_size(params.limit);
    let rows = coopfed_service::audit::entries(state.db(), &params.query(), params.before.clone(), limit + 1).await?;
    let (rows, next) = crate::stream::paged(rows, limit, |e| e.id.clone());
    let items = rows
        .into_iter()
        .map(|e| AuditItem {
            id: e.id,
            at: coopfed_federation::actors::timestamp(e.at),
            actor: e.actor,
            action: e.action,
            target: e.target,
            details: e.details,
        })
        .collect();
    Ok(Json(AuditPage { items, next }))
}

/// A domain's rule.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct DomainRuleItem {
    domain: String,
    /// `block` or `allow`.
    kind: String,
    reason: Option<String>,
    /// When (RFC 3339, UTC).
    created_at: String,
    /// Who made it: a user name or `cli`.
    created_by: String,
}

impl From<coopfed_db::domains::DomainRuleRow> for DomainRuleItem {
    fn from(row: coopfed_db::domains::DomainRuleRow) -> Self {
        DomainRuleItem {
            domain: row.domain,
            kind: row.kind.as_str().to_owned(),
            reason: row.reason,
            created_at: coopfed_federation::actors::timestamp(row.created_at),
            created_by: row.created_by,
        }
    }
}

/// The domain rules in force.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct DomainRules {
    /// Made at run time (here, by the API or the command line).
    rules: Vec<DomainRuleItem>,
    /// Every blocked domain, the configuration's included.
    blocked: Vec<String>,
}

/// A new rule for a domain (replacing its rule if it has one).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct DomainRuleRequest {
    /// A domain, with a port if only that port is meant; covers subdomains.
    domain: String,
    /// `block`: nothing is taken from or sent to it, its networks' content is
    /// hidden; `allow`: once any domain is allowed, only allowed ones federate.
    kind: String,
    reason: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/domains", operation_id = "get_admin_domains", tag = "admin", security(("bearer" = [])), responses((status = 200, body = DomainRules), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_domains(State(state): State<AppState>, _admin: AdminUser) -> Result<Json<DomainRules>, AppError> {
    let rules = coopfed_service::domains::list(state.db()).await?.into_iter().map(DomainRuleItem::from).collect();
    Ok(Json(DomainRules { rules, blocked: state.federation().settings.rules.blocked() }))
}

#[utoipa::path(post, path = "/api/v1/admin/domains", operation_id = "post_admin_domains", tag = "admin", security(("bearer" = [])), request_body = DomainRuleRequest, responses((status = 201, body = DomainRuleItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn put_domain(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<DomainRuleRequest>,
) -> Result<(StatusCode, Json<DomainRuleItem>), AppError> {
    let kind = coopfed_service::domains::kind(&request.kind)?;
    let row = coopfed_service::domains::put(state.db(), &admin.actor(), &request.domain, kind, request.reason).await?;
    apply_domain_rules(&state).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

#[utoipa::path(delete, path = "/api/v1/admin/domains/{domain}", operation_id = "delete_admin_domains_by_key", tag = "admin", security(("bearer" = [])), params(("domain" = String, Path, description = "The domain of the rule")), responses((status = 204, description = "Removed"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn remove_domain(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(domain): Path<String>,
) -> Result<StatusCode, AppError> {
    coopfed_service::domains::remove(state.db(), &admin.actor(), &domain).await?;
    apply_domain_rules(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Applies the stored rules in this process at once.
pub(crate) async fn apply_domain_rules(state: &AppState) -> Result<(), AppError> {
    state.federation().settings.rules.reload(state.db()).await.map_err(AppError::internal)?;
    Ok(())
}

/// Which reports to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReportParams {
    /// `open` (waiting for an admin) or `resolved`; any when absent.
    pub(crate) state: Option<String>,
    /// Keyset cursor: the `next` value of the previous page.
    pub(crate) before: Option<String>,
    pub(crate) limit: Option<i64>,
}

impl ReportParams {
    pub(crate) fn state(&self) -> Result<Option<coopfed_db::reports::ReportState>, AppError> {
        match self.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(word) => {
                coopfed_db::reports::ReportState::try_from(word.to_owned()).map(Some).map_err(|_| AppError::Invalid {
                    field: "state".into(),
                    problem: coopfed_core::records::Problem::NotOneOf {
                        value: word.to_owned(),
                        allowed: "open, resolved".into(),
                    },
                })
            }
        }
    }
}

/// A report in the moderation queue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ReportItem {
    id: String,
    /// The `Flag`'s id.
    activity: Option<String>,
    /// Who reported (an actor id; Mastodon reports from its instance actor).
    reporter: String,
    comment: Option<String>,
    /// The reported actors and objects.
    targets: Vec<String>,
    /// What this instance held of each target when the report arrived.
    #[schema(value_type = Vec<Object>)]
    snapshot: serde_json::Value,
    /// `open` or `resolved`.
    state: String,
    /// `dismissed`, `taken_down` or `domain_blocked`.
    resolution: Option<String>,
    resolved_by: Option<String>,
    resolved_at: Option<String>,
    /// When it arrived (RFC 3339, UTC).
    created_at: String,
}

impl From<coopfed_db::reports::ReportRow> for ReportItem {
    fn from(row: coopfed_db::reports::ReportRow) -> Self {
        ReportItem {
            id: row.id,
            activity: row.activity_id,
            reporter: row.reporter,
            comment: row.comment,
            targets: row.targets.0,
            snapshot: serde_json::from_str(&row.snapshot).unwrap_or_default(),
            state: row.state.as_str().to_owned(),
            resolution: row.resolution,
            resolved_by: row.resolved_by,
            resolved_at: row.resolved_at.map(coopfed_federation::actors::timestamp),
            created_at: coopfed_federation::actors::timestamp(row.created_at),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ReportPage {
    items: Vec<ReportItem>,
    /// The `before` of the next page, when there is one.
    next: Option<String>,
}

/// How to resolve a report.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct ResolveRequest {
    /// `dismiss`; `take_down`: hide the reported mirrored offers, news and
    /// co-ops here (not deleted at their home server); `block_domain`: block
    /// the reported items' domains.
    action: String,
}

#[utoipa::path(get, path = "/api/v1/admin/reports", operation_id = "get_admin_reports", tag = "admin", security(("bearer" = [])), params(ReportParams), responses((status = 200, body = ReportPage), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn list_reports(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(params): Query<ReportParams>,
) -> Result<Json<ReportPage>, AppError> {
    let limit = crate::stream::page_size(params.limit);
    let rows = coopfed_service::reports::list(state.db(), params.state()?, params.before.clone(), limit + 1).await?;
    let (rows, next) = crate::stream::paged(rows, limit, |r| r.id.clone());
    Ok(Json(ReportPage { items: rows.into_iter().map(ReportItem::from).collect(), next }))
}

#[utoipa::path(post, path = "/api/v1/admin/reports/{id}/resolve", operation_id = "post_admin_reports_resolve_by_key", tag = "admin", security(("bearer" = [])), params(("id" = String, Path, description = "The report's id")), request_body = ResolveRequest, responses((status = 200, body = ReportItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, description = "Already resolved", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn resolve_report(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<String>,
    Json(request): Json<ResolveRequest>,
) -> Result<Json<ReportItem>, AppError> {
    let action = coopfed_service::reports::Action::parse(&request.action)?;
    let row = resolve_for(&state, &admin, &id, action).await?;
    Ok(Json(row.into()))
}

/// Resolves a report for `admin`, applying a domain block in this process at once.
pub(crate) async fn resolve_for(
    state: &AppState,
    admin: &CurrentUser,
    id: &str,
    action: coopfed_service::reports::Action,
) -> Result<coopfed_db::reports::ReportRow, AppError> {
    let own = state.urls().domain().to_string();
    let row = coopfed_service::reports::resolve(state.db(), &admin.actor(), id, action, &own).await?;
    if matches!(action, coopfed_service::reports::Action::BlockDomain | coopfed_service::reports::Action::BlockActor) {
        apply_domain_rules(state).await?;
    }
    Ok(row)
}

/// A report of another server's items, sent to it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct ReportRequest {
    /// The reported ids (an account, offers, posts), all on one other server.
    targets: Vec<String>,
    /// What is wrong, for the other server's moderators.
    comment: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/reports", operation_id = "post_admin_reports", tag = "admin", security(("bearer" = [])), request_body = ReportRequest, responses((status = 202, description = "Queued: the instance actor sends a Flag to the items' server", body = ReportItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn send_report(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<ReportRequest>,
) -> Result<(StatusCode, Json<ReportItem>), AppError> {
    let row = send_for(&state, &admin, &request.targets, request.comment).await?;
    Ok((StatusCode::ACCEPTED, Json(row.into())))
}

/// Sends a report of `targets` for `admin`.
pub(crate) async fn send_for(
    state: &AppState,
    admin: &CurrentUser,
    targets: &[String],
    comment: Option<String>,
) -> Result<coopfed_db::reports::ReportRow, AppError> {
    let own = state.urls().domain().to_string();
    let reporter = state.urls().instance_actor().to_string();
    let row = coopfed_service::reports::send(&state.writer(admin.actor()), &own, &reporter, targets, comment).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(row)
}

/// How this instance answers other networks.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub(crate) struct PolicySettings {
    /// Follows from other networks: `auto` (accepted at once) or `review`
    /// (kept until an admin accepts or rejects them).
    partner: Option<String>,
    /// Whose jobs the stream groups take: `partners` or `anyone`.
    group: Option<String>,
}

fn policies_now(state: &AppState) -> PolicySettings {
    let policies = &state.federation().settings.policies;
    PolicySettings {
        partner: Some(coopfed_federation::policies::partner_word(policies.partner()).to_owned()),
        group: Some(coopfed_federation::policies::group_word(policies.group()).to_owned()),
    }
}

#[utoipa::path(get, path = "/api/v1/admin/policies", operation_id = "get_admin_policies", tag = "admin", security(("bearer" = [])), responses((status = 200, body = PolicySettings), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn get_policies(State(state): State<AppState>, _admin: AdminUser) -> Json<PolicySettings> {
    Json(policies_now(&state))
}

#[utoipa::path(put, path = "/api/v1/admin/policies", operation_id = "put_admin_policies", tag = "admin", security(("bearer" = [])), request_body = PolicySettings, responses((status = 200, body = PolicySettings), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn put_policies(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<PolicySettings>,
) -> Result<Json<PolicySettings>, AppError> {
    set_policies(&state, &admin, request.partner.as_deref(), request.group.as_deref()).await?;
    Ok(Json(policies_now(&state)))
}

/// Changes the policies for `admin`, in force in this process at once.
pub(crate) async fn set_policies(
    state: &AppState,
    admin: &CurrentUser,
    partner: Option<&str>,
    group: Option<&str>,
) -> Result<(), AppError> {
    coopfed_service::policies::set(state.db(), &admin.actor(), partner, group).await?;
    state.federation().settings.policies.reload(state.db()).await.map_err(AppError::internal)?;
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/admin/keys", operation_id = "get_admin_keys", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<coopfed_service::keys::ActorKey>), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_keys(
    State(state): State<AppState>,
    _admin: AdminUser,
) -> Result<Json<Vec<coopfed_service::keys::ActorKey>>, AppError> {
    Ok(Json(coopfed_service::keys::local_keys(state.db(), None).await?))
}

/// Which keys to replace.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct RotateRequest {
    /// One local actor: its id, `@name@domain` or its name. Leave out with `all`.
    actor: Option<String>,
    /// Every local actor.
    #[serde(default)]
    all: bool,
    /// How long the old keys still verify (default 24, at most 720).
    grace_hours: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/admin/keys/rotate", operation_id = "post_admin_keys_rotate", tag = "admin", security(("bearer" = [])), request_body = RotateRequest, responses((status = 200, description = "Rotated; each actor's Update is queued", body = Vec<coopfed_service::keys::Rotation>), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, description = "The name fits several actors", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn rotate_keys(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<RotateRequest>,
) -> Result<Json<Vec<coopfed_service::keys::Rotation>>, AppError> {
    let grace = request.grace_hours.map_or(coopfed_service::keys::DEFAULT_GRACE, chrono::TimeDelta::hours);
    Ok(Json(rotate_for(&state, &admin, request.actor.as_deref(), request.all, grace).await?))
}

/// Rotates the keys of one local actor or of all, for `admin`.
pub(crate) async fn rotate_for(
    state: &AppState,
    admin: &CurrentUser,
    actor: Option<&str>,
    all: bool,
    grace: chrono::TimeDelta,
) -> Result<Vec<coopfed_service::keys::Rotation>, AppError> {
    let which = match (actor.map(str::trim).filter(|a| !a.is_empty()), all) {
        (Some(actor), false) => Some(actor),
        (None, true) => None,
        _ => {
            return Err(coopfed_service::ServiceError::invalid("actor", "name one actor, or ask for all").into());
        }
    };
    let writer = state.writer(admin.actor());
    let mut rotated = Vec::new();
    for key in coopfed_service::keys::local_keys(state.db(), which).await? {
        rotated.push(coopfed_service::keys::rotate(&writer, &key.actor, grace).await?);
    }
    state.federation().forget_signers().await;
    state.federation().wake_deliveries.notify_one();
    Ok(rotated)
}

/// A person with an account (never a password or token).
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct UserItem {
    username: String,
    /// `admin` or `editor`.
    role: String,
    /// The slug of the member co-op they edit.
    member: Option<String>,
    email: Option<String>,
    /// Whether they have set a password (else they log in with a one-time link).
    has_password: bool,
    last_login_at: Option<String>,
}

async fn user_items(state: &AppState, users: Vec<coopfed_db::accounts::UserRow>) -> Result<Vec<UserItem>, AppError> {
    let network = state.db().run(coopfed_db::networks::find_local).await?.ok_or(AppError::NotFound("network"))?;
    let coops = state.db().run(move |conn| coopfed_db::members::list_members(conn, &network.id)).await?;
    Ok(users
        .into_iter()
        .map(|u| UserItem {
            member: u.member_id.as_ref().and_then(|id| coops.iter().find(|c| &c.id == id)).map(|c| c.slug.clone()),
            role: u.role.as_str().to_owned(),
            has_password: u.password_hash.is_some(),
            last_login_at: u.last_login_at.map(coopfed_federation::actors::timestamp),
            email: u.email,
            username: u.username,
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/admin/users", operation_id = "get_admin_users", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<UserItem>), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_users(State(state): State<AppState>, _admin: AdminUser) -> Result<Json<Vec<UserItem>>, AppError> {
    let users = coopfed_service::accounts::list_users(state.db()).await?;
    Ok(Json(user_items(&state, users).await?))
}

/// A new account. Without a password the person logs in first with a
/// one-time link, which the console or `coopfed admin login-link` makes
/// (a secret is never sent in an API answer).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct NewUserRequest {
    username: String,
    email: Option<String>,
    /// `editor` (the default) or `admin`.
    role: Option<String>,
    /// The slug of the member co-op they edit.
    member: Option<String>,
    password: Option<String>,
}

fn role_word(word: Option<&str>) -> Result<coopfed_core::Role, AppError> {
    word.unwrap_or("editor").parse().map_err(|e: coopfed_core::roles::UnknownRole| AppError::Invalid {
        field: "role".into(),
        problem: e.to_string().into(),
    })
}

#[utoipa::path(post, path = "/api/v1/admin/users", operation_id = "post_admin_users", tag = "admin", security(("bearer" = [])), request_body = NewUserRequest, responses((status = 201, body = UserItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 409, description = "The name is taken", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<NewUserRequest>,
) -> Result<(StatusCode, Json<UserItem>), AppError> {
    let new = coopfed_service::accounts::NewUser {
        username: request.username,
        email: request.email,
        role: role_word(request.role.as_deref())?,
        password: request.password,
        member: request.member,
    };
    let user = coopfed_service::accounts::create_user(state.db(), &admin.actor(), new).await?;
    let mut items = user_items(&state, vec![user]).await?;
    Ok((StatusCode::CREATED, Json(items.remove(0))))
}

/// What a person may do.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct RoleRequest {
    /// `editor` or `admin`.
    role: String,
    /// The slug of the member co-op they edit; none when left out.
    member: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/admin/users/{username}", operation_id = "put_admin_users_by_key", tag = "admin", security(("bearer" = [])), params(("username" = String, Path)), request_body = RoleRequest, responses((status = 200, body = UserItem), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, description = "The last admin stays an admin", body = crate::error::ErrorBody), (status = 422, description = "A field is invalid", body = crate::error::ErrorBody)))]
async fn change_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
    Json(request): Json<RoleRequest>,
) -> Result<Json<UserItem>, AppError> {
    let role = role_word(Some(&request.role))?;
    let user =
        coopfed_service::accounts::change_role(state.db(), &admin.actor(), &username, role, request.member).await?;
    let mut items = user_items(&state, vec![user]).await?;
    Ok(Json(items.remove(0)))
}

/// A blocked remote actor.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct BlockedActor {
    actor: String,
    /// When (RFC 3339, UTC).
    since: String,
}

#[utoipa::path(get, path = "/api/v1/admin/actors/blocked", operation_id = "get_admin_actors_blocked", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<BlockedActor>), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody)))]
async fn list_blocked(State(state): State<AppState>, _admin: AdminUser) -> Result<Json<Vec<BlockedActor>>, AppError> {
    let blocked = coopfed_service::blocks::list(state.db()).await?;
    Ok(Json(
        blocked
            .into_iter()
            .map(|(actor, at)| BlockedActor { actor, since: coopfed_federation::actors::timestamp(at) })
            .collect(),
    ))
}

/// A remote actor, by its id.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct ActorRequest {
    actor: String,
}

#[utoipa::path(post, path = "/api/v1/admin/actors/block", operation_id = "post_admin_actors_block", tag = "admin", security(("bearer" = [])), request_body = ActorRequest, responses((status = 200, description = "Blocked: its activities are refused, its follows ended, what it wrote hidden", body = Object), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, description = "No remote actor with that id is known here", body = crate::error::ErrorBody)))]
async fn block_actor(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<ActorRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let hidden = coopfed_service::blocks::block(state.db(), &admin.actor(), &request.actor).await?;
    apply_domain_rules(&state).await?;
    Ok(Json(serde_json::json!({ "actor": request.actor, "hidden": hidden })))
}

#[utoipa::path(post, path = "/api/v1/admin/actors/unblock", operation_id = "post_admin_actors_unblock", tag = "admin", security(("bearer" = [])), request_body = ActorRequest, responses((status = 204, description = "Unblocked"), (status = 401, description = "Authentication required", body = crate::error::ErrorBody), (status = 403, description = "Not allowed", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn unblock_actor(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(request): Json<ActorRequest>,
) -> Result<StatusCode, AppError> {
    coopfed_service::blocks::unblock(state.db(), &admin.actor(), &request.actor).await?;
    apply_domain_rules(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
