//! `coopfed actors`: blocking remote actors.

use clap::Subcommand;
use coopfed_service::Actor;

use crate::{boot, config::Config, console::out};

#[derive(Debug, Subcommand)]
pub(crate) enum ActorsCommand {
    /// List the blocked actors.
    Blocked,
    /// Block a remote actor known here (by its id): what it sends is
    /// refused, its follows of ours and ours of it end, what it wrote is
    /// hidden here. A running server applies it within 5 seconds.
    Block { actor: String },
    /// Lift the block of an actor (what was hidden stays hidden).
    Unblock { actor: String },
}

pub(crate) async fn actors(command: ActorsCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    match command {
        ActorsCommand::Blocked => {
            for (actor, at) in coopfed_service::blocks::list(&db).await? {
                out(&format!("{actor}  (since {})", at.format("%Y-%m-%d %H:%M")));
            }
        }
        ActorsCommand::Block { actor } => {
            let hidden = coopfed_service::blocks::block(&db, &Actor::Cli, &actor).await?;
            out(&format!("Blocked {actor}; {hidden} of its items are hidden."));
        }
        ActorsCommand::Unblock { actor } => {
            coopfed_service::blocks::unblock(&db, &Actor::Cli, &actor).await?;
            out(&format!("Unblocked {actor}."));
        }
    }
    Ok(())
}
