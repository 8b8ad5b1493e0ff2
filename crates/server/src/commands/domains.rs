//! `coopfed domains`: blocking and allowing other servers at run time.

use clap::Subcommand;
use coopfed_db::domains::DomainRuleKind;
use coopfed_service::Actor;

use crate::{boot, config::Config, console::out};

#[derive(Debug, Subcommand)]
pub(crate) enum DomainsCommand {
    /// List the blocked and allowed domains (the configuration's and the stored ones).
    List,
    /// Block a domain and its subdomains: nothing is taken from or sent to
    /// them, and their networks' co-ops, offers and news are hidden here.
    Block {
        domain: String,
        /// Why, for the other admins.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Allow a domain and its subdomains. Once any domain is allowed, only
    /// allowed domains may federate with this instance.
    Allow {
        domain: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Remove a domain's block or allow rule.
    Remove { domain: String },
}

pub(crate) async fn domains(command: DomainsCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    match command {
        DomainsCommand::List => {
            for domain in &config.blocked_domains {
                out(&format!("block  {domain}  (configuration)"));
            }
            for domain in &config.allowed_domains {
                out(&format!("allow  {domain}  (configuration)"));
            }
            for rule in coopfed_service::domains::list(&db).await? {
                out(&format!(
                    "{:<6} {}  (by {} on {}){}",
                    rule.kind.as_str(),
                    rule.domain,
                    rule.created_by,
                    rule.created_at.format("%Y-%m-%d"),
                    rule.reason.map(|r| format!(": {r}")).unwrap_or_default()
                ));
            }
        }
        DomainsCommand::Block { domain, reason } => {
            let rule = coopfed_service::domains::put(&db, &Actor::Cli, &domain, DomainRuleKind::Block, reason).await?;
            out(&format!(
                "Blocked {} and its subdomains; a running server applies it within {}.",
                rule.domain,
                coopfed_service::domains::RELOAD
            ));
        }
        DomainsCommand::Allow { domain, reason } => {
            let rule = coopfed_service::domains::put(&db, &Actor::Cli, &domain, DomainRuleKind::Allow, reason).await?;
            out(&format!(
                "Allowed {}; only allowed domains federate now. A running server applies it within {}.",
                rule.domain,
                coopfed_service::domains::RELOAD
            ));
        }
        DomainsCommand::Remove { domain } => {
            coopfed_service::domains::remove(&db, &Actor::Cli, &domain).await?;
            out(&format!("Removed the rule of {domain}."));
        }
    }
    Ok(())
}
