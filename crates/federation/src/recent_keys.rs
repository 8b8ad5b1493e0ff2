//! Remote keys that verified a request lately.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::signatures::PendingSignature;

/// Keys that verified a request lately, by key id, so that a busy sender's
/// requests need no database read. An entry lives a minute; processing an
/// `Update` or `Delete` (which may change or end an actor's key) empties the
/// whole map. A key that no longer verifies takes the full path (database,
/// then a fetch).
#[derive(Default)]
pub struct RecentKeys {
    keys: Mutex<HashMap<String, RecentKey>>,
}

struct RecentKey {
    owner: String,
    /// Shared, so that a check copies no key text.
    public_key_pem: Arc<str>,
    verified_at: Instant,
}

/// How long a key that verified is used without reading the database again.
const RECENT_KEY_LIFE: Duration = Duration::from_secs(60);

/// Keys remembered at most.
const RECENT_KEYS: usize = 10_000;

impl RecentKeys {
    /// The owner of the request's key, when a key remembered for its id verifies it.
    pub(crate) fn verify(&self, pending: &PendingSignature) -> Option<String> {
        let (owner, pem) = {
            let keys = self.keys.lock().ok()?;
            let key = keys.get(pending.key_id()).filter(|k| k.verified_at.elapsed() < RECENT_KEY_LIFE)?;
            (key.owner.clone(), Arc::clone(&key.public_key_pem))
        };
        pending.verify(&pem).is_ok().then_some(owner)
    }

    pub(crate) fn remember(&self, key_id: &str, owner: &str, public_key_pem: &str) {
        let Ok(mut keys) = self.keys.lock() else { return };
        if keys.len() >= RECENT_KEYS {
            keys.retain(|_, k| k.verified_at.elapsed() < RECENT_KEY_LIFE);
            if keys.len() >= RECENT_KEYS {
                keys.clear();
            }
        }
        let key = RecentKey {
            owner: owner.to_owned(),
            public_key_pem: Arc::from(public_key_pem),
            verified_at: Instant::now(),
        };
        keys.insert(key_id.to_owned(), key);
    }

    /// Forgets every key (an actor changed or left).
    pub fn forget_all(&self) {
        if let Ok(mut keys) = self.keys.lock() {
            keys.clear();
        }
    }
}
