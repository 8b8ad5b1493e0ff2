//! Storage for coopfed: the diesel schema, row types and queries, over SQLite
//! (embedded, the default) and PostgreSQL through one [`DbConnection`].
//!
//! Each module holds the rows and queries of one concept. Queries take
//! `&mut DbConnection` and are run by callers through [`Database::run`].

/// Runs `query` on whichever database `conn` is, giving the rows it changed.
/// For statements diesel builds per backend but not for the connection enum:
/// `ON CONFLICT DO NOTHING` inserts and multi-row inserts.
macro_rules! execute_per_backend {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::DbConnection::Postgres(pg) => diesel::RunQueryDsl::execute($query, pg),
            $crate::DbConnection::Sqlite(sqlite) => diesel::RunQueryDsl::execute($query, sqlite),
        }
    };
}

/// A word stored as text (a role, a state, a kind): the enum with its
/// variants' words, `as_str`, `ALL`, `Display`, and the conversions diesel
/// uses to read and write it (`deserialize_as = String, serialize_as = String`).
/// An unknown word read back is an [`UnknownWord`] error.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::UnknownWord;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value).ok_or($crate::UnknownWord { kind: $what, value })
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }
    };
}

/// A value stored as JSON text (lists of languages, services, links;
/// translations). Read with `deserialize_as = String, serialize_as = String`;
/// text that does not parse reads as the default (empty) value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + Default> From<String> for Json<T> {
    fn from(text: String) -> Self {
        Self(serde_json::from_str(&text).unwrap_or_default())
    }
}

impl<T: serde::Serialize> From<Json<T>> for String {
    fn from(value: Json<T>) -> Self {
        serde_json::to_string(&value.0).unwrap_or_default()
    }
}

/// A list of words or URLs stored as a JSON array.
pub type JsonList = Json<Vec<String>>;

pub mod accounts;
pub mod actors;
pub mod announcements;
pub mod audit;
pub mod changes;
mod connection;
pub mod deliveries;
pub mod domains;
pub mod follows;
pub mod group_commit;
pub mod hosts;
pub mod ids;
pub mod inbox;
pub mod jobs;
pub mod keys;
pub mod members;
pub mod networks;
pub mod outbox;
pub mod provenance;
pub mod reports;
pub mod schema;
pub mod settings;
pub mod skills;

pub use connection::{Backend, ConnectionManager, Database, DatabaseUrl, DbConnection, LISTING_TABLES};
pub use ids::{ActorId, JobId, MemberId};

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// Storage errors. Their text is for logs and operators, never for HTTP clients.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Connect(String),
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("record not found")]
    NotFound,
    #[error("a record with the same unique key exists: {0}")]
    Conflict(String),
    /// The database gave up the transaction to break a deadlock (or a
    /// serialization conflict); running it again may succeed.
    #[error("the transaction collided with another: {0}")]
    Collision(String),
    #[error("database error: {0}")]
    Query(diesel::result::Error),
}

impl From<diesel::result::Error> for DbError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Self::Conflict(info.message().to_owned()),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                Self::Collision(info.message().to_owned())
            }
            // PostgreSQL's deadlock victim (SQLSTATE 40P01), which diesel does not name.
            Error::DatabaseError(_, info) if info.message().starts_with("deadlock detected") => {
                Self::Collision(info.message().to_owned())
            }
            other => Self::Query(other),
        }
    }
}

