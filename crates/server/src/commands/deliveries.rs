//! `coopfed deliveries` and `coopfed inbox`: the delivery queue and received
//! activities.

use clap::Subcommand;
use std::time::Duration;

use crate::{
    boot::{self},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum DeliveryCommand {
    /// List deliveries, newest first.
    List {
        /// Only deliveries in this state.
        #[arg(long, value_parser = ["pending", "delivered", "failed"])]
        state: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Make deliveries due now: all failed ones, or one by id, or all
    /// undelivered ones to a host.
    Retry {
        #[arg(long, conflicts_with = "host")]
        id: Option<String>,
        #[arg(long)]
        host: Option<String>,
    },
    /// Stop trying deliveries: one by id, or every waiting one to a host.
    GiveUp {
        #[arg(long, conflicts_with = "host", required_unless_present = "host")]
        id: Option<String>,
        #[arg(long)]
        host: Option<String>,
    },
    /// The remote hosts: failing and dead ones, what waits for them, and how
    /// long partners take to take what is published (last 7 days).
    Hosts,
}

#[derive(Debug, Subcommand)]
pub(crate) enum InboxCommand {
    /// Empty the stored documents of processed activities (`serve` does it
    /// every hour); their ids stay, so replays are still recognised.
    Prune {
        /// Received more than this many days ago (default: `federation.inbox_retention_days`).
        #[arg(long)]
        older_than_days: Option<u32>,
    },
}

pub(crate) async fn deliveries(command: DeliveryCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_db::deliveries;
    let db = boot::database(config)?;
    match command {
        DeliveryCommand::List { state, limit } => {
            let counts = db.run(deliveries::counts).await?;
            let summary: Vec<String> = counts.iter().map(|(state, n)| format!("{state}: {n}")).collect();
            out(&format!("Deliveries: {}", if summary.is_empty() { "none".to_owned() } else { summary.join(", ") }));
            let rows = db.run(move |conn| deliveries::list(conn, state.as_deref(), limit.clamp(1, 1000))).await?;
            out(&format!(
                "{:<36} {:<9} {:<8} {:>8} {:<17} {:<40} {}",
                "ID", "STATE", "KIND", "ATTEMPTS", "NEXT ATTEMPT", "INBOX", "LAST ERROR"
            ));
            for (row, kind, _activity) in rows {
                out(&format!(
                    "{:<36} {:<9} {:<8} {:>8} {:<17} {:<40} {}",
                    row.id,
                    row.state,
                    kind,
                    row.attempts,
                    if row.state == deliveries::DeliveryState::Pending {
                        row.next_attempt_at.format("%Y-%m-%d %H:%M").to_string()
                    } else {
                        "-".into()
                    },
                    row.inbox_url,
                    row.last_error.unwrap_or_default()
                ));
            }
        }
        DeliveryCommand::Retry { id, host } => {
            let target = coopfed_service::deliveries::Target::of(id, host);
            let n = coopfed_service::deliveries::retry(&db, &coopfed_service::Actor::Cli, target).await?;
            out(&format!("{n} deliveries are due now; the running server sends them."));
        }
        DeliveryCommand::GiveUp { id, host } => {
            let target = coopfed_service::deliveries::Target::of(id, host);
            let n = coopfed_service::deliveries::give_up(&db, &coopfed_service::Actor::Cli, target).await?;
            out(&format!("Gave up {n} deliveries; `coopfed deliveries retry` tries them again."));
        }
        DeliveryCommand::Hosts => {
            let partners = db
                .run(coopfed_federation::partners::policy::partners)
                .await?
                .into_iter()
                .map(|p| (p.domain, p.display_name))
                .collect();
            let overview = coopfed_service::deliveries::overview(&db, partners).await?;
            out(&format!(
                "Queue: {} waiting, {} delivered, {} given up",
                overview.pending, overview.delivered, overview.failed
            ));
            out(&format!(
                "{:<32} {:<8} {:>8} {:>8} {:>8} {:>10} {:>10}  {}",
                "HOST", "STATE", "FAILURES", "WAITING", "FAILED", "LAG P50", "LAG P95", "PARTNER"
            ));
            let seconds = |s: Option<f64>| s.map_or_else(|| "-".to_owned(), |s| format!("{s:.1} s"));
            for host in overview.hosts {
                out(&format!(
                    "{:<32} {:<8} {:>8} {:>8} {:>8} {:>10} {:>10}  {}",
                    host.host,
                    host.state,
                    host.consecutive_failures,
                    host.pending,
                    host.failed,
                    seconds(host.lag_p50_seconds),
                    seconds(host.lag_p95_seconds),
                    host.partner.unwrap_or_default()
                ));
            }
        }
    }
    Ok(())
}

/// `coopfed inbox prune`: empties the documents of old processed activities.
pub(crate) async fn inbox(command: InboxCommand, config: &Config) -> anyhow::Result<()> {
    let InboxCommand::Prune { older_than_days } = command;
    let db = boot::database(config)?;
    let days = older_than_days.map_or(config.inbox_retention, |d| Duration::from_secs(u64::from(d) * 86_400));
    let emptied = coopfed_federation::inbox::prune(&db, days).await?;
    out(&format!(
        "Emptied {emptied} processed activities received more than {} days ago; their ids stay for recognising \
         replays.",
        days.as_secs() / 86_400
    ));
    Ok(())
}
