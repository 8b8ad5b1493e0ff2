//! The delivery queue as admins see it: how deep it is, which hosts fail or
//! are dead, how long partners take to take what we publish; retrying and
//! giving up (audited).

use chrono::NaiveDateTime;
use coopfed_db::{
    Database,
    deliveries::{self, DeliveryRow, DeliveryState},
    hosts::HostRow,
};

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// How far back delivery times are read.
pub const LAG_WINDOW: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// At most this many deliveries are read for delivery times.
const LAG_SAMPLES: i64 = 20_000;

/// Which deliveries an admin acts on.
#[derive(Debug, Clone)]
pub enum Target {
    /// One delivery, by id.
    One(String),
    /// Every undelivered delivery to a host.
    Host(String),
    /// Every given-up delivery (retry only).
    AllFailed,
}

impl Target {
    /// From the optional id and host of a form, a request or the command line.
    pub fn of(id: Option<String>, host: Option<String>) -> Self {
        let id = id.map(|i| i.trim().to_owned()).filter(|i| !i.is_empty());
        let host = host.map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty());
        match (id, host) {
            (Some(id), _) => Self::One(id),
            (None, Some(host)) => Self::Host(host),
            (None, None) => Self::AllFailed,
        }
    }

    fn parts(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Self::One(id) => (Some(id), None),
            Self::Host(host) => (None, Some(host)),
            Self::AllFailed => (None, None),
        }
    }

    fn audit_target(&self) -> &str {
        match self {
            Self::One(id) => id,
            Self::Host(host) => host,
            Self::AllFailed => "failed",
        }
    }
}

/// Makes the targeted deliveries due now.
pub async fn retry(db: &Database, actor: &Actor, target: Target) -> Result<usize, ServiceError> {
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let (id, host) = target.parts();
            let n = deliveries::retry(conn, id, host)?;
            audit(conn, &actor, "deliveries.retry", Some(target.audit_target()), Some(format!("rows={n}")))?;
            Ok(n)
        })
    })
    .await
}

/// Stops trying the targeted deliveries (one, or all to a host).
pub async fn give_up(db: &Database, actor: &Actor, target: Target) -> Result<usize, ServiceError> {
    if matches!(target, Target::AllFailed) {
        return Err(ServiceError::invalid("host", "name a delivery or a host to give up on"));
    }
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let (id, host) = target.parts();
            let why = format!("given up by {}", actor.audit_name());
            let n = deliveries::give_up(conn, id, host, &why)?;
            audit(conn, &actor, "deliveries.give_up", Some(target.audit_target()), Some(format!("rows={n}")))?;
            Ok(n)
        })
    })
    .await
}

/// A remote host as the delivery queue knows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HostStatus {
    pub host: String,
    /// The partner network on this host, if any (its name).
    pub partner: Option<String>,
    /// `ok`, `failing` (failed since its last success) or `dead` (failing
    /// for a day: tried only now and then).
    pub state: &'static str,
    pub consecutive_failures: i32,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_success_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_failure_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub dead_since: Option<NaiveDateTime>,
    /// Deliveries waiting to go there.
    pub pending: i64,
    /// Deliveries given up.
    pub failed: i64,
    /// Seconds from publication to its 2xx over the last 7 days: median and 95th percentile.
    pub lag_p50_seconds: Option<f64>,
    pub lag_p95_seconds: Option<f64>,
    /// How many deliveries those figures come from.
    pub lag_samples: usize,
}

/// The queue at a glance.
#[derive(Debug, Clone)]
pub struct Overview {
    /// Deliveries per state.
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
    /// Partners first, then hosts in trouble, then the others; by name.
    pub hosts: Vec<HostStatus>,
    /// Given up or waiting for a retry, the latest first (at most 50), with their activity's kind.
    pub troubled: Vec<(DeliveryRow, String)>,
}

/// Reads the queue, the hosts and the delivery times.
pub async fn overview(db: &Database, partners: Vec<(String, String)>) -> Result<Overview, ServiceError> {
    let (counts, hosts, open, times, troubled) = db
        .run(|conn| {
            let counts = deliveries::counts(conn)?;
            let hosts = coopfed_db::hosts::list(conn)?;
            let open = deliveries::open_by_host(conn)?;
            let times = deliveries::delivery_times(conn, coopfed_db::now() - LAG_WINDOW, LAG_SAMPLES)?;
            let troubled = deliveries::troubled(conn, 50)?;
            Ok::<_, coopfed_db::DbError>((counts, hosts, open, times, troubled))
        })
        .await?;
    let count = |state: DeliveryState| counts.iter().find(|(s, _)| s == state.as_str()).map_or(0, |(_, n)| *n);
    let mut names: Vec<String> = hosts.iter().map(|h| h.host.clone()).collect();
    names.extend(open.iter().map(|(host, ..)| host.clone()));
    names.extend(partners.iter().map(|(domain, _)| domain.clone()));
    names.sort();
    names.dedup();
    let mut statuses: Vec<HostStatus> = names
        .into_iter()
        .map(|name| {
            let row = hosts.iter().find(|h| h.host == name);
            let (pending, failed) = open.iter().find(|(h, ..)| *h == name).map_or((0, 0), |(_, p, f)| (*p, *f));
            let mut lags: Vec<f64> = times
                .iter()
                .filter(|(host, ..)| *host == name)
                .map(|(_, published, delivered)| (*delivered - *published).as_seconds_f64().max(0.0))
                .collect();
            lags.sort_by(f64::total_cmp);
            status(
                name.clone(),
                row,
                partners.iter().find(|(d, _)| *d == name).map(|(_, n)| n.clone()),
                (pending, failed),
                &lags,
            )
        })
        .collect();
    let rank = |h: &HostStatus| (h.partner.is_none(), h.state == "ok", h.host.clone());
    statuses.sort_by_key(rank);
    Ok(Overview {
        pending: count(DeliveryState::Pending),
        delivered: count(DeliveryState::Delivered),
        failed: count(DeliveryState::Failed),
        hosts: statuses,
        troubled,
    })
}

fn status(
    host: String,
    row: Option<&HostRow>,
    partner: Option<String>,
    (pending, failed): (i64, i64),
    lags: &[f64],
) -> HostStatus {
    let state = match row {
        Some(h) if h.dead_since.is_some() => "dead",
        Some(h) if h.consecutive_failures > 0 => "failing",
        _ => "ok",
    };
    HostStatus {
        host,
        partner,
        state,
        consecutive_failures: row.map_or(0, |h| h.consecutive_failures),
        last_success_at: row.and_then(|h| h.last_success_at),
        last_failure_at: row.and_then(|h| h.last_failure_at),
        dead_since: row.and_then(|h| h.dead_since),
        pending,
        failed,
        lag_p50_seconds: percentile(lags, 50),
        lag_p95_seconds: percentile(lags, 95),
        lag_samples: lags.len(),
    }
}

/// The `p`th percentile of sorted values (nearest rank).
fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[3.0], 95), Some(3.0));
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&values, 50), Some(10.0));
        assert_eq!(percentile(&values, 95), Some(19.0));
        assert_eq!(percentile(&values, 100), Some(20.0));
    }

    #[test]
    fn targets_from_forms() {
        assert!(matches!(Target::of(Some(" d1 ".into()), Some("x".into())), Target::One(id) if id == "d1"));
        assert!(matches!(Target::of(Some(String::new()), Some("NL.test".into())), Target::Host(h) if h == "nl.test"));
        assert!(matches!(Target::of(None, Some("  ".into())), Target::AllFailed));
    }
}