/// Lets the current transaction commit without waiting for the disk
/// (PostgreSQL's `synchronous_commit = off` for this transaction only), for
/// work that is rebuilt from what is durable if a crash loses it: processing
/// a stored activity, which is processed again when its mark is lost, or a
/// delivery's arrival, sent again when its mark is lost. The
/// database stays consistent either way. On SQLite (WAL, `synchronous =
/// NORMAL`) commits do not wait for the disk anyway.
pub fn relaxed_commit(conn: &mut DbConnection) -> Result<(), DbError> {
    use diesel::connection::SimpleConnection as _;
    match conn {
        DbConnection::Postgres(pg) => Ok(pg.batch_execute("SET LOCAL synchronous_commit TO OFF")?),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

/// The turn of SQLite write transactions in this process.
mod write_gate {
    use std::{
        sync::{Condvar, Mutex},
        time::Duration,
    };

    static BUSY: Mutex<bool> = Mutex::new(false);
    static FREE: Condvar = Condvar::new();

    /// Longest wait for the turn; after it the transaction goes ahead and
    /// SQLite's own lock decides (so that a writer stuck elsewhere, or a
    /// transaction opened inside another, never waits for ever).
    const PATIENCE: Duration = Duration::from_secs(10);

    /// The turn, given back when dropped.
    pub(super) struct Turn(bool);

    pub(super) fn enter() -> Turn {
        let Ok(mut busy) = BUSY.lock() else { return Turn(false) };
        let deadline = std::time::Instant::now() + PATIENCE;
        while *busy {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Turn(false);
            }
            busy = match FREE.wait_timeout(busy, left) {
                Ok((guard, _)) => guard,
                Err(_) => return Turn(false),
            };
        }
        *busy = true;
        Turn(true)
    }

    impl Drop for Turn {
        fn drop(&mut self) {
            if self.0 {
                if let Ok(mut busy) = BUSY.lock() {
                    *busy = false;
                }
                FREE.notify_one();
            }
        }
    }
}

/// Runs `work` in a write transaction: `BEGIN IMMEDIATE` on SQLite, so that
/// it takes the write lock at once (waiting up to the busy timeout) instead of
/// failing with "database is locked" when it first writes after reading; a
/// plain transaction on PostgreSQL. Any error rolls it back.
pub fn transaction<T, E>(conn: &mut DbConnection, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, Connection as _, TransactionManager as _};
    type Manager = <DbConnection as diesel::Connection>::TransactionManager;
    let nested = match conn {
        DbConnection::Sqlite(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()
            .map_err(E::from)?
            .is_some(),
        DbConnection::Postgres(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()
            .map_err(E::from)?
            .is_some(),
    };
    if nested {
        return conn.transaction(work);
    }
    // SQLite has one writer at a time: this process's writers wait their
    // turn here, woken the moment the last one commits, instead of sleeping
    // in SQLite's busy handler (1, 2, 5, 10 … ms at a time).
    let _turn = match conn {
        DbConnection::Sqlite(_) => Some(write_gate::enter()),
        DbConnection::Postgres(_) => None,
    };
    match conn {
        DbConnection::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?,
        DbConnection::Postgres(inner) => AnsiTransactionManager::begin_transaction(inner)?,
    }
    match work(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            Manager::rollback_transaction(conn)?;
            Err(error)
        }
    }
}

/// Keeps one row of a SQLite FTS5 table current: the row of `key` in `fts`
/// (whose first column, `key_column`, holds the row id) is replaced by
/// `texts` for `columns`, or removed when `texts` is `None`. PostgreSQL's
/// search columns are generated: nothing to do there.
pub(crate) fn replace_search_row(
    conn: &mut DbConnection,
    (fts, key_column): (&str, &str),
    columns: &[&str],
    key: &str,
    texts: Option<Vec<String>>,
) -> Result<(), DbError> {
    use diesel::{
        OptionalExtension as _, RunQueryDsl as _,
        sql_types::{BigInt, Nullable, Text},
        sqlite::Sqlite,
    };
    let DbConnection::Sqlite(sqlite) = conn else { return Ok(()) };
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        fts_rowid: i64,
    }
    // `{fts}_rows` says where the key's index row is: found by key, not by
    // scanning the index.
    let old = diesel::sql_query(format!("SELECT fts_rowid FROM {fts}_rows WHERE {key_column} = ?"))
        .bind::<Text, _>(key)
        .get_result::<Row>(sqlite)
        .optional()?
        .map(|row| row.fts_rowid);
    if let Some(old) = old {
        diesel::sql_query(format!("DELETE FROM {fts} WHERE rowid = ?")).bind::<BigInt, _>(old).execute(sqlite)?;
    }
    let Some(texts) = texts else {
        diesel::sql_query(format!("DELETE FROM {fts}_rows WHERE {key_column} = ?"))
            .bind::<Text, _>(key)
            .execute(sqlite)?;
        return Ok(());
    };
    // A rewritten row keeps its number and a new one comes after all others,
    // so the rows are numbered in the order the items were first indexed,
    // which is the order of their (time-ordered) ids: a search walks the
    // index newest first (see `jobs::search`).
    let placeholders = vec!["?"; columns.len() + 2].join(", ");
    let insert = format!("INSERT INTO {fts} (rowid, {key_column}, {}) VALUES ({placeholders})", columns.join(", "));
    let mut query = diesel::sql_query(insert)
        .into_boxed::<Sqlite>()
        .bind::<Nullable<BigInt>, _>(old)
        .bind::<Text, _>(key.to_owned());
    for text in texts {
        query = query.bind::<Text, _>(text);
    }
    query.execute(sqlite)?;
    if old.is_none() {
        diesel::sql_query(format!("INSERT INTO {fts}_rows ({key_column}, fts_rowid) VALUES (?, last_insert_rowid())"))
            .bind::<Text, _>(key)
            .execute(sqlite)?;
    }
    Ok(())
}

