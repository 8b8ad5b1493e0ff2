//! What local job offers and announcements share as items of a stream: an
//! import (one transaction; each record creates or updates its item and
//! queues the activity that says so; one audit entry) and withdrawal.

use coopfed_core::InstanceUrls;
use coopfed_db::{Database, DbConnection, networks::NetworkRow};

use crate::{
    ServiceError, Writer,
    accounts::conn_transaction,
    audit,
    outbound::{Action, emit, emit_all},
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

impl<T: LocalItem> Change<T> {
    /// A new item: the activity that creates it.
    pub(crate) fn published(item: T, detail: Option<String>) -> Self {
        Change { action: item.published(), audit: T::PUBLISH_AUDIT, target: item.ap_id().to_owned(), item, detail }
    }
}

/// Runs `work` in one transaction, which also queues the change's activity
/// and writes its audit entry.
pub(crate) async fn change<T: Send + 'static>(
    writer: &Writer,
    work: impl FnOnce(&mut DbConnection) -> Result<Change<T>, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
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

/// Where imported records go: the local network, and its addresses.
pub struct ImportTarget {
    pub network: NetworkRow,
    pub urls: InstanceUrls,
}

/// A checked record of an import file.
pub trait ImportRecord: Send + Sync + 'static {
    /// What it becomes.
    type Item: LocalItem;
    /// The audit action of an import (`jobs.import`).
    const AUDIT: &'static str;

    /// Creates or updates (and undeletes) the local item the record
    /// describes. Returns it and whether it is new.
    fn store(&self, conn: &mut DbConnection, target: &ImportTarget) -> Result<(Self::Item, bool), ServiceError>;

    /// Stores several records, as [`ImportRecord::store`] does each.
    fn store_all(
        records: &[Self],
        conn: &mut DbConnection,
        target: &ImportTarget,
    ) -> Result<Vec<(Self::Item, bool)>, ServiceError>
    where
        Self: Sized,
    {
        records.iter().map(|record| record.store(conn, target)).collect()
    }
}

/// Records of an import stored at once.
const STORED_AT_ONCE: usize = 500;

/// Imports `records` in one transaction, calling `progress` after each.
pub async fn import<R: ImportRecord>(
    writer: &Writer,
    urls: &InstanceUrls,
    records: Vec<R>,
    progress: impl Fn(usize) + Send + 'static,
) -> Result<ImportReport, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let urls = urls.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = coopfed_db::networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let target = ImportTarget { network, urls };
            let mut report = ImportReport::default();
            let mut actions = Vec::with_capacity(records.len());
            for chunk in records.chunks(STORED_AT_ONCE) {
                for (item, created) in R::store_all(chunk, conn, &target)? {
                    actions.push(if created {
                        report.created += 1;
                        item.published()
                    } else {
                        report.updated += 1;
                        item.updated()
                    });
                }
                progress(actions.len());
            }
            // Rendered together: what they look up is read once.
            emit_all(conn, outbound.as_ref(), &actions)?;
            let summary = format!("created={} updated={}", report.created, report.updated);
            audit(conn, &actor, R::AUDIT, None, Some(summary))?;
            Ok(report)
        })
    })
    .await
}

/// A local item that is published, changed and withdrawn.
pub trait LocalItem: Sized + Send + 'static {
    /// The audit actions (`job.publish`, `job.update`, `job.delete`).
    const PUBLISH_AUDIT: &'static str;
    const UPDATE_AUDIT: &'static str;
    const DELETE_AUDIT: &'static str;

    /// The local item, not deleted, by row id or public id.
    fn local(conn: &mut DbConnection, id: &str) -> Result<Self, ServiceError>;
    /// Marks it deleted; returns the activity that says so.
    fn withdraw(&self, conn: &mut DbConnection) -> Result<Action, ServiceError>;
    /// The activities that announce it and its changes.
    fn published(&self) -> Action;
    fn updated(&self) -> Action;
    fn ap_id(&self) -> &str;
    /// Its writing co-op; `None` for the network's own.
    fn author(&self) -> Option<coopfed_db::MemberId>;
}

/// [`LocalItem`] for a row type whose module has `find`, `find_by_ap_id`
/// and `mark_deleted`, with the actions that publish, update and delete it.
macro_rules! local_item {
    ($row:ty, $module:ident, $noun:literal, [$published:ident, $updated:ident, $deleted:ident] { $field:ident }) => {
        impl LocalItem for $row {
            const PUBLISH_AUDIT: &'static str = concat!($noun, ".publish");
            const UPDATE_AUDIT: &'static str = concat!($noun, ".update");
            const DELETE_AUDIT: &'static str = concat!($noun, ".delete");

            fn local(conn: &mut DbConnection, id: &str) -> Result<Self, ServiceError> {
                let row = match coopfed_db::$module::find(conn, id)? {
                    Some(row) => Some(row),
                    None => coopfed_db::$module::find_by_ap_id(conn, id)?,
                };
                row.filter(|r| r.is_local && r.deleted_at.is_none()).ok_or(ServiceError::NotFound($noun))
            }

            fn withdraw(&self, conn: &mut DbConnection) -> Result<Action, ServiceError> {
                coopfed_db::$module::mark_deleted(conn, &self.id)?;
                Ok(Action::$deleted { $field: self.id.clone() })
            }

            fn published(&self) -> Action {
                Action::$published { $field: self.id.clone() }
            }

            fn updated(&self) -> Action {
                Action::$updated { $field: self.id.clone() }
            }

            fn ap_id(&self) -> &str {
                &self.ap_id
            }

            fn author(&self) -> Option<coopfed_db::MemberId> {
                self.member_id.clone().into()
            }
        }
    };
}

local_item!(coopfed_db::jobs::JobRow, jobs, "job", [JobPublished, JobUpdated, JobDeleted] { job_id });
local_item!(
    coopfed_db::announcements::AnnouncementRow,
    announcements,
    "announcement",
    [AnnouncementPublished, AnnouncementUpdated, AnnouncementDeleted] { announcement_id }
);

/// Changes a local item with `edit` (which also writes it) and announces
/// the update.
pub(crate) async fn update<I: LocalItem>(
    writer: &Writer,
    id: &str,
    edit: impl FnOnce(&mut DbConnection, &mut I) -> Result<(), ServiceError> + Send + 'static,
) -> Result<I, ServiceError> {
    let id = id.to_owned();
    change(writer, move |conn| {
        let mut item = I::local(conn, &id)?;
        edit(conn, &mut item)?;
        let (action, target) = (item.updated(), item.ap_id().to_owned());
        Ok(Change { item, action, audit: I::UPDATE_AUDIT, target, detail: None })
    })
    .await
}

/// Withdraws a local item and announces its deletion.
pub async fn delete<I: LocalItem>(writer: &Writer, id: &str) -> Result<I, ServiceError> {
    let id = id.to_owned();
    change(writer, move |conn| {
        let item = I::local(conn, &id)?;
        let action = item.withdraw(conn)?;
        let target = item.ap_id().to_owned();
        Ok(Change { item, action, audit: I::DELETE_AUDIT, target, detail: None })
    })
    .await
}

/// The writing co-op of the local item `id` (row id or public id); `None`
/// for the network's own.
pub async fn author<I: LocalItem>(db: &Database, id: &str) -> Result<Option<coopfed_db::MemberId>, ServiceError> {
    let id = id.to_owned();
    db.run(move |conn| Ok(I::local(conn, &id)?.author())).await
}
