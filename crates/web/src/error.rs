//! One error type for every handler, one JSON shape for every error:
//! `{"error": {"code": "…", "message": "…"}}`. Internal causes go to the log only.

use axum::{
    Json,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use coopfed_db::DbError;
use coopfed_service::ServiceError;
use utoipa::ToSchema;

/// The error shape of every API error (also in the OpenAPI document).
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: `bad_request`, `invalid`, `unauthorized`, `forbidden`, `not_found`, …
    pub code: String,
    /// A message for people.
    pub message: String,
    /// With `invalid`: every field that is wrong, when there are several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldProblem>>,
}

/// One wrong field of a request.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl ErrorBody {
    fn new(code: &str, message: String, fields: Option<Vec<FieldProblem>>) -> Json<Self> {
        Json(Self { error: ErrorDetail { code: code.to_owned(), message, fields } })
    }
}

/// What a handler can fail with.
#[derive(Debug)]
pub enum AppError {
    /// 400: the request is malformed.
    BadRequest(String),
    /// 422: a field is invalid.
    Invalid { field: String, problem: coopfed_core::records::Problem },
    /// 422: several fields are invalid; each is listed under `error.fields`.
    InvalidFields(Vec<coopfed_core::records::FieldError>),
    /// 401: credentials are missing or wrong.
    Unauthorized,
    /// 401 for a request whose HTTP signature is missing or wrong.
    Signature(String),
    /// 403: authenticated, not allowed (also: a failed CSRF check).
    Forbidden(&'static str),
    /// 403 with a message built at run time.
    ForbiddenMessage(String),
    /// 404.
    NotFound(&'static str),
    /// 410: it existed and was deleted.
    Gone(&'static str),
    /// 405.
    MethodNotAllowed,
    /// 406: no representation matches `Accept`.
    NotAcceptable,
    /// 409.
    Conflict(String),
    /// 413: the body is larger than this kind of request may be.
    TooLarge,
    /// 429, with the seconds to wait (`Retry-After`).
    TooManyRequests(u64),
    /// 503: the database or another dependency is down.
    Unavailable,
    /// 500: the cause is logged, the client sees a fixed message.
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            Self::Invalid { field, problem } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", format!("{field}: {problem}"))
            }
            Self::InvalidFields(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            ),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "authentication required".into()),
            Self::Signature(m) => (StatusCode::UNAUTHORIZED, "bad_signature", m.clone()),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", (*m).into()),
            Self::ForbiddenMessage(m) => (StatusCode::FORBIDDEN, "forbidden", m.clone()),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, "not_found", format!("{what} not found")),
            Self::Gone(what) => (StatusCode::GONE, "gone", format!("the {what} was deleted")),
            Self::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed here".into())
            }
            Self::NotAcceptable => {
                (StatusCode::NOT_ACCEPTABLE, "not_acceptable", "no representation matches the Accept header".into())
            }
            Self::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone()),
            Self::TooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the request body is too large".into())
            }
            Self::TooManyRequests(_) => {
                (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many requests; retry later".into())
            }
            Self::Unavailable => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "service temporarily unavailable".into())
            }
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error".into()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let (status, code, message) = self.parts();
        let is_login_error = matches!(self, Self::Unauthorized);
        let retry_after = if let Self::TooManyRequests(seconds) = &self { Some(*seconds) } else { None };
        let fields = match &self {
            Self::InvalidFields(errors) => Some(
                errors
                    .iter()
                    .map(|e| FieldProblem { field: e.field.clone(), message: e.problem.to_string() })
                    .collect(),
            ),
            _ => None,
        };
        let mut response = (status, ErrorBody::new(code, message, fields)).into_response();
        if let Some(seconds) = retry_after {
            if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if is_login_error {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"coopfed\""));
        }
        response
    }
}

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::NotFound => Self::NotFound("record"),
            DbError::Unavailable(cause) | DbError::Connect(cause) => {
                tracing::warn!(%cause, "database unavailable");
                Self::Unavailable
            }
            other => Self::internal(other),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid { field, problem } => Self::Invalid { field: field.into(), problem },
            ServiceError::NotFound(what) => Self::NotFound(what),
            ServiceError::Conflict(m) => Self::Conflict(m),
            ServiceError::Unauthorized => Self::Unauthorized,
            ServiceError::Forbidden => Self::Forbidden("not allowed"),
            ServiceError::TooMany(seconds) => Self::TooManyRequests(seconds.max(1)),
            ServiceError::Busy => Self::Unavailable,
            ServiceError::Db(db) => db.into(),
            other @ (ServiceError::Setup(_) | ServiceError::Crypto(_)) => Self::internal(other),
        }
    }
}

/// Middleware: error responses produced outside our handlers (axum's own
/// rejections of a malformed form or query, an oversized body) are rewritten
/// into the JSON error shape. HTML pages and JSON bodies (ActivityPub's too,
/// like the `Tombstone` of a gone actor) pass unchanged.
pub(crate) async fn normalize_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let passes = ["application/json", "application/activity+json", "application/ld+json", "text/html"];
    if passes.iter().any(|t| content_type.starts_with(t)) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, 4096).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let message = if status.is_server_error() || text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let mut rebuilt = (status, ErrorBody::new(code, message, None)).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rebuilt
}

pub(crate) async fn not_found() -> AppError {
    AppError::NotFound("page")
}

pub(crate) async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
