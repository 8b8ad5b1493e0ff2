//! National networks, local and remote.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::networks};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = networks)]
#[diesel(treat_none_as_default_value = false)]
pub struct NetworkRow {
    pub id: String,
    pub slug: String,
    pub domain: String,
    pub display_name: String,
    pub summary: Option<String>,
    pub is_local: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &NetworkRow) -> Result<(), DbError> {
    diesel::insert_into(networks::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find_by_id(conn: &mut DbConnection, id: &str) -> Result<Option<NetworkRow>, DbError> {
    Ok(networks::table.find(id).select(NetworkRow::as_select()).first(conn).optional()?)
}

/// The network this instance runs, once set up.
pub fn find_local(conn: &mut DbConnection) -> Result<Option<NetworkRow>, DbError> {
    Ok(networks::table.filter(networks::is_local.eq(true)).select(NetworkRow::as_select()).first(conn).optional()?)
}

/// Updates the display name and description of a network.
pub fn update_profile(
    conn: &mut DbConnection,
    id: &str,
    display_name: &str,
    summary: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(networks::table.find(id))
        .set((
            networks::display_name.eq(display_name),
            networks::summary.eq(summary),
            networks::updated_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every network, local first, then by name.
pub fn list(conn: &mut DbConnection) -> Result<Vec<NetworkRow>, DbError> {
    Ok(networks::table
        .order((networks::is_local.desc(), networks::display_name.asc()))
        .select(NetworkRow::as_select())
        .load(conn)?)
}

/// The remote network of a domain, created on first sight.
pub fn ensure_remote(
    conn: &mut DbConnection,
    domain: &str,
    slug: &str,
    display_name: &str,
) -> Result<NetworkRow, DbError> {
    let found = networks::table
        .filter(networks::is_local.eq(false))
        .filter(networks::domain.eq(domain))
        .select(NetworkRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(found) = found {
        // A network first seen through one of its co-ops is named after its domain;
        // once its network actor is known, take its real name.
        if found.slug == found.domain && slug != domain {
            diesel::update(networks::table.find(&found.id))
                .set((
                    networks::slug.eq(slug),
                    networks::display_name.eq(display_name),
                    networks::updated_at.eq(crate::now()),
                ))
                .execute(conn)?;
            return Ok(NetworkRow { slug: slug.to_owned(), display_name: display_name.to_owned(), ..found });
        }
        return Ok(found);
    }
    let at = crate::now();
    let row = NetworkRow {
        id: crate::new_id(),
        slug: slug.to_owned(),
        domain: domain.to_owned(),
        display_name: display_name.to_owned(),
        summary: None,
        is_local: false,
        created_at: at,
        updated_at: at,
    };
    // A concurrent transaction may be recording the same network: then use its row.
    let insert = diesel::insert_into(networks::table).values(&row).on_conflict_do_nothing();
    let inserted = execute_per_backend!(conn, insert)?;
    if inserted == 0 {
        return networks::table
            .filter(networks::is_local.eq(false))
            .filter(networks::domain.eq(domain))
            .filter(networks::slug.eq(slug))
            .select(NetworkRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| DbError::Conflict(format!("the network {slug} at {domain} collides with another")));
    }
    Ok(row)
}

/// Marks the remote networks whose domain `blocked` names as blocked (their
/// mirrored content is hidden) and the others as not blocked.
pub fn mark_blocked(conn: &mut DbConnection, blocked: impl Fn(&str) -> bool) -> Result<(), DbError> {
    let rows: Vec<(String, String, Option<NaiveDateTime>)> = networks::table
        .filter(networks::is_local.eq(false))
        .select((networks::id, networks::domain, networks::blocked_at))
        .load(conn)?;
    for (id, domain, blocked_at) in rows {
        let now_blocked = blocked(&domain);
        if now_blocked != blocked_at.is_some() {
            let at = now_blocked.then(crate::now);
            diesel::update(networks::table.find(&id)).set(networks::blocked_at.eq(at)).execute(conn)?;
        }
    }
    Ok(())
}

/// Whether the network is blocked (its domain is on a block list).
pub fn is_blocked(conn: &mut DbConnection, id: &str) -> Result<bool, DbError> {
    let at: Option<Option<NaiveDateTime>> =
        networks::table.find(id).select(networks::blocked_at).first(conn).optional()?;
    Ok(at.flatten().is_some())
}