/// Adds SQLite full-text rows for keys that have none yet, as `(key,
/// texts of columns)`, numbered after every row there: as
/// [`replace_search_row`] numbers a new one, with one statement per hundred
/// rows.
pub(crate) fn insert_search_rows(
    conn: &mut DbConnection,
    (fts, key_column): (&str, &str),
    columns: &[&str],
    rows: &[(&str, Vec<String>)],
) -> Result<(), DbError> {
    use diesel::{
        OptionalExtension as _, RunQueryDsl as _,
        sql_types::{BigInt, Text},
        sqlite::Sqlite,
    };
    let DbConnection::Sqlite(sqlite) = conn else { return Ok(()) };
    let mut next = diesel::sql_query(format!("SELECT rowid AS n FROM {fts} ORDER BY rowid DESC LIMIT 1"))
        .get_result::<Count>(sqlite)
        .optional()?
        .map_or(0, |last| last.n);
    for chunk in rows.chunks(100) {
        let one = format!("({})", vec!["?"; columns.len() + 2].join(", "));
        let values = vec![one.as_str(); chunk.len()].join(", ");
        let insert = format!("INSERT INTO {fts} (rowid, {key_column}, {}) VALUES {values}", columns.join(", "));
        let keys = format!(
            "INSERT INTO {fts}_rows ({key_column}, fts_rowid) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut insert = diesel::sql_query(insert).into_boxed::<Sqlite>();
        let mut keys = diesel::sql_query(keys).into_boxed::<Sqlite>();
        for (key, texts) in chunk {
            next += 1;
            insert = insert.bind::<BigInt, _>(next).bind::<Text, _>(key.to_string());
            for text in texts {
                insert = insert.bind::<Text, _>(text.clone());
            }
            keys = keys.bind::<Text, _>(key.to_string()).bind::<BigInt, _>(next);
        }
        insert.execute(sqlite)?;
        keys.execute(sqlite)?;
    }
    Ok(())
}

/// diesel's backend type of [`DbConnection`] (for boxed queries).
pub(crate) type Sql = <DbConnection as diesel::Connection>::Backend;

/// One condition of a text search, ready for a boxed query's `filter`.
pub(crate) type TextFilter<QS> =
    Box<dyn diesel::expression::BoxableExpression<QS, Sql, SqlType = diesel::sql_types::Bool>>;

/// Where a text search looks in one table.
#[derive(Clone, Copy)]
pub(crate) struct TextSearch<'a> {
    pub table: &'a str,
    /// SQLite: the FTS5 table and its column that holds the row id.
    pub fts: (&'a str, &'a str),
    /// Only this column (SQLite: the FTS5 column of that name; PostgreSQL:
    /// the generated `{column}_search` column); `None` searches the whole row
    /// (PostgreSQL: the generated `search` column).
    pub column: Option<&'a str>,
    /// PostgreSQL: a column with a `pg_trgm` GIN index (the title or name)
    /// where a word also matches inside another word or misspelled
    /// (`word <% column`, word similarity of 0.6 or more).
    pub trigram: Option<&'a str>,
    /// SQLite: each row's full-text row number is looked up among the
    /// matches' (collected once from the index alone), for a listing that
    /// walks its own order and stops when its page is full; else the matches'
    /// keys are read first (`id IN (…)`), which costs a lookup per match.
    pub per_row: bool,
}

