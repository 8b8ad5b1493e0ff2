//! RSA key pairs for actors, generated with aws-lc-rs (native code).

use aws_lc_rs::{
    encoding::AsDer,
    rsa::{KeyPair, KeySize},
    signature::KeyPair as _,
};
use base64::Engine as _;

use crate::ServiceError;

/// A freshly generated key pair in PEM form.
pub struct ActorKeys {
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo), as ActivityPub's `publicKeyPem`.
    pub public_pem: String,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8). Stays in the database.
    pub private_pem: String,
}

impl std::fmt::Debug for ActorKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorKeys").field("public_pem", &self.public_pem).finish_non_exhaustive()
    }
}

/// Generates an RSA-2048 key pair.
pub fn generate() -> Result<ActorKeys, ServiceError> {
    let crypto = |what: &str| ServiceError::Crypto(what.to_owned());
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| crypto("RSA key generation"))?;
    let private = pair.as_der().map_err(|_| crypto("private key encoding"))?;
    let public = pair.public_key().as_der().map_err(|_| crypto("public key encoding"))?;
    Ok(ActorKeys { public_pem: pem("PUBLIC KEY", public.as_ref()), private_pem: pem("PRIVATE KEY", private.as_ref()) })
}

/// The local actor `row` with its key pair: made now (outside any
/// transaction; it takes tens of milliseconds) when it [awaits one](coopfed_db::actors::ActorRow::awaits_key).
pub async fn ensure(
    db: &coopfed_db::Database,
    row: coopfed_db::actors::ActorRow,
) -> Result<coopfed_db::actors::ActorRow, ServiceError> {
    if !row.awaits_key() {
        return Ok(row);
    }
    let keys = tokio::task::spawn_blocking(generate)
        .await
        .map_err(|e| ServiceError::Crypto(format!("key generation stopped: {e}")))??;
    let id = row.id.clone();
    let row =
        db.run(move |conn| coopfed_db::actors::set_first_key(conn, &id, &keys.public_pem, &keys.private_pem)).await?;
    tracing::info!(actor = %row.ap_id, "made the actor's first key pair");
    Ok(row)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// How long a key replaced by a rotation still verifies, unless told otherwise.
pub const DEFAULT_GRACE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// The longest grace period a rotation may give the old key.
pub const MAX_GRACE: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// A local actor's key, as the console and the API list it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ActorKey {
    /// The actor's id (URL).
    pub actor: String,
    /// `@name@domain`.
    pub handle: String,
    /// `network`, `group`, `organization` or `application`.
    pub kind: String,
    /// The id of its current public key.
    pub key_id: String,
    /// Since when the current key is in use (the actor's set-up or last rotation).
    #[schema(value_type = String, format = DateTime)]
    pub since: chrono::NaiveDateTime,
    /// Keys it used before that still verify, with when they stop.
    pub retired: Vec<RetiredKey>,
}

/// A replaced key in its grace period.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RetiredKey {
    pub key_id: String,
    #[schema(value_type = String, format = DateTime)]
    pub retired_at: chrono::NaiveDateTime,
    #[schema(value_type = String, format = DateTime)]
    pub valid_until: chrono::NaiveDateTime,
}

/// What a rotation did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Rotation {
    pub actor: String,
    pub handle: String,
    /// The new key's id.
    pub key_id: String,
    /// The replaced key's id; it verifies until `valid_until`. None when
    /// the actor had no key yet (a co-op whose key is made on first use).
    pub retired_key_id: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub valid_until: chrono::NaiveDateTime,
}

/// The local actors and their keys: all of them, or the one `which` names
/// (its id, `@name@domain`, or its name when no other local actor has it).
pub async fn local_keys(db: &coopfed_db::Database, which: Option<&str>) -> Result<Vec<ActorKey>, ServiceError> {
    let which = which.map(str::to_owned);
    db.run(move |conn| {
        let now = coopfed_db::now();
        let actors = chosen(conn, which.as_deref())?;
        let mut keys = Vec::with_capacity(actors.len());
        for row in actors {
            let history = coopfed_db::keys::of_actor(conn, &row.id)?;
            // The current key came in with the latest rotation, else at set-up.
            let since = history.first().map_or(row.created_at, |r| r.retired_at);
            let retired = history
                .into_iter()
                .filter(|r| r.expires_at > now)
                .map(|r| RetiredKey { key_id: r.key_id, retired_at: r.retired_at, valid_until: r.expires_at })
                .collect();
            keys.push(ActorKey {
                key_id: current_key_id(&row),
                handle: format!("@{}@{}", row.username, row.domain),
                kind: row.kind.as_str().to_owned(),
                actor: row.ap_id,
                since,
                retired,
            });
        }
        Ok(keys)
    })
    .await
}

