//! What the federation counts for `/metrics`.

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{counter::Counter, family::Family},
};

/// The label of a delivery attempt's outcome.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Outcome {
    /// `delivered`, `retry` (failed, tried again later) or `failed` (for good).
    pub outcome: &'static str,
}

/// Delivery attempts by outcome, shared by every worker of this process.
#[derive(Clone, Debug)]
pub struct FederationMetrics {
    pub deliveries: Family<Outcome, Counter>,
}

impl Default for FederationMetrics {
    /// Every outcome shown from the start, at zero.
    fn default() -> Self {
        let deliveries = Family::default();
        for outcome in ["delivered", "retry", "failed"] {
            let _ = deliveries.get_or_create(&Outcome { outcome });
        }
        Self { deliveries }
    }
}

impl FederationMetrics {
    pub(crate) fn delivery(&self, outcome: &'static str) {
        self.deliveries.get_or_create(&Outcome { outcome }).inc();
    }
}
