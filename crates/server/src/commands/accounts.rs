//! `coopfed admin` and `coopfed tokens`: users and API tokens.

use anyhow::Context as _;
use coopfed_core::Role;
use coopfed_service::{
    Actor,
    accounts::{self, NewUser},
};

use crate::{
    boot::{self},
    cli::{AdminCommand, TokenCommand},
    config::Config,
    console::out,
};

pub(super) async fn admin(command: AdminCommand, config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    let base = boot::urls(config)?.base().to_owned();
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

pub(super) async fn tokens(command: TokenCommand, config: &Config) -> anyhow::Result<()> {
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
