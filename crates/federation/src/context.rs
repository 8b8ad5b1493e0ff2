//! What federation code needs at hand: storage, the HTTP client, the URL
//! layout, settings, signing keys and a wake-up for the workers.

use std::{collections::HashMap, sync::Arc, time::Duration};

use coopfed_core::InstanceUrls;
use coopfed_db::{Database, actors};
use coopfed_service::outbound::Outbound;
use tokio::sync::{Mutex, Notify};

use crate::{client::FederationClient, signatures::SigningKey};

/// Federation settings from the configuration.
#[derive(Debug, Clone)]
pub struct FederationSettings {
    /// Accepted clock difference for signed requests.
    pub date_window: crate::signatures::DateWindow,
    /// How the network actor answers follows from other networks, and whose
    /// jobs the stream groups take (changed at run time by admins).
    pub policies: Arc<crate::policies::Policies>,
    /// The domains that may federate (shared with the HTTP client): a
    /// blocked one's requests are refused and nothing is sent to it.
    pub rules: Arc<crate::domains::DomainRules>,
    /// How long a claimed delivery stays leased before another worker may take it.
    pub delivery_lease: Duration,
    /// Deliveries in flight per remote host.
    pub per_host_concurrency: usize,
    /// Delay before the first retry of a failed delivery; each later retry waits three times longer.
    pub retry_base: Duration,
    /// Inbox requests accepted per remote host and minute (bursts up to
    /// twice that), counted for the verified signer's host; partner networks
    /// are not held to it. Before verification each client address may send
    /// [`CLIENT_RATE_FACTOR`] times as many.
    pub inbox_rate_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a stored remote key is trusted before a signature it does
    /// not verify may fetch its actor again (key rotation); forged requests
    /// cannot make us fetch it more often.
    pub key_refetch: Duration,
}

/// How many more requests a client address may send before verification
/// than a verified host: one address may carry several servers' deliveries.
pub const CLIENT_RATE_FACTOR: u32 = 5;

/// Actor and key fetches the inbox may have under way at once.
pub const INBOX_FETCHES: usize = 16;

impl Default for FederationSettings {
    fn default() -> Self {
        Self {
            date_window: crate::signatures::DateWindow::default(),
            policies: Arc::default(),
            rules: Arc::default(),
            delivery_lease: Duration::from_secs(120),
            per_host_concurrency: 4,
            retry_base: Duration::from_secs(60),
            inbox_rate_per_minute: 600,
            trusted_proxies: Vec::new(),
            key_refetch: Duration::from_secs(300),
        }
    }
}

impl FederationSettings {
    /// May this host (`domain[:port]`) federate with us?
    pub fn allows(&self, host: &str) -> bool {
        self.rules.allows(host)
    }

    /// How long a worker holds what it claimed (a delivery, a received
    /// activity) before another may take it over.
    pub fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.delivery_lease).unwrap_or(chrono::Duration::minutes(2))
    }
}

