//! Who is asking: bearer tokens and session cookies, and the CSRF checks that
//! protect cookie-authenticated forms.

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::{HeaderMap, header, request::Parts},
};
use coopfed_db::accounts::{SessionRow, UserRow};
use coopfed_service::{Actor, accounts};

use crate::{AppError, AppState};

/// Name of the session cookie (see [`cookie_name`]).
pub const SESSION_COOKIE: &str = "coopfed_session";
/// Name of the pre-login CSRF cookie (double-submit; see [`cookie_name`]).
pub const CSRF_COOKIE: &str = "coopfed_csrf";

/// The name a cookie has on this instance: with the `__Host-` prefix (the
/// browser then takes it only from this host, over HTTPS, for every path),
/// except over plain HTTP in development, where browsers refuse the prefix.
pub fn cookie_name(state: &AppState, base: &str) -> String {
    if state.inner.secure_cookies { format!("__Host-{base}") } else { base.to_owned() }
}

/// The client's address: the peer, or the address a trusted proxy names.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<crate::listener::PeerAddr>>().map(|c| c.0.0.ip());
        let trusted = &state.federation().settings.trusted_proxies;
        Ok(Self(client_address(peer, &parts.headers, trusted)))
    }
}

/// The client's address: the peer, or, when the peer is a trusted reverse
/// proxy, the last address in `X-Forwarded-For` that is not one.
fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &HeaderMap,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer))
}

/// The value of a cookie in the request, if present.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure unless plain HTTP.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    let secure = if state.inner.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// Compares two secrets without an early exit.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How the caller authenticated.
#[derive(Debug, Clone)]
pub enum Credential {
    Token,
    Session(SessionRow),
}

/// An authenticated user. As an extractor it answers 401 when nobody is logged in.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: UserRow,
    pub credential: Credential,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor::User { id: self.user.id.clone(), username: self.user.username.clone() }
    }

    /// The CSRF token of a cookie session (`None` for bearer tokens, which need none).
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session(session) => Some(&session.csrf_token),
            Credential::Token => None,
        }
    }
}

/// Does the request carry credentials that [`authenticate`] reads (a bearer
/// token or a session cookie, valid or not)? Without them it is anonymous.
pub(crate) fn carries_credentials(headers: &axum::http::HeaderMap, state: &AppState) -> bool {
    headers.contains_key(header::AUTHORIZATION) || cookie(headers, &cookie_name(state, SESSION_COOKIE)).is_some()
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| AppError::Unauthorized)?;
        let (scheme, secret) = value.split_once(' ').ok_or(AppError::Unauthorized)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(AppError::Unauthorized);
        }
        // A present but invalid token is an error, not an anonymous request.
        let (_token, user) =
            accounts::authenticate_token(state.db(), secret.trim()).await?.ok_or(AppError::Unauthorized)?;
        return Ok(Some(CurrentUser { user, credential: Credential::Token }));
    }
    if let Some(cookie_value) = cookie(&parts.headers, &cookie_name(state, SESSION_COOKIE)) {
        if let Some((session, user)) = accounts::session(state.db(), &cookie_value).await? {
            return Ok(Some(CurrentUser { user, credential: Credential::Session(session) }));
        }
    }
    Ok(None)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        authenticate(parts, state).await?.ok_or(AppError::Unauthorized)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        authenticate(parts, state).await
    }
}

/// An authenticated user making an API call. For a browser session, a
/// request that changes something must carry the session's CSRF token in
/// `X-CSRF-Token` (bearer tokens need none).
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let safe = matches!(parts.method, axum::http::Method::GET | axum::http::Method::HEAD);
        if !safe {
            if let Some(expected) = user.csrf_token() {
                let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
                if !same_secret(expected, sent) {
                    return Err(AppError::Forbidden("send the session's CSRF token in X-CSRF-Token"));
                }
            }
        }
        Ok(Self(user))
    }
}
