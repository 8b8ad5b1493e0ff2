//! Has the database changed? A number that moves whenever something that
//! public documents are read from is committed, by this process or by
//! another one (a second web process, a worker, a CLI command), read in
//! microseconds without a query through the pool. What was read from the
//! database while the number stayed the same is still true; the web layer
//! keeps rendered documents on that condition.
//!
//! * SQLite: `PRAGMA data_version` on a connection of its own that never
//!   writes; it changes when any other connection commits to the file.
//! * PostgreSQL: the tables carry a statement trigger that sends a
//!   notification on a channel of the schema (`coopfed_` and the md5 of the
//!   schema's name) when they change (migration `change_notices`); a
//!   connection of its own listens, and reading the number drains what
//!   arrived on its socket (no round trip). A commit signals the listening
//!   connection before it returns to its writer.

use std::sync::Mutex;

use diesel::{
    Connection as _, PgConnection, QueryableByName, RunQueryDsl as _, SqliteConnection, connection::SimpleConnection,
    sql_types::BigInt,
};

use crate::connection::DatabaseUrl;

/// The tables of PostgreSQL without the change trigger: written on hot paths
/// (each inbox POST, each login) and never read by a public document.
pub const UNWATCHED_TABLES: &[&str] =
    &["__diesel_schema_migrations", "inbox_activities", "sessions", "login_failures", "login_links", "audit_log"];

/// The watching connection, opened on first use and again after it broke.
pub(crate) struct Changes {
    url: DatabaseUrl,
    state: Mutex<Watch>,
}

#[derive(Default)]
struct Watch {
    source: Option<Source>,
    /// PostgreSQL: how many batches of notifications (and reconnections) were seen.
    seen: u64,
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

impl Changes {
    pub(crate) fn new(url: DatabaseUrl) -> Self {
        Self { url, state: Mutex::new(Watch::default()) }
    }

    /// The current number, or `None` when it cannot be read now (the
    /// database is busy or unreachable): then nothing read before may be
    /// trusted.
    pub(crate) fn marker(&self) -> Option<u64> {
        let mut watch = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if watch.source.is_none() {
            watch.source = Some(self.open()?);
            // Whatever happened while nobody listened.
            watch.seen += 1;
        }
        let read = match watch.source.as_mut()? {
            // A new connection counts anew: the number of openings keeps
            // the markers of two connections apart.
            Source::Sqlite(conn) => diesel::sql_query("PRAGMA data_version")
                .get_result::<DataVersion>(conn)
                .ok()
                .and_then(|v| u64::try_from(v.data_version).ok())
                .map(|version| (watch.seen << 40) + version),
            Source::Postgres(conn) => {
                let mut changed = false;
                let mut broken = false;
                for notice in conn.notifications_iter() {
                    match notice {
                        Ok(_) => changed = true,
                        Err(_) => {
                            broken = true;
                            break;
                        }
                    }
                }
                if changed {
                    watch.seen += 1;
                }
                (!broken).then_some(watch.seen)
            }
        };
        if read.is_none() {
            // Opened again on the next call; until then nothing is trusted.
            watch.source = None;
        }
        read
    }

    fn open(&self) -> Option<Source> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path.to_str()?).ok()?;
                // Never waits: a busy file means "unknown" for this request.
                conn.batch_execute("PRAGMA busy_timeout = 0; PRAGMA query_only = ON;").ok()?;
                Some(Source::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url).ok()?;
                #[derive(QueryableByName)]
                struct Channel {
                    #[diesel(sql_type = diesel::sql_types::Text)]
                    name: String,
                }
                let channel: Channel = diesel::sql_query("SELECT 'coopfed_' || md5(current_schema()) AS name")
                    .get_result(&mut conn)
                    .ok()?;
                conn.batch_execute(&format!("LISTEN \"{}\"", channel.name)).ok()?;
                Some(Source::Postgres(conn))
            }
        }
    }
}
