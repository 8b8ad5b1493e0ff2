//! One module per activity: what it must satisfy, what it changes here, and
//! how we send it. The inbox stores activities; [`process`] reads a stored
//! one into its [`Incoming`] type, fetches what it needs from other servers
//! (outside any transaction), applies it in one transaction and starts
//! what follows (deliveries, a partner's catch-up).

pub mod accept;
pub mod add;
pub mod announce;
pub mod create;
pub mod delete;
pub mod flag;
pub mod follow;
mod inbound;
pub mod remove;
pub mod stream;
pub mod undo;
pub mod update;

use std::sync::Arc;

use coopfed_db::{DbConnection, actors, actors::ActorRow, inbox::InboxRow};
use coopfed_service::{ServiceError, accounts::transaction_retrying};
use serde_json::Value;

pub(crate) use inbound::{Inbound, Prefetched};

use crate::{context::Federation, protocol::activities::Incoming};

/// What became of a stored activity that was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Processed {
    /// Its effect and its mark as processed were committed together.
    Marked,
    /// Nothing to do (not a usable activity): still to be marked processed.
    Unmarked,
}

/// Handles one stored activity; safe to repeat. A document that is not a
/// readable activity of a type we act on is left alone.
pub async fn process(federation: &Federation, row: InboxRow) -> Result<Processed, ServiceError> {
    let Ok(document) = serde_json::from_str::<Value>(&row.payload) else { return Ok(Processed::Unmarked) };
    let activity = match Incoming::parse(&document) {
        Ok(activity) => activity,
        Err(error) => {
            tracing::info!(%error, activity = %row.activity_id, "a stored activity is not usable; ignored");
            return Ok(Processed::Unmarked);
        }
    };
    let prefetched = match &activity {
        Incoming::Announce(announce) => announce::prefetch(federation, announce).await,
        Incoming::Add(add) => add::prefetch(federation, &row.actor_ap_id, add).await,
        _ => Prefetched::Nothing,
    };
    // A Follow or Accept from another network may make it a partner.
    let partner_candidate = match &activity {
        Incoming::Follow(_) | Incoming::Accept(_) => {
            crate::partners::catch_up::partnership_may_form(federation, &row.actor_ap_id).await
        }
        _ => None,
    };
    let outbound = federation.outbound();
    let settings = Arc::clone(&federation.settings);
    let accepted_by = matches!(activity, Incoming::Accept(_)).then(|| row.actor_ap_id.clone());
    let may_change_keys = matches!(activity, Incoming::Update(_) | Incoming::Delete(_));
    let sent = federation
        .db
        .run(move |conn| {
            transaction_retrying(conn, |conn| {
                // The mark goes in the same transaction as the effect: one write, and never one without the other.
                // Lost in a crash, both are redone from the stored activity: no need to wait for the disk.
                coopfed_db::relaxed_commit(conn)?;
                coopfed_db::inbox::mark_processed(conn, &row.id)?;
                let Some(actor) = actors::find_by_ap_id(conn, &row.actor_ap_id)? else { return Ok(false) };
                let inbound = Inbound {
                    outbound: outbound.as_ref(),
                    settings: &settings,
                    today: coopfed_core::clock::today(),
                    row: &row,
                };
                apply(conn, &inbound, &actor, &activity, &prefetched)
            })
        })
        .await?;
    if sent {
        federation.wake_deliveries.notify_one();
    }
    if may_change_keys {
        federation.recent_keys.forget_all();
    }
    // A network that accepted our network's follow: mirror its co-ops.
    if let Some(network) = accepted_by {
        crate::partners::members::sync_members_of(federation, &network).await;
    }
    // If it became a partner, take over what it already shares with all.
    if let Some(network) = partner_candidate {
        let federation = federation.clone();
        tokio::spawn(async move {
            crate::partners::catch_up::if_partner(&federation, &network).await;
        });
    }
    Ok(Processed::Marked)
}

/// Applies an activity of `actor`. Returns whether activities were queued for delivery.
fn apply(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    actor: &ActorRow,
    activity: &Incoming,
    prefetched: &Prefetched,
) -> Result<bool, ServiceError> {
    match activity {
        Incoming::Follow(follow) => follow::receive(conn, inbound, actor, follow),
        Incoming::Accept(answer) => accept::receive(conn, actor, &answer.object, true),
        Incoming::Reject(answer) => accept::receive(conn, actor, &answer.object, false),
        Incoming::Undo(undo) => undo::receive(conn, actor, undo),
        Incoming::Create(create) => create::receive(conn, inbound, actor, &create.object),
        Incoming::Update(update) => update::receive(conn, inbound, actor, &update.object),
        Incoming::Delete(delete) => delete::receive(conn, inbound, actor, &delete.object.id),
        Incoming::Announce(_) => announce::receive(conn, inbound, actor, prefetched),
        Incoming::Add(add) => add::receive(conn, actor, add, prefetched),
        Incoming::Remove(remove) => remove::receive(conn, actor, remove),
        Incoming::Flag(flag) => flag::receive(conn, actor, flag),
    }
}
