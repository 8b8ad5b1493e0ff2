//! What each subcommand does, one file per command group. Results for the
//! operator go to standard output; logs go to standard error.

pub(crate) mod accounts;
pub(crate) mod deliveries;
pub(crate) mod follows;
pub(crate) mod imports;
pub(crate) mod jobs;
pub(crate) mod members;
pub(crate) mod news;
pub(crate) mod skills;

use tracing_subscriber::EnvFilter;

use self::{follows::FollowsCommand, imports::ImportCommand, members::ExportCommand};
use crate::{
    boot,
    cli::Command,
    config::{Config, LogFormat},
    console::out,
    serve,
};

pub fn init_logging(config: &Config) {
    let filter = EnvFilter::builder().parse_lossy(&config.log_level);
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    let config = &config;
    match command {
        Command::Serve => serve::serve(config.clone()).await,
        Command::Worker => serve::worker(config.clone()).await,
        Command::Migrate { check } => migrate(config, check),
        Command::Init => boot::Instance::boot(config).await.map(|_| ()),
        Command::Admin(command) => accounts::admin(command, config).await,
        Command::Tokens(command) => accounts::tokens(command, config).await,
        Command::Members(command) => members::members(command, config).await,
        Command::Follow { handle, local } => follows::follow(config, &handle, local.as_deref(), true).await,
        Command::Unfollow { handle, local } => follows::follow(config, &handle, local.as_deref(), false).await,
        Command::Follows { action: None | Some(FollowsCommand::List) } => follows::list_follows(config).await,
        Command::Follows { action: Some(FollowsCommand::Accept { follower }) } => {
            follows::decide(config, &follower, true).await
        }
        Command::Follows { action: Some(FollowsCommand::Reject { follower }) } => {
            follows::decide(config, &follower, false).await
        }
        Command::Deliveries(command) => deliveries::deliveries(command, config).await,
        Command::Inbox(command) => deliveries::inbox(command, config).await,
        Command::Jobs(command) => jobs::jobs(command, config).await,
        Command::News(command) => news::news(command, config).await,
        Command::Skills(command) => skills::skills(command, config).await,
        Command::Import(ImportCommand::Members { file, dry_run, skip_invalid }) => {
            imports::import_members(config, &file, dry_run, skip_invalid).await
        }
        Command::Import(ImportCommand::Jobs { file, dry_run, skip_invalid }) => {
            imports::import_jobs(config, &file, dry_run, skip_invalid).await
        }
        Command::Import(ImportCommand::Announcements { file, dry_run, skip_invalid }) => {
            imports::import_announcements(config, &file, dry_run, skip_invalid).await
        }
        Command::Export(ExportCommand::Members { format, output }) => {
            members::export_members(config, &format, output.as_deref()).await
        }
    }
}

fn migrate(config: &Config, check: bool) -> anyhow::Result<()> {
    let db = boot::open(config)?;
    if check {
        let pending = db.pending_migrations()?;
        if pending.is_empty() {
            out("The database is up to date.");
            return Ok(());
        }
        for name in &pending {
            out(&format!("pending: {name}"));
        }
        anyhow::bail!("{} migration(s) pending; run `coopfed migrate`", pending.len());
    }
    boot::migrate_db(&db)?;
    Ok(())
}
