//! Connections and the pool: one diesel code base over SQLite and PostgreSQL.
//!
//! The backend is chosen by the URL scheme (`sqlite://path` or `postgres://…`).
//! Queries run on a blocking thread through [`Database::run`].

use std::{path::PathBuf, sync::Arc, time::Duration};

use diesel::{
    Connection, PgConnection, SqliteConnection,
    connection::SimpleConnection,
    r2d2::{self, ManageConnection, R2D2Connection},
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::DbError;

/// A connection to either backend. Queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database a URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (created with its directory when missing).
    Sqlite(PathBuf),
    /// A libpq connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path` or `postgres://…`
    /// (`postgresql://` too).
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("a SQLite URL needs a file path, like `sqlite://data/coopfed.db`".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        Err("must start with `sqlite://` or `postgres://`".into())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL with any password removed, for logs.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => match url.split_once("://") {
                Some((scheme, rest)) => match rest.rsplit_once('@') {
                    Some((userinfo, host)) => match userinfo.split_once(':') {
                        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
                        None => format!("{scheme}://{userinfo}@{host}"),
                    },
                    None => url.clone(),
                },
                None => "postgres://***".into(),
            },
        }
    }
}

/// The two supported backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// The tables that listings and searches read, which an import writes.
pub const LISTING_TABLES: &[&str] = &[
    "networks",
    "actors",
    "member_coops",
    "member_skills",
    "job_offers",
    "job_skills",
    "announcements",
    "object_provenance",
];

/// Settings applied to every SQLite connection.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -32000;";

/// Opens connections for the pool, picking the backend by URL.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_str().ok_or_else(|| {
                    r2d2::Error::ConnectionError(diesel::ConnectionError::InvalidConnectionUrl(
                        "the SQLite path is not valid UTF-8".into(),
                    ))
                })?;
                let mut conn = SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                PgConnection::establish(url).map(DbConnection::Postgres).map_err(r2d2::Error::ConnectionError)
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// The pool shared by the whole process.
#[derive(Clone)]
pub struct Database {
    pool: r2d2::Pool<ConnectionManager>,
    backend: Backend,
    url: Arc<DatabaseUrl>,
    changes: Arc<crate::changes::Changes>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("url", &self.url.redacted()).finish()
    }
}

