//! What each subcommand does. Results for the operator go to standard output;
//! logs go to standard error.

use std::{io::Write as _, time::Duration};

use anyhow::{Context as _, bail};
use coopfed_core::{InstanceUrls, Role};
use coopfed_db::Database;
use coopfed_federation::{
    client::{ClientSettings, FederationClient},
    context::{Federation, FederationSettings},
    partners::GroupPolicy,
    signatures::DateWindow,
};
use coopfed_service::follows::FollowPolicy;
use coopfed_service::{
    Actor,
    accounts::{self, NewUser},
    members::{self as member_service, NewMember},
    setup::{self, InstanceIdentity},
};
use tracing_subscriber::EnvFilter;

use crate::{
    cli::{
        AdminCommand, Command, DeliveryCommand, ExportCommand, FollowsCommand, ImportCommand, InboxCommand, JobCommand,
        JobFields, MemberCommand, NewsCommand, NewsFields, SkillsCommand, TokenCommand,
    },
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
        Command::Worker => serve::worker(config).await,
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
        Command::Follow { handle, local } => follow(&config, &handle, local.as_deref(), true).await,
        Command::Unfollow { handle, local } => follow(&config, &handle, local.as_deref(), false).await,
        Command::Follows { action: None | Some(FollowsCommand::List) } => list_follows(&config).await,
        Command::Follows { action: Some(FollowsCommand::Accept { follower }) } => {
            decide(&config, &follower, true).await
        }
        Command::Follows { action: Some(FollowsCommand::Reject { follower }) } => {
            decide(&config, &follower, false).await
        }
        Command::Deliveries(command) => deliveries(command, &config).await,
        Command::Inbox(InboxCommand::Prune { older_than_days }) => {
            let db = open(&config)?;
            migrate_db(&db)?;
            let days = older_than_days.map_or(config.inbox_retention, |d| Duration::from_secs(u64::from(d) * 86_400));
            let emptied = coopfed_federation::inbox::prune(&db, days).await?;
            out(&format!(
                "Emptied {emptied} processed activities received more than {} days ago; their ids stay for \
                 recognising replays.",
                days.as_secs() / 86_400
            ));
            Ok(())
        }
        Command::Jobs(command) => jobs(command, &config).await,
        Command::News(command) => news(command, &config).await,
        Command::Skills(command) => skills(command, &config).await,
        Command::Import(ImportCommand::Members { file, dry_run, skip_invalid }) => {
            import_members(&config, &file, dry_run, skip_invalid).await
        }
        Command::Import(ImportCommand::Jobs { file, dry_run, skip_invalid }) => {
            import_jobs(&config, &file, dry_run, skip_invalid).await
        }
        Command::Export(ExportCommand::Members { format, output }) => {
            export_members(&config, &format, output.as_deref()).await
        }
        Command::Import(ImportCommand::Announcements { file, dry_run, skip_invalid }) => {
            import_announcements(&config, &file, dry_run, skip_invalid).await
        }
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

/// The federation context: HTTP client, settings, keys.
pub fn federation(config: &Config, db: &Database, urls: &InstanceUrls) -> anyhow::Result<Federation> {
    let client = FederationClient::new(ClientSettings {
        dev_mode: config.dev_federation,
        resolve: config.resolve.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        user_agent: format!("coopfed/{} (+{})", env!("CARGO_PKG_VERSION"), urls.base()),
        blocked_domains: config.blocked_domains.clone(),
        allowed_domains: config.allowed_domains.clone(),
    })?;
    let settings = FederationSettings {
        date_window: DateWindow { past: config.signature_max_age, ..DateWindow::default() },
        partner_policy: if config.partner_review { FollowPolicy::Review } else { FollowPolicy::Auto },
        blocked_domains: config.blocked_domains.clone(),
        allowed_domains: config.allowed_domains.clone(),
        group_policy: if config.group_accepts_anyone { GroupPolicy::Anyone } else { GroupPolicy::Partners },
        retry_base: config.retry_base,
        delivery_lease: config.delivery_lease,
        inbox_rate_per_minute: config.inbox_rate_per_minute,
        trusted_proxies: config.trusted_proxies.clone(),
        key_refetch: config.key_refetch,
        ..FederationSettings::default()
    };
    let outbound = std::sync::Arc::new(coopfed_federation::outbound::ApOutbound::new(urls.clone()));
    Ok(Federation::new(db.clone(), client, urls.clone(), settings, outbound))
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
    let federation = federation(config, &db, &urls)?;
    match command {
        MemberCommand::Add { slug, profile } => {
            let new = NewMember {
                slug,
                name: profile.name,
                website: profile.website,
                country: profile.country,
                city: profile.city,
                summary: profile.summary,
            };
            let member = member_service::create(&db, Some(federation.outbound()), &Actor::Cli, &urls, new).await?;
            out(&format!("Added {} as @{}@{}.", member.name, member.slug, urls.domain()));
        }
        MemberCommand::Update { slug, profile } => {
            let changes = NewMember {
                slug,
                name: profile.name,
                website: profile.website,
                country: profile.country,
                city: profile.city,
                summary: profile.summary,
            };
            let member = member_service::update(&db, federation.outbound(), &Actor::Cli, changes).await?;
            out(&format!("Updated {} (@{}@{}).", member.name, member.slug, urls.domain()));
        }
        MemberCommand::Remove { slug } => {
            let member = member_service::remove(&db, federation.outbound(), &Actor::Cli, &slug).await?;
            out(&format!("Removed {} from the network; its job offers were withdrawn.", member.name));
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

/// The local actor that acts: the network actor, or a stream group by name.
async fn local_actor(
    db: &Database,
    config: &Config,
    name: Option<&str>,
) -> anyhow::Result<coopfed_db::actors::ActorRow> {
    use coopfed_db::actors::{self, kind};
    let name = name.unwrap_or(config.network.as_str()).to_owned();
    let found = db.run(move |conn| actors::find_local_by_username(conn, &name)).await?;
    match found {
        Some(actor) if actor.kind == kind::NETWORK || actor.kind == kind::GROUP => Ok(actor),
        _ => bail!("--as must name the network (`{}`) or a stream group (`jobs`, `news`)", config.network),
    }
}

async fn follow(config: &Config, handle: &str, local: Option<&str>, start: bool) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let federation = federation(config, &db, &urls)?;
    let local = local_actor(&db, config, local).await?;
    let signer = federation.instance_signer().await?;
    let remote = coopfed_federation::remote::resolve_handle(&federation.client, &db, handle, &signer)
        .await
        .with_context(|| format!("cannot find {handle}"))?;
    if start && remote.kind == coopfed_db::actors::kind::GROUP {
        coopfed_federation::remote::discover_streams(&federation.client, &db, &remote.domain, &signer).await;
    }
    if start {
        let row = coopfed_service::follows::follow(
            &db,
            federation.outbound(),
            &urls,
            &Actor::Cli,
            local.clone(),
            remote.clone(),
        )
        .await?;
        out(&format!(
            "@{}@{} asked to follow {} ({}); the running server delivers the request.",
            local.username,
            urls.domain(),
            remote.ap_id,
            row.state
        ));
    } else {
        coopfed_service::follows::unfollow(&db, federation.outbound(), &Actor::Cli, local.clone(), remote.clone())
            .await?;
        out(&format!("@{}@{} no longer follows {}.", local.username, urls.domain(), remote.ap_id));
    }
    Ok(())
}

async fn list_follows(config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let rows = db.run(coopfed_db::follows::list_with_actors).await?;
    let accepted: std::collections::BTreeSet<(String, String)> = rows
        .iter()
        .filter(|(f, _, _)| f.state == coopfed_db::follows::state::ACCEPTED)
        .map(|(_, follower, target)| (follower.clone(), target.clone()))
        .collect();
    out(&format!("{:<48} {:<48} {:<9} {:<7} {}", "FOLLOWER", "FOLLOWS", "STATE", "PARTNER", "REQUEST ID"));
    for (follow, follower, target) in &rows {
        let mutual = accepted.contains(&(follower.clone(), target.clone()))
            && accepted.contains(&(target.clone(), follower.clone()));
        out(&format!(
            "{follower:<48} {target:<48} {:<9} {:<7} {}",
            follow.state,
            if mutual { "yes" } else { "" },
            follow.id
        ));
    }
    Ok(())
}

async fn deliveries(command: DeliveryCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_db::deliveries;
    let db = open(config)?;
    migrate_db(&db)?;
    match command {
        DeliveryCommand::List { state, limit } => {
            let counts = db.run(deliveries::counts).await?;
            let summary: Vec<String> = counts.iter().map(|(state, n)| format!("{state}: {n}")).collect();
            out(&format!("Deliveries: {}", if summary.is_empty() { "none".to_owned() } else { summary.join(", ") }));
            let rows = db.run(move |conn| deliveries::list(conn, state.as_deref(), limit.clamp(1, 1000))).await?;
            out(&format!(
                "{:<36} {:<9} {:<8} {:>8} {:<17} {:<40} {}",
                "ID", "STATE", "KIND", "ATTEMPTS", "NEXT ATTEMPT", "INBOX", "LAST ERROR"
            ));
            for (row, kind, _activity) in rows {
                out(&format!(
                    "{:<36} {:<9} {:<8} {:>8} {:<17} {:<40} {}",
                    row.id,
                    row.state,
                    kind,
                    row.attempts,
                    if row.state == deliveries::state::PENDING {
                        row.next_attempt_at.format("%Y-%m-%d %H:%M").to_string()
                    } else {
                        "-".into()
                    },
                    row.inbox_url,
                    row.last_error.unwrap_or_default()
                ));
            }
        }
        DeliveryCommand::Retry { id, host } => {
            let n = db.run(move |conn| deliveries::retry(conn, id.as_deref(), host.as_deref())).await?;
            out(&format!("{n} deliveries are due now; the running server sends them."));
        }
    }
    Ok(())
}

/// The offer the command line describes, checked like an import.
fn job_record(
    fields: JobFields,
    member: Option<&str>,
    existing_slug: Option<String>,
    config: &Config,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> anyhow::Result<coopfed_core::jobs::JobRecord> {
    let slug =
        fields.slug.clone().or(existing_slug).unwrap_or_else(|| coopfed_service::jobs::fresh_slug(&fields.title));
    let value = serde_json::json!({
        "title": fields.title,
        "summary": fields.summary,
        "description": fields.description,
        "lang": fields.lang,
        "employment_type": fields.employment_type,
        "remote": fields.remote,
        "city": fields.city,
        "country": fields.country,
        "posted": fields.posted,
        "valid_through": fields.valid_through,
        "apply_url": fields.apply_url,
        "apply_email": fields.apply_email,
        "publish_to_all": fields.to_all,
        "skills": fields.skills,
        "languages": fields.languages,
    });
    let value = match value {
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    };
    coopfed_service::jobs::record_from_json(
        value,
        &slug,
        member,
        (coopfed_core::clock::today(), &config.language),
        taxonomy,
    )
    .map_err(|errors| {
        let lines: Vec<String> =
            errors.iter().map(|e| format!("  --{}: {}", e.field.replace('_', "-"), e.message)).collect();
        anyhow::anyhow!("the offer is not valid:\n{}", lines.join("\n"))
    })
}

async fn jobs(command: JobCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::jobs as job_service;
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let federation = federation(config, &db, &urls)?;
    let today = coopfed_core::clock::today();
    match command {
        JobCommand::Add { member, fields } => {
            let taxonomy = federation.skills.current().await?;
            let record = job_record(fields, Some(&member), None, config, &taxonomy)?;
            let job = job_service::publish(&db, federation.outbound(), &urls, &Actor::Cli, record).await?;
            out(&format!("Published {} ({})", job.ap_id, job.title));
        }
        JobCommand::Update { id, fields } => {
            let owner = job_service::owner(&db, &id).await?;
            let member = coopfed_service::members::slug_of(&db, &owner).await?;
            let slug = job_service::slug_of(&db, &id).await?;
            let taxonomy = federation.skills.current().await?;
            let record = job_record(fields, Some(&member), slug, config, &taxonomy)?;
            let job = job_service::update(&db, federation.outbound(), &Actor::Cli, &id, record).await?;
            out(&format!("Updated {} ({})", job.ap_id, job.title));
        }
        JobCommand::Delete { id } => {
            let job = job_service::delete(&db, federation.outbound(), &Actor::Cli, &id).await?;
            out(&format!("Withdrew {} ({})", job.ap_id, job.title));
        }
        JobCommand::List { include_expired } => {
            let rows = db.run(move |conn| coopfed_db::jobs::list(conn, today, include_expired, None, 500)).await?;
            out(&format!("{:<56} {:<12} {:<40} {}", "ID", "NETWORK", "TITLE", "VALID THROUGH"));
            for listed in rows {
                out(&format!(
                    "{:<56} {:<12} {:<40} {}",
                    listed.job.ap_id, listed.network_slug, listed.job.title, listed.job.valid_through
                ));
            }
        }
    }
    Ok(())
}

async fn decide(config: &Config, follower: &str, accept: bool) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let federation = federation(config, &db, &urls)?;
    let key = follower.to_owned();
    let rows = db.run(coopfed_db::follows::list_with_actors).await?;
    let request = rows
        .iter()
        .find(|(f, who, _)| f.state == coopfed_db::follows::state::PENDING && (f.id == key || *who == key))
        .map(|(f, who, _)| (f.id.clone(), who.clone()));
    let Some((id, who)) = request else { bail!("no pending follow request from {follower}; see `coopfed follows`") };
    coopfed_service::follows::decide(&db, federation.outbound(), &Actor::Cli, &id, accept).await?;
    out(&format!("{} the follow request of {who}.", if accept { "Accepted" } else { "Rejected" }));
    if accept {
        if let Some(taken) = coopfed_federation::partners::catch_up::if_partner(&federation, &who).await {
            out(&format!(
                "{who} is a partner now: took over {} job offers and {} announcements it shares with all partners.",
                taken.jobs, taken.announcements
            ));
        }
    }
    Ok(())
}

fn news_input(fields: NewsFields) -> coopfed_service::announcements::AnnouncementInput {
    coopfed_service::announcements::AnnouncementInput {
        kind: if fields.event { "event".into() } else { "news".into() },
        member: fields.member,
        title: fields.title,
        summary: fields.summary,
        content: fields.content,
        lang: fields.lang,
        starts_at: fields.start,
        ends_at: fields.end,
        timezone: fields.timezone,
        location_name: fields.place,
        city: fields.city,
        country: fields.country,
        online_url: fields.online_url,
        publish_to_all: fields.to_all,
    }
}

async fn news(command: NewsCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::announcements as service;
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let federation = federation(config, &db, &urls)?;
    match command {
        NewsCommand::Add { fields } => {
            let row = service::publish(&db, federation.outbound(), &urls, &Actor::Cli, news_input(fields)).await?;
            out(&format!("Published {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Update { id, fields } => {
            let row = service::update(&db, federation.outbound(), &Actor::Cli, &id, news_input(fields)).await?;
            out(&format!("Updated {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Delete { id } => {
            let row = service::delete(&db, federation.outbound(), &Actor::Cli, &id).await?;
            out(&format!("Withdrew {} ({})", row.ap_id, row.title));
        }
        NewsCommand::List => {
            let rows = db.run(|conn| coopfed_db::announcements::list(conn, None, 500)).await?;
            out(&format!("{:<64} {:<6} {:<12} {}", "ID", "KIND", "NETWORK", "TITLE"));
            for listed in rows {
                let a = listed.announcement;
                out(&format!("{:<64} {:<6} {:<12} {}", a.ap_id, a.kind, listed.network_slug, a.title));
            }
        }
    }
    Ok(())
}

async fn skills(command: SkillsCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::skills::{SkillChange, SkillInput};
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let federation = federation(config, &db, &urls)?;
    let catalogue = &federation.skills;
    match command {
        SkillsCommand::List { category } => {
            let taxonomy = catalogue.current().await?;
            if let Some(wanted) = &category {
                if !taxonomy.categories().iter().any(|c| &c.slug == wanted) {
                    bail!("no category `{wanted}`; `coopfed skills list` shows them all");
                }
            }
            out(&format!("{:<28} {:<16} {:<32} {}", "SLUG", "CATEGORY", "LABEL (en / de / nl / fr)", "ALIASES"));
            for skill in taxonomy.skills().iter().filter(|s| category.as_ref().is_none_or(|c| &s.category == c)) {
                out(&format!(
                    "{:<28} {:<16} {:<32} {}",
                    skill.slug,
                    skill.category,
                    skill.labels.join(" / "),
                    skill.aliases.join(", ")
                ));
            }
        }
        SkillsCommand::Add { slug, category, labels, aliases } => {
            let input = SkillInput { slug: slug.clone(), category, labels: labels.into_iter().collect(), aliases };
            catalogue.add_skill(&Actor::Cli, input).await?;
            out(&format!("Added the skill {slug}."));
        }
        SkillsCommand::Change { slug, labels, add_aliases, remove_aliases } => {
            let change = SkillChange { labels: labels.into_iter().collect(), add_aliases, remove_aliases };
            catalogue.change_skill(&Actor::Cli, &slug, change).await?;
            out(&format!("Changed the skill {slug}."));
        }
        SkillsCommand::Remove { slug } => {
            catalogue.remove_skill(&Actor::Cli, &slug).await?;
            out(&format!("Removed the skill {slug}."));
        }
        SkillsCommand::AddCategory { slug, labels } => {
            catalogue.add_category(&Actor::Cli, &slug, labels.into_iter().collect()).await?;
            out(&format!("Added the category {slug}."));
        }
    }
    Ok(())
}

/// The CSV columns of a member directory.
const MEMBER_COLUMNS: &[&str] =
    &["slug", "name", "website", "country", "city", "services", "technologies", "skills", "description"];

/// A progress bar on standard error (hidden when it is not a terminal).
fn progress_bar(length: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(u64::try_from(length).unwrap_or(0));
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// The instance's skills taxonomy (built in plus what admins added); the
/// built-in one when there is no database yet.
async fn stored_taxonomy(config: &Config) -> anyhow::Result<coopfed_core::skills::Taxonomy> {
    let db = open(config)?;
    if !db.pending_migrations()?.is_empty() {
        return Ok(coopfed_core::skills::Taxonomy::builtin().clone());
    }
    Ok(db.run(coopfed_service::skills::load).await?)
}

async fn import_members(
    config: &Config,
    path: &std::path::Path,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let (name, file) = read_import_file(
        config,
        path,
        "members",
        MEMBER_COLUMNS,
        &["services", "technologies", "skills", "languages"],
    )?;
    let taxonomy = stored_taxonomy(config).await?;
    let taxonomy = &taxonomy;
    let languages = vec![config.language.clone()];
    let (valid, errors) = check_records(&name, &file, "slug", |fields| {
        coopfed_core::members::MemberRecord::read(fields, &languages, taxonomy)
            .map(|member| (member.slug.to_string(), member))
            .map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
    });
    check_outcome(&name, &errors, file.records.len(), valid.len(), skip_invalid)?;
    finish_import(&name, "member co-ops", file.records.len(), valid, dry_run, |valid, bar| async {
        let db = open(config)?;
        migrate_db(&db)?;
        let urls = initialise(&db, config).await?;
        let federation = federation(config, &db, &urls)?;
        let report =
            member_service::import(&db, federation.outbound(), &Actor::Cli, &urls, valid, advance(bar)).await?;
        Ok((report.created, report.updated))
    })
    .await
}

/// Reports record errors and stops unless the import may go on.
fn check_outcome(name: &str, errors: &[String], total: usize, valid: usize, skip_invalid: bool) -> anyhow::Result<()> {
    for error in errors {
        report_error(error);
    }
    if !errors.is_empty() && !skip_invalid {
        let hint = match valid {
            0 => String::new(),
            1 => " (--skip-invalid imports the one valid record)".to_owned(),
            n => format!(" (--skip-invalid imports the {n} valid records)"),
        };
        bail!("{name}: {} of {total} records have errors; nothing was imported{hint}", total - valid);
    }
    Ok(())
}

async fn import_jobs(config: &Config, path: &std::path::Path, dry_run: bool, skip_invalid: bool) -> anyhow::Result<()> {
    let (name, file) = read_import_file(config, path, "jobs", &[], &[])?;
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let members = coopfed_service::jobs::local_member_slugs(&db).await?;
    let taxonomy = db.run(coopfed_service::skills::load).await?;
    let taxonomy = &taxonomy;
    let (valid, errors) = check_records(&name, &file, "id", |fields| {
        check_owned(fields, "member", &members, |fields| {
            coopfed_core::jobs::JobRecord::read(fields, &config.language, taxonomy).map(|job| (job.id.to_string(), job))
        })
    });
    check_outcome(&name, &errors, file.records.len(), valid.len(), skip_invalid)?;
    let federation = federation(config, &db, &urls)?;
    finish_import(&name, "job offers", file.records.len(), valid, dry_run, |valid, bar| async {
        let report =
            coopfed_service::jobs::import(&db, federation.outbound(), &urls, &Actor::Cli, valid, advance(bar)).await?;
        Ok((report.created, report.updated))
    })
    .await
}

/// Checks every record of a file with `check`, which returns the record's
/// unique key (the field `key_field`) and value, or its errors; duplicates of
/// a key are errors too.
fn check_records<T>(
    name: &str,
    file: &crate::import::RawFile,
    key_field: &str,
    mut check: impl FnMut(&serde_yaml::Mapping) -> Result<(String, T), Vec<String>>,
) -> (Vec<T>, Vec<String>) {
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let checking = progress_bar(file.records.len(), "checking");
    for record in &file.records {
        checking.inc(1);
        let result = match &record.fields {
            Ok(fields) => check(fields),
            Err(message) => Err(vec![message.clone()]),
        };
        match result {
            Ok((key, value)) => match seen.get(&key) {
                Some(first) => {
                    errors.push(format!(
                        "{name}: {}: {key_field}: duplicate {key_field}: {key} (first in record {first})",
                        record.position()
                    ));
                }
                None => {
                    seen.insert(key, record.number);
                    valid.push(value);
                }
            },
            Err(messages) => errors.extend(messages.into_iter().map(|m| format!("{name}: {}: {m}", record.position()))),
        }
    }
    checking.finish_and_clear();
    (valid, errors)
}

/// Checks a record whose `owner_key` names a local member co-op: the co-op must
/// exist (among `members`) and `read` must accept the fields; every error is reported.
fn check_owned<T>(
    fields: &serde_yaml::Mapping,
    owner_key: &str,
    members: &std::collections::HashSet<String>,
    read: impl FnOnce(&serde_yaml::Mapping) -> Result<(String, T), Vec<coopfed_core::records::FieldError>>,
) -> Result<(String, T), Vec<String>> {
    let mut messages = Vec::new();
    if let Some(owner) = fields.get(owner_key).and_then(serde_yaml::Value::as_str).filter(|o| !members.contains(*o)) {
        messages.push(format!("{owner_key}: no member co-op `{owner}` in this network (import the members first)"));
    }
    match read(fields) {
        Ok(record) if messages.is_empty() => Ok(record),
        Ok(_) => Err(messages),
        Err(field_errors) => {
            messages.extend(field_errors.into_iter().map(|e| e.to_string()));
            Err(messages)
        }
    }
}

async fn import_announcements(
    config: &Config,
    path: &std::path::Path,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let (name, file) = read_import_file(config, path, "announcements", &[], &[])?;
    let db = open(config)?;
    migrate_db(&db)?;
    let urls = initialise(&db, config).await?;
    let members = coopfed_service::jobs::local_member_slugs(&db).await?;
    let taxonomy = db.run(coopfed_service::skills::load).await?;
    let taxonomy = &taxonomy;
    let (valid, errors) = check_records(&name, &file, "id", |fields| {
        check_owned(fields, "author", &members, |fields| {
            coopfed_core::announcements::AnnouncementRecord::read(fields, &config.language, taxonomy)
                .map(|record| (record.id.to_string(), record))
        })
    });
    check_outcome(&name, &errors, file.records.len(), valid.len(), skip_invalid)?;
    let federation = federation(config, &db, &urls)?;
    finish_import(&name, "announcements", file.records.len(), valid, dry_run, |valid, bar| async {
        let report =
            coopfed_service::announcements::import(&db, federation.outbound(), &urls, &Actor::Cli, valid, advance(bar))
                .await?;
        Ok((report.created, report.updated))
    })
    .await
}

/// Reads an import file and checks that it belongs to this network.
fn read_import_file(
    config: &Config,
    path: &std::path::Path,
    list_key: &str,
    columns: &[&str],
    list_columns: &[&str],
) -> anyhow::Result<(String, crate::import::RawFile)> {
    let name = path.display().to_string();
    let file =
        crate::import::read(path, list_key, columns, list_columns).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if let Some(network) = file.network.as_deref().filter(|n| *n != config.network.as_str()) {
        bail!("{name}: the file is for the network `{network}`, but this instance runs `{}`", config.network);
    }
    Ok((name, file))
}

/// After the checks: reports a dry run, or runs `import` (which returns the
/// numbers created and updated) with a progress bar and reports what it did.
async fn finish_import<T, Fut>(
    name: &str,
    what: &str,
    total: usize,
    valid: Vec<T>,
    dry_run: bool,
    import: impl FnOnce(Vec<T>, indicatif::ProgressBar) -> Fut,
) -> anyhow::Result<()>
where
    Fut: std::future::Future<Output = anyhow::Result<(usize, usize)>>,
{
    let bad_records = total - valid.len();
    if dry_run {
        out(&format!("{name}: {} valid {what}, {bad_records} with errors; dry run, nothing was written.", valid.len()));
        return Ok(());
    }
    let writing = progress_bar(valid.len(), "importing");
    let (created, updated) = import(valid, writing.clone()).await?;
    writing.finish_and_clear();
    out(&format!(
        "{name}: imported {} {what} ({created} created, {updated} updated){}.",
        created + updated,
        if bad_records > 0 { format!("; {bad_records} records skipped") } else { String::new() }
    ));
    Ok(())
}

/// Moves a progress bar as records are written.
fn advance(bar: indicatif::ProgressBar) -> impl Fn(usize) + Send + 'static {
    move |done| bar.set_position(u64::try_from(done).unwrap_or(0))
}

/// The fields of an exported member co-op, in the import format's names and order.
#[derive(serde::Serialize)]
struct ExportedMember {
    slug: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founded: Option<i32>,
    services: Vec<String>,
    technologies: Vec<String>,
    sectors: Vec<String>,
    skills: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_lang: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fictional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    coordinates: Option<Coordinates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    social_links: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    joined: Option<String>,
}

#[derive(serde::Serialize)]
struct Coordinates {
    lat: f64,
    lon: f64,
}

async fn export_members(config: &Config, format: &str, output: Option<&std::path::Path>) -> anyhow::Result<()> {
    let db = open(config)?;
    migrate_db(&db)?;
    let members = db
        .run(|conn| -> Result<Vec<ExportedMember>, coopfed_db::DbError> {
            let Some(network) = coopfed_db::networks::find_local(conn)? else { return Ok(Vec::new()) };
            let list = |text: &str| serde_json::from_str::<Vec<String>>(text).unwrap_or_default();
            coopfed_db::content::list_members(conn, &network.id)?
                .into_iter()
                .map(|m| {
                    Ok(ExportedMember {
                        skills: coopfed_db::skills::member_skills_of(conn, &m.id)?,
                        languages: list(&m.languages),
                        services: list(&m.services),
                        technologies: list(&m.technologies),
                        sectors: list(&m.sectors),
                        slug: m.slug,
                        name: m.name,
                        website: m.website,
                        country: m.country,
                        city: m.city,
                        legal_form: m.legal_form,
                        size: m.size,
                        founded: m.founded,
                        contact_email: m.contact_email,
                        description: m.summary,
                        description_lang: m.summary_lang,
                        fictional: m.fictional,
                        coordinates: m.latitude.zip(m.longitude).map(|(lat, lon)| Coordinates { lat, lon }),
                        logo_url: m.logo_url,
                        social_links: list(&m.social_links),
                        joined: m.joined_on.map(|d| d.to_string()),
                    })
                })
                .collect()
        })
        .await?;
    let text = match format {
        "json" => serde_json::to_string_pretty(&members)? + "\n",
        "csv" => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(MEMBER_COLUMNS)?;
            for m in &members {
                let cells = [
                    m.slug.clone(),
                    m.name.clone(),
                    m.website.clone().unwrap_or_default(),
                    m.country.clone().unwrap_or_default(),
                    m.city.clone().unwrap_or_default(),
                    m.services.join(";"),
                    m.technologies.join(";"),
                    m.skills.join(";"),
                    m.description.clone().unwrap_or_default(),
                ];
                writer.write_record(cells.iter().map(|cell| crate::import::csv_cell(cell).into_owned()))?;
            }
            String::from_utf8(writer.into_inner()?)?
        }
        _ => {
            #[derive(serde::Serialize)]
            struct Directory<'a> {
                network: &'a str,
                members: &'a [ExportedMember],
            }
            serde_yaml::to_string(&Directory { network: config.network.as_str(), members: &members })?
        }
    };
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            tracing::info!(members = members.len(), file = %path.display(), "exported the member directory");
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}
