//! Fresh databases per test.

use diesel::{Connection as _, PgConnection, connection::SimpleConnection as _};
use tempfile::TempDir;

/// A database for one test; dropped (file removed / schema dropped) with it.
pub struct TestDatabase {
    url: String,
    backend: &'static str,
    _dir: Option<TempDir>,
    pg_schema: Option<(String, String)>,
}

impl TestDatabase {
    /// A new SQLite file in a temporary directory.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let url = format!("sqlite://{}", dir.path().join("coopfed.db").display());
        Self { url, backend: "sqlite", _dir: Some(dir), pg_schema: None }
    }

    /// A new schema in the PostgreSQL database at `base_url`; connections made
    /// with [`TestDatabase::url`] use only that schema.
    /// Extensions live in `public`, which is on every test schema's search
    /// path: an extension exists once per database, so it cannot be installed
    /// into each test's schema (and dropped with it).
    pub fn postgres(base_url: &str) -> Self {
        let schema = format!("coopfed_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn =
            PgConnection::establish(base_url).unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e}"));
        install_extensions(&mut conn);
        conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap_or_else(|e| panic!("cannot create schema {schema}: {e}"));
        let separator = if base_url.contains('?') { '&' } else { '?' };
        let url = format!("{base_url}{separator}options=-c%20search_path%3D{schema},public");
        Self { url, backend: "postgres", _dir: None, pg_schema: Some((base_url.to_owned(), schema)) }
    }

    /// Another fresh database on the same backend (for a second instance).
    pub fn sibling(&self) -> Self {
        match &self.pg_schema {
            Some((base_url, _)) => Self::postgres(base_url),
            None => Self::sqlite(),
        }
    }

    /// The `COOPFED_DATABASE_URL` of this database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Number of rows in `table` (a fixed table name from the test).
    pub fn count(&self, table: &str) -> i64 {
        self.count_where(table, "TRUE")
    }

    /// Number of rows in `table` meeting `condition` (SQL written by the test).
    pub fn count_where(&self, table: &str, condition: &str) -> i64 {
        use diesel::{QueryableByName, RunQueryDsl as _, sql_types::BigInt};
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        assert!(table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "bad table name {table}");
        let query = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let rows: Vec<Count> = if self.backend == "sqlite" {
            let path = self.url.trim_start_matches("sqlite://");
            let mut conn = diesel::SqliteConnection::establish(path).unwrap_or_else(|e| panic!("open {path}: {e}"));
            diesel::sql_query(query).load(&mut conn).unwrap_or_else(|e| panic!("count {table}: {e}"))
        } else {
            let mut conn = PgConnection::establish(&self.url).unwrap_or_else(|e| panic!("connect: {e}"));
            diesel::sql_query(query).load(&mut conn).unwrap_or_else(|e| panic!("count {table}: {e}"))
        };
        rows.first().map_or(0, |c| c.n)
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }
}

/// Installs the extensions the migrations use into `public`, unless present.
fn install_extensions(conn: &mut PgConnection) {
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        // Two test processes may race; the loser's error is fine if the
        // extension is there afterwards.
        for extension in ["pg_trgm", "unaccent"] {
            let create = format!("CREATE EXTENSION IF NOT EXISTS {extension} WITH SCHEMA public");
            if let Err(error) = conn.batch_execute(&create) {
                let check = conn.batch_execute(&format!(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = '{extension}') \
                     THEN RAISE EXCEPTION 'missing'; END IF; END $$"
                ));
                assert!(check.is_ok(), "cannot install {extension} in the test database: {error}");
            }
        }
    });
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base_url, schema)) = &self.pg_schema {
            if let Ok(mut conn) = PgConnection::establish(base_url) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// A fresh PostgreSQL schema when `TEST_DATABASE_URL` is set. Without it the
/// test is skipped with a visible message, except under CI (`CI` set), where
/// the PostgreSQL half must run and the test fails instead.
pub fn postgres_or_skip(test: &str) -> Option<TestDatabase> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(TestDatabase::postgres(url.trim())),
        _ => {
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
            assert!(!in_ci, "{test}: TEST_DATABASE_URL must be set in CI so that the PostgreSQL tests run");
            // Written to the real standard error, past the test harness's capture,
            // so that the skip shows in every run.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test} on PostgreSQL: TEST_DATABASE_URL is not set");
            None
        }
    }
}
