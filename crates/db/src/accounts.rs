//! Local user accounts, API tokens, browser sessions and one-time login links.
//! Secrets are stored only as hashes computed by the service layer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    DbConnection, DbError, now,
    schema::{api_tokens, login_failures, login_links, sessions, users},
};

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_default_value = false)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    /// Argon2id PHC string; `None` until a password is set. Never logged.
    pub password_hash: Option<String>,
    /// Stored as text (`admin`, `editor`).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub role: coopfed_core::Role,
    pub member_id: Option<crate::MemberId>,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
#[diesel(treat_none_as_default_value = false)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
#[diesel(treat_none_as_default_value = false)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = login_links)]
#[diesel(treat_none_as_default_value = false)]
pub struct LoginLinkRow {
    pub id: String,
    pub user_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

// ---- users ----

pub fn insert_user(conn: &mut DbConnection, row: &UserRow) -> Result<(), DbError> {
    diesel::insert_into(users::table).values(row.clone()).execute(conn)?;
    Ok(())
}

pub fn find_user(conn: &mut DbConnection, id: &str) -> Result<Option<UserRow>, DbError> {
    Ok(users::table.find(id).select(UserRow::as_select()).first(conn).optional()?)
}

pub fn find_user_by_username(conn: &mut DbConnection, username: &str) -> Result<Option<UserRow>, DbError> {
    Ok(users::table.filter(users::username.eq(username)).select(UserRow::as_select()).first(conn).optional()?)
}

pub fn list_users(conn: &mut DbConnection) -> Result<Vec<UserRow>, DbError> {
    Ok(users::table.order(users::username.asc()).select(UserRow::as_select()).load(conn)?)
}

pub fn count_users(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(users::table.filter(users::disabled.eq(false)).count().get_result(conn)?)
}

pub fn count_admins(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(users::table.filter(users::role.eq("admin")).filter(users::disabled.eq(false)).count().get_result(conn)?)
}

/// Sets a user's role and the member co-op they edit.
pub fn set_role(
    conn: &mut DbConnection,
    user_id: &str,
    role: coopfed_core::Role,
    member_id: Option<&str>,
) -> Result<(), DbError> {
    let n = diesel::update(users::table.find(user_id))
        .set((users::role.eq(role.as_str()), users::member_id.eq(member_id), users::updated_at.eq(now())))
        .execute(conn)?;
    if n == 0 { Err(DbError::NotFound) } else { Ok(()) }
}

pub fn set_password_hash(conn: &mut DbConnection, user_id: &str, hash: &str) -> Result<(), DbError> {
    let n = diesel::update(users::table.find(user_id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now())))
        .execute(conn)?;
    if n == 0 { Err(DbError::NotFound) } else { Ok(()) }
}

pub fn touch_login(conn: &mut DbConnection, user_id: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id)).set(users::last_login_at.eq(now())).execute(conn)?;
    Ok(())
}

// ---- API tokens ----

pub fn insert_token(conn: &mut DbConnection, row: &ApiTokenRow) -> Result<(), DbError> {
    diesel::insert_into(api_tokens::table).values(row).execute(conn)?;
    Ok(())
}

/// The token with this hash and its user, if the token is neither revoked nor expired
/// and the user is not disabled.
pub fn find_active_token(conn: &mut DbConnection, token_hash: &str) -> Result<Option<(ApiTokenRow, UserRow)>, DbError> {
    let at = now();
    Ok(api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(at)))
        .filter(users::disabled.eq(false))
        .select((ApiTokenRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()?)
}

