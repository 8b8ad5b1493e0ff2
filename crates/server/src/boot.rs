//! Start-up, in one place: open the database, apply migrations, set the
//! instance up, build the federation context. Commands take what they need
//! from an [`Instance`] (or only the [`database`]).

use anyhow::Context as _;
use coopfed_core::InstanceUrls;
use coopfed_db::Database;
use coopfed_federation::{
    client::{ClientSettings, FederationClient},
    context::{Federation, FederationSettings},
    signatures::DateWindow,
};
use coopfed_service::{
    follows::FollowPolicy,
    setup::{self, InstanceIdentity},
};

use crate::{config::Config, console::out};

/// A running instance as commands use it: its database (migrated), its URL
/// layout, and the federation context (keys, HTTP client, outbound).
pub struct Instance {
    pub db: Database,
    pub urls: InstanceUrls,
    pub federation: Federation,
}

/// What a change made from the command line needs.
pub fn cli_writer(db: &Database, federation: &Federation) -> coopfed_service::Writer {
    coopfed_service::Writer::new(db, federation.outbound(), coopfed_service::Actor::Cli)
}

impl Instance {
    /// Opens and migrates the database, sets the instance up if needed
    /// (printing the first admin's secrets once) and builds the federation.
    pub async fn boot(config: &Config) -> anyhow::Result<Self> {
        let db = database(config)?;
        let urls = initialise(&db, config).await?;
        let federation = federation(config, &db, &urls)?;
        federation.settings.rules.reload(&db).await.context("cannot read the domain rules")?;
        federation.settings.policies.reload(&db).await.context("cannot read the policies")?;
        Ok(Self { db, urls, federation })
    }
}

/// The database, opened and migrated, for commands that need nothing else.
pub fn database(config: &Config) -> anyhow::Result<Database> {
    let db = open(config)?;
    migrate_db(&db)?;
    Ok(db)
}

/// Opens the pool (creating a SQLite file when missing).
pub fn open(config: &Config) -> anyhow::Result<Database> {
    Database::connect(&config.database_url, config.max_connections)
        .with_context(|| format!("cannot open the database {}", config.database_url.redacted()))
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

/// The federation context: HTTP client, settings, keys.
pub fn federation(config: &Config, db: &Database, urls: &InstanceUrls) -> anyhow::Result<Federation> {
    let rules = std::sync::Arc::new(coopfed_federation::domains::DomainRules::new(
        config.blocked_domains.clone(),
        config.allowed_domains.clone(),
    ));
    let client = FederationClient::new(ClientSettings {
        dev_mode: config.dev_federation,
        resolve: config.resolve.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        user_agent: format!("coopfed/{} (+{})", env!("CARGO_PKG_VERSION"), urls.base()),
        rules: rules.clone(),
    })?;
    let settings = FederationSettings {
        date_window: DateWindow { past: config.signature_max_age, ..DateWindow::default() },
        policies: std::sync::Arc::new(coopfed_federation::policies::Policies::new(
            if config.partner_review { FollowPolicy::Review } else { FollowPolicy::Auto },
            config.group_policy,
        )),
        rules,
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
        out(&format!("  one-time login link (24 hours): {}{}", urls.browser_base(), admin.login_link));
        out(&format!("  API token:                      {}", admin.api_token));
        out("Open the link to log in and set a password; keep the token somewhere safe.");
    } else {
        tracing::info!(network = %outcome.network.slug, %domain, "instance already set up");
    }
    Ok(urls)
}
