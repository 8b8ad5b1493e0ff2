//! WebFinger, NodeInfo and host-meta.

use axum::{
    Json,
    extract::{Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use coopfed_db::{DbError, accounts, actors, members, networks};
use coopfed_federation::{
    nodeinfo::{self, NodeFacts},
    webfinger::{self, Resource, ResourceError},
};
use serde::Deserialize;

use crate::access::{Access::Public, Routes};
use crate::{AppError, AppState, kept};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/.well-known/webfinger", Public, webfinger)
        .get("/.well-known/nodeinfo", Public, nodeinfo_links)
        .get("/nodeinfo/2.1", Public, nodeinfo_document)
        .get("/.well-known/host-meta", Public, host_meta)
}

fn with_cors(mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

#[derive(Debug, Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

async fn webfinger(State(state): State<AppState>, Query(query): Query<WebfingerQuery>) -> Result<Response, AppError> {
    let resource = query
        .resource
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest("the `resource` query parameter is required".into()))?;
    let key = format!("webfinger {resource}");
    kept::answer(&state, key, describe(&state, resource)).await
}

/// The WebFinger answer for `resource`.
async fn describe(state: &AppState, resource: String) -> Result<Response, AppError> {
    let parsed = webfinger::parse_resource(&resource, state.urls().domain()).map_err(|e| match e {
        ResourceError::Malformed => AppError::BadRequest(e.to_string()),
        ResourceError::ForeignDomain => AppError::NotFound("account"),
    })?;
    let (actor, gone) = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            let actor = match parsed {
                Resource::Account(name) => actors::find_local_by_username(conn, &name)?,
                Resource::ActorUrl(url) => actors::find_by_ap_id(conn, &url)?.filter(|a| a.is_local),
            };
            // One trip to the database: found, and whether it has gone.
            let Some(actor) = actor else { return Ok(None) };
            let gone = members::is_gone_member(conn, &actor)?;
            Ok(Some((actor, gone)))
        })
        .await?
        .ok_or(AppError::NotFound("account"))?;
    if gone {
        return Err(AppError::Gone("account"));
    }
    Ok(with_cors(Json(webfinger::describe(&actor)).into_response(), "application/jrd+json"))
}

async fn nodeinfo_links(State(state): State<AppState>) -> Response {
    let urls = state.urls();
    let doc = nodeinfo::discovery(urls.at("/nodeinfo/2.1").as_str(), urls.instance_actor().as_str());
    with_cors(Json(doc).into_response(), "application/json")
}

async fn nodeinfo_document(State(state): State<AppState>) -> Result<Response, AppError> {
    let version = state.inner.version.to_owned();
    let facts = state
        .db()
        .run(move |conn| -> Result<NodeFacts, DbError> {
            let network = networks::find_local(conn)?.ok_or(DbError::NotFound)?;
            Ok(NodeFacts {
                version,
                users: accounts::count_users(conn)?,
                member_coops: members::count_local_members(conn, &network.id)?,
                local_posts: members::count_local_posts(conn)?,
                node_name: network.display_name,
                node_description: network.summary,
                network_slug: network.slug,
            })
        })
        .await?;
    Ok(with_cors(Json(nodeinfo::document(&facts)).into_response(), nodeinfo::CONTENT_TYPE_2_1))
}

async fn host_meta(State(state): State<AppState>) -> Response {
    let template = format!("{}/.well-known/webfinger?resource={{uri}}", state.urls().base());
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  \
         <Link rel=\"lrdd\" template=\"{}\"/>\n</XRD>\n",
        coopfed_federation::html::escape(&template)
    );
    with_cors(body.into_response(), "application/xrd+xml; charset=utf-8")
}
