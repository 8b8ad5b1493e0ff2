//! What the job and announcement endpoints share: the item's page (its
//! ActivityPub document or HTML), who may change it, its withdrawal, and a
//! listing's page of rows.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode, Uri},
    response::Response,
};
use coopfed_core::Role;
use coopfed_db::{DbConnection, DbError};
use coopfed_service::stream::LocalItem;

use crate::{
    AppError, AppState,
    auth::CurrentUser,
    negotiation::{Wanted, negotiate},
    ui::page::Ctx,
};

/// A local item with a page of its own under `/{PATH}/{id}`.
pub(crate) trait Item: LocalItem {
    /// `jobs` or `announcements`.
    const PATH: &'static str;
    /// What a 404 or 410 names.
    const NOUN: &'static str;
    /// What a 403 says.
    const FORBIDDEN: &'static str;
    /// What the page shows besides the row (its author, its skills).
    type Shown: Send + 'static;

    /// The local item with the public id `ap_id` (deleted ones too).
    fn load(conn: &mut DbConnection, ap_id: &str) -> Result<Option<(Self, Self::Shown)>, DbError>;
    fn is_deleted(&self) -> bool;
    /// Its ActivityPub document.
    fn document(&self, shown: &Self::Shown, state: &AppState) -> Response;
}

/// An item with a page for browsers (in `ui`).
pub(crate) trait ItemPage {
    /// The HTML page of the item (local or a partner's) with the row id `id`.
    fn html(state: AppState, ctx: Ctx, id: String) -> impl Future<Output = Result<Response, AppError>> + Send;
}

/// The public id of the local item whose last part is `id`.
pub(crate) fn reference<I: Item>(state: &AppState, id: &str) -> String {
    state.urls().at(&format!("/{}/{id}", I::PATH)).to_string()
}

/// Admins change every item; an editor only its own co-op's. Returns the
/// item's co-op (`None`: the network's own).
pub(crate) async fn may_change<I: Item>(
    state: &AppState,
    user: &CurrentUser,
    reference: &str,
) -> Result<Option<coopfed_db::MemberId>, AppError> {
    let author = coopfed_service::stream::author::<I>(state.db(), reference).await?;
    may_write_for(user, author.as_deref(), I::FORBIDDEN)?;
    Ok(author)
}

/// Admins write for the network and every co-op; an editor for its own co-op.
pub(crate) fn may_write_for(
    user: &CurrentUser,
    member_id: Option<&str>,
    refusal: &'static str,
) -> Result<(), AppError> {
    if user.user.role == Role::Admin || member_id.is_some_and(|m| user.user.member_id.as_deref() == Some(m)) {
        Ok(())
    } else {
        Err(AppError::Forbidden(refusal))
    }
}

/// Withdraws the local item `id` and announces its deletion.
pub(crate) async fn withdraw<I: Item>(state: &AppState, user: &CurrentUser, id: &str) -> Result<StatusCode, AppError> {
    let reference = reference::<I>(state, id);
    may_change::<I>(state, user, &reference).await?;
    let federation = state.federation();
    coopfed_service::stream::delete::<I>(&state.writer(user.actor()), &reference).await?;
    federation.wake_deliveries.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /{PATH}/{id}`: the ActivityPub document of a local item (410 once
/// withdrawn), or the HTML page of any stored one.
pub(crate) async fn page<I: Item + ItemPage>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if negotiate(&headers) == Wanted::Html {
        let page = async {
            let ctx = Ctx::of(&state, &headers, uri.path()).await?;
            I::html(state.clone(), ctx, id.clone()).await
        };
        // A page for a reader who is not logged in depends only on the
        // database, the language and the day (an offer expires).
        if crate::auth::carries_credentials(&headers, &state) {
            return page.await;
        }
        let language = crate::i18n::negotiate(&headers, state.language());
        let key = format!("page {} {} {}", language.code(), coopfed_core::clock::today(), uri.path());
        return crate::kept::answer(&state, key, page).await;
    }
    let key = format!("{} {id}", I::PATH);
    crate::kept::answer(&state, key, async {
        let ap_id = reference::<I>(&state, &id);
        let found = state.db().run(move |conn| I::load(conn, &ap_id)).await?;
        let (item, shown) = found.ok_or(AppError::NotFound(I::NOUN))?;
        if item.is_deleted() {
            return Err(AppError::Gone(I::NOUN));
        }
        Ok(item.document(&shown, &state))
    })
    .await
}

/// A listing's page size from its `limit` parameter: 50 unless asked, at
/// most 200.
pub(crate) fn page_size(limit: Option<i64>) -> i64 {
    limit.unwrap_or(50).clamp(1, 200)
}

/// Cuts `rows` (fetched with one more than `limit`) to a page, with the
/// cursor of the next page when there is one.
pub(crate) fn paged<T>(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let size = usize::try_from(limit).unwrap_or(50);
    let more = rows.len() > size;
    rows.truncate(size);
    let next = if more { rows.last().map(cursor) } else { None };
    (rows, next)
}