/// Records the use of a token, at most once a minute to spare writes.
pub fn touch_token(conn: &mut DbConnection, token_id: &str) -> Result<(), DbError> {
    let at = now();
    let a_minute_ago = at - chrono::Duration::minutes(1);
    diesel::update(
        api_tokens::table
            .find(token_id)
            .filter(api_tokens::last_used_at.is_null().or(api_tokens::last_used_at.lt(a_minute_ago))),
    )
    .set(api_tokens::last_used_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// Tokens with their owners' names, newest first; only of one user when given.
pub fn list_tokens(conn: &mut DbConnection, user_id: Option<&str>) -> Result<Vec<(ApiTokenRow, String)>, DbError> {
    let mut query = api_tokens::table
        .inner_join(users::table)
        .select((ApiTokenRow::as_select(), users::username))
        .order(api_tokens::id.desc())
        .into_boxed();
    if let Some(user_id) = user_id {
        query = query.filter(api_tokens::user_id.eq(user_id.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// Revokes a token by id or by its displayed prefix; returns the token, or
/// `NotFound`. Revoking twice keeps the first revocation time.
pub fn revoke_token(conn: &mut DbConnection, id_or_prefix: &str) -> Result<ApiTokenRow, DbError> {
    let token: ApiTokenRow = api_tokens::table
        .filter(api_tokens::id.eq(id_or_prefix).or(api_tokens::prefix.eq(id_or_prefix)))
        .select(ApiTokenRow::as_select())
        .first(conn)?;
    diesel::update(api_tokens::table.find(&token.id).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(token)
}

// ---- sessions ----

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> Result<(), DbError> {
    diesel::insert_into(sessions::table).values(row).execute(conn)?;
    Ok(())
}

/// A session that has not expired, with its user (not disabled).
pub fn find_session(conn: &mut DbConnection, id: &str) -> Result<Option<(SessionRow, UserRow)>, DbError> {
    Ok(sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(id))
        .filter(sessions::expires_at.gt(now()))
        .filter(users::disabled.eq(false))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()?)
}

pub fn delete_session(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::delete(sessions::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn delete_expired_sessions(conn: &mut DbConnection) -> Result<usize, DbError> {
    Ok(diesel::delete(sessions::table.filter(sessions::expires_at.le(now()))).execute(conn)?)
}

// ---- login links ----

pub fn insert_login_link(conn: &mut DbConnection, row: &LoginLinkRow) -> Result<(), DbError> {
    diesel::insert_into(login_links::table).values(row).execute(conn)?;
    Ok(())
}

/// Marks an unused, unexpired link as used and returns its user id. A link works once.
pub fn consume_login_link(conn: &mut DbConnection, token_hash: &str) -> Result<Option<String>, DbError> {
    let at = now();
    let link: Option<LoginLinkRow> = login_links::table
        .filter(login_links::token_hash.eq(token_hash))
        .filter(login_links::used_at.is_null())
        .filter(login_links::expires_at.gt(at))
        .select(LoginLinkRow::as_select())
        .first(conn)
        .optional()?;
    let Some(link) = link else { return Ok(None) };
    // The `used_at IS NULL` guard makes two concurrent uses race safely: one wins.
    let claimed = diesel::update(login_links::table.find(&link.id).filter(login_links::used_at.is_null()))
        .set(login_links::used_at.eq(at))
        .execute(conn)?;
    Ok((claimed == 1).then_some(link.user_id))
}

/// Failed logins within this time count together; older ones are forgotten.
const FAILURE_WINDOW: chrono::Duration = chrono::Duration::hours(1);
/// Failures before attempts must wait.
const FREE_FAILURES: i32 = 5;

/// Until when login attempts for any of `keys` must wait, if they must.
pub fn login_locked_until(conn: &mut DbConnection, keys: &[String]) -> Result<Option<NaiveDateTime>, DbError> {
    let at = crate::now();
    let until: Vec<Option<NaiveDateTime>> = login_failures::table
        .filter(login_failures::key.eq_any(keys))
        .filter(login_failures::locked_until.gt(at))
        .select(login_failures::locked_until)
        .load(conn)?;
    Ok(until.into_iter().flatten().max())
}

/// Counts a failed login for `key`; from the sixth failure within an hour,
/// attempts wait 1, 2, 4 … minutes (at most an hour). Returns the lock's end.
pub fn record_login_failure(conn: &mut DbConnection, key: &str) -> Result<Option<NaiveDateTime>, DbError> {
    let at = crate::now();
    let existing: Option<(i32, NaiveDateTime)> = login_failures::table
        .find(key)
        .select((login_failures::failures, login_failures::first_failed_at))
        .first(conn)
        .optional()?;
    let (failures, first) = match existing {
        Some((failures, first)) if at - first < FAILURE_WINDOW => (failures.saturating_add(1), first),
        _ => (1, at),
    };
    let locked_until = (failures > FREE_FAILURES).then(|| {
        let minutes = 1i64 << (failures - FREE_FAILURES - 1).clamp(0, 6);
        at + chrono::Duration::minutes(minutes.min(60))
    });
    let upsert = diesel::insert_into(login_failures::table)
        .values((
            login_failures::key.eq(key),
            login_failures::failures.eq(failures),
            login_failures::first_failed_at.eq(first),
            login_failures::locked_until.eq(locked_until),
        ))
        .on_conflict(login_failures::key)
        .do_update()
        .set((
            login_failures::failures.eq(failures),
            login_failures::first_failed_at.eq(first),
            login_failures::locked_until.eq(locked_until),
        ));
    execute_per_backend!(conn, upsert)?;
    Ok(locked_until)
}

/// Forgets the failed logins of `key` (after a successful login).
pub fn clear_login_failures(conn: &mut DbConnection, key: &str) -> Result<(), DbError> {
    diesel::delete(login_failures::table.find(key)).execute(conn)?;
    Ok(())
}

/// Ends a user's sessions, except `keep` (a session id).
pub fn delete_sessions_of(conn: &mut DbConnection, user_id: &str, keep: Option<&str>) -> Result<usize, DbError> {
    // Session ids are hashes: the empty id never matches one.
    let keep = keep.unwrap_or_default();
    Ok(diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::id.ne(keep)))
        .execute(conn)?)
}

/// Revokes every active API token of a user.
pub fn revoke_tokens_of(conn: &mut DbConnection, user_id: &str) -> Result<usize, DbError> {
    Ok(diesel::update(
        api_tokens::table.filter(api_tokens::user_id.eq(user_id)).filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(crate::now())))
    .execute(conn)?)
}
