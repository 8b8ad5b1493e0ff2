//! What local job offers and announcements share as items of a stream: an
//! import (one transaction; each record creates or updates its item and
//! queues the activity that says so; one audit entry) and withdrawal.

use coopfed_core::InstanceUrls;
use coopfed_db::{Database, DbConnection, networks::NetworkRow};

use crate::{
    Actor, ServiceError,
    accounts::conn_transaction,
    audit,
    outbound::{Action, Outbound, emit},
};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
}

/// What a change to a local item did: the item, the activity that says so
/// and its audit entry.
pub(crate) struct Change<T> {
    pub item: T,
    pub action: Action,
    pub audit: &'static str,
    /// The item's public id.
    pub target: String,
    pub detail: Option<String>,
}

/// Runs `work` in one transaction, which also queues the change's activity
/// and writes its audit entry.
pub(crate) async fn change<T: Send + 'static>(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    work: impl FnOnce(&mut DbConnection) -> Result<Change<T>, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let change = work(conn)?;
            emit(conn, outbound.as_ref(), &change.action)?;
            audit(conn, &actor, change.audit, Some(&change.target), change.detail)?;
            Ok(change.item)
        })
    })
    .await
}

/// A checked record of an import file.
pub trait ImportRecord: Send + Sync + 'static {
    /// The audit action of an import (`jobs.import`).
    const AUDIT: &'static str;

    /// Creates or updates (and undeletes) the local item the record
    /// describes. Returns the activity to send and whether the item is new.
    fn store(
        &self,
        conn: &mut DbConnection,
        network: &NetworkRow,
        urls: &InstanceUrls,
    ) -> Result<(Action, bool), ServiceError>;
}

/// Imports `records` in one transaction, calling `progress` after each.
pub async fn import<R: ImportRecord>(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    urls: &InstanceUrls,
    actor: &Actor,
    records: Vec<R>,
    progress: impl Fn(usize) + Send + 'static,
) -> Result<ImportReport, ServiceError> {
    let (actor, urls) = (actor.clone(), urls.clone());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = coopfed_db::networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let mut report = ImportReport::default();
            for (done, record) in records.iter().enumerate() {
                let (action, created) = record.store(conn, &network, &urls)?;
                if created {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
                emit(conn, outbound.as_ref(), &action)?;
                progress(done + 1);
            }
            let summary = format!("created={} updated={}", report.created, report.updated);
            audit(conn, &actor, R::AUDIT, None, Some(summary))?;
            Ok(report)
        })
    })
    .await
}

/// A local item that can be withdrawn.
pub trait LocalItem: Sized + Send + 'static {
    /// The audit action of a withdrawal (`job.delete`).
    const DELETE_AUDIT: &'static str;

    /// The local item, not deleted, by row id or public id.
    fn local(conn: &mut DbConnection, id: &str) -> Result<Self, ServiceError>;
    /// Marks it deleted; returns the activity that says so.
    fn withdraw(&self, conn: &mut DbConnection) -> Result<Action, ServiceError>;
    fn ap_id(&self) -> &str;
}

/// [`LocalItem`] for a row type whose module has `find`, `find_by_ap_id`
/// and `mark_deleted`, and whose deletion is the given action.
macro_rules! local_item {
    ($row:ty, $module:ident, $noun:literal, $audit:literal, $action:ident { $field:ident }) => {
        impl LocalItem for $row {
            const DELETE_AUDIT: &'static str = $audit;

            fn local(conn: &mut DbConnection, id: &str) -> Result<Self, ServiceError> {
                let row = match coopfed_db::$module::find(conn, id)? {
                    Some(row) => Some(row),
                    None => coopfed_db::$module::find_by_ap_id(conn, id)?,
                };
                row.filter(|r| r.is_local && r.deleted_at.is_none()).ok_or(ServiceError::NotFound($noun))
            }

            fn withdraw(&self, conn: &mut DbConnection) -> Result<Action, ServiceError> {
                coopfed_db::$module::mark_deleted(conn, &self.id)?;
                Ok(Action::$action { $field: self.id.clone() })
            }

            fn ap_id(&self) -> &str {
                &self.ap_id
            }
        }
    };
}

local_item!(coopfed_db::jobs::JobRow, jobs, "job", "job.delete", JobDeleted { job_id });
local_item!(
    coopfed_db::announcements::AnnouncementRow,
    announcements,
    "announcement",
    "announcement.delete",
    AnnouncementDeleted { announcement_id }
);

/// Withdraws a local item and announces its deletion.
pub async fn delete<I: LocalItem>(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    id: &str,
) -> Result<I, ServiceError> {
    let id = id.to_owned();
    change(db, outbound, actor, move |conn| {
        let item = I::local(conn, &id)?;
        let action = item.withdraw(conn)?;
        let target = item.ap_id().to_owned();
        Ok(Change { item, action, audit: I::DELETE_AUDIT, target, detail: None })
    })
    .await
}
