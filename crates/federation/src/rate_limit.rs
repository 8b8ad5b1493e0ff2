//! A per-domain rate limit for inboxes: a token bucket for each remote host,
//! in memory (a restart forgets it, which errs on the side of accepting).

use std::{
    collections::HashMap,
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

/// Hosts remembered at most; idle ones are forgotten first.
const MAX_HOSTS: usize = 10_000;

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self { per_minute: per_minute.max(1), burst: burst.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for `host`; `Err(wait)` says how long until the next one.
    pub fn check(&self, host: &str, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else { return Ok(()) };
        if buckets.len() >= MAX_HOSTS && !buckets.contains_key(host) {
            let idle = Duration::from_secs(600);
            buckets.retain(|_, b| now.duration_since(b.updated) < idle);
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
}