/// Shared by the inbox, the workers and the command line.
#[derive(Clone)]
pub struct Federation {
    pub db: Database,
    pub client: FederationClient,
    pub urls: InstanceUrls,
    pub settings: Arc<FederationSettings>,
    outbound: Arc<dyn Outbound>,
    /// Signing keys by actor row id, with when they were read: read again
    /// after [`RELOAD_EVERY`], so a key rotated by another process is used soon.
    keys: Arc<Mutex<HashMap<String, CachedKey>>>,
    /// Woken when deliveries are queued or activities received in this process.
    pub wake_deliveries: Arc<Notify>,
    /// Delivery outcomes, for `/metrics`.
    pub metrics: crate::metrics::FederationMetrics,
    pub wake_inbox: Arc<Notify>,
    /// Limit of inbox requests per verified signer host.
    pub inbox_limiter: Arc<crate::rate_limit::RateLimiter>,
    /// Limit of inbox requests per client address, before verification.
    pub client_limiter: Arc<crate::rate_limit::RateLimiter>,
    /// Actor and key fetches the inbox may make at once.
    pub inbox_fetches: Arc<tokio::sync::Semaphore>,
    /// The skills taxonomy (built in and added by admins).
    pub skills: coopfed_service::skills::SkillCatalogue,
    /// Remote keys that verified lately.
    pub recent_keys: Arc<crate::recent_keys::RecentKeys>,
    /// The writer that stores received activities, started on first use.
    inbox_writer: Arc<std::sync::OnceLock<crate::writers::InboxWriter>>,
    /// The writer that records deliveries that arrived, started on first use.
    delivered_writer: Arc<std::sync::OnceLock<crate::writers::DeliveredWriter>>,
    /// Remote domains whose member directory is being read now.
    crawls: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

/// A crawl of one remote domain in progress; it ends when dropped.
pub struct Crawl {
    crawls: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    domain: String,
}

impl Drop for Crawl {
    fn drop(&mut self) {
        if let Ok(mut crawls) = self.crawls.lock() {
            crawls.remove(&self.domain);
        }
    }
}

/// A local actor's key could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("no local actor {0}")]
    NoActor(String),
    #[error("the key of {0} is unusable: {1}")]
    Unusable(String, String),
    #[error(transparent)]
    Db(#[from] coopfed_db::DbError),
}

impl Federation {
    /// `outbound` renders what other servers must hear (in production
    /// [`crate::outbound::ApOutbound`]).
    pub fn new(
        db: Database,
        client: FederationClient,
        urls: InstanceUrls,
        settings: FederationSettings,
        outbound: Arc<dyn Outbound>,
    ) -> Self {
        let limiter = Arc::new(crate::rate_limit::RateLimiter::new(
            settings.inbox_rate_per_minute,
            settings.inbox_rate_per_minute.saturating_mul(2),
        ));
        let per_client = settings.inbox_rate_per_minute.saturating_mul(CLIENT_RATE_FACTOR);
        Self {
            inbox_limiter: limiter,
            client_limiter: Arc::new(crate::rate_limit::RateLimiter::new(per_client, per_client.saturating_mul(2))),
            inbox_fetches: Arc::new(tokio::sync::Semaphore::new(INBOX_FETCHES)),
            outbound,
            skills: coopfed_service::skills::SkillCatalogue::new(db.clone()),
            db,
            client,
            urls,
            settings: Arc::new(settings),
            keys: Arc::default(),
            wake_deliveries: Arc::default(),
            metrics: crate::metrics::FederationMetrics::default(),
            wake_inbox: Arc::default(),
            recent_keys: Arc::default(),
            inbox_writer: Arc::default(),
            delivered_writer: Arc::default(),
            crawls: Arc::default(),
        }
    }

    /// The group commit writer of delivery outcomes.
    pub(crate) fn delivered_writer(&self) -> &crate::writers::DeliveredWriter {
        self.delivered_writer.get_or_init(|| {
            coopfed_db::group_commit::GroupCommit::start(
                self.db.clone(),
                "coopfed-deliveries",
                crate::writers::record_delivered,
            )
        })
    }

    /// The group commit writer of the inbox.
    pub(crate) fn inbox_writer(&self) -> &crate::writers::InboxWriter {
        self.inbox_writer.get_or_init(|| {
            coopfed_db::group_commit::GroupCommit::start(self.db.clone(), "coopfed-inbox", crate::writers::store_batch)
        })
    }

    /// Starts a crawl of `domain`, unless one runs already.
    pub fn start_crawl(&self, domain: &str) -> Option<Crawl> {
        let mut crawls = self.crawls.lock().ok()?;
        crawls.insert(domain.to_owned()).then(|| Crawl { crawls: Arc::clone(&self.crawls), domain: domain.to_owned() })
    }

    /// The renderer of outgoing activities, for the service layer.
    pub fn outbound(&self) -> Arc<dyn Outbound> {
        self.outbound.clone()
    }

    /// The signing key of a local actor (by row id), cached for [`RELOAD_EVERY`].
    pub async fn signer(&self, actor_id: &str) -> Result<Arc<SigningKey>, KeyError> {
        self.signer_with(actor_id, None).await
    }