/// Conditions that every one of `words` occurs in a row (prefixes match). The
/// words must be letters and digits only (see `jobs::search_terms`).
pub(crate) fn text_filters<QS: 'static>(
    conn: &mut DbConnection,
    search: &TextSearch<'_>,
    words: &[String],
) -> Result<Vec<TextFilter<QS>>, DbError> {
    Ok(TextMatch::prepare(conn, *search, words)?.filters())
}

/// What [`text_filters`] reads from the database before it writes its
/// conditions: for a query whose conditions are written more than once
/// (the directory, one query per network), read once.
///
/// On PostgreSQL the planner guesses how many rows a word matches, and with a
/// listing's `ORDER BY id LIMIT` a wrong guess is expensive either way: for a
/// rare word it walks the whole table in id order, for a common one it reads
/// and sorts every match. So each word's matches are first counted through
/// its indexes, up to [`FEW_MATCHES`]; the rarest word under that bound is
/// read through its indexes first (`id = ANY(ARRAY(…))`), and the rest filter.
/// On SQLite the words become one FTS5 query ([`fts_query`]).
pub(crate) enum TextMatch<'a> {
    None,
    Sqlite { search: TextSearch<'a>, terms: String },
    Postgres { search: TextSearch<'a>, words: Vec<String>, rarest: Option<usize> },
}

impl<'a> TextMatch<'a> {
    pub(crate) fn prepare(conn: &mut DbConnection, search: TextSearch<'a>, words: &[String]) -> Result<Self, DbError> {
        if words.is_empty() {
            return Ok(Self::None);
        }
        if let DbConnection::Sqlite(sqlite) = conn {
            let terms = fts_query(sqlite, search.fts.0, words, search.column)?;
            return Ok(Self::Sqlite { search, terms });
        }
        let counts = word_matches(conn, &search, words)?;
        let rarest =
            counts.iter().enumerate().filter(|(_, n)| **n < FEW_MATCHES).min_by_key(|(_, n)| **n).map(|(i, _)| i);
        Ok(Self::Postgres { search, words: words.to_vec(), rarest })
    }

    /// The conditions, ready for a boxed query's `filter`.
    pub(crate) fn filters<QS: 'static>(&self) -> Vec<TextFilter<QS>> {
        use diesel::{
            dsl::sql,
            sql_types::{Bool, Text},
        };
        match self {
            Self::None => Vec::new(),
            Self::Sqlite { search, terms } => {
                let TextSearch { table, fts: (fts, key), .. } = *search;
                // The matches' row numbers come from the index alone (reading
                // their key from the full-text table would read every
                // matching text), and their keys from `{fts}_rows` through its
                // index on the row number.
                let (condition, close) = if search.per_row {
                    let row = format!("(SELECT fts_rowid FROM {fts}_rows WHERE {fts}_rows.{key} = {table}.id)");
                    (format!("{row} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "), ")")
                } else {
                    let keys = format!("SELECT {key} FROM {fts}_rows WHERE fts_rowid");
                    (format!("{table}.id IN ({keys} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "), "))")
                };
                vec![Box::new(sql::<Bool>(&condition).bind::<Text, _>(terms.clone()).sql(close))]
            }
            Self::Postgres { search, words, rarest } => words
                .iter()
                .enumerate()
                .map(|(i, word)| -> TextFilter<QS> {
                    let table = search.table;
                    let (before_query, between, after_word) = word_condition(search);
                    let (open, close) = if Some(i) == *rarest {
                        // An array computed once: with `IN (…)` the planner
                        // may merge the matches with the whole table walked
                        // in id order.
                        (format!("{table}.id = ANY(ARRAY(SELECT id FROM {table} WHERE "), "))")
                    } else {
                        (String::new(), "")
                    };
                    let prefix = format!("{word}:*");
                    match between {
                        Some(between) => Box::new(
                            sql::<Bool>(&format!("{open}{before_query}"))
                                .bind::<Text, _>(prefix)
                                .sql(&between)
                                .bind::<Text, _>(word.clone())
                                .sql(&format!("{after_word}{close}")),
                        ),
                        None => Box::new(
                            sql::<Bool>(&format!("{open}{before_query}"))
                                .bind::<Text, _>(prefix)
                                .sql(&format!("{after_word}{close}")),
                        ),
                    }
                })
                .collect(),
        }
    }
}

