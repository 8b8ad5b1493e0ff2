//! Users, passwords, API tokens, browser sessions and one-time login links.

use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _, password_hash::SaltString};
use chrono::Duration;
use coopfed_core::{Role, Username, records::Problem};
use coopfed_db::{
    Database, DbConnection, DbError,
    accounts::{self as db, ApiTokenRow, LoginLinkRow, SessionRow, UserRow},
    new_id, now,
};
use rand::RngCore as _;

use crate::{Actor, ServiceError, audit, secrets};

/// How long a browser session lasts.
pub const SESSION_LIFETIME: Duration = Duration::days(14);
/// How long a one-time login link stays valid.
pub const LOGIN_LINK_LIFETIME: Duration = Duration::hours(24);
/// Password length limits (characters).
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// A new local account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub email: Option<String>,
    pub role: Role,
    /// `None`: the user gets no password and logs in with a one-time link first.
    pub password: Option<String>,
    /// Slug of the local member co-op the user edits.
    pub member: Option<String>,
}

/// A started browser session. `cookie` is the secret for the session cookie.
pub struct StartedSession {
    pub cookie: String,
    pub csrf_token: String,
    pub user: UserRow,
    pub expires_at: chrono::NaiveDateTime,
}

/// Checks a password's length.
pub fn validate_password(password: &str) -> Result<(), ServiceError> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(ServiceError::problem("password", Problem::TooShort { min: PASSWORD_MIN }));
    }
    if len > PASSWORD_MAX {
        return Err(ServiceError::problem("password", Problem::TooLong { max: PASSWORD_MAX }));
    }
    Ok(())
}

fn validate_email(email: &str) -> Result<(), ServiceError> {
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid { Ok(()) } else { Err(ServiceError::problem("email", Problem::NotEmail)) }
}

/// Argon2id runs (19 MiB each) at once; more wait a little, then get 503,
/// so that password checks cannot take every blocking thread the database
/// needs too.
static PASSWORD_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// A password slot, waited for at most two seconds.
async fn password_slot() -> Result<tokio::sync::SemaphorePermit<'static>, ServiceError> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), PASSWORD_SLOTS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(ServiceError::Busy),
    }
}

/// Hashes a password with Argon2id (default parameters) off the async threads.
pub async fn hash_password(password: String) -> Result<String, ServiceError> {
    let _slot = password_slot().await?;
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|e| ServiceError::Crypto(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ServiceError::Crypto(e.to_string()))
    })
    .await
    .map_err(|e| ServiceError::Crypto(e.to_string()))?
}

/// Verifies a password against a stored hash; a missing hash never matches,
/// but costs the same time.
async fn verify_password(password: String, stored: Option<String>) -> Result<bool, ServiceError> {
    let _slot = password_slot().await?;
    Ok(tokio::task::spawn_blocking(move || {
        // A fixed hash of a random password keeps the time of a failed login the
        // same whether or not the user exists.
        const DECOY: &str =
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$BjCdWZbXx9FXnB7gMPZ0m1zqjrtHhQ8m3l5Q1mNzOzw";
        let hash_text = stored.as_deref().unwrap_or(DECOY);
        let Ok(hash) = PasswordHash::new(hash_text) else { return false };
        let ok = Argon2::default().verify_password(password.as_bytes(), &hash).is_ok();
        ok && stored.is_some()
    })
    .await
    .unwrap_or(false))
}

/// Creates a user.
pub async fn create_user(db: &Database, actor: &Actor, new: NewUser) -> Result<UserRow, ServiceError> {
    let username = Username::parse(&new.username).map_err(|e| ServiceError::problem("username", e))?;
    if let Some(email) = &new.email {
        validate_email(email)?;
    }
    let password_hash = match new.password {
        Some(password) => {
            validate_password(&password)?;
            Some(hash_password(password).await?)
        }
        None => None,
    };
    let at = now();
    let row = UserRow {
        id: new_id(),
        username: username.as_str().to_owned(),
        email: new.email,
        password_hash,
        role: new.role,
        member_id: None,
        disabled: false,
        created_at: at,
        updated_at: at,
        last_login_at: None,
    };
    let actor = actor.clone();
    let member = new.member.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let mut row = row;
            if let Some(slug) = &member {
                let network = coopfed_db::networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
                let found = coopfed_db::members::find_member(conn, &network.id, slug)?.ok_or_else(|| {
                    ServiceError::invalid("member", format!("no member co-op `{slug}` in this network"))
                })?;
                row.member_id = Some(found.id);
            }
            if db::find_user_by_username(conn, &row.username)?.is_some() {
                return Err(ServiceError::Conflict(format!("a user named `{}` already exists", row.username)));
            }
            db::insert_user(conn, &row)?;
            audit(conn, &actor, "user.create", Some(&row.username), Some(format!("role={}", row.role)))?;
            Ok(row)
        })
    })
    .await
}

