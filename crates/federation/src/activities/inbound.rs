//! What the handler of a stored activity is given.

use chrono::NaiveDate;
use coopfed_db::inbox::InboxRow;
use coopfed_service::outbound::Outbound;
use serde_json::Value;

use super::stream;
use crate::context::FederationSettings;

/// What the handler of a stored activity has at hand.
pub(crate) struct Inbound<'a> {
    pub outbound: &'a dyn Outbound,
    pub settings: &'a FederationSettings,
    pub today: NaiveDate,
    /// The stored activity.
    pub row: &'a InboxRow,
}

/// What was fetched from other servers before an activity is applied.
pub(crate) enum Prefetched {
    Nothing,
    /// The object an Announce shares, as found at its origin.
    Announced(String, stream::Origin),
    /// The actor an Add adds, and its document.
    Added(String, Value),
}
