//! What every page shares: its request's context, the layout, the language
//! switch, the stylesheet, and error pages for browsers.

use axum::{
    extract::{FromRequestParts, Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use coopfed_db::networks::NetworkRow;
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use super::components;
use crate::{
    AppError, AppState,
    auth::CurrentUser,
    i18n::{Arg, Lang, Tr},
};

/// What every page knows about its request: the reader's language, who is
/// logged in, where the reader is (for the language switcher) and the
/// network this instance serves.
pub(crate) struct Ctx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    pub path: String,
    pub network: NetworkRow,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(crate::i18n::negotiate(&parts.headers, state.language()));
        let user = <CurrentUser as axum::extract::OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .ok()
            .flatten()
            // Pages are for browser sessions; API tokens do not log a page in.
            .filter(|u| u.csrf_token().is_some());
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
        let network = state.db().run(coopfed_db::networks::find_local).await?.ok_or(AppError::NotFound("network"))?;
        Ok(Ctx { tr, user, path, network })
    }
}

/// A feed or calendar a page lists, for `<link rel="alternate">`.
pub(crate) struct Alternate {
    pub media_type: &'static str,
    pub href: String,
    pub title: String,
}

/// The page around `body`: header with navigation and the language
/// switcher, the main content, and a footer.
pub(crate) fn layout(ctx: &Ctx, title: &str, alternates: &[Alternate], body: Markup) -> Markup {
    let tr = &ctx.tr;
    let current = |prefix: &str| {
        let path = ctx.path.split('?').next().unwrap_or("/");
        if path == prefix || path.starts_with(&format!("{prefix}/")) { Some("page") } else { None }
    };
    html! {
        (DOCTYPE)
        html lang=(tr.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (ctx.network.display_name) }
                link rel="stylesheet" href="/static/style.css";
                @for alternate in alternates {
                    link rel="alternate" type=(alternate.media_type) href=(alternate.href) title=(alternate.title);
                }
            }
            body {
                a.skip href="#main" { (tr.t("skip-to-content")) }
                header.site {
                    div.bar {
                        a.brand href="/" { (ctx.network.display_name) }
                        nav aria-label=(tr.t("nav-label")) {
                            ul {
                                li { a href="/jobs" aria-current=[current("/jobs")] { (tr.t("nav-jobs")) } }
                                li { a href="/members" aria-current=[current("/members")] { (tr.t("nav-directory")) } }
                                li { a href="/news" aria-current=[current("/news")] { (tr.t("nav-news")) } }
                                li { a href="/federation" aria-current=[current("/federation")] { (tr.t("nav-federation")) } }
                                @if let Some(user) = &ctx.user {
                                    li { a href="/console" aria-current=[current("/console")] { (tr.t("nav-console")) } }
                                    @if user.user.role == coopfed_core::Role::Admin {
                                        li { a href="/admin" aria-current=[current("/admin")] { (tr.t("nav-admin")) } }
                                    }
                                    li { a href="/account" { (tr.t_with("nav-account", &[("name", Arg::from(user.user.username.as_str()))])) } }
                                } @else {
                                    li { a href="/login" { (tr.t("nav-login")) } }
                                }
                            }
                        }
                    }
                    nav.languages aria-label=(tr.t("language-switcher")) {
                        ul {
                            @for lang in Lang::ALL {
                                li {
                                    @if lang == tr.lang {
                                        span aria-current="true" lang=(lang.code()) { (lang.own_name()) }
                                    } @else {
                                        a href=(format!("/language/{}?back={}", lang.code(), components::query_escape(&ctx.path)))
                                            lang=(lang.code()) hreflang=(lang.code()) { (lang.own_name()) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main { (body) }
                footer.site {
                    p {
                        (tr.t("footer-about")) " "
                        a href="/feeds/jobs.atom" { (tr.t("feed-jobs")) } " · "
                        a href="/feeds/news.atom" { (tr.t("feed-news")) } " · "
                        a href="/feeds/events.ics" { (tr.t("feed-events")) } " · "
                        a href="/api/v1/openapi.json" { (tr.t("footer-api")) }
                    }
                }
            }
        }
    }
}

/// An HTML response. Pages depend on the reader's language and login.
pub(crate) fn page(markup: Markup) -> Response {
    let mut response = Html(markup.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Accept, Accept-Language, Cookie"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

impl Ctx {
    /// The context of a request whose parts a handler took apart.
    pub(crate) async fn of(state: &AppState, headers: &HeaderMap, path: &str) -> Result<Ctx, AppError> {
        let mut request = axum::http::Request::builder().uri(path);
        if let Some(h) = request.headers_mut() {
            *h = headers.clone();
        }
        let (mut parts, ()) = request.body(()).map_err(AppError::internal)?.into_parts();
        <Ctx as FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await
    }
}

/// A path on this site (never another site's address) to go back to.
pub(crate) fn local_path(back: Option<&str>) -> Option<&str> {
    back.filter(|b| {
        b.starts_with('/')
            && !b.starts_with("//")
            && !b.contains('\\')
            && !b.chars().any(|c| c.is_control() || c.is_whitespace())
    })
}

#[derive(Deserialize)]
pub(crate) struct Back {
    back: Option<String>,
}

/// `GET /language/{code}?back=/path`: remembers the reader's language and
/// goes back to the page. Only paths on this site are followed.
pub(crate) async fn choose_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    let mut response = Redirect::to(local_path(back.back.as_deref()).unwrap_or("/")).into_response();
    if let Some(lang) = Lang::from_code(&code) {
        let cookie = crate::auth::set_cookie(&state, crate::i18n::LANG_COOKIE, lang.code(), 365 * 24 * 3600);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

pub(crate) async fn stylesheet() -> Response {
    let mut response = include_str!("../../static/style.css").into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

/// Middleware: a browser that opens a page that fails gets an HTML page in
/// its language (API clients keep the JSON error).
pub(crate) async fn html_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let wants_html = !request.uri().path().starts_with("/api/")
        && crate::negotiation::negotiate(request.headers()) == crate::negotiation::Wanted::Html;
    let headers: HeaderMap = if wants_html { request.headers().clone() } else { HeaderMap::new() };
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !wants_html || !is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let tr = Tr::new(crate::i18n::negotiate(&headers, state.language()));
    let network = state.db().run(coopfed_db::networks::find_local).await.ok().flatten();
    let Some(network) = network else { return response };
    let ctx = Ctx { tr, user: None, path: "/".into(), network };
    let (title, text) = match status {
        StatusCode::NOT_FOUND => ("error-404-title", "error-404-text"),
        StatusCode::GONE => ("error-410-title", "error-410-text"),
        StatusCode::FORBIDDEN => ("error-403-title", "error-403-text"),
        StatusCode::UNAUTHORIZED => ("error-401-title", "error-401-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-429-title", "error-429-text"),
        s if s.is_client_error() => ("error-400-title", "error-400-text"),
        _ => ("error-500-title", "error-500-text"),
    };
    let (title, text) = (tr.t(title), tr.t(text));
    let body = html! {
        div.error-page {
            h1 { (title) }
            p { (text) }
            p { a href="/" { (tr.t("error-home")) } }
        }
    };
    let mut html_response = (status, page(layout(&ctx, &title, &[], body))).into_response();
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        html_response.headers_mut().insert(header::RETRY_AFTER, retry.clone());
    }
    html_response
}

/// A console page's context with its signed-in person; anyone else is sent
/// to the login page, and back here afterwards.
pub(crate) struct SignedIn {
    pub(crate) ctx: Ctx,
    pub(crate) user: CurrentUser,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = Ctx::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        match ctx.user.clone() {
            Some(user) => Ok(SignedIn { ctx, user }),
            None => {
                Err(Redirect::to(&format!("/login?back={}", super::components::query_escape(&ctx.path)))
                    .into_response())
            }
        }
    }
}

/// A signed-in admin's page.
pub(crate) struct AdminPage {
    pub(crate) ctx: Ctx,
    pub(crate) user: CurrentUser,
}

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let SignedIn { ctx, user } = SignedIn::from_request_parts(parts, state).await?;
        if user.user.role != coopfed_core::Role::Admin {
            return Err(AppError::Forbidden("admins only").into_response());
        }
        Ok(AdminPage { ctx, user })
    }
}

/// A time of the log in the reader's language (UTC).
pub(crate) fn moment(tr: &Tr, at: chrono::NaiveDateTime) -> String {
    format!("{}, {} UTC", tr.date(at.date()), at.format("%H:%M:%S"))
}
