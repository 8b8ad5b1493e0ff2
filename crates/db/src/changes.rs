//! Has the database changed? A number that moves whenever something that
//! public documents are read from is committed, by this process or by
//! another one (a second web process, a worker, a CLI command), read in
//! microseconds without a query through the pool. What was read from the
//! database while the number stayed the same is still true; the web layer
//! keeps rendered documents on that condition.
//!
//! * SQLite: `PRAGMA data_version` on a connection of its own that never
//!   writes; it changes when any other connection commits to the file.
//! * PostgreSQL: the tables carry a statement trigger that sends one
//!   notification per transaction on a channel of the schema (`coopfed_` and
//!   the md5 of the schema's name; migration `change_notices`); a connection
//!   of its own listens, and reading the number drains what arrived on its
//!   socket (no round trip). The listening server process sends the
//!   notification a moment after the commit (well under a millisecond on an
//!   idle machine), so a reader may see the old number for that moment. A
//!   keeper thread opens that connection (never a request: opening may wait
//!   for the network), and every few seconds checks that it still answers
//!   (a connection dropped by a firewall or a fail-over would otherwise look
//!   like a database that never changes); until it is back, the number is
//!   unknown.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex, MutexGuard, Weak},
    time::{Duration, Instant},
};

use diesel::{
    Connection as _, PgConnection, QueryableByName, RunQueryDsl as _, SqliteConnection, connection::SimpleConnection,
    sql_types::BigInt,
};

/// The tables of PostgreSQL without the change trigger: written on hot paths
/// (each inbox POST, each login) and never read by a public document.
pub const UNWATCHED_TABLES: &[&str] =
    &["__diesel_schema_migrations", "inbox_activities", "sessions", "login_failures", "login_links", "audit_log"];

/// How often the keeper checks the listening connection.
const CHECK_EVERY: Duration = Duration::from_secs(5);
/// How long the keeper waits before opening a connection again, and a
/// SQLite watcher that failed to open before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// The database to watch.
pub(crate) enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

/// The watching connection and what it saw.
pub(crate) struct Changes {
    shared: Arc<Shared>,
}

struct Shared {
    target: Target,
    state: Mutex<Watch>,
}

#[derive(Default)]
struct Watch {
    source: Option<Source>,
    /// Batches of notifications seen, and connections opened: a new
    /// connection may have missed changes, so it starts a new count.
    seen: u64,
    /// PostgreSQL: the keeper thread runs.
    keeper: bool,
    /// SQLite: the watcher could not be opened at this time.
    failed_at: Option<Instant>,
}

enum Source {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

#[derive(QueryableByName)]
struct DataVersion {
    #[diesel(sql_type = BigInt)]
    data_version: i64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Watch> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Changes {
    pub(crate) fn new(target: Target) -> Self {
        Self { shared: Arc::new(Shared { target, state: Mutex::new(Watch::default()) }) }
    }

    /// The current number, or `None` when it cannot be read now (the
    /// database is busy or unreachable, the watching connection is being
    /// opened or checked): then nothing read before may be trusted.
    pub(crate) fn marker(&self) -> Option<u64> {
        let mut watch = self.shared.lock();
        match &self.shared.target {
            Target::Sqlite(path) => {
                if watch.source.is_none() {
                    if watch.failed_at.is_some_and(|at| at.elapsed() < RETRY_AFTER) {
                        return None;
                    }
                    let Some(conn) = open_sqlite(path) else {
                        watch.failed_at = Some(Instant::now());
                        return None;
                    };
                    watch.source = Some(Source::Sqlite(conn));
                    watch.seen += 1;
                }
                let seen = watch.seen;
                let Some(Source::Sqlite(conn)) = watch.source.as_mut() else { return None };
                let version = diesel::sql_query("PRAGMA data_version")
                    .get_result::<DataVersion>(conn)
                    .ok()
                    .and_then(|v| u64::try_from(v.data_version).ok());
                if version.is_none() {
                    watch.source = None;
                }
                // The number of openings keeps two connections' counts apart.
                version.map(|version| (seen << 40) + version)
            }
            Target::Postgres(_) => {
                if !watch.keeper {
                    watch.keeper = start_keeper(&self.shared);
                    return None;
                }
                let Some(Source::Postgres(conn)) = watch.source.as_mut() else { return None };
                match drain(conn) {
                    Some(changed) => {
                        if changed {
                            watch.seen += 1;
                        }
                        Some(watch.seen)
                    }
                    None => {
                        // Broken: the keeper opens another.
                        watch.source = None;
                        None
                    }
                }
            }
        }
    }
}

fn open_sqlite(path: &std::path::Path) -> Option<SqliteConnection> {
    let mut conn = SqliteConnection::establish(path.to_str()?).ok()?;
    // Never waits: a busy file means "unknown" for this request.
    conn.batch_execute("PRAGMA busy_timeout = 0; PRAGMA query_only = ON;").ok()?;
    Some(conn)
}

/// Reads the notifications that arrived: whether there were any; `None`
/// when the connection is broken.
fn drain(conn: &mut PgConnection) -> Option<bool> {
    let mut changed = false;
    for notice in conn.notifications_iter() {
        notice.ok()?;
        changed = true;
    }
    Some(changed)
}

/// Starts the thread that opens and checks the listening connection; it
/// ends when the database handle is dropped.
fn start_keeper(shared: &Arc<Shared>) -> bool {
    let weak = Arc::downgrade(shared);
    std::thread::Builder::new().name("coopfed-changes".into()).spawn(move || keep(&weak)).is_ok()
}

fn keep(weak: &Weak<Shared>) {
    loop {
        let Some(shared) = weak.upgrade() else { return };
        let Target::Postgres(url) = &shared.target else { return };
        // Taken out while it is checked (requests then render afresh), so
        // that a connection that hangs never holds the lock.
        let taken = shared.lock().source.take();
        let checked = match taken {
            Some(Source::Postgres(mut conn)) => {
                let alive = conn.batch_execute("SELECT 1").is_ok();
                drain(&mut conn).filter(|_| alive).map(|changed| (conn, changed))
            }
            _ => open_listening(url).map(|conn| (conn, true)),
        };
        let pause = {
            let mut watch = shared.lock();
            match checked {
                Some((conn, changed)) => {
                    if changed {
                        watch.seen += 1;
                    }
                    watch.source = Some(Source::Postgres(conn));
                    CHECK_EVERY
                }
                None => RETRY_AFTER,
            }
        };
        drop(shared);
        std::thread::sleep(pause);
    }
}

/// A connection listening on the schema's channel.
fn open_listening(url: &str) -> Option<PgConnection> {
    #[derive(QueryableByName)]
    struct Channel {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    // Opening gives up after a while when the server does not answer.
    let separator = if url.contains('?') { '&' } else { '?' };
    let mut conn = PgConnection::establish(&format!("{url}{separator}connect_timeout=10")).ok()?;
    let channel: Channel =
        diesel::sql_query("SELECT 'coopfed_' || md5(current_schema()) AS name").get_result(&mut conn).ok()?;
    conn.batch_execute(&format!("LISTEN \"{}\"", channel.name)).ok()?;
    Some(conn)
}
