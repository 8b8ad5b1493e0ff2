//! What each subcommand does. Results for the operator go to standard output;
//! logs go to standard error.

use std::io::Write as _;

use anyhow::{Context as _, bail};
use coopfed_core::{InstanceUrls, Role};
use coopfed_db::Database;
use coopfed_service::{
    Actor,
    accounts::{self, NewUser},
    members::{self as member_service, NewMember},
    setup::{self, InstanceIdentity},
};
use tracing_subscriber::EnvFilter;

use crate::{
    cli::{AdminCommand, Command, MemberCommand, TokenCommand},
    config::{Config, LogFormat},
    serve,
};

/// Writes a line of command output to standard output.
pub fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

/// Writes an error for the operator to standard error.
pub fn report_error(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "coopfed: error: {message}");
}

pub fn init_logging(config: &Config) {
    let filter = EnvFilter::builder().parse_lossy(&config.log_level);
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve::serve(config).await,
        Command::Migrate { check } => migrate(&config, check),
        Command::Init => {
            let db = open(&config)?;
            migrate_db(&db)?;
            initialise(&db, &config).await?;
            Ok(())
        }
        Command::Admin(command) => admin(command, &config).await,
        Command::Tokens(command) => tokens(command, &config).await,
        Command::Members(command) => members(command, &config).await,
    }
}

/// Opens the pool (creating a SQLite file when missing).
pub fn open(config: &Config) -> anyhow::Result<Database> {
    Database::connect(&config.database_url, config.max_connections)
        .with_context(|| format!("cannot open the database {}", config.database_url.redacted()))
}

fn migrate(config: &Config, check: bool) -> anyhow::Result<()> {
    let db = open(config)?;
    if check {
        let pending = db.pending_migrations()?;
        if pending.is_empty() {
            out("The database is up to date.");
            return Ok(());
        }
        for name in &pending {
            out(&format!("pending: {name}"));
        }
        bail!("{} migration(s) pending; run `coopfed migrate`", pending.len());
    }
    migrate_db(&db)?;
    Ok(())
}

/// Applies pending migrations and logs what was applied.
pub fn migrate_db(db: &Database) -> anyhow::Result<()> {
    let applied = db.migrate().context("cannot migrate the database")?;
    if applied.is_empty() {
        tracing::info!(database = %db.redacted_url(), "database schema is up to date");
    }
    for name in applied {
        tracing::info!(migration = %name, "applied migration");
    }
    Ok(())
}

pub fn urls(config: &Config) -> anyhow::Result<InstanceUrls> {
    Ok(InstanceUrls::new(config.domain.clone(), config.dev_federation)?)
}

/// Sets the instance up (idempotent) and prints the first admin's secrets once.
pub async fn initialise(db: &Database, config: &Config) -> anyhow::Result<InstanceUrls> {
    let urls = urls(config)?;
    let identity = InstanceIdentity {
        urls: urls.clone(),
        network_slug: config.network.clone(),
        network_name: config.network_name.clone(),
        network_summary: config.network_summary.clone(),
    };
    let outcome = setup::init(db, &identity).await?;
    for name in &outcome.created_actors {
        tracing::info!(actor = %name, "created actor with a new key pair");
    }
    let domain = urls.domain();
    if let Some(admin) = outcome.first_admin {
        out(&format!(
            "Instance set up: network @{}@{domain} with @jobs@{domain} and @news@{domain}.",
            outcome.network.slug
        ));
        out(&format!("First admin account `{}` created. These secrets are shown only now:", admin.username));
        out(&format!("  one-time login link (24 hours): {}{}", urls.base(), admin.login_link));
        out(&format!("  API token:                      {}", admin.api_token));
        out("Open the link to log in and set a password; keep the token somewhere safe.");
    } else {
        tracing::info!(network = %outcome.network.slug, %domain, "instance already set up");
    }
    Ok(urls)
}

