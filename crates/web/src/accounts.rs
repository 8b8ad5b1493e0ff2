//! Browser accounts: log in with a password or a one-time link, set a
//! password, log out. Forms are protected against CSRF: before login by a
//! server-made token (HMAC with the instance's secret) sent both as a cookie
//! and in the form, after login by the session's own token.

use axum::{
    Form, Router,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use coopfed_federation::html::escape;
use coopfed_service::{
    ServiceError,
    accounts::{self, PASSWORD_MIN, SESSION_LIFETIME, StartedSession},
    secrets,
};
use serde::Deserialize;

use crate::{
    AppError, AppState,
    auth::{CSRF_COOKIE, ClientAddress, CurrentUser, SESSION_COOKIE, cookie, cookie_name, same_secret, set_cookie},
    pages::layout,
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/login/once", get(login_link_form).post(login_link))
        .route("/logout", axum::routing::post(logout))
        .route("/account", get(account))
        .route("/account/password", axum::routing::post(set_password))
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

fn page_with_csrf_cookie(state: &AppState, status: StatusCode, page: Html<String>, token: &str, set: bool) -> Response {
    let mut response = (status, page).into_response();
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

fn login_page(csrf: &str, error: Option<&str>) -> Html<String> {
    let error = error.map(|e| format!("<p role=\"alert\">{}</p>", escape(e))).unwrap_or_default();
    layout(
        "Log in",
        &format!(
            "<h1>Log in</h1>{error}<form method=\"post\" action=\"/login\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <p><label>User name <input name=\"username\" autocomplete=\"username\" required></label></p>\
             <p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label></p>\
             <p><button type=\"submit\">Log in</button></p></form>",
            csrf = escape(csrf)
        ),
    )
}

async fn login_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (token, set) = form_token(&state, &headers).await?;
    Ok(page_with_csrf_cookie(&state, StatusCode::OK, login_page(&token, None), &token, set))
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    csrf: String,
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
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    check_double_submit(&state, &headers, &form.csrf).await?;
    let client = client.map(coopfed_federation::rate_limit::address_key);
    match accounts::login(state.db(), &form.username, &form.password, client.as_deref()).await {
        Ok(session) => {
            tracing::info!(user = %session.user.username, "login");
            Ok(session_response(&state, &session, "/account"))
        }
        Err(ServiceError::Unauthorized) => {
            tracing::info!(user = %form.username.chars().take(64).collect::<String>(), "failed login");
            let page = login_page(&form.csrf, Some("Wrong user name or password."));
            Ok(page_with_csrf_cookie(&state, StatusCode::UNAUTHORIZED, page, &form.csrf, false))
        }
        Err(ServiceError::TooMany(seconds)) => {
            tracing::info!(user = %form.username.chars().take(64).collect::<String>(), "login refused: too many failures");
            let minutes = seconds.div_ceil(60);
            let message = format!("Too many failed attempts. Try again in {minutes} minute(s).");
            let page = login_page(&form.csrf, Some(&message));
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
    headers: HeaderMap,
    Query(query): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let (csrf, set) = form_token(&state, &headers).await?;
    let link = query.token.unwrap_or_default();
    let page = layout(
        "Log in with a one-time link",
        &format!(
            "<h1>Log in with a one-time link</h1><p>This link works once and expires 24 hours after it was made.</p>\
             <form method=\"post\" action=\"/login/once\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"token\" value=\"{}\">\
             <p><button type=\"submit\">Log in</button></p></form>",
            escape(&csrf),
            escape(&link)
        ),
    );
    Ok(page_with_csrf_cookie(&state, StatusCode::OK, page, &csrf, set))
}

#[derive(Deserialize)]
struct LinkForm {
    token: String,
    csrf: String,
}

async fn login_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Result<Response, AppError> {
    check_double_submit(&state, &headers, &form.csrf).await?;
    match accounts::use_login_link(state.db(), form.token.trim()).await {
        Ok(session) => {
            tracing::info!(user = %session.user.username, "login with one-time link");
            Ok(session_response(&state, &session, "/account"))
        }
        Err(ServiceError::Unauthorized) => Ok((
            StatusCode::UNAUTHORIZED,
            layout(
                "Link not valid",
                "<h1>This link is not valid</h1><p>It was used already, has expired, or was mistyped. \
                 An admin can make a new one with <code>coopfed admin login-link NAME</code>.</p>",
            ),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

fn check_session_csrf(current: &CurrentUser, submitted: &str) -> Result<(), AppError> {
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

fn account_page(current: &CurrentUser, notice: Option<&str>) -> Html<String> {
    let csrf = escape(current.csrf_token().unwrap_or_default());
    let user = &current.user;
    let password_hint =
        if user.password_hash.is_some() { "Change your password" } else { "Set a password (you have none yet)" };
    let notice = notice.map(|n| format!("<p role=\"status\">{}</p>", escape(n))).unwrap_or_default();
    layout(
        "Your account",
        &format!(
            "<h1>Your account</h1>{notice}<p>Logged in as <strong>{name}</strong> ({role}).</p>\
             <h2>{password_hint}</h2><form method=\"post\" action=\"/account/password\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">{current}\
             <p><label>New password (at least {PASSWORD_MIN} characters) \
             <input type=\"password\" name=\"password\" autocomplete=\"new-password\" minlength=\"{PASSWORD_MIN}\" required></label></p>\
             <p><button type=\"submit\">Save password</button></p></form>\
             <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <p><button type=\"submit\">Log out</button></p></form>",
            name = escape(&user.username),
            role = user.role,
            current = if user.password_hash.is_some() {
                "<p><label>Current password <input type=\"password\" name=\"current_password\" \
                 autocomplete=\"current-password\" required></label></p>"
            } else {
                ""
            },
        ),
    )
}

async fn account(current: Option<CurrentUser>) -> Response {
    match current {
        Some(current) if current.csrf_token().is_some() => account_page(&current, None).into_response(),
        _ => Redirect::to("/login").into_response(),
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
            let notice = format!(
                "Password saved. Logged out elsewhere: {sessions} other session(s); API tokens revoked: {tokens}."
            );
            Ok(account_page(&current, Some(&notice)).into_response())
        }
        Err(ServiceError::Invalid { field, message }) => {
            let what = if field == "current_password" { "the current password" } else { "it" };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                account_page(&current, Some(&format!("Password not saved: {what} {message}."))),
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}