impl Database {
    /// Opens a pool. For SQLite the file and its directory are created when missing.
    pub fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Self, DbError> {
        if let DatabaseUrl::Sqlite(path) = url {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbError::Connect(format!("cannot create the directory {}: {e}", dir.display())))?;
            }
        }
        let manager = ConnectionManager { url: url.clone() };
        // One connection first, so that a wrong URL fails at once with the real reason
        // instead of after the pool's connection timeout.
        manager.connect().map_err(|e| DbError::Connect(e.to_string().trim().replace('\n', " ")))?;
        let pool = r2d2::Pool::builder()
            // A SQLite file cannot drop a connection the way a server can:
            // no `SELECT 1` before each use.
            .test_on_check_out(url.backend() == Backend::Postgres)
            .max_size(max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|e| DbError::Connect(e.to_string()))?;
        Ok(Self {
            pool,
            backend: url.backend(),
            url: Arc::new(url.clone()),
            changes: Arc::new(crate::changes::Changes::new(match url {
                DatabaseUrl::Sqlite(path) => crate::changes::Target::Sqlite(path.clone()),
                DatabaseUrl::Postgres(url) => crate::changes::Target::Postgres(url.clone()),
            })),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL without its password.
    pub fn redacted_url(&self) -> String {
        self.url.redacted()
    }

    /// A number that changes whenever something that public documents are
    /// read from is committed, by this process or another one; `None` when
    /// it cannot be known now. Read in microseconds, without the pool: see
    /// [`crate::changes`].
    pub fn change_marker(&self) -> Option<u64> {
        self.changes.marker()
    }

    /// Runs blocking database work on a worker thread.
    ///
    /// The closure may return any error that a [`DbError`] converts into, so
    /// services can return their own errors from inside a transaction.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| E::from(DbError::Unavailable(e.to_string())))?;
            work(&mut conn)
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(join_error) => match join_error.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(_) => Err(DbError::Unavailable("the database task was cancelled".into()).into()),
            },
        }
    }

    /// Runs blocking database work on the current thread (CLI and set-up code).
    pub fn run_blocking<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.pool.get().map_err(|e| E::from(DbError::Unavailable(e.to_string())))?;
        work(&mut conn)
    }

    /// Applies pending migrations; returns the names of those applied.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        self.run_blocking(|conn| {
            let applied = match conn {
                DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
                DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
            }
            .map_err(|e| DbError::Migration(e.to_string()))?;
            Ok(applied.iter().map(ToString::to_string).collect())
        })
    }

    /// Names of migrations not yet applied.
    pub fn pending_migrations(&self) -> Result<Vec<String>, DbError> {
        self.run_blocking(|conn| {
            let names = match conn {
                DbConnection::Sqlite(c) => c
                    .pending_migrations(SQLITE_MIGRATIONS)
                    .map(|pending| pending.iter().map(|m| m.name().to_string()).collect()),
                DbConnection::Postgres(c) => c
                    .pending_migrations(POSTGRES_MIGRATIONS)
                    .map(|pending| pending.iter().map(|m| m.name().to_string()).collect()),
            };
            names.map_err(|e| DbError::Migration(e.to_string()))
        })
    }

    /// Brings PostgreSQL's planner statistics up to date for `written` and
    /// for every table that changed since it was last analysed (or never
    /// was); returns the tables analysed. Autovacuum analyses a table only
    /// after 50 rows plus a tenth of it changed, so the small tables (the
    /// networks) are never analysed, and a bulk import is searched before it
    /// gets to the large ones: the planner then guesses a handful of rows and
    /// sorts whole tables. The change counts reach the statistics views up
    /// to a few seconds late, hence `written`. Run after imports (with
    /// [`LISTING_TABLES`]), when the server starts and every hour. SQLite
    /// plans without statistics: nothing to do. What was analysed, or why
    /// not, is logged; a failure is not fatal.
    pub async fn refresh_statistics(&self, written: &'static [&'static str]) {
        let started = std::time::Instant::now();
        match self.analyse(written).await {
            Ok(tables) if !tables.is_empty() => tracing::info!(
                tables = tables.len(),
                ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                "planner statistics refreshed"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot refresh the planner statistics"),
        }
    }

    /// `ANALYZE` of `written` and the changed tables; their names.
    async fn analyse(&self, written: &'static [&'static str]) -> Result<Vec<String>, DbError> {
        use diesel::{QueryableByName, RunQueryDsl as _, sql_types::Text};
        #[derive(QueryableByName)]
        struct Table {
            #[diesel(sql_type = Text)]
            name: String,
        }
        if self.backend != Backend::Postgres {
            return Ok(Vec::new());
        }
        self.run(move |conn| {
            let stale: Vec<Table> = diesel::sql_query(
                "SELECT relname AS name FROM pg_stat_user_tables WHERE schemaname = current_schema() \
                 AND (n_mod_since_analyze > 0 OR (last_analyze IS NULL AND last_autoanalyze IS NULL))",
            )
            .load(conn)?;
            let mut names: Vec<String> = stale.into_iter().map(|t| t.name).collect();
            names.extend(written.iter().map(|t| (*t).to_owned()));
            names.sort();
            names.dedup();
            if !names.is_empty() {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{}\"", n.replace('"', "\"\""))).collect();
                conn.batch_execute(&format!("ANALYZE {}", quoted.join(", ")))?;
            }
            Ok(names)
        })
        .await
    }

    /// Is the database reachable? Used by `/readyz`.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.run(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.cargo/config.toml` builds SQLite with `SQLITE_ENABLE_QPSG`: without
    /// it every statement with a bound `LIMIT` is compiled again on each use.
    #[test]
    fn sqlite_keeps_plans_whatever_is_bound() {
        use diesel::{QueryableByName, RunQueryDsl as _, sql_types::Integer};
        #[derive(QueryableByName)]
        struct Used {
            #[diesel(sql_type = Integer)]
            used: i32,
        }
        let mut conn = SqliteConnection::establish(":memory:").unwrap_or_else(|e| panic!("{e}"));
        let row: Used = diesel::sql_query("SELECT sqlite_compileoption_used('SQLITE_ENABLE_QPSG') AS used")
            .get_result(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(row.used, 1, "SQLite was built without SQLITE_ENABLE_QPSG (see .cargo/config.toml)");
    }

    #[test]
    fn urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/coopfed.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("data/coopfed.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/coopfed.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("/var/lib/coopfed.db")))
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        let pg = DatabaseUrl::parse("postgres://coopfed:secret@db:5432/coopfed");
        assert_eq!(pg.map(|u| u.redacted()), Ok("postgres://coopfed:***@db:5432/coopfed".to_owned()));
        let no_password = DatabaseUrl::parse("postgres://coopfed@db/coopfed");
        assert_eq!(no_password.map(|u| u.redacted()), Ok("postgres://coopfed@db/coopfed".to_owned()));
    }
}
