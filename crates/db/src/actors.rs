//! ActivityPub actors, local (with their keys) and remote.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::actors};

crate::text_enum! {
    /// What an actor stands for (the `kind` column, stored as text).
    pub enum ActorKind ("actor kind") {
        /// A national network (`Group`).
        Network = "network",
        /// A stream group: `jobs` or `news` (`Group`).
        Group = "group",
        /// A member co-op (`Organization`).
        Organization = "organization",
        /// The instance actor (`Application`).
        Application = "application",
        /// A remote person following a stream.
        Person = "person",
    }
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = actors)]
#[diesel(treat_none_as_default_value = false)]
pub struct ActorRow {
    pub id: crate::ActorId,
    pub ap_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: ActorKind,
    pub username: String,
    pub domain: String,
    pub display_name: String,
    pub summary: Option<String>,
    pub network_id: Option<String>,
    pub is_local: bool,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    /// Empty for a local actor whose key pair is not made yet (see [`ActorRow::awaits_key`]).
    pub public_key_pem: String,
    /// Only local actors have one, once it is made. Never logged, never sent.
    pub private_key_pem: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub fetched_at: Option<NaiveDateTime>,
    /// The id of its public key (`publicKey.id`), on the actor's origin.
    pub public_key_id: Option<String>,
}

impl ActorRow {
    /// A local actor whose key pair is made on first use (a co-op created by
    /// an import): it has signed nothing and published no key yet.
    pub fn awaits_key(&self) -> bool {
        self.is_local && self.private_key_pem.is_none()
    }
}

