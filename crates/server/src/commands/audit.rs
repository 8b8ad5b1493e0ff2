//! `coopfed audit`: who changed what and when.

use clap::Args;

use crate::{boot, config::Config, console::out};

/// Filters of `coopfed audit` (all optional).
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Who acted: a user name, `cli` or `system`.
    #[arg(long)]
    actor: Option<String>,
    /// An action (`member.update`), or the start of one up to a dot (`member`).
    #[arg(long)]
    action: Option<String>,
    /// Text the target holds (a user, a co-op, an actor id).
    #[arg(long)]
    target: Option<String>,
    /// Entries from this day (`2026-12-01`, UTC) or date-time on.
    #[arg(long)]
    since: Option<String>,
    /// At most this many entries, newest first.
    #[arg(long, default_value_t = 50)]
    limit: i64,
}

pub(crate) async fn audit(args: AuditArgs, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    let query = coopfed_service::audit::AuditQuery {
        actor: args.actor,
        action: args.action,
        target: args.target,
        since: args.since,
    };
    let entries = coopfed_service::audit::entries(&db, &query, None, args.limit.clamp(1, 10_000)).await?;
    if entries.is_empty() {
        out("No audit entries match.");
        return Ok(());
    }
    out(&format!("{:<20} {:<16} {:<24} {:<40} {}", "AT (UTC)", "ACTOR", "ACTION", "TARGET", "DETAILS"));
    for entry in entries {
        out(&format!(
            "{:<20} {:<16} {:<24} {:<40} {}",
            entry.at.format("%Y-%m-%d %H:%M:%S"),
            entry.actor,
            entry.action,
            entry.target.unwrap_or_default(),
            entry.details.unwrap_or_default()
        ));
    }
    Ok(())
}
