//! `coopfed reports`: the moderation queue.

use clap::Subcommand;
use coopfed_db::reports::ReportState;
use coopfed_service::Actor;

use crate::{
    boot::{self, Instance},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum ReportsCommand {
    /// List the reports waiting for an admin, newest first.
    List {
        /// Resolved ones too.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Resolve a report: `dismiss`; `take-down` (hide the reported mirrored
    /// offers, news and co-ops here, not at their home server); `block-actor`
    /// (block who wrote them: their activities refused, their follows ended,
    /// all they wrote hidden here); `block-domain` (block the reported items'
    /// domains).
    Resolve {
        id: String,
        #[arg(value_parser = ["dismiss", "take-down", "block-actor", "block-domain"])]
        action: String,
    },
    /// Report items of another server (an account, an offer, a post: their
    /// ids, all on that server) to it: the instance actor sends it a `Flag`,
    /// delivered by the running server.
    Send {
        #[arg(required = true)]
        targets: Vec<String>,
        /// What is wrong, for the other server's moderators.
        #[arg(long)]
        comment: Option<String>,
    },
}

pub(crate) async fn reports(command: ReportsCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    match command {
        ReportsCommand::List { all, limit } => {
            let state = (!all).then_some(ReportState::Open);
            let rows = coopfed_service::reports::list(&db, state, None, limit.clamp(1, 1000)).await?;
            if rows.is_empty() {
                out(if all { "No reports." } else { "No reports wait for an admin." });
            }
            for row in rows {
                out(&format!(
                    "{}  {}  {}  by {}{}",
                    row.id,
                    row.created_at.format("%Y-%m-%d %H:%M"),
                    row.resolution.as_deref().unwrap_or(row.state.as_str()),
                    row.reporter,
                    row.comment.map(|c| format!(": {c}")).unwrap_or_default()
                ));
                for target in &row.targets.0 {
                    out(&format!("    {target}"));
                }
            }
        }
        ReportsCommand::Send { targets, comment } => {
            let Instance { db, urls, federation } = Instance::boot(config).await?;
            let own = urls.domain().to_string();
            let reporter = urls.instance_actor().to_string();
            let writer = boot::cli_writer(&db, &federation);
            let row = coopfed_service::reports::send(&writer, &own, &reporter, &targets, comment).await?;
            out(&format!("Report {} queued; the running server delivers it.", row.id));
        }
        ReportsCommand::Resolve { id, action } => {
            let action = coopfed_service::reports::Action::parse(&action)?;
            let own = config.domain.to_string();
            let row = coopfed_service::reports::resolve(&db, &Actor::Cli, &id, action, &own).await?;
            out(&format!("Report {} resolved: {}.", row.id, row.resolution.unwrap_or_default()));
        }
    }
    Ok(())
}