async fn admin(command: AdminCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let base = urls(config)?.base().to_owned();
    match command {
        AdminCommand::CreateUser { username, role, email, member, password_stdin } => {
            let role: Role = role.parse()?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
                let line = line.trim_end_matches(['\r', '\n']).to_owned();
                Some(line)
            } else {
                None
            };
            let has_password = password.is_some();
            let user =
                accounts::create_user(&db, &Actor::Cli, NewUser { username, email, role, password, member }).await?;
            out(&format!("Created {} `{}`.", user.role, user.username));
            if !has_password {
                let link = accounts::create_login_link(&db, &Actor::Cli, &user.username).await?;
                out(&format!("One-time login link (24 hours): {base}/login/once?token={link}"));
            }
        }
        AdminCommand::LoginLink { username } => {
            let link = accounts::create_login_link(&db, &Actor::Cli, &username).await?;
            out(&format!("One-time login link (24 hours): {base}/login/once?token={link}"));
        }
        AdminCommand::ListUsers => {
            let users = accounts::list_users(&db).await?;
            out(&format!("{:<24} {:<7} {:<9} {}", "USERNAME", "ROLE", "PASSWORD", "CREATED"));
            for user in users {
                out(&format!(
                    "{:<24} {:<7} {:<9} {}{}",
                    user.username,
                    user.role,
                    if user.password_hash.is_some() { "set" } else { "not set" },
                    user.created_at.format("%Y-%m-%d %H:%M"),
                    if user.disabled { " (disabled)" } else { "" }
                ));
            }
        }
    }
    Ok(())
}

async fn tokens(command: TokenCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    match command {
        TokenCommand::Create { user, name, expires_in_days } => {
            let created = accounts::create_token(&db, &Actor::Cli, &user, &name, expires_in_days).await?;
            out(&format!(
                "Token `{}` ({}) created for {user}. It is shown only now:",
                created.token.name, created.token.prefix
            ));
            out(&created.secret);
        }
        TokenCommand::List { user } => {
            let tokens = accounts::list_tokens(&db, user.as_deref()).await?;
            out(&format!(
                "{:<14} {:<16} {:<24} {:<17} {:<17} {}",
                "PREFIX", "USER", "NAME", "CREATED", "LAST USED", "STATE"
            ));
            let now = coopfed_db::now();
            for (token, username) in tokens {
                let state = if token.revoked_at.is_some() {
                    "revoked".to_owned()
                } else if token.expires_at.is_some_and(|at| at <= now) {
                    "expired".to_owned()
                } else if let Some(at) = token.expires_at {
                    format!("active until {}", at.format("%Y-%m-%d"))
                } else {
                    "active".to_owned()
                };
                out(&format!(
                    "{:<14} {:<16} {:<24} {:<17} {:<17} {state}",
                    token.prefix,
                    username,
                    token.name,
                    token.created_at.format("%Y-%m-%d %H:%M"),
                    token
                        .last_used_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "never".into()),
                ));
            }
        }
        TokenCommand::Revoke { token } => {
            let revoked = accounts::revoke_token(&db, &Actor::Cli, &token).await?;
            out(&format!("Token {} ({}) revoked.", revoked.prefix, revoked.name));
        }
    }
    Ok(())
}

async fn members(command: MemberCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    match command {
        MemberCommand::Add { slug, name, website, country, city, summary } => {
            let new = NewMember { slug, name, website, country, city, summary };
            let member = member_service::create(&db, &Actor::Cli, &urls, new).await?;
            out(&format!("Added {} as @{}@{}.", member.name, member.slug, urls.domain()));
        }
        MemberCommand::List => {
            let members = member_service::list(&db).await?;
            out(&format!("{:<32} {:<40} {:<7} {}", "SLUG", "NAME", "COUNTRY", "WEBSITE"));
            for member in members {
                out(&format!(
                    "{:<32} {:<40} {:<7} {}",
                    member.slug,
                    member.name,
                    member.country.unwrap_or_default(),
                    member.website.unwrap_or_default()
                ));
            }
        }
    }
    Ok(())
}