/// SQLite: the FTS5 query that every one of `words` occurs (prefixes
/// match) in the full-text table `fts`, in `column` only when given. The
/// words must be letters and digits only (see `jobs::search_terms`).
///
/// FTS5 answers a prefix query (`"dev"*`) by merging the entries of every
/// term that starts with it before the first row comes out: a cost in
/// proportion to all matches (130,000 of a million offers for `developer`),
/// however small the page. A query of whole terms is walked lazily, newest
/// first, and stops when the page is full. So each word is replaced by the
/// terms of the index that start with it (`("developer" OR "developers")`),
/// read from the index's vocabulary (`{fts}_terms`) one seek per term, when
/// there are at most [`PREFIX_TERMS`] of them; otherwise, or for a word that
/// the tokenizer would change (not ASCII), the prefix query stays.
pub(crate) fn fts_query(
    sqlite: &mut diesel::SqliteConnection,
    fts: &str,
    words: &[String],
    column: Option<&str>,
) -> Result<String, DbError> {
    // FTS5 joins two phrases by a space, but a group in brackets only by `AND`.
    let terms = words.iter().map(|word| fts_word(sqlite, fts, word)).collect::<Result<Vec<_>, _>>()?.join(" AND ");
    Ok(match column {
        Some(column) => format!("{column} : ({terms})"),
        None => terms,
    })
}

/// Words with more terms than this in the index stay prefix queries.
const PREFIX_TERMS: usize = 16;

/// One word of [`fts_query`]: its terms joined with `OR`, or the prefix query.
fn fts_word(sqlite: &mut diesel::SqliteConnection, fts: &str, word: &str) -> Result<String, DbError> {
    use diesel::{OptionalExtension as _, RunQueryDsl as _, sql_types::Text};
    #[derive(diesel::QueryableByName)]
    struct Term {
        #[diesel(sql_type = Text)]
        term: String,
    }
    let prefix_query = format!("\"{word}\"*");
    // The tokenizer lower-cases and takes accents off; an ASCII word of
    // letters and digits is one term that it leaves as it is, lower case.
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(prefix_query);
    }
    let word = word.to_ascii_lowercase();
    // Terms sort by their bytes: those starting with `word` are below `word`
    // with its last letter raised by one.
    let mut end = word.clone().into_bytes();
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    let end = String::from_utf8(end).unwrap_or_default();
    let query = format!("SELECT term FROM {fts}_terms WHERE term >= ? AND term < ? LIMIT 1");
    let mut terms: Vec<String> = Vec::new();
    let mut from = word.clone();
    while terms.len() <= PREFIX_TERMS {
        let next: Option<Term> =
            diesel::sql_query(&query).bind::<Text, _>(&from).bind::<Text, _>(&end).get_result(sqlite).optional()?;
        let Some(Term { term }) = next else { break };
        // The next seek starts just after this term (no term holds U+0001,
        // a separator for the tokenizer); `>` would walk this term's entries.
        from = format!("{term}\u{1}");
        terms.push(term);
    }
    Ok(match terms.len() {
        // No term: the query matches nothing either way.
        0 => prefix_query,
        n if n > PREFIX_TERMS => prefix_query,
        _ => format!("({})", terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" OR ")),
    })
}

/// Bound of the match counts of [`text_filters`].
const FEW_MATCHES: i64 = 5000;

/// PostgreSQL: the SQL of one word's condition around its binds: before the
/// prefix query, between it and the word (when a trigram column is searched
/// too), and after.
fn word_condition(search: &TextSearch<'_>) -> (String, Option<String>, String) {
    let TextSearch { table, column, trigram, .. } = *search;
    let vector = format!("{table}.{}search", column.map(|c| format!("{c}_")).unwrap_or_default());
    let before = format!("({vector} @@ to_tsquery('coopfed_words', ");
    match trigram {
        Some(trigram) => (before, Some(") OR ".to_owned()), format!(" <% {table}.{trigram})")),
        None => (before, None, "))".to_owned()),
    }
}

