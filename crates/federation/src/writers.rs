//! The group commit writers of the inbox and the delivery worker (see
//! `coopfed_db::group_commit`): what each commits for many requests at once.

use std::collections::{HashMap, HashSet};

use coopfed_db::{
    DbConnection, DbError, deliveries,
    inbox::{self, InboxRow},
};

/// An activity to store, with the host of its verified signer.
pub(crate) struct ToStore {
    pub(crate) row: InboxRow,
    pub(crate) signer_host: String,
}

/// The writer of received activities: whether each is new, and how many
/// deliveries to its signer's host it made due again.
pub(crate) type InboxWriter = coopfed_db::group_commit::GroupCommit<ToStore, (bool, usize)>;

/// Stores received activities in one transaction (the inbox's group
/// commit): for each, whether it is new and how many deliveries to its
/// signer's host became due again because that host, failing until now, is
/// evidently up.
pub(crate) fn store_batch(conn: &mut DbConnection, jobs: &[ToStore]) -> Result<Vec<(bool, usize)>, DbError> {
    let rows: Vec<&InboxRow> = jobs.iter().map(|job| &job.row).collect();
    let new = inbox::store_all(conn, &rows)?;
    let mut hosts_seen = HashSet::new();
    jobs.iter()
        .zip(new)
        .map(|(job, stored)| {
            let mut revived = 0;
            if stored && hosts_seen.insert(job.signer_host.as_str()) {
                let failing =
                    coopfed_db::hosts::find(conn, &job.signer_host)?.is_some_and(|h| h.consecutive_failures > 0);
                if failing {
                    coopfed_db::hosts::record_success(conn, &job.signer_host)?;
                    revived = coopfed_db::deliveries::revive_host(conn, &job.signer_host)?;
                }
            }
            Ok((stored, revived))
        })
        .collect()
}

/// A delivery the receiving server took.
pub(crate) struct Delivered {
    pub(crate) id: String,
    pub(crate) status: i32,
    pub(crate) host: String,
}

/// The writer of deliveries that arrived: whether each one's host was dead
/// until then (its other deliveries are then due again).
pub(crate) type DeliveredWriter = coopfed_db::group_commit::GroupCommit<Delivered, bool>;

/// Records deliveries that arrived, in one transaction (the delivery
/// worker's group commit): each host's success is noted once per batch.
/// The commit does not wait for the disk: a delivery whose mark a crash
/// loses is sent again after its lease, and receivers recognise an activity
/// they already have by its id.
pub(crate) fn record_delivered(conn: &mut DbConnection, batch: &[Delivered]) -> Result<Vec<bool>, DbError> {
    coopfed_db::relaxed_commit(conn)?;
    let arrived: Vec<(&str, i32)> = batch.iter().map(|d| (d.id.as_str(), d.status)).collect();
    deliveries::mark_all_delivered(conn, &arrived)?;
    let mut hosts: HashMap<&str, bool> = HashMap::new();
    for delivered in batch {
        if !hosts.contains_key(delivered.host.as_str()) {
            let revived = coopfed_db::hosts::record_success(conn, &delivered.host)?;
            if revived {
                deliveries::revive_host(conn, &delivered.host)?;
            }
            hosts.insert(&delivered.host, revived);
        }
    }
    Ok(batch.iter().map(|delivered| hosts.get(delivered.host.as_str()).copied().unwrap_or(false)).collect())
}
