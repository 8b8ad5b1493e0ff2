//! Public documents kept rendered while the database does not change: what
//! other servers fetch most (actor documents, WebFinger answers, offers and
//! announcements as ActivityPub), often in bursts when something federates,
//! and the pages of single offers and announcements for readers who are not
//! logged in.
//!
//! A kept answer is served only while [`Database::change_marker`] still
//! gives the number read before it was rendered. The number moves with any
//! commit that a public document may depend on, made by this process or by
//! another one (a second web process, a worker, a CLI command), so nothing
//! here can be older than the database; when the number cannot be read,
//! every answer is rendered afresh.
//!
//! [`Database::change_marker`]: coopfed_db::Database::change_marker

use std::{collections::HashMap, sync::Mutex};

use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, StatusCode, header},
    response::Response,
};

use crate::{AppError, AppState};

/// At most this many bytes of answers are kept; past it, all are dropped.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Larger answers are not kept.
const MAX_ANSWER: usize = 256 * 1024;
/// No answer is kept longer, whatever the marker says: what a render reads
/// from outside the database (the skills taxonomy, cached per process for
/// 30 s) and a watcher that misses changes are bounded by it.
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30);

/// The answers rendered since the database's change marker last moved.
#[derive(Default)]
pub(crate) struct Kept {
    inner: Mutex<Answers>,
}

#[derive(Default)]
struct Answers {
    /// The change marker the answers were rendered under.
    marker: Option<u64>,
    bytes: usize,
    by_key: HashMap<String, Answer>,
}

struct Answer {
    rendered_at: std::time::Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

impl Kept {
    /// The answer kept under `key` if the database has not changed since.
    fn get(&self, key: &str, marker: u64) -> Option<Response> {
        let mut answers = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if answers.marker != Some(marker) {
            *answers = Answers { marker: Some(marker), ..Answers::default() };
            return None;
        }
        answers.by_key.get(key).filter(|a| a.rendered_at.elapsed() < MAX_AGE).map(Answer::response)
    }

    /// Keeps `answer`, rendered from what the database held at `marker`,
    /// unless the database has changed since.
    fn put(&self, key: String, marker: u64, answer: Answer) {
        let mut answers = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if answers.marker != Some(marker) || answer.body.len() > MAX_ANSWER {
            return;
        }
        if answers.bytes + answer.body.len() > MAX_BYTES {
            answers.by_key.clear();
            answers.bytes = 0;
        }
        let key_size = key.len();
        answers.bytes += key_size + answer.body.len();
        if let Some(replaced) = answers.by_key.insert(key, answer) {
            answers.bytes = answers.bytes.saturating_sub(key_size + replaced.body.len());
        }
    }
}

/// The answer kept under `key`, or the one `render` gives (kept when it is
/// a success). `key` must name everything the answer depends on besides the
/// database (the path, the representation, the reader's language, the day).
pub(crate) async fn answer(
    state: &AppState,
    key: String,
    render: impl Future<Output = Result<Response, AppError>>,
) -> Result<Response, AppError> {
    let kept = &state.inner.kept;
    // Read before rendering: a change committed while rendering moves the
    // number, and the answer is then not kept.
    let metrics = state.metrics();
    let Some(marker) = state.db().change_marker() else {
        metrics.count_kept("unknown");
        return render.await;
    };
    if let Some(response) = kept.get(&key, marker) {
        metrics.count_kept("kept");
        return Ok(response);
    }
    metrics.count_kept("rendered");
    // Its age counts from before the reads.
    let rendered_at = std::time::Instant::now();
    let response = render.await?;
    // Only successes, and never one that sets a cookie for its reader.
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    // The documents are rendered in memory: reading them is copying.
    let body = axum::body::to_bytes(body, usize::MAX).await.map_err(AppError::internal)?;
    kept.put(
        key,
        marker,
        Answer { rendered_at, status: parts.status, headers: parts.headers.clone(), body: body.clone() },
    );
    Ok(Response::from_parts(parts, Body::from(body)))
}
