//! Actor documents with content negotiation, and their collections.

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use coopfed_core::{JOBS_GROUP, NEWS_GROUP};
use coopfed_db::{
    DbError, actors,
    actors::{ActorKind, ActorRow},
    follows, members, outbox,
};
use coopfed_federation::{
    actors::local_actor,
    collections::{self, PAGE_SIZE},
};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::access::{
    Access::{Public, Signed},
    Routes,
};
use crate::{
    AppError, AppState, inbox, kept,
    negotiation::{Wanted, activity_json, negotiate},
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/networks/{name}", Public, |s, p, h| show(s, ActorKind::Network, p, h))
        .get("/networks/{name}/{part}", Public, |s, p, q| show_part(s, ActorKind::Network, p, q))
        .post("/networks/{name}/{part}", Signed, |s, p, r| inbox::post_part(s, ActorKind::Network, p, r))
        .get("/groups/{name}", Public, |s, p, h| show(s, ActorKind::Group, p, h))
        .get("/groups/{name}/{part}", Public, |s, p, q| show_part(s, ActorKind::Group, p, q))
        .post("/groups/{name}/{part}", Signed, |s, p, r| inbox::post_part(s, ActorKind::Group, p, r))
        .get("/members/{name}", Public, |s, p, h| show(s, ActorKind::Organization, p, h))
        .get("/members/{name}/{part}", Public, |s, p, q| show_part(s, ActorKind::Organization, p, q))
        .post("/members/{name}/{part}", Signed, |s, p, r| inbox::post_part(s, ActorKind::Organization, p, r))
        .get("/actor", Public, instance_actor)
        .get("/actor/{part}", Public, instance_actor_part)
        .post("/actor/{part}", Signed, inbox::instance_actor)
        .post("/inbox", Signed, inbox::shared)
}

fn with_vary(mut response: Response) -> Response {
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

async fn load(state: &AppState, actor_kind: ActorKind, name: String) -> Result<ActorRow, AppError> {
    let found = state.db().run(move |conn| actors::find_local(conn, actor_kind, &name)).await?;
    found.ok_or(AppError::NotFound("actor"))
}

/// A co-op's profile and its skills, shown in its actor document.
type Profile = Option<(members::MemberRow, Vec<String>)>;

/// A local actor, whether it has gone (a co-op that left), and a co-op's
/// profile: all its document needs, read at once.
async fn view(state: &AppState, actor_kind: ActorKind, name: String) -> Result<(ActorRow, bool, Profile), AppError> {
    let found = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            let Some(row) = actors::find_local(conn, actor_kind, &name)? else { return Ok(None) };
            if row.kind != ActorKind::Organization {
                return Ok(Some((row, false, None)));
            }
            let profile = match members::find_member_by_actor(conn, &row.id)? {
                Some(member) => {
                    let skills = coopfed_db::skills::member_skills_of(conn, &member.id)?;
                    Some((member, skills))
                }
                // A co-op that left: gone once nothing is left to deliver in its name.
                None if members::is_gone_member(conn, &row)? => return Ok(Some((row, true, None))),
                None => None,
            };
            Ok(Some((row, false, profile)))
        })
        .await?;
    found.ok_or(AppError::NotFound("actor"))
}

async fn render(state: &AppState, row: &ActorRow, member: Profile, headers: &HeaderMap) -> Result<Response, AppError> {
    let taxonomy = state.federation().skills.current().await?;
    let document = match &member {
        Some((member, skills)) => {
            coopfed_federation::actors::organization(row, member, skills, state.urls(), &taxonomy)
        }
        None => local_actor(row, state.urls()),
    };
    let response = match negotiate(headers) {
        Wanted::ActivityJson => activity_json(&document.map_err(AppError::internal)?),
        Wanted::Html => {
            let path = Url::parse(&row.ap_id).map_or_else(|_| "/".to_owned(), |u| u.path().to_owned());
            let ctx = crate::ui::page::Ctx::of(state, headers, &path).await?;
            crate::ui::members::member_html(state, &ctx, row).await?
        }
    };
    Ok(with_vary(response))
}

async fn show(
    State(state): State<AppState>,
    actor_kind: ActorKind,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if negotiate(&headers) == Wanted::ActivityJson {
        let key = format!("actor {actor_kind:?} {name}");
        return kept::answer(&state, key, show_either(&state, actor_kind, name, &headers)).await;
    }
    show_either(&state, actor_kind, name, &headers).await
}

/// A local actor's document or page.
async fn show_either(
    state: &AppState,
    actor_kind: ActorKind,
    name: String,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let (row, gone, profile) = view(state, actor_kind, name).await?;
    // A co-op created by an import gets its key pair when first asked for it.
    let row = coopfed_service::keys::ensure(state.db(), row).await?;
    if gone {
        return Ok(with_vary(match negotiate(headers) {
            Wanted::ActivityJson => {
                let tombstone = serde_json::json!({
                    "@context": coopfed_federation::outbound::AS_CONTEXT,
                    "id": row.ap_id,
                    "type": "Tombstone",
                    "formerType": "Organization",
                });
                (axum::http::StatusCode::GONE, activity_json(&tombstone)).into_response()
            }
            Wanted::Html => AppError::Gone("member co-op").into_response(),
        }));
    }
    render(state, &row, profile, headers).await
}

/// Has this local actor gone: a co-op that left the directory, with nothing
/// left to deliver in its name?
async fn is_gone(state: &AppState, row: &ActorRow) -> Result<bool, AppError> {
    if row.kind != ActorKind::Organization {
        return Ok(false);
    }
    let row = row.clone();
    Ok(state.db().run(move |conn| members::is_gone_member(conn, &row)).await?)
}