impl std::fmt::Debug for ActorRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorRow")
            .field("id", &self.id)
            .field("ap_id", &self.ap_id)
            .field("kind", &self.kind)
            .field("username", &self.username)
            .field("is_local", &self.is_local)
            .field("private_key_pem", &self.private_key_pem.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

pub fn insert(conn: &mut DbConnection, row: &ActorRow) -> Result<(), DbError> {
    diesel::insert_into(actors::table).values(row.clone()).execute(conn)?;
    Ok(())
}

/// The remote actor whose public key has the id `key_id`; `None` also when
/// several stored actors claim that key (then the key's owner is fetched).
pub fn find_by_public_key_id(conn: &mut DbConnection, key_id: &str) -> Result<Option<ActorRow>, DbError> {
    let mut found: Vec<ActorRow> = actors::table
        .filter(actors::is_local.eq(false))
        .filter(actors::public_key_id.eq(key_id))
        .select(ActorRow::as_select())
        .limit(2)
        .load(conn)?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// A local actor by its handle name (`cotech`, `jobs`, a member slug).
pub fn find_local_by_username(conn: &mut DbConnection, username: &str) -> Result<Option<ActorRow>, DbError> {
    Ok(actors::table
        .filter(actors::is_local.eq(true))
        .filter(actors::username.eq(username))
        .select(ActorRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which of `usernames` local actors have (one query per 500, for imports).
pub fn local_usernames_among(
    conn: &mut DbConnection,
    usernames: &[&str],
) -> Result<std::collections::HashSet<String>, DbError> {
    let mut taken = std::collections::HashSet::new();
    for chunk in usernames.chunks(500) {
        let names: Vec<String> = actors::table
            .filter(actors::is_local.eq(true))
            .filter(actors::username.eq_any(chunk))
            .select(actors::username)
            .load(conn)?;
        taken.extend(names);
    }
    Ok(taken)
}

/// A local actor of the given kind and name.
pub fn find_local(conn: &mut DbConnection, kind: ActorKind, username: &str) -> Result<Option<ActorRow>, DbError> {
    Ok(actors::table
        .filter(actors::is_local.eq(true))
        .filter(actors::kind.eq(kind.as_str()))
        .filter(actors::username.eq(username))
        .select(ActorRow::as_select())
        .first(conn)
        .optional()?)
}

/// The local network's actor (the `Group` at `/networks/SLUG`), once set up.
pub fn local_network(conn: &mut DbConnection) -> Result<Option<ActorRow>, DbError> {
    let Some(network) = crate::networks::find_local(conn)? else { return Ok(None) };
    find_local(conn, ActorKind::Network, &network.slug)
}

pub fn find_by_ap_id(conn: &mut DbConnection, ap_id: &str) -> Result<Option<ActorRow>, DbError> {
    Ok(actors::table.filter(actors::ap_id.eq(ap_id)).select(ActorRow::as_select()).first(conn).optional()?)
}

/// All local actors of one kind, by name.
pub fn list_local(conn: &mut DbConnection, kind: ActorKind) -> Result<Vec<ActorRow>, DbError> {
    Ok(actors::table
        .filter(actors::is_local.eq(true))
        .filter(actors::kind.eq(kind.as_str()))
        .order(actors::username.asc())
        .select(ActorRow::as_select())
        .load(conn)?)
}

/// The domain local actors were created with. Ids are permanent, so a later
/// change of the configured domain is refused at start.
pub fn local_domain(conn: &mut DbConnection) -> Result<Option<String>, DbError> {
    Ok(actors::table.filter(actors::is_local.eq(true)).select(actors::domain).first(conn).optional()?)
}

/// Updates a local actor's display name and summary.
pub fn update_profile(
    conn: &mut DbConnection,
    id: &str,
    display_name: &str,
    summary: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(actors::table.find(id))
        .set((actors::display_name.eq(display_name), actors::summary.eq(summary), actors::updated_at.eq(crate::now())))
        .execute(conn)?;
    Ok(())
}

/// Stores a fetched remote actor, or refreshes the stored copy (keeping its row id).
pub fn upsert_remote(conn: &mut DbConnection, row: &ActorRow) -> Result<ActorRow, DbError> {
    // Local actors are made at set-up and never from outside.
    let is_local = actors::table
        .filter(actors::ap_id.eq(&row.ap_id))
        .filter(actors::is_local.eq(true))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if is_local {
        return Err(DbError::Conflict(format!("{} is a local actor", row.ap_id)));
    }
    // The (domain, username) pair is unique; a renamed remote actor may collide with an old row.
    diesel::delete(
        actors::table
            .filter(actors::is_local.eq(false))
            .filter(actors::domain.eq(&row.domain))
            .filter(actors::username.eq(&row.username))
            .filter(actors::ap_id.ne(&row.ap_id)),
    )
    .execute(conn)?;
    // A changed key: the old one still verifies what was signed before.
    let before = actors::table
        .filter(actors::ap_id.eq(&row.ap_id))
        .select((actors::id, actors::public_key_id, actors::public_key_pem))
        .first::<(crate::ActorId, Option<String>, String)>(conn)
        .optional()?;
    if let Some((actor_id, Some(key_id), pem)) = before {
        if pem != row.public_key_pem {
            let now = crate::now();
            let retired = crate::keys::RetiredKeyRow {
                key_id,
                actor_id,
                public_key_pem: pem,
                retired_at: now,
                expires_at: now + crate::keys::REMOTE_GRACE,
            };
            crate::keys::retire(conn, &retired)?;
        }
    }
    // One statement, so two requests bringing the same actor at once agree.
    let upsert = diesel::insert_into(actors::table).values(row.clone()).on_conflict(actors::ap_id).do_update().set((
        actors::kind.eq(row.kind.as_str()),
        actors::username.eq(&row.username),
        actors::display_name.eq(&row.display_name),
        actors::summary.eq(&row.summary),
        actors::inbox_url.eq(&row.inbox_url),
        actors::shared_inbox_url.eq(&row.shared_inbox_url),
        actors::outbox_url.eq(&row.outbox_url),
        actors::followers_url.eq(&row.followers_url),
        actors::public_key_pem.eq(&row.public_key_pem),
        actors::public_key_id.eq(&row.public_key_id),
        actors::updated_at.eq(crate::now()),
        actors::fetched_at.eq(row.fetched_at),
    ));
    execute_per_backend!(conn, upsert)?;
    find_by_ap_id(conn, &row.ap_id)?
        .ok_or_else(|| DbError::Conflict(format!("{} collides with another actor", row.ap_id)))
}

/// Gives a local actor a new key pair; the old public key is retired until
/// `grace_until`. Returns the retired key's id (`None` when the actor had no
/// key yet).
pub fn replace_local_key(
    conn: &mut DbConnection,
    actor_id: &str,
    key_id: &str,
    public_key_pem: &str,
    private_key_pem: &str,
    grace_until: NaiveDateTime,
) -> Result<Option<String>, DbError> {
    let row = find_by_id(conn, actor_id)?
        .filter(|row| row.is_local)
        .ok_or_else(|| DbError::Conflict(format!("{actor_id} is not a local actor")))?;
    let now = crate::now();
    let old_key_id = if row.awaits_key() {
        None
    } else {
        let old_key_id = row.public_key_id.clone().unwrap_or_else(|| format!("{}#main-key", row.ap_id));
        let retired = crate::keys::RetiredKeyRow {
            key_id: old_key_id.clone(),
            actor_id: row.id.clone(),
            public_key_pem: row.public_key_pem,
            retired_at: now,
            expires_at: grace_until,
        };
        crate::keys::retire(conn, &retired)?;
        Some(old_key_id)
    };
    diesel::update(actors::table.find(actor_id))
        .set((
            actors::public_key_id.eq(key_id),
            actors::public_key_pem.eq(public_key_pem),
            actors::private_key_pem.eq(private_key_pem),
            actors::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(old_key_id)
}

/// Stores the first key pair of a local actor that [awaits one](ActorRow::awaits_key);
/// when another process made one first, that one stays. Returns the actor.
pub fn set_first_key(
    conn: &mut DbConnection,
    actor_id: &str,
    public_key_pem: &str,
    private_key_pem: &str,
) -> Result<ActorRow, DbError> {
    diesel::update(
        actors::table.find(actor_id).filter(actors::is_local.eq(true)).filter(actors::private_key_pem.is_null()),
    )
    .set((actors::public_key_pem.eq(public_key_pem), actors::private_key_pem.eq(private_key_pem)))
    .execute(conn)?;
    find_by_id(conn, actor_id)?.ok_or_else(|| DbError::Conflict(format!("no actor {actor_id}")))
}

/// Every local actor: the instance actor, the network, its groups and co-ops.
pub fn all_local(conn: &mut DbConnection) -> Result<Vec<ActorRow>, DbError> {
    Ok(actors::table
        .filter(actors::is_local.eq(true))
        .order((actors::kind.asc(), actors::username.asc()))
        .select(ActorRow::as_select())
        .load(conn)?)
}

pub fn find_by_id(conn: &mut DbConnection, id: &str) -> Result<Option<ActorRow>, DbError> {
    Ok(actors::table.find(id).select(ActorRow::as_select()).first(conn).optional()?)
}

/// A stored remote actor by domain and name.
pub fn find_remote(conn: &mut DbConnection, domain: &str, username: &str) -> Result<Option<ActorRow>, DbError> {
    Ok(actors::table
        .filter(actors::is_local.eq(false))
        .filter(actors::domain.eq(domain))
        .filter(actors::username.eq(username))
        .select(ActorRow::as_select())
        .first(conn)
        .optional()?)
}

/// Removes a remote actor (its follows and mirrored member row go with it).
pub fn delete_remote(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::delete(actors::table.find(id).filter(actors::is_local.eq(false))).execute(conn)?;
    Ok(())
}

/// Blocks (or unblocks) a remote actor by its id. Returns the actor's row
/// id, or `None` when no remote actor has that id.
pub fn set_blocked(conn: &mut DbConnection, ap_id: &str, blocked: bool) -> Result<Option<crate::ActorId>, DbError> {
    let Some(row) = find_by_ap_id(conn, ap_id)?.filter(|row| !row.is_local) else { return Ok(None) };
    let at = blocked.then(crate::now);
    diesel::update(actors::table.find(&row.id)).set(actors::blocked_at.eq(at)).execute(conn)?;
    Ok(Some(row.id))
}

/// The ids (`ap_id`) of blocked actors, with when they were blocked.
pub fn blocked(conn: &mut DbConnection) -> Result<Vec<(String, NaiveDateTime)>, DbError> {
    let rows: Vec<(String, Option<NaiveDateTime>)> = actors::table
        .filter(actors::blocked_at.is_not_null())
        .order(actors::ap_id.asc())
        .select((actors::ap_id, actors::blocked_at))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, at)| Some((id, at?))).collect())
}
