//! The delivery worker: drains the queue in the database, signs and sends each
//! activity, and retries with exponential backoff for about a week.

use std::{collections::HashMap, sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use coopfed_db::deliveries::{self, ClaimedDelivery};
use tokio::{
    sync::{Mutex, Semaphore, watch},
    task::JoinSet,
};
use url::Url;

use crate::{client::FetchError, context::Federation};

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i32 = 10;
/// Deliveries in flight in one process.
const MAX_IN_FLIGHT: usize = 32;

/// The queue is read again once this many slots are free (one claim per
/// quarter of the slots, not one per delivery that ended).
const CLAIM_WHEN_FREE: usize = MAX_IN_FLIGHT / 4;

/// When to try again after `attempts` failed attempts: `base` (1 minute by
/// default), then three times longer each time, at most 2 days: about 6 days
/// in all with the default; `None` to give up.
pub fn next_attempt(attempts: i32, now: NaiveDateTime, base: Duration) -> Option<NaiveDateTime> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempts.max(1) - 1).unwrap_or(0).min(12);
    let seconds = (base.as_secs().max(1).saturating_mul(3u64.pow(exponent))).min(2 * 24 * 3600);
    Some(now + chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(172_800)))
}

/// How long a dead host's deliveries wait between probes.
const DEAD_HOST_PROBE: chrono::Duration = chrono::Duration::hours(6);

/// Is a failed answer worth retrying?
fn retryable(error: &FetchError) -> bool {
    match error {
        FetchError::Status(_, status) => status.is_server_error() || matches!(status.as_u16(), 401 | 408 | 425 | 429),
        other => other.is_temporary(),
    }
}

/// Runs until `shutdown` turns true; then lets deliveries in flight finish.
pub async fn run(federation: Federation, mut shutdown: watch::Receiver<bool>) {
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let per_host: Arc<Mutex<HashMap<String, Arc<Semaphore>>>> = Arc::default();
    let mut tasks = JoinSet::new();
    loop {
        if *shutdown.borrow() {
            break;
        }
        let free = in_flight.available_permits();
        if free < CLAIM_WHEN_FREE && !tasks.is_empty() {
            // Busy: go on as soon as a delivery ends.
            tokio::select! {
                _ = tasks.join_next() => {},
                _ = shutdown.changed() => {},
            }
            continue;
        }
        let claimed = {
            // A whole batch: what finds no free slot yet waits below for the
            // next one to free, without a trip to the database in between.
            match claim(&federation, MAX_IN_FLIGHT).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::warn!(%error, "cannot read the delivery queue");
                    Vec::new()
                }
            }
        };
        let idle = claimed.is_empty();
        for delivery in claimed {
            let Ok(permit) = Arc::clone(&in_flight).acquire_owned().await else { break };
            let host_limit = {
                let mut hosts = per_host.lock().await;
                let per_host_limit = federation.settings.per_host_concurrency.max(1);
                Arc::clone(
                    hosts
                        .entry(delivery.delivery.host.clone())
                        .or_insert_with(|| Arc::new(Semaphore::new(per_host_limit))),
                )
            };
            let federation = federation.clone();
            tasks.spawn(async move {
                let _permit = permit;
                let Ok(_host_permit) = host_limit.acquire_owned().await else { return };
                deliver(&federation, delivery).await;
            });
        }
        while tasks.try_join_next().is_some() {}
        if idle {
            tokio::select! {
                () = federation.wake_deliveries.notified() => {},
                () = tokio::time::sleep(Duration::from_millis(500)) => {},
                _ = shutdown.changed() => {},
            }
        }
    }
    if !tasks.is_empty() {
        tracing::info!(in_flight = tasks.len(), "waiting for deliveries in flight");
        let drain = async { while tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(Duration::from_secs(15), drain).await.is_err() {
            tracing::warn!("deliveries still in flight at shutdown will be retried after their lease");
        }
    }
}

/// Claims up to `limit` deliveries that are due and sends them one after
/// the other, recording each outcome; returns how many were claimed. The
/// worker runs them concurrently instead; tests call this to step the queue
/// without waiting.
pub async fn run_once(federation: &Federation, limit: usize) -> usize {
    let claimed = match claim(federation, limit).await {
        Ok(rows) => rows,
        Err(error) => {
            tracing::warn!(%error, "cannot read the delivery queue");
            return 0;
        }
    };
    let count = claimed.len();
    for delivery in claimed {
        deliver(federation, delivery).await;
    }
    count
}

