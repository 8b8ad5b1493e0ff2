//! The audit log of administrative actions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::audit_log};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
#[diesel(treat_none_as_default_value = false)]
pub struct AuditEntry {
    pub id: String,
    pub at: NaiveDateTime,
    pub user_id: Option<String>,
    /// Who acted: a user name, or `cli` / `system`.
    pub actor: String,
    /// What happened, as a dotted name: `user.create`, `token.revoke`.
    pub action: String,
    pub target: Option<String>,
    pub details: Option<String>,
}

pub fn record(conn: &mut DbConnection, entry: &AuditEntry) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table).values(entry).execute(conn)?;
    Ok(())
}

/// The newest entries first.
pub fn recent(conn: &mut DbConnection, limit: i64) -> Result<Vec<AuditEntry>, DbError> {
    Ok(audit_log::table.order(audit_log::id.desc()).limit(limit).select(AuditEntry::as_select()).load(conn)?)
}

/// Filters of the audit log; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Who acted: a user name, `cli` or `system`.
    pub actor: Option<String>,
    /// The action, or the start of it up to a dot: `member` finds
    /// `member.create` and `member.update`.
    pub action: Option<String>,
    /// Words the target holds.
    pub target: Option<String>,
    /// Entries at or after this time.
    pub since: Option<NaiveDateTime>,
}

/// Entries that pass `filter`, newest first, after the entry id `before`.
pub fn search(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEntry>, DbError> {
    let mut query =
        audit_log::table.order(audit_log::id.desc()).limit(limit).select(AuditEntry::as_select()).into_boxed();
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_log::actor.eq(actor.clone()));
    }
    if let Some(action) = &filter.action {
        let prefix = format!("{}.%", crate::escape_like(action));
        query = query.filter(audit_log::action.eq(action.clone()).or(audit_log::action.like(prefix).escape('\\')));
    }
    if let Some(target) = &filter.target {
        query = query.filter(audit_log::target.like(format!("%{}%", crate::escape_like(target))).escape('\\'));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::at.ge(since));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before.to_owned()));
    }
    Ok(query.load(conn)?)
}
