//! `coopfed admin` and `coopfed tokens`: users and API tokens.

use anyhow::Context as _;
use clap::Subcommand;
use coopfed_core::Role;
use coopfed_service::{
    Actor,
    accounts::{self, NewUser},
};

use crate::{
    boot::{self},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Create a user. Without --password-stdin the user gets a one-time login
    /// link (valid 24 hours) to set a password.
    CreateUser {
        /// Login name: letters, digits, `_`, `-`, `.` (stored in lower case).
        username: String,
        /// `admin` runs the instance; `editor` edits a member co-op.
        #[arg(long, default_value = "editor", value_parser = ["admin", "editor"])]
        role: String,
        /// Contact address of the user.
        #[arg(long)]
        email: Option<String>,
        /// Slug of the member co-op the user edits (see `coopfed members list`).
        #[arg(long, value_name = "SLUG")]
        member: Option<String>,
        /// Read the password from the first line of standard input
        /// (so it does not end up in the shell history).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a new one-time login link for a user (valid 24 hours).
    LoginLink { username: String },
    /// Change a user's role and the member co-op they edit (the last admin
    /// stays an admin).
    SetRole {
        username: String,
        #[arg(long, value_parser = ["admin", "editor"])]
        role: String,
        /// The member co-op they edit; left out, none.
        #[arg(long, value_name = "SLUG")]
        member: Option<String>,
    },
    /// List users.
    ListUsers,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        /// The user the token acts as.
        #[arg(long)]
        user: String,
        /// A name that says what the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Expire the token after this many days (default: never).
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// List tokens (never their secrets).
    List {
        /// Only this user's tokens.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a token by its id or its displayed prefix (`cft_…`).
    Revoke { token: String },
}

pub(crate) async fn admin(command: AdminCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    let base = boot::urls(config)?.browser_base();
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
        AdminCommand::SetRole { username, role, member } => {
            let role: Role = role.parse()?;
            let user = accounts::change_role(&db, &Actor::Cli, &username, role, member.clone()).await?;
            let coop = member.map(|m| format!(" of `{m}`")).unwrap_or_default();
            out(&format!("`{}` is now {}{coop}.", user.username, user.role));
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

pub(crate) async fn tokens(command: TokenCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
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