/// Claims up to `limit` due deliveries, each with its payload complete
/// (the items it carries by id put in, see [`crate::embeds`]); one whose
/// item cannot be read stays leased and is claimed again later.
async fn claim(federation: &Federation, limit: usize) -> Result<Vec<ClaimedDelivery>, coopfed_db::DbError> {
    let lease = federation.settings.lease();
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let urls = federation.urls.clone();
    federation
        .db
        .run(move |conn| {
            let claimed = deliveries::claim_due(conn, limit, lease)?;
            let mut embedder = crate::embeds::Embedder::new(&urls);
            let mut ready = Vec::with_capacity(claimed.len());
            for mut delivery in claimed {
                let payload = std::mem::take(&mut delivery.payload);
                match embedder.complete(conn, payload, delivery.embeds.as_deref()) {
                    Ok(payload) => ready.push(ClaimedDelivery { payload, ..delivery }),
                    // Not sent incomplete: claimed again once its lease ends.
                    Err(error) => tracing::warn!(
                        inbox = %delivery.delivery.inbox_url,
                        item = delivery.embeds.as_deref().unwrap_or_default(),
                        %error,
                        "cannot render the item a delivery carries; it waits for its lease to end"
                    ),
                }
            }
            Ok(ready)
        })
        .await
}

async fn deliver(federation: &Federation, claimed: ClaimedDelivery) {
    let ClaimedDelivery { delivery, actor_id, payload, key_id, .. } = claimed;
    let sender = Sender { actor_id: &actor_id, key_id: key_id.as_deref() };
    let outcome = send(federation, &delivery.inbox_url, &delivery.host, sender, payload.as_bytes()).await;
    let id = delivery.id.clone();
    let host = delivery.host.clone();
    let result = match outcome {
        Ok(status) => {
            tracing::debug!(inbox = %delivery.inbox_url, status, "delivered");
            federation.metrics.delivery("delivered");
            let revived = federation.delivered_writer().submit(crate::writers::Delivered { id, status, host }).await;
            if matches!(revived, Ok(true)) {
                tracing::info!(host = %delivery.host, "a dead host answers again; its deliveries are due");
                federation.wake_deliveries.notify_one();
            }
            revived.map(|_| ())
        }
        Err(error) => {
            let attempts = delivery.attempts + 1;
            let status = match &error {
                FetchError::Status(_, status) => Some(i32::from(status.as_u16())),
                _ => None,
            };
            let base = federation.settings.retry_base;
            let retryable = retryable(&error);
            let message = error.to_string();
            let inbox = delivery.inbox_url.clone();
            let retried = federation
                .db
                .run(move |conn| {
                    coopfed_db::transaction(conn, |conn| {
                    let now = coopfed_db::now();
                    // Only network trouble and server errors count against the host.
                    let dead = retryable && coopfed_db::hosts::record_failure(conn, &host)?;
                    let retry_at = if !retryable {
                        None
                    } else if dead {
                        next_attempt(attempts, now, base).map(|at| at.max(now + DEAD_HOST_PROBE))
                    } else {
                        next_attempt(attempts, now, base)
                    };
                    match retry_at {
                        Some(at) => {
                            tracing::info!(%inbox, attempts, error = %message, retry_at = %at, dead, "delivery failed; will retry");
                        }
                        None => tracing::warn!(%inbox, attempts, error = %message, "delivery failed for good"),
                    }
                    deliveries::mark_attempt_failed(conn, &id, status, &message, retry_at).map(|()| retry_at.is_some())
                    })
                })
                .await;
            if let Ok(retried) = retried {
                federation.metrics.delivery(if retried { "retry" } else { "failed" });
            }
            retried.map(|_| ())
        }
    };
    if let Err(error) = result {
        tracing::warn!(%error, "cannot record a delivery attempt; it will be retried after its lease");
    }
}

/// Who signs a delivery: the actor's row id and its current key id.
#[derive(Clone, Copy)]
struct Sender<'a> {
    actor_id: &'a str,
    key_id: Option<&'a str>,
}

async fn send(
    federation: &Federation,
    inbox: &str,
    host: &str,
    sender: Sender<'_>,
    body: &[u8],
) -> Result<i32, FetchError> {
    if !federation.settings.allows(host) {
        return Err(FetchError::Forbidden(inbox.to_owned(), "the domain is blocked"));
    }
    let url = Url::parse(inbox).map_err(|_| FetchError::Forbidden(inbox.to_owned(), "not a URL"))?;
    let signer =
        federation.signer_with(sender.actor_id, sender.key_id).await.map_err(|e| FetchError::Signing(e.to_string()))?;
    let status = federation.client.post_activity(&url, body, &signer).await?;
    Ok(i32::from(status.as_u16()))
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn backoff_spans_about_a_week() {
        let start = chrono::DateTime::from_timestamp(0, 0).unwrap().naive_utc();
        let mut at = start;
        let base = Duration::from_secs(60);
        for attempt in 1..MAX_ATTEMPTS {
            at = next_attempt(attempt, at, base).unwrap();
        }
        assert!(next_attempt(MAX_ATTEMPTS, at, base).is_none());
        let hours = (at - start).num_hours();
        assert!((4 * 24..=8 * 24).contains(&hours), "{hours} hours");
        assert_eq!(next_attempt(1, start, base).unwrap() - start, chrono::Duration::minutes(1));
        assert_eq!(next_attempt(2, start, Duration::from_secs(1)).unwrap() - start, chrono::Duration::seconds(3));
    }
}