fn current_key_id(row: &coopfed_db::actors::ActorRow) -> String {
    row.public_key_id.clone().unwrap_or_else(|| format!("{}#main-key", row.ap_id))
}

fn chosen(
    conn: &mut coopfed_db::DbConnection,
    which: Option<&str>,
) -> Result<Vec<coopfed_db::actors::ActorRow>, ServiceError> {
    let all = coopfed_db::actors::all_local(conn)?;
    let Some(which) = which.map(str::trim) else { return Ok(all) };
    let (name, domain) = match which.trim_start_matches('@').split_once('@') {
        Some((name, domain)) if !which.contains('/') => (name, Some(domain)),
        _ => (which.trim_start_matches('@'), None),
    };
    let found: Vec<_> = all
        .into_iter()
        .filter(|row| {
            row.ap_id == which
                || (row.username.eq_ignore_ascii_case(name)
                    && domain.is_none_or(|d| d.eq_ignore_ascii_case(&row.domain)))
        })
        .collect();
    match found.len() {
        0 => Err(ServiceError::NotFound("local actor")),
        1 => Ok(found),
        _ => Err(ServiceError::Conflict(format!(
            "{which} names several local actors; give one of their ids: {}",
            found.iter().map(|r| r.ap_id.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Gives a local actor (by its id, as [`local_keys`] lists it) a new key pair.
/// Its old key still verifies for `grace`, and an `Update` of the actor,
/// signed with the new key, goes to its followers and partners.
pub async fn rotate(writer: &crate::Writer, actor: &str, grace: chrono::TimeDelta) -> Result<Rotation, ServiceError> {
    if grace < chrono::TimeDelta::zero() || grace > MAX_GRACE {
        return Err(ServiceError::invalid("grace", format!("must be between 0 and {} days", MAX_GRACE.num_days())));
    }
    let keys = tokio::task::spawn_blocking(generate)
        .await
        .map_err(|e| ServiceError::Crypto(format!("key generation stopped: {e}")))??;
    let crate::Writer { db, outbound, actor: who } = writer.clone();
    let actor = actor.to_owned();
    db.run(move |conn| {
        crate::accounts::conn_transaction(conn, |conn| {
            let row = chosen(conn, Some(&actor))?.remove(0);
            let now = coopfed_db::now();
            // A fresh id, so servers that cache keys by id fetch the new one at once.
            let key_id = format!("{}#key-{}", row.ap_id, now.and_utc().timestamp_millis());
            let valid_until = now + grace;
            let retired_key_id = coopfed_db::actors::replace_local_key(
                conn,
                &row.id,
                &key_id,
                &keys.public_pem,
                &keys.private_pem,
                valid_until,
            )?;
            crate::outbound::emit(
                conn,
                outbound.as_ref(),
                &crate::outbound::Action::KeyRotated { actor_id: row.id.clone() },
            )?;
            crate::audit(
                conn,
                &who,
                "key.rotate",
                Some(&row.ap_id),
                Some(format!(
                    "key={key_id} previous={} valid_until={}",
                    retired_key_id.as_deref().unwrap_or("none"),
                    valid_until.format("%Y-%m-%dT%H:%M:%SZ")
                )),
            )?;
            Ok(Rotation {
                handle: format!("@{}@{}", row.username, row.domain),
                actor: row.ap_id,
                key_id,
                retired_key_id,
                valid_until,
            })
        })
    })
    .await
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn generates_pem_pairs() {
        let keys = generate().unwrap();
        assert!(keys.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(keys.public_pem.ends_with("-----END PUBLIC KEY-----\n"));
        assert!(keys.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // An RSA-2048 SubjectPublicKeyInfo is 294 bytes: 392 base64 characters.
        let b64: String = keys.public_pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(b64.len(), 392);
        assert!(!format!("{keys:?}").contains("PRIVATE"));
    }
}
