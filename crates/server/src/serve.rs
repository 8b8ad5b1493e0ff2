//! `coopfed serve`: set up, listen, and shut down gracefully.

use std::time::Duration;

use anyhow::Context as _;
use coopfed_web::{AppState, WebSettings};
use tokio::net::TcpListener;

use crate::{
    boot::{self, Instance},
    config::Config,
    console::out,
};

pub async fn serve(config: Config) -> anyhow::Result<()> {
    if config.dev_federation {
        tracing::warn!(
            "DEVELOPMENT FEDERATION MODE IS ON (COOPFED_DEV_FEDERATION): plain HTTP ids and loopback peers \
             are allowed. Never use this on a public instance."
        );
        for (domain, address) in &config.resolve {
            tracing::info!(%domain, %address, "development federation: domain resolved to a local address");
        }
    } else if !config.resolve.is_empty() {
        tracing::warn!("[federation.resolve] is ignored: it only applies in development federation mode");
    }
    let Instance { db, urls, federation } = Instance::boot(&config).await?;
    tokio::spawn({
        // Hourly: autovacuum never analyses the small tables.
        let db = db.clone();
        async move {
            loop {
                db.refresh_statistics(&[]).await;
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            }
        }
    });
    let state = AppState::new(
        db.clone(),
        WebSettings {
            urls: urls.clone(),
            version: env!("CARGO_PKG_VERSION"),
            secure_cookies: !config.dev_federation,
            language: config.language.clone(),
            request_timeout: config.request_timeout,
            metrics_token: config.metrics_token.clone().map(coopfed_web::Secret::new),
        },
        federation.clone(),
    );
    state.metrics().start();
    let app = coopfed_web::router(state);
    let listener = TcpListener::bind(config.bind).await.with_context(|| format!("cannot listen on {}", config.bind))?;
    // A whole request may take twice the handler's time to arrive.
    let listener = coopfed_web::listener::TimedListener::new(listener, config.request_timeout * 2);
    let local = axum::serve::Listener::local_addr(&listener).context("cannot read the listening address")?;
    // Signal handlers are installed before anything says the server is up, so a
    // SIGTERM right after start is a graceful stop, never the default kill.
    let shutdown = shutdown_signal()?;
    tracing::info!(address = %local, public = %urls.base(), database = %db.redacted_url(), "coopfed is serving");
    out(&format!("Listening on http://{local} (public address {})", urls.base()));

    release_leases_if_alone(&db).await;
    let rules = tokio::spawn(coopfed_federation::context::keep_current(federation.settings.clone(), db.clone()));
    let housekeeping = tokio::spawn(housekeeping(db, config.inbox_retention));
    let (stop_workers, workers_stopped) = tokio::sync::watch::channel(false);
    let deliveries = tokio::spawn(coopfed_federation::delivery::run(federation.clone(), workers_stopped.clone()));
    let inbox = tokio::spawn(coopfed_federation::inbox::run_processor(federation, workers_stopped));
    axum::serve(listener, app.into_make_service_with_connect_info::<coopfed_web::listener::PeerAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")?;
    let _ = stop_workers.send(true);
    let _ = inbox.await;
    let _ = deliveries.await;
    housekeeping.abort();
    rules.abort();
    tracing::info!("coopfed stopped");
    Ok(())
}

/// Periodic clean-up: expired sessions, documents of old processed activities.
async fn housekeeping(db: coopfed_db::Database, inbox_retention: Duration) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        match db.run(coopfed_db::accounts::delete_expired_sessions).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "removed expired sessions"),
            Err(error) => tracing::warn!(%error, "session clean-up failed"),
        }
        match coopfed_federation::inbox::prune(&db, inbox_retention).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(activities = n, "emptied the documents of old processed activities"),
            Err(error) => tracing::warn!(%error, "inbox clean-up failed"),
        }
        match db.run(|conn| coopfed_db::keys::prune(conn, coopfed_db::now())).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(keys = n, "forgot remote keys whose grace period ended"),
            Err(error) => tracing::warn!(%error, "retired key clean-up failed"),
        }
    }
}

/// Installs the handlers now; the returned future resolves on SIGINT (Ctrl-C) or SIGTERM.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot install the SIGINT handler")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot install the SIGTERM handler")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down: finishing requests in flight");
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    })
}

/// With SQLite this process is the only worker, so leases left by a crash
/// (even `kill -9`) end now instead of when they run out.
async fn release_leases_if_alone(db: &coopfed_db::Database) {
    if db.backend() != coopfed_db::Backend::Sqlite {
        return;
    }
    let released = db
        .run(|conn| {
            Ok::<_, coopfed_db::DbError>(
                coopfed_db::deliveries::release_all_leases(conn)? + coopfed_db::inbox::release_all_leases(conn)?,
            )
        })
        .await;
    match released {
        Ok(0) => {}
        Ok(n) => tracing::info!(rows = n, "resumed work left unfinished by the previous run"),
        Err(error) => tracing::warn!(%error, "cannot release leases"),
    }
}

/// `coopfed worker`: the background workers without the web server.
pub async fn worker(config: Config) -> anyhow::Result<()> {
    if boot::open(&config)?.backend() == coopfed_db::Backend::Sqlite {
        anyhow::bail!("`coopfed worker` needs PostgreSQL; with SQLite, `coopfed serve` runs the workers itself");
    }
    let Instance { federation, db, .. } = Instance::boot(&config).await?;
    let rules = tokio::spawn(coopfed_federation::context::keep_current(federation.settings.clone(), db));
    let shutdown = shutdown_signal()?;
    let (stop_workers, workers_stopped) = tokio::sync::watch::channel(false);
    let deliveries = tokio::spawn(coopfed_federation::delivery::run(federation.clone(), workers_stopped.clone()));
    let inbox = tokio::spawn(coopfed_federation::inbox::run_processor(federation, workers_stopped));
    out("Worker running.");
    shutdown.await;
    let _ = stop_workers.send(true);
    let _ = inbox.await;
    let _ = deliveries.await;
    rules.abort();
    tracing::info!("worker stopped");
    Ok(())
}
