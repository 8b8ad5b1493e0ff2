//! `coopfed keys`: the local actors' signing keys, and replacing them.

use clap::Subcommand;

use crate::{
    boot::{self, Instance},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// List the local actors, their current key and the replaced keys that still verify.
    List,
    /// Give one local actor (or every one) a new key pair. The old key still
    /// verifies for the grace period, and each actor sends an `Update` of
    /// itself to its followers and the partner networks; a running server
    /// signs with the new key within 5 seconds.
    Rotate {
        /// The actor: its id, `@name@domain`, or its name (`jobs`, a co-op's slug…).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        actor: Option<String>,
        /// Every local actor: the instance actor, the network, its groups and co-ops.
        #[arg(long)]
        all: bool,
        /// How long the old key still verifies, in hours (at most 720).
        #[arg(long, default_value_t = 24)]
        grace_hours: i64,
    },
}

pub(crate) async fn keys(command: KeysCommand, config: &Config) -> anyhow::Result<()> {
    match command {
        KeysCommand::List => {
            let db = boot::database(config)?;
            for key in coopfed_service::keys::local_keys(&db, None).await? {
                out(&format!(
                    "{:<13} {}  {}  (since {})",
                    key.kind,
                    key.handle,
                    key.key_id,
                    key.since.format("%Y-%m-%d %H:%M")
                ));
                for old in key.retired {
                    out(&format!(
                        "              replaced {}  (verifies until {})",
                        old.key_id,
                        old.valid_until.format("%Y-%m-%d %H:%M")
                    ));
                }
            }
        }
        KeysCommand::Rotate { actor, all: _, grace_hours } => {
            let Instance { db, federation, .. } = Instance::boot(config).await?;
            let writer = boot::cli_writer(&db, &federation);
            let grace = chrono::TimeDelta::hours(grace_hours);
            let actors = coopfed_service::keys::local_keys(&db, actor.as_deref()).await?;
            let total = actors.len();
            for (done, key) in actors.into_iter().enumerate() {
                let rotated = coopfed_service::keys::rotate(&writer, &key.actor, grace).await?;
                let old = match &rotated.retired_key_id {
                    Some(old) => format!("{old} verifies until {}", rotated.valid_until.format("%Y-%m-%d %H:%M UTC")),
                    None => "its first key".to_owned(),
                };
                out(&format!("[{}/{total}] {}: new key {}; {old}", done + 1, rotated.handle, rotated.key_id));
            }
            out("The running server signs with the new keys within 5 seconds and delivers the Updates.");
        }
    }
    Ok(())
}
