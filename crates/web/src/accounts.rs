//! Browser accounts: log in with a password or a one-time link, set a
//! password, log out. Forms are protected against CSRF: before login by a
//! server-made token (HMAC with the instance's secret) sent both as a cookie
//! and in the form, after login by the session's own token.

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use coopfed_service::{
    ServiceError,
    accounts::{self, PASSWORD_MIN, SESSION_LIFETIME, StartedSession},
    secrets,
};
use maud::{Markup, html};
use serde::Deserialize;

use crate::access::{
    Access::{Account, Public},
    Routes,
};
use crate::{
    AppError, AppState,
    auth::{CSRF_COOKIE, ClientAddress, CurrentUser, SESSION_COOKIE, cookie, cookie_name, same_secret, set_cookie},
    i18n::Arg,
    ui::page::{Ctx, layout, local_path, page},
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/login", Public, login_form)
        .post("/login", Public, login)
        .get("/login/once", Public, login_link_form)
        .post("/login/once", Public, login_link)
        .post("/logout", Account, logout)
        .get("/account", Account, account)
        .post("/account/password", Account, set_password)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The pre-login CSRF token: the one in the cookie while this server made it
/// and it stays good for at least another hour, or a new one to set.
async fn form_token(state: &AppState, headers: &HeaderMap) -> Result<(String, bool), AppError> {
    let secret = state.form_secret().await?;
    let existing = cookie(headers, &cookie_name(state, CSRF_COOKIE))
        .filter(|t| secrets::check_form_token(secret, t, unix_now().saturating_add(3600)));
    Ok(match existing {
        Some(existing) => (existing, false),
        None => (secrets::form_token(secret, unix_now()), true),
    })
}

fn page_with_csrf_cookie(state: &AppState, status: StatusCode, markup: Markup, token: &str, set: bool) -> Response {
    let mut response = (status, page(markup)).into_response();
    if set {
        let lifetime = i64::try_from(secrets::FORM_TOKEN_LIFETIME.as_secs()).unwrap_or(86_400);
        let cookie = set_cookie(state, &cookie_name(state, CSRF_COOKIE), token, lifetime);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The form's token must be the cookie's, and made by this server: a value
/// an attacker chose (and planted as a cookie) does not pass.
async fn check_double_submit(state: &AppState, headers: &HeaderMap, submitted: &str) -> Result<(), AppError> {
    let expected = cookie(headers, &cookie_name(state, CSRF_COOKIE))
        .ok_or(AppError::Forbidden("missing CSRF cookie; reload the form"))?;
    let secret = state.form_secret().await?;
    if same_secret(&expected, submitted) && secrets::check_form_token(secret, submitted, unix_now()) {
        Ok(())
    } else {
        Err(AppError::Forbidden("CSRF check failed; reload the form"))
    }
}

/// The password login form; `error` is a message key.
fn login_page(ctx: &Ctx, csrf: &str, back: Option<&str>, error: Option<String>) -> Markup {
    let tr = &ctx.tr;
    let title = tr.t("login-title");
    let body = html! {
        h1 { (title) }
        @if let Some(error) = &error { p.error role="alert" { (error) } }
        form.stacked method="post" action="/login" {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some(back) = back { input type="hidden" name="back" value=(back); }
            div.field {
                label for="username" { (tr.t("login-username")) }
                input #username name="username" autocomplete="username" required;
            }
            div.field {
                label for="password" { (tr.t("login-password")) }
                input #password type="password" name="password" autocomplete="current-password" required;
            }
            div.actions { button type="submit" { (tr.t("login-submit")) } }
        }
    };
    layout(ctx, &title, &[], body)
}

#[derive(Deserialize)]
struct BackQuery {
    back: Option<String>,
}

async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<BackQuery>,
) -> Result<Response, AppError> {
    let (token, set) = form_token(&state, &headers).await?;
    let page = login_page(&ctx, &token, local_path(query.back.as_deref()), None);
    Ok(page_with_csrf_cookie(&state, StatusCode::OK, page, &token, set))
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    back: Option<String>,
}

fn session_response(state: &AppState, session: &StartedSession, to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    let cookie =
        set_cookie(state, &cookie_name(state, SESSION_COOKIE), &session.cookie, SESSION_LIFETIME.num_seconds());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    check_double_submit(&state, &headers, &form.csrf).await?;
    let client = client.map(coopfed_federation::rate_limit::address_key);
    match accounts::login(state.db(), &form.username, &form.password, client.as_deref()).await {
        Ok(session) => {
            tracing::info!(user = %session.user.username, "login");
            Ok(session_response(&state, &session, local_path(form.back.as_deref()).unwrap_or("/account")))
        }
        Err(ServiceError::Unauthorized) => {
            tracing::info!(user = %form.username.chars().take(64).collect::<String>(), "failed login");
            let page = login_page(&ctx, &form.csrf, local_path(form.back.as_deref()), Some(ctx.tr.t("login-wrong")));
            Ok(page_with_csrf_cookie(&state, StatusCode::UNAUTHORIZED, page, &form.csrf, false))
        }
        Err(ServiceError::TooMany(seconds)) => {
            tracing::info!(user = %form.username.chars().take(64).collect::<String>(), "login refused: too many failures");
            let minutes = usize::try_from(seconds.div_ceil(60)).unwrap_or(usize::MAX);
            let message = ctx.tr.t_with("login-too-many", &[("minutes", Arg::from(minutes))]);
            let page = login_page(&ctx, &form.csrf, local_path(form.back.as_deref()), Some(message));
            let mut response = page_with_csrf_cookie(&state, StatusCode::TOO_MANY_REQUESTS, page, &form.csrf, false);
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct LinkQuery {
    token: Option<String>,
}

/// Shows a button rather than logging in on GET, so that link previews and
/// scanners cannot use up the link.
async fn login_link_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let (csrf, set) = form_token(&state, &headers).await?;
    let link = query.token.unwrap_or_default();
    let tr = &ctx.tr;
    let title = tr.t("login-link-title");
    let body = html! {
        h1 { (title) }
        p { (tr.t("login-link-text")) }
        form method="post" action="/login/once" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="token" value=(link);
            div.actions { button type="submit" { (tr.t("login-submit")) } }
        }
    };
    let page = layout(&ctx, &title, &[], body);
    Ok(page_with_csrf_cookie(&state, StatusCode::OK, page, &csrf, set))
}

#[derive(Deserialize)]
struct LinkForm {
    token: String,
    csrf: String,
}

async fn login_link(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Result<Response, AppError> {
    check_double_submit(&state, &headers, &form.csrf).await?;
    match accounts::use_login_link(state.db(), form.token.trim()).await {
        Ok(session) => {
            tracing::info!(user = %session.user.username, "login with one-time link");
            Ok(session_response(&state, &session, "/account"))
        }
        Err(ServiceError::Unauthorized) => {
            let tr = &ctx.tr;
            let title = tr.t("login-link-invalid-title");
            let body = html! {
                h1 { (title) }
                p { (tr.t("login-link-invalid-text")) }
                p { code { "coopfed admin login-link NAME" } }
            };
            Ok((StatusCode::UNAUTHORIZED, page(layout(&ctx, &title, &[], body))).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

pub(crate) fn check_session_csrf(current: &CurrentUser, submitted: &str) -> Result<(), AppError> {
    match current.csrf_token() {
        Some(expected) if same_secret(expected, submitted) => Ok(()),
        Some(_) => Err(AppError::Forbidden("CSRF check failed; reload the page")),
        None => Err(AppError::Forbidden("this form needs a browser session")),
    }
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    current: CurrentUser,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&current, &form.csrf)?;
    let name = cookie_name(&state, SESSION_COOKIE);
    if let Some(value) = cookie(&headers, &name) {
        accounts::logout(state.db(), &value).await?;
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = HeaderValue::from_str(&set_cookie(&state, &name, "", 0)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The account page; `notice` says what just happened, `error` which field
/// was wrong (`current_password` or `password`) and why.
fn account_page(ctx: &Ctx, current: &CurrentUser, notice: Option<String>, error: Option<(&str, String)>) -> Markup {
    let tr = &ctx.tr;
    let csrf = current.csrf_token().unwrap_or_default();
    let user = &current.user;
    let has_password = user.password_hash.is_some();
    let title = tr.t("account-title");
    let role = tr.t(&format!("role-{}", user.role));
    let wrong = |field: &str| error.as_ref().is_some_and(|(f, _)| *f == field);
    let body = html! {
        h1 { (title) }
        @if let Some(notice) = &notice { p.notice role="status" { (notice) } }
        p { (tr.t_with("account-logged-in-as", &[("name", Arg::from(user.username.as_str())), ("role", Arg::Text(role))])) }
        h2 { (if has_password { tr.t("account-change-password") } else { tr.t("account-set-password") }) }
        form.stacked method="post" action="/account/password" {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some((_, message)) = &error { p.error #password-error role="alert" { (message) } }
            @if has_password {
                div.field {
                    label for="current_password" { (tr.t("account-current-password")) }
                    input #current_password type="password" name="current_password" autocomplete="current-password" required
                        aria-invalid=[wrong("current_password").then_some("true")]
                        aria-describedby=[wrong("current_password").then_some("password-error")];
                }
            }
            div.field {
                label for="new_password" { (tr.t_with("account-new-password", &[("min", Arg::from(PASSWORD_MIN))])) }
                input #new_password type="password" name="password" autocomplete="new-password" minlength=(PASSWORD_MIN) required
                    aria-invalid=[wrong("password").then_some("true")]
                    aria-describedby=[wrong("password").then_some("password-error")];
            }
            div.actions { button type="submit" { (tr.t("account-save-password")) } }
        }
        form method="post" action="/logout" {
            input type="hidden" name="csrf" value=(csrf);
            div.actions { button.secondary type="submit" { (tr.t("account-logout")) } }
        }
    };
    layout(ctx, &title, &[], body)
}

async fn account(ctx: Ctx) -> Response {
    match &ctx.user {
        Some(current) => page(account_page(&ctx, current, None, None)),
        None => Redirect::to("/login").into_response(),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    password: String,
    #[serde(default)]
    current_password: Option<String>,
    csrf: String,
}

async fn set_password(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&current, &form.csrf)?;
    let keep = match &current.credential {
        crate::auth::Credential::Session(session) => Some(session.id.clone()),
        crate::auth::Credential::Token => None,
    };
    let changed = accounts::change_password(
        state.db(),
        &current.actor(),
        &current.user,
        form.current_password,
        form.password,
        keep.as_deref(),
    )
    .await;
    match changed {
        Ok((sessions, tokens)) => {
            let mut current = current;
            current.user.password_hash = Some(String::new());
            let notice = ctx
                .tr
                .t_with("account-password-saved", &[("sessions", Arg::from(sessions)), ("tokens", Arg::from(tokens))]);
            Ok(page(account_page(&ctx, &current, Some(notice), None)))
        }
        Err(ServiceError::Invalid { field, .. }) => {
            let (field, key) = match field {
                "current_password" => ("current_password", "account-current-password-wrong"),
                _ => ("password", "account-password-length"),
            };
            let error = ctx.tr.t_with(key, &[("min", Arg::from(PASSWORD_MIN))]);
            let markup = account_page(&ctx, &current, None, Some((field, error)));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(markup)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