    /// The signing key of a local actor whose current key id is known (as
    /// the delivery queue reads it): the cached key while its id is that one.
    pub async fn signer_with(&self, actor_id: &str, key_id: Option<&str>) -> Result<Arc<SigningKey>, KeyError> {
        if let Some((key, read_at)) = self.keys.lock().await.get(actor_id) {
            let current = match key_id {
                Some(key_id) => key.key_id() == key_id,
                None => read_at.elapsed() < RELOAD_EVERY,
            };
            if current {
                return Ok(Arc::clone(key));
            }
        }
        let id = actor_id.to_owned();
        let row = self.db.run(move |conn| actors::find_by_id(conn, &id)).await?;
        let row = row.filter(|r| r.is_local).ok_or_else(|| KeyError::NoActor(actor_id.to_owned()))?;
        let row = coopfed_service::keys::ensure(&self.db, row)
            .await
            .map_err(|e| KeyError::Unusable(actor_id.to_owned(), e.to_string()))?;
        let pem = row.private_key_pem.as_deref().ok_or_else(|| KeyError::NoActor(actor_id.to_owned()))?;
        let key_id = match &row.public_key_id {
            Some(key_id) => key_id.clone(),
            None => coopfed_core::InstanceUrls::key_id(
                &url::Url::parse(&row.ap_id).map_err(|e| KeyError::Unusable(row.ap_id.clone(), e.to_string()))?,
            ),
        };
        let mut keys = self.keys.lock().await;
        // Parsing a key costs more than comparing: keep the parsed one while it is current.
        if let Some((key, read_at)) = keys.get_mut(actor_id) {
            if key.key_id() == key_id {
                *read_at = std::time::Instant::now();
                return Ok(Arc::clone(key));
            }
        }
        let key = Arc::new(
            SigningKey::from_pem(key_id, pem).map_err(|e| KeyError::Unusable(row.ap_id.clone(), e.to_string()))?,
        );
        keys.insert(actor_id.to_owned(), (Arc::clone(&key), std::time::Instant::now()));
        Ok(key)
    }

    /// Drops the cached signing keys (after a rotation in this process).
    pub async fn forget_signers(&self) {
        self.keys.lock().await.clear();
    }

    /// The instance actor's signing key, for fetches made on the instance's behalf.
    pub async fn instance_signer(&self) -> Result<Arc<SigningKey>, KeyError> {
        let host = self.urls.domain().host().to_owned();
        let row = self
            .db
            .run(move |conn| actors::find_local(conn, actors::ActorKind::Application, &host))
            .await?
            .ok_or_else(|| KeyError::NoActor("instance actor".into()))?;
        self.signer(&row.id).await
    }
}

/// A parsed signing key and when it was read.
type CachedKey = (Arc<SigningKey>, std::time::Instant);

/// How often a running server reads the stored domain rules and policies again.
pub const RELOAD_EVERY: Duration = Duration::from_secs(5);

/// Keeps the domain rules and the policies current with the stored ones
/// (changed by any process).
pub async fn keep_current(settings: Arc<FederationSettings>, db: Database) {
    let mut every = tokio::time::interval(RELOAD_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match settings.rules.reload(&db).await {
            Ok(true) => tracing::info!(blocked = ?settings.rules.blocked(), "domain rules changed"),
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cannot read the domain rules; keeping the ones in force"),
        }
        match settings.policies.reload(&db).await {
            Ok(true) => tracing::info!(
                partner = ?settings.policies.partner(),
                group = ?settings.policies.group(),
                "policies changed"
            ),
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cannot read the policies; keeping the ones in force"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_lists() {
        let rules = crate::domains::DomainRules::new(vec!["spam.test".into()], Vec::new());
        let settings = FederationSettings { rules: Arc::new(rules), ..Default::default() };
        assert!(settings.allows("cotech.test"));
        assert!(!settings.allows("spam.test"));
        assert!(!settings.allows("eu.spam.test:8443"));
        let rules = crate::domains::DomainRules::new(Vec::new(), vec!["cotech.test".into()]);
        let settings = FederationSettings { rules: Arc::new(rules), ..Default::default() };
        assert!(settings.allows("cotech.test:8101"));
        assert!(!settings.allows("fr.test"));
    }
}