async fn instance_actor(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let host = state.urls().domain().host().to_owned();
    let render = async {
        let row = load(&state, ActorKind::Application, host).await?;
        render(&state, &row, None, &headers).await
    };
    if negotiate(&headers) == Wanted::ActivityJson {
        return kept::answer(&state, "actor /actor".to_owned(), render).await;
    }
    render.await
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<String>,
    cursor: Option<String>,
}

async fn show_part(
    State(state): State<AppState>,
    actor_kind: ActorKind,
    Path((name, part)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let row = load(&state, actor_kind, name).await?;
    if is_gone(&state, &row).await? {
        return Err(AppError::Gone("member co-op"));
    }
    collection(&state, row, &part, query).await
}

async fn instance_actor_part(
    State(state): State<AppState>,
    Path(part): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let host = state.urls().domain().host().to_owned();
    let row = load(&state, ActorKind::Application, host).await?;
    collection(&state, row, &part, query).await
}

/// The collections every actor has, plus `members` for the network.
#[derive(Debug, Clone, Copy)]
enum Part {
    Inbox,
    Outbox,
    Followers,
    Following,
    Members,
    /// A stream group's local objects published to all partner networks
    /// (current offers; recent news and coming events), for a new partner
    /// to catch up on.
    Shared,
}

async fn collection(state: &AppState, row: ActorRow, part: &str, query: PageQuery) -> Result<Response, AppError> {
    let part = match part {
        "inbox" => Part::Inbox,
        "outbox" => Part::Outbox,
        "followers" => Part::Followers,
        "following" => Part::Following,
        "members" if row.kind == ActorKind::Network => Part::Members,
        "shared" if row.kind == ActorKind::Group && [JOBS_GROUP, NEWS_GROUP].contains(&row.username.as_str()) => {
            Part::Shared
        }
        _ => return Err(AppError::NotFound("collection")),
    };
    let actor_url = Url::parse(&row.ap_id).map_err(AppError::internal)?;
    let id = coopfed_core::InstanceUrls::actor_part(&actor_url, part_name(part));
    let wants_page = query.page.as_deref().is_some_and(|p| p != "false");
    let cursor = query.cursor.filter(|c| !c.is_empty() && c.len() <= 200);
    let network_id = row.network_id.clone().unwrap_or_default();
    let actor_id = row.id.clone();
    let group_name = row.username.clone();
    let fetch_page = wants_page;
    let page_cursor = cursor.clone();
    let urls = state.urls().clone();
    let (total, items) = state
        .db()
        .run(move |conn| -> Result<(i64, Vec<(String, Value)>), DbError> {
            let limit = PAGE_SIZE + 1;
            let cursor = cursor.as_deref();
            Ok(match part {
                // Received activities are not public: the inbox only takes POSTs.
                Part::Inbox => (0, Vec::new()),
                Part::Outbox => {
                    let total = outbox::count_for_actor(conn, &actor_id)?;
                    let items =
                        if fetch_page { outbox::page_for_actor(conn, &actor_id, cursor, limit)? } else { Vec::new() };
                    let mut embedder = coopfed_federation::embeds::Embedder::new(&urls);
                    let items = items
                        .into_iter()
                        .map(|(cursor, payload, embeds)| {
                            let payload = embedder.complete_or_keep(conn, payload, embeds.as_deref());
                            (cursor, serde_json::from_str(&payload).unwrap_or(Value::Null))
                        })
                        .collect();
                    (total, items)
                }
                Part::Followers | Part::Following => {
                    let direction = if matches!(part, Part::Followers) {
                        follows::Direction::Followers
                    } else {
                        follows::Direction::Following
                    };
                    let total = follows::count(conn, &actor_id, direction)?;
                    let items =
                        if fetch_page { follows::page(conn, &actor_id, direction, cursor, limit)? } else { Vec::new() };
                    (total, items.into_iter().map(|(c, id)| (c, Value::String(id))).collect())
                }
                Part::Members => {
                    let total = members::count_local_members(conn, &network_id)?;
                    let items = if fetch_page {
                        members::member_actor_ids(conn, &network_id, cursor, limit)?
                    } else {
                        Vec::new()
                    };
                    (total, items.into_iter().map(|(c, id)| (c, Value::String(id))).collect())
                }
                Part::Shared => {
                    let today = coopfed_core::clock::today();
                    let jobs = group_name == JOBS_GROUP;
                    let total = if jobs {
                        coopfed_db::jobs::count_shared(conn, today)?
                    } else {
                        coopfed_db::announcements::count_shared(conn, today)?
                    };
                    let items = match (fetch_page, jobs) {
                        (false, _) => Vec::new(),
                        (true, true) => coopfed_db::jobs::shared_page(conn, today, cursor, limit)?,
                        (true, false) => coopfed_db::announcements::shared_page(conn, today, cursor, limit)?,
                    };
                    (total, items.into_iter().map(|(c, id)| (c, Value::String(id))).collect())
                }
            })
        })
        .await?;
    if wants_page {
        Ok(activity_json(&collections::page(&id, page_cursor.as_deref(), items)))
    } else {
        Ok(activity_json(&collections::collection(&id, total)))
    }
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Inbox => "inbox",
        Part::Outbox => "outbox",
        Part::Followers => "followers",
        Part::Following => "following",
        Part::Members => "members",
        Part::Shared => "shared",
    }
}