/// PostgreSQL: how many rows each word matches, counted up to
/// [`FEW_MATCHES`] through the text indexes alone (index and sequential
/// scans are switched off for the count, so that a rare word costs little).
/// Such a count builds the bitmap of every match first, which for a common
/// word costs in proportion to all its matches; so each word is first
/// looked for in the newest [`SAMPLE_ROWS`] rows (by its full-text index
/// entry only), and a word found in [`SAMPLE_COMMON`] of them is common
/// without a count.
fn word_matches(conn: &mut DbConnection, search: &TextSearch<'_>, words: &[String]) -> Result<Vec<i64>, DbError> {
    use diesel::{Connection as _, RunQueryDsl as _};
    let DbConnection::Postgres(pg) = conn else { return Ok(Vec::new()) };
    let table = search.table;
    let sampled = format!("(SELECT * FROM {table} ORDER BY id DESC LIMIT {SAMPLE_ROWS}) AS {table}");
    // Words only: matching the trigrams of every sampled row would cost more,
    // and can only find more.
    let words_only = TextSearch { trigram: None, ..*search };
    let mut counts = Vec::with_capacity(words.len());
    for word in words {
        let seen = count_word(pg, &words_only, &sampled, word, SAMPLE_COMMON)?;
        counts.push((seen >= SAMPLE_COMMON).then_some(FEW_MATCHES));
    }
    if counts.iter().all(Option::is_some) {
        return Ok(counts.into_iter().flatten().collect());
    }
    pg.transaction(|pg| {
        diesel::sql_query("SET LOCAL enable_indexscan = off").execute(pg)?;
        diesel::sql_query("SET LOCAL enable_seqscan = off").execute(pg)?;
        let mut exact = Vec::with_capacity(words.len());
        for (word, count) in words.iter().zip(&counts) {
            exact.push(match count {
                Some(count) => *count,
                None => count_word(pg, search, table, word, FEW_MATCHES)?,
            });
        }
        // Within an outer transaction the settings would outlive this one.
        diesel::sql_query("SET LOCAL enable_indexscan TO DEFAULT").execute(pg)?;
        diesel::sql_query("SET LOCAL enable_seqscan TO DEFAULT").execute(pg)?;
        Ok(exact)
    })
}

/// Rows of a search's table in which a word is looked for first.
const SAMPLE_ROWS: i64 = 200;
/// Matches among them that make a word common (5 %).
const SAMPLE_COMMON: i64 = 10;

/// PostgreSQL: how many rows of `from` (the search's table, or a part of
/// it named as the table) match `word`, counted up to `bound`.
fn count_word(
    pg: &mut diesel::PgConnection,
    search: &TextSearch<'_>,
    from: &str,
    word: &str,
    bound: i64,
) -> Result<i64, DbError> {
    use diesel::{RunQueryDsl as _, sql_types::Text};
    let (before_query, between, after_word) = word_condition(search);
    let prefix = format!("{word}:*");
    let count = match &between {
        Some(between) => diesel::sql_query(format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM {from} WHERE {before_query}$1{between}$2{after_word} \
             LIMIT {bound}) AS found"
        ))
        .bind::<Text, _>(prefix)
        .bind::<Text, _>(word)
        .get_result::<Count>(pg)?,
        None => diesel::sql_query(format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM {from} WHERE {before_query}$1{after_word} LIMIT {bound}) AS found"
        ))
        .bind::<Text, _>(prefix)
        .get_result::<Count>(pg)?,
    };
    Ok(count.n)
}

/// SQLite: how many rows of the full-text table `fts` match `terms` (an
/// FTS5 query), counted up to `bound` through its index alone.
pub(crate) fn fts_matches(
    sqlite: &mut diesel::SqliteConnection,
    fts: &str,
    terms: String,
    bound: i64,
) -> Result<i64, DbError> {
    use diesel::{RunQueryDsl as _, sql_types::Text};
    let query = format!("SELECT count(*) AS n FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT {bound})");
    Ok(diesel::sql_query(query).bind::<Text, _>(terms).get_result::<Count>(sqlite)?.n)
}