/// Checks a user name and password and starts a session. Failed attempts
/// are counted per account and per client address (in the database): after
/// five within an hour, further attempts are refused (`TooMany`) for a
/// while that doubles with each failure, before any password is checked.
pub async fn login(
    db: &Database,
    username: &str,
    password: &str,
    client: Option<&str>,
) -> Result<StartedSession, ServiceError> {
    let name: String = username.trim().to_lowercase().chars().take(64).collect();
    let mut keys = vec![format!("user:{name}")];
    keys.extend(client.map(|c| format!("addr:{c}")));
    let check = keys.clone();
    if let Some(until) = db.run(move |conn| db::login_locked_until(conn, &check)).await? {
        let wait = (until - now()).num_seconds().max(1);
        return Err(ServiceError::TooMany(u64::try_from(wait).unwrap_or(60)));
    }
    let user = match Username::parse(username) {
        Ok(name) => {
            let name = name.as_str().to_owned();
            db.run(move |conn| db::find_user_by_username(conn, &name)).await?
        }
        Err(_) => None,
    };
    let stored = user.as_ref().filter(|u| !u.disabled).and_then(|u| u.password_hash.clone());
    let user = match (verify_password(password.to_owned(), stored).await?, user) {
        (true, Some(user)) => user,
        _ => {
            db.run(move |conn| -> Result<(), DbError> {
                for key in &keys {
                    db::record_login_failure(conn, key)?;
                }
                Ok(())
            })
            .await?;
            return Err(ServiceError::Unauthorized);
        }
    };
    let account = keys.swap_remove(0);
    db.run(move |conn| db::clear_login_failures(conn, &account)).await?;
    start_session(db, user).await
}

/// A user changes their own password: the current one is needed when there
/// is one; every other session of the user ends and their API tokens are
/// revoked. Returns how many sessions and tokens ended.
pub async fn change_password(
    db: &Database,
    actor: &Actor,
    user: &UserRow,
    current: Option<String>,
    new: String,
    keep_session: Option<&str>,
) -> Result<(usize, usize), ServiceError> {
    if user.password_hash.is_some() {
        let current = current
            .filter(|c| !c.is_empty())
            .ok_or_else(|| ServiceError::problem("current_password", Problem::CurrentPasswordNeeded))?;
        if !verify_password(current, user.password_hash.clone()).await? {
            return Err(ServiceError::problem("current_password", Problem::WrongPassword));
        }
    }
    validate_password(&new)?;
    let hash = hash_password(new).await?;
    let (user_id, actor, keep) = (user.id.clone(), actor.clone(), keep_session.map(str::to_owned));
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            db::set_password_hash(conn, &user_id, &hash)?;
            let sessions = db::delete_sessions_of(conn, &user_id, keep.as_deref())?;
            let tokens = db::revoke_tokens_of(conn, &user_id)?;
            let detail = format!("ended {sessions} other sessions, revoked {tokens} API tokens");
            audit(conn, &actor, "user.change_password", Some(&user_id), Some(detail))?;
            Ok((sessions, tokens))
        })
    })
    .await
}

/// The instance's secret for form tokens made before login, created on first use.
pub async fn form_secret(db: &Database) -> Result<String, ServiceError> {
    Ok(db
        .run(|conn| -> Result<String, DbError> {
            match coopfed_db::settings::get(conn, "form_secret")? {
                Some(secret) => Ok(secret),
                None => coopfed_db::settings::get_or_insert(conn, "form_secret", &secrets::generate("")),
            }
        })
        .await?)
}

async fn start_session(db: &Database, user: UserRow) -> Result<StartedSession, ServiceError> {
    let cookie = secrets::generate("cfs_");
    let csrf_token = secrets::generate("");
    let at = now();
    let row = SessionRow {
        id: secrets::hash(&cookie),
        user_id: user.id.clone(),
        csrf_token: csrf_token.clone(),
        created_at: at,
        expires_at: at + SESSION_LIFETIME,
    };
    let expires_at = row.expires_at;
    db.run(move |conn| {
        db::insert_session(conn, &row)?;
        db::touch_login(conn, &row.user_id)?;
        Ok::<_, ServiceError>(())
    })
    .await?;
    Ok(StartedSession { cookie, csrf_token, user, expires_at })
}

