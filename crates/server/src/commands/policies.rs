//! `coopfed policies`: how this instance answers other networks.

use clap::Subcommand;
use coopfed_service::Actor;

use crate::{boot::Instance, config::Config, console::out};

#[derive(Debug, Subcommand)]
pub(crate) enum PoliciesCommand {
    /// Show the policies in force (the default).
    Show,
    /// Change them; a running server applies the change within 5 seconds.
    Set {
        /// Follows from other networks: `auto` (accepted at once) or
        /// `review` (kept until an admin accepts or rejects them).
        #[arg(long, value_parser = ["auto", "review"])]
        partner: Option<String>,
        /// Whose jobs the stream groups take: `partners` (co-ops of partner
        /// networks) or `anyone`.
        #[arg(long, value_parser = ["members", "partners", "anyone"])]
        group: Option<String>,
    },
}

pub(crate) async fn policies(command: Option<PoliciesCommand>, config: &Config) -> anyhow::Result<()> {
    let Instance { db, federation, .. } = Instance::boot(config).await?;
    if let Some(PoliciesCommand::Set { partner, group }) = command {
        if partner.is_none() && group.is_none() {
            anyhow::bail!("name a policy to change: --partner auto|review, --group partners|anyone");
        }
        coopfed_service::policies::set(&db, &Actor::Cli, partner.as_deref(), group.as_deref()).await?;
        federation.settings.policies.reload(&db).await?;
        out("Policies changed; a running server applies them within 5 seconds.");
    }
    let policies = &federation.settings.policies;
    out(&format!("partner policy: {}", coopfed_federation::policies::partner_word(policies.partner())));
    out(&format!("group policy:   {}", coopfed_federation::policies::group_word(policies.group())));
    Ok(())
}