/// The one number of a `SELECT count(*) AS n …` written in SQL.
#[derive(diesel::QueryableByName)]
pub(crate) struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// `text` for a `LIKE` pattern (with `ESCAPE '\\'`), its wildcards taken literally.
pub(crate) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A text column held a word that its enum does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownWord {
    pub kind: &'static str,
    pub value: String,
}

/// The current time as stored: UTC, microsecond precision (what PostgreSQL keeps).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A new time-ordered row id (UUIDv7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_become_the_terms_that_start_with_them() {
        use diesel::{Connection as _, RunQueryDsl as _, connection::SimpleConnection as _};
        #[derive(diesel::QueryableByName, Debug, PartialEq)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            rowid: i64,
        }
        let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap_or_else(|e| panic!("{e}"));
        let many: Vec<String> = (0..=PREFIX_TERMS).map(|n| format!("a{n}")).collect();
        conn.batch_execute(&format!(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE t_terms USING fts5vocab(t, instance);
             INSERT INTO t (rowid, body) VALUES (1, 'Developer'), (2, 'developers wanted'), (3, 'DEVELOPMENT'),
                 (4, 'Développeuse'), (5, 'devops and design'), (6, 'rust'), (7, '{}'), (8, 'z9 z9x');",
            many.join(" ")
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let query = |conn: &mut diesel::SqliteConnection, words: &[&str], column: Option<&str>| {
            let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            fts_query(conn, "t", &words, column).unwrap_or_else(|e| panic!("{e}"))
        };
        let rows = |conn: &mut diesel::SqliteConnection, query: &str| -> Vec<i64> {
            let rows: Vec<Row> = diesel::sql_query("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid")
                .bind::<diesel::sql_types::Text, _>(query)
                .load(conn)
                .unwrap_or_else(|e| panic!("{e}"));
            rows.into_iter().map(|r| r.rowid).collect()
        };
        let develop = query(&mut conn, &["DEVELOP"], None);
        assert_eq!(develop, r#"("developer" OR "developers" OR "development" OR "developpeuse")"#);
        assert_eq!(rows(&mut conn, &develop), [1, 2, 3, 4]);
        assert_eq!(rows(&mut conn, &develop), rows(&mut conn, r#""develop"*"#));
        assert_eq!(query(&mut conn, &["developers"], None), r#"("developers")"#);
        assert_eq!(query(&mut conn, &["z9"], None), r#"("z9" OR "z9x")"#);
        // Two words: both must occur.
        let both = query(&mut conn, &["dev", "wan"], Some("body"));
        assert_eq!(
            both,
            r#"body : (("developer" OR "developers" OR "development" OR "developpeuse" OR "devops") AND ("wanted"))"#
        );
        assert_eq!(rows(&mut conn, &both), [2]);
        // Too many terms, no term at all, or a word the tokenizer changes: the prefix query.
        assert_eq!(query(&mut conn, &["a"], None), r#""a"*"#);
        assert_eq!(rows(&mut conn, r#""a"*"#), [5, 7]);
        assert_eq!(query(&mut conn, &["zzz"], None), r#""zzz"*"#);
        let accented = query(&mut conn, &["dév"], None);
        assert_eq!(accented, r#""dév"*"#);
        assert_eq!(rows(&mut conn, &accented), [1, 2, 3, 4, 5]);
    }

    #[test]
    fn json_columns_round_trip_and_forgive_bad_text() {
        let mut translations = coopfed_core::translations::Translations::new();
        translations.insert(
            "de".into(),
            coopfed_core::translations::Translation { title: Some("Entwickler:in".into()), ..Default::default() },
        );
        let stored = String::from(Json(translations.clone()));
        assert_eq!(stored, r#"{"de":{"title":"Entwickler:in"}}"#);
        assert_eq!(Json::<coopfed_core::translations::Translations>::from(stored).0, translations);
        assert!(Json::<coopfed_core::translations::Translations>::from("not json".to_owned()).is_empty());
        assert_eq!(String::from(JsonList::default()), "[]");
    }
}
