//! The audit log of administrative actions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::audit_log};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
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
