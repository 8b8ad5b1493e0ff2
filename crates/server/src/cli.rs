//! The command line: the top-level commands. Each command group's arguments
//! are beside what it does, in `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{
    boot,
    commands::{
        accounts::{self, AdminCommand, TokenCommand},
        actors::{self, ActorsCommand},
        audit,
        deliveries::{self, DeliveryCommand, InboxCommand},
        domains,
        follows::{self, FollowsCommand},
        imports::{self, ImportCommand},
        jobs::{self, JobCommand},
        keys::{self, KeysCommand},
        members::{self, ExportCommand, MemberCommand},
        news::{self, NewsCommand},
        policies, reports,
        skills::{self, SkillsCommand},
    },
    config::Config,
    console::out,
    serve,
};

/// coopfed: an ActivityPub server that federates national networks of tech
/// worker co-operatives (member listings, job offers, news and events).
///
/// Configuration comes from built-in defaults, an optional TOML file
/// (--config), and COOPFED_* environment variables, in that order. See
/// config/example.toml for every key.
#[derive(Debug, Parser)]
#[command(name = "coopfed", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file (TOML) laid over the built-in defaults.
    #[arg(long, short = 'c', global = true, env = "COOPFED_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server. On first start this also creates the database, applies
    /// migrations, generates keys, creates the network and its `jobs` and `news`
    /// groups and a first admin, whose one-time login link and API token are
    /// printed once.
    Serve,
    /// Run only the background workers (delivery queue, received activities),
    /// without the web server. With PostgreSQL several workers may share the
    /// queue beside `serve`; with SQLite `serve` does all the work.
    Worker,
    /// Apply pending database migrations (also done by `serve`).
    Migrate {
        /// Only list pending migrations; exit with status 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Set up the instance without serving: migrations, keys, network, groups
    /// and first admin. Safe to run again; later runs change nothing and print
    /// no secret.
    Init,
    /// Manage user accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage API tokens (shown once when created, stored only as hashes).
    #[command(subcommand)]
    Tokens(TokenCommand),
    /// Manage the network's member co-ops.
    #[command(subcommand)]
    Members(MemberCommand),
    /// Follow another network (or any fediverse actor) by its handle, like
    /// `@de@techkollektiv.test`. Two networks that follow each other are partners.
    /// The request is delivered by the running server.
    Follow {
        /// The remote actor: `@name@domain`.
        handle: String,
        /// Which local actor follows: the network (default), `jobs` or `news`.
        #[arg(long = "as", value_name = "NAME")]
        local: Option<String>,
    },
    /// Stop following a remote actor (sends Undo).
    Unfollow {
        handle: String,
        #[arg(long = "as", value_name = "NAME")]
        local: Option<String>,
    },
    /// List follows between local and remote actors and partner networks;
    /// accept or reject follow requests waiting for review.
    Follows {
        #[command(subcommand)]
        action: Option<FollowsCommand>,
    },
    /// Inspect and retry the delivery queue.
    #[command(subcommand)]
    Deliveries(DeliveryCommand),
    /// Look after received activities.
    #[command(subcommand)]
    Inbox(InboxCommand),
    /// Publish, edit and withdraw job offers of member co-ops.
    #[command(subcommand)]
    Jobs(JobCommand),
    /// Publish, edit and withdraw news and events.
    #[command(subcommand)]
    News(NewsCommand),
    /// List the skills taxonomy and extend it (the same rules as the admin API).
    #[command(subcommand)]
    Skills(SkillsCommand),
    /// Import member co-ops (YAML or CSV) into this network.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export this network's data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read the audit log: who changed what and when, newest first.
    Audit(audit::AuditArgs),
    /// Block or allow other servers at run time (beside the configuration's lists).
    #[command(subcommand)]
    Domains(domains::DomainsCommand),
    /// The moderation queue: reports from other servers, and resolving them.
    #[command(subcommand)]
    Reports(reports::ReportsCommand),
    /// Show or change how this instance answers other networks (partner and
    /// group policies), at run time.
    Policies {
        #[command(subcommand)]
        action: Option<policies::PoliciesCommand>,
    },
    /// The local actors' signing keys: list them, rotate them.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Remote actors blocked here: list, block, unblock.
    #[command(subcommand)]
    Actors(ActorsCommand),
}

/// Runs a command.
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
        Command::Follows { action: Some(FollowsCommand::End { domain }) } => {
            follows::end_partnership(config, &domain).await
        }
        Command::Deliveries(command) => deliveries::deliveries(command, config).await,
        Command::Audit(args) => audit::audit(args, config).await,
        Command::Domains(command) => domains::domains(command, config).await,
        Command::Reports(command) => reports::reports(command, config).await,
        Command::Policies { action } => policies::policies(action, config).await,
        Command::Keys(command) => keys::keys(command, config).await,
        Command::Actors(command) => actors::actors(command, config).await,
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