/// The session and user behind a session cookie, if it is valid.
pub async fn session(db: &Database, cookie: &str) -> Result<Option<(SessionRow, UserRow)>, ServiceError> {
    let id = secrets::hash(cookie);
    Ok(db.run(move |conn| db::find_session(conn, &id)).await?)
}

/// Ends a session.
pub async fn logout(db: &Database, cookie: &str) -> Result<(), ServiceError> {
    let id = secrets::hash(cookie);
    Ok(db.run(move |conn| db::delete_session(conn, &id)).await?)
}

/// Creates a one-time login link secret for a user (inside a transaction).
pub fn create_login_link_in(conn: &mut DbConnection, user_id: &str) -> Result<String, DbError> {
    let secret = secrets::generate("cfl_");
    let at = now();
    db::insert_login_link(
        conn,
        &LoginLinkRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            token_hash: secrets::hash(&secret),
            created_at: at,
            expires_at: at + LOGIN_LINK_LIFETIME,
            used_at: None,
        },
    )?;
    Ok(secret)
}

/// Creates a one-time login link secret for a user by name.
pub async fn create_login_link(db: &Database, actor: &Actor, username: &str) -> Result<String, ServiceError> {
    let name = Username::parse(username).map_err(|e| ServiceError::problem("username", e))?;
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let user = db::find_user_by_username(conn, name.as_str())?.ok_or(ServiceError::NotFound("user"))?;
            let secret = create_login_link_in(conn, &user.id)?;
            audit(conn, &actor, "user.login_link", Some(&user.username), None)?;
            Ok(secret)
        })
    })
    .await
}

/// Invites a person: a user without a password and a one-time login link
/// (the secret) to send them.
pub async fn invite(db: &Database, actor: &Actor, new: NewUser) -> Result<(UserRow, String), ServiceError> {
    let user = create_user(db, actor, NewUser { password: None, ..new }).await?;
    let secret = create_login_link(db, actor, &user.username).await?;
    Ok((user, secret))
}

/// Changes what a user may do: their role and the local member co-op they
/// edit (by slug; none for an admin). The last admin stays an admin.
pub async fn change_role(
    db: &Database,
    actor: &Actor,
    username: &str,
    role: Role,
    member: Option<String>,
) -> Result<UserRow, ServiceError> {
    let (actor, username) = (actor.clone(), username.to_owned());
    let member = member.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let mut user = db::find_user_by_username(conn, &username)?.ok_or(ServiceError::NotFound("user"))?;
            if user.role == Role::Admin && role != Role::Admin && db::count_admins(conn)? <= 1 {
                return Err(ServiceError::Conflict("the last admin stays an admin".into()));
            }
            let member_id = match &member {
                Some(slug) => {
                    let network =
                        coopfed_db::networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
                    let found = coopfed_db::members::find_member(conn, &network.id, slug)?.ok_or_else(|| {
                        ServiceError::invalid("member", format!("no member co-op `{slug}` in this network"))
                    })?;
                    Some(found.id)
                }
                None => None,
            };
            db::set_role(conn, &user.id, role, member_id.as_deref())?;
            let details = format!("role={role} member={}", member.as_deref().unwrap_or("-"));
            audit(conn, &actor, "user.role", Some(&user.username), Some(details))?;
            user.role = role;
            user.member_id = member_id;
            Ok(user)
        })
    })
    .await
}

/// Uses a one-time login link: starts a session, once.
pub async fn use_login_link(db: &Database, secret: &str) -> Result<StartedSession, ServiceError> {
    let hash = secrets::hash(secret);
    let user = db
        .run(move |conn| {
            let Some(user_id) = db::consume_login_link(conn, &hash)? else { return Ok(None) };
            db::find_user(conn, &user_id)
        })
        .await?;
    match user {
        Some(user) if !user.disabled => start_session(db, user).await,
        _ => Err(ServiceError::Unauthorized),
    }
}

/// A created API token; `secret` is shown once and never stored.
pub struct CreatedToken {
    pub token: ApiTokenRow,
    pub secret: String,
}

