//! Reading the audit log: who changed what and when (admins, the command line).

use coopfed_core::records::Problem;
use coopfed_db::{
    Database,
    audit::{AuditEntry, AuditFilter},
};

use crate::ServiceError;

/// The audit log's filters as people write them; empty means any. `since`
/// is a day (`2026-12-01`, from its start in UTC) or a date-time with an
/// offset.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub since: Option<String>,
}

impl AuditQuery {
    /// The checked filter.
    pub fn filter(&self) -> Result<AuditFilter, ServiceError> {
        let given =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let since = match given(&self.since) {
            None => None,
            Some(text) => Some(
                chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
                    .or_else(|| chrono::DateTime::parse_from_rfc3339(&text).ok().map(|at| at.naive_utc()))
                    .ok_or(ServiceError::problem("since", Problem::NotDate { text }))?,
            ),
        };
        Ok(AuditFilter { actor: given(&self.actor), action: given(&self.action), target: given(&self.target), since })
    }
}

/// Entries newest first, after the entry id `before`.
pub async fn entries(
    db: &Database,
    query: &AuditQuery,
    before: Option<String>,
    limit: i64,
) -> Result<Vec<AuditEntry>, ServiceError> {
    let filter = query.filter()?;
    db.run(move |conn| Ok(coopfed_db::audit::search(conn, &filter, before.as_deref(), limit)?)).await
}
