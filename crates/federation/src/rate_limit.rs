//! Rate limits for inboxes: a token bucket per key (a client address before
//! a signature is verified, the signer's host after), in memory (a restart
//! forgets them, which errs on the side of accepting). The map has a hard
//! size: when full, idle buckets and then the longest unused go first.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Buckets of one limit.
pub struct RateLimiter {
    /// Requests allowed per minute, sustained.
    per_minute: u32,
    /// Largest burst.
    burst: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Keys remembered at most.
const MAX_KEYS: usize = 10_000;

/// The key of a client address: an IPv4 address, or the /64 network of an
/// IPv6 one (one site, however many addresses it uses).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self { per_minute: per_minute.max(1), burst: burst.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for a client address.
    pub fn check_address(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.check(&address_key(ip), now)
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes a token for `host`; `Err(wait)` says how long until the next one.
    pub fn check(&self, host: &str, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else { return Ok(()) };
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(host) {
            // A full bucket again is as good as none.
            let full = Duration::from_secs_f64(60.0 * f64::from(self.burst) / f64::from(self.per_minute));
            buckets.retain(|_, b| now.duration_since(b.updated) < full);
            while buckets.len() >= MAX_KEYS {
                let oldest = buckets.iter().min_by_key(|(_, b)| b.updated).map(|(k, _)| k.clone());
                match oldest {
                    Some(key) => buckets.remove(&key),
                    None => break,
                };
            }
        }
        let rate = f64::from(self.per_minute) / 60.0;
        let burst = f64::from(self.burst);
        let bucket = buckets.entry(host.to_owned()).or_insert(Bucket { tokens: burst, updated: now });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn limits_each_host_alone() {
        let limiter = RateLimiter::new(60, 3);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("a.test", start).is_ok());
        }
        let wait = limiter.check("a.test", start).err();
        assert!(wait.is_some_and(|w| w <= Duration::from_secs(1)), "{wait:?}");
        assert!(limiter.check("b.test", start).is_ok(), "another host has its own bucket");
        assert!(limiter.check("a.test", start + Duration::from_secs(1)).is_ok(), "refilled after a second");
    }

    #[test]
    fn the_map_has_a_hard_size() {
        let limiter = RateLimiter::new(60, 3);
        let start = Instant::now();
        for i in 0..(MAX_KEYS + 500) {
            let _ = limiter.check(&format!("h{i}.test"), start);
        }
        assert_eq!(limiter.len(), MAX_KEYS);
    }

    #[test]
    fn ipv6_sites_share_a_bucket() {
        let limiter = RateLimiter::new(60, 1);
        let now = Instant::now();
        assert!(limiter.check_address("2001:db8:1:2::1".parse().unwrap(), now).is_ok());
        assert!(limiter.check_address("2001:db8:1:2::ffff".parse().unwrap(), now).is_err());
        assert!(limiter.check_address("2001:db8:1:3::1".parse().unwrap(), now).is_ok());
        assert!(limiter.check_address("::ffff:192.0.2.1".parse().unwrap(), now).is_ok());
        assert!(limiter.check_address("192.0.2.1".parse().unwrap(), now).is_err());
    }
}