/// Creates an API token for a user (inside a transaction).
pub fn create_token_in(
    conn: &mut DbConnection,
    user_id: &str,
    name: &str,
    expires_in: Option<Duration>,
) -> Result<CreatedToken, DbError> {
    let secret = secrets::generate("cft_");
    let at = now();
    let token = ApiTokenRow {
        id: new_id(),
        user_id: user_id.to_owned(),
        name: name.to_owned(),
        token_hash: secrets::hash(&secret),
        // `cft_` plus 8 characters: enough to tell tokens apart in a list.
        prefix: secret.chars().take(12).collect(),
        created_at: at,
        last_used_at: None,
        expires_at: expires_in.map(|d| at + d),
        revoked_at: None,
    };
    db::insert_token(conn, &token)?;
    Ok(CreatedToken { token, secret })
}

/// Creates an API token for the named user.
pub async fn create_token(
    db: &Database,
    actor: &Actor,
    username: &str,
    name: &str,
    expires_in_days: Option<u32>,
) -> Result<CreatedToken, ServiceError> {
    let user = Username::parse(username).map_err(|e| ServiceError::invalid("user", e))?;
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::invalid("name", "must be 1 to 100 characters long"));
    }
    if expires_in_days == Some(0) {
        return Err(ServiceError::invalid("expires_in_days", "must be at least 1"));
    }
    let expires_in = expires_in_days.map(|d| Duration::days(i64::from(d)));
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let user = db::find_user_by_username(conn, user.as_str())?.ok_or(ServiceError::NotFound("user"))?;
            let created = create_token_in(conn, &user.id, &name, expires_in)?;
            audit(conn, &actor, "token.create", Some(&created.token.prefix), Some(format!("user={}", user.username)))?;
            Ok(created)
        })
    })
    .await
}

/// Tokens (without secrets) with their owners' names; only one user's when named.
pub async fn list_tokens(db: &Database, username: Option<&str>) -> Result<Vec<(ApiTokenRow, String)>, ServiceError> {
    let username = username.map(str::to_owned);
    db.run(move |conn| {
        let user_id = match username {
            Some(name) => {
                let name = Username::parse(&name).map_err(|e| ServiceError::invalid("user", e))?;
                let user = db::find_user_by_username(conn, name.as_str())?.ok_or(ServiceError::NotFound("user"))?;
                Some(user.id)
            }
            None => None,
        };
        Ok(db::list_tokens(conn, user_id.as_deref())?)
    })
    .await
}

/// Revokes a token by id or prefix.
pub async fn revoke_token(db: &Database, actor: &Actor, id_or_prefix: &str) -> Result<ApiTokenRow, ServiceError> {
    let (key, actor) = (id_or_prefix.trim().to_owned(), actor.clone());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let token = db::revoke_token(conn, &key).map_err(|e| match e {
                DbError::NotFound => ServiceError::NotFound("token"),
                other => other.into(),
            })?;
            audit(conn, &actor, "token.revoke", Some(&token.prefix), None)?;
            Ok(token)
        })
    })
    .await
}

/// The user behind a bearer token, if the token is valid.
pub async fn authenticate_token(db: &Database, secret: &str) -> Result<Option<(ApiTokenRow, UserRow)>, ServiceError> {
    if !secret.starts_with("cft_") {
        return Ok(None);
    }
    let hash = secrets::hash(secret);
    db.run(move |conn| {
        let found = db::find_active_token(conn, &hash)?;
        if let Some((token, _)) = &found {
            db::touch_token(conn, &token.id)?;
        }
        Ok::<_, ServiceError>(found)
    })
    .await
}

/// All users.
pub async fn list_users(db: &Database) -> Result<Vec<UserRow>, ServiceError> {
    Ok(db.run(db::list_users).await?)
}

/// Runs `work` in a transaction, and again (up to three times in all) when
/// the database broke a deadlock by aborting it: for work that concurrent
/// tasks do on the same rows in any order (mirroring a partner while its
/// activities arrive). Any error rolls it back.
pub fn transaction_retrying<T>(
    conn: &mut DbConnection,
    mut work: impl FnMut(&mut DbConnection) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let mut attempt = 1;
    loop {
        match coopfed_db::transaction(conn, &mut work) {
            Err(ServiceError::Db(coopfed_db::DbError::Collision(message))) if attempt < 3 => {
                tracing::debug!(%message, attempt, "a transaction collided with another; running it again");
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Runs `work` in a transaction; any error rolls it back.
pub(crate) fn conn_transaction<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    coopfed_db::transaction(conn, work)
}
