//! Group commit: small writes from many tasks handed to one writer thread,
//! which runs everything waiting in one transaction and answers each task
//! after the commit. Many concurrent requests then cost one transaction
//! (one fsync, one write lock) instead of one each, and on SQLite they queue
//! here instead of in the busy handler's sleeps.
//!
//! A batch that fails as a whole (one job's error rolls back the others) is
//! run again one job per transaction, so each job gets its own outcome.

use tokio::sync::{mpsc, oneshot};

use crate::{Database, DbConnection, DbError};

type Reply<R> = oneshot::Sender<Result<R, DbError>>;

/// Jobs most taken into one transaction.
const MAX_BATCH: usize = 512;

/// Jobs that may wait before [`GroupCommit::submit`] waits for room.
const QUEUE: usize = 8192;

/// The writer of one kind of job `J`, each answered with an `R`.
pub struct GroupCommit<J, R> {
    queue: mpsc::Sender<(J, Reply<R>)>,
}

impl<J, R> Clone for GroupCommit<J, R> {
    fn clone(&self) -> Self {
        Self { queue: self.queue.clone() }
    }
}

impl<J: Send + 'static, R: Send + 'static> GroupCommit<J, R> {
    /// Starts the writer thread (named `name`). `apply` writes a batch and
    /// returns one outcome per job, in order; it runs inside a transaction.
    /// The thread ends when the last handle is dropped.
    pub fn start<F>(db: Database, name: &str, apply: F) -> Self
    where
        F: Fn(&mut DbConnection, &[J]) -> Result<Vec<R>, DbError> + Send + 'static,
    {
        let (queue, jobs) = mpsc::channel(QUEUE);
        let spawned = std::thread::Builder::new().name(name.to_owned()).spawn(move || write_batches(&db, &apply, jobs));
        if let Err(error) = spawned {
            // Without a thread every submit answers "unavailable".
            tracing::error!(%error, "cannot start the group commit writer");
        }
        Self { queue }
    }

    /// Hands `job` to the writer and waits until it is committed.
    pub async fn submit(&self, job: J) -> Result<R, DbError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((job, reply)).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbError {
    DbError::Unavailable("the database writer stopped".into())
}

fn write_batches<J, R, F>(db: &Database, apply: &F, mut jobs: mpsc::Receiver<(J, Reply<R>)>)
where
    F: Fn(&mut DbConnection, &[J]) -> Result<Vec<R>, DbError>,
{
    let mut batch: Vec<(J, Reply<R>)> = Vec::new();
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let (work, replies): (Vec<J>, Vec<Reply<R>>) = batch.drain(..).unzip();
        for (reply, outcome) in replies.into_iter().zip(write(db, apply, work)) {
            let _ = reply.send(outcome);
        }
    }
}

/// One outcome per job: all in one transaction, or one by one when that fails.
fn write<J, R, F>(db: &Database, apply: &F, work: Vec<J>) -> Vec<Result<R, DbError>>
where
    F: Fn(&mut DbConnection, &[J]) -> Result<Vec<R>, DbError>,
{
    let count = work.len();
    let together = db.run_blocking(|conn| crate::transaction(conn, |conn| apply(conn, &work)));
    match together {
        Ok(outcomes) if outcomes.len() == count => outcomes.into_iter().map(Ok).collect(),
        Ok(_) => (0..count).map(|_| Err(DbError::Unavailable("the writer lost an outcome".into()))).collect(),
        Err(_) if count > 1 => work
            .into_iter()
            .map(|job| {
                let one = std::slice::from_ref(&job);
                db.run_blocking(|conn| crate::transaction(conn, |conn| apply(conn, one)))
                    .and_then(|mut outcome| outcome.pop().ok_or_else(|| DbError::Unavailable("no outcome".into())))
            })
            .collect(),
        Err(error) => vec![Err(error)],
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use diesel::{RunQueryDsl as _, connection::SimpleConnection as _, sql_types::Integer};

    use super::*;
    use crate::DatabaseUrl;

    fn database(dir: &tempfile::TempDir) -> Database {
        let url = DatabaseUrl::Sqlite(dir.path().join("g.db"));
        let db = Database::connect(&url, 2).unwrap();
        db.run_blocking(|conn| {
            conn.batch_execute("CREATE TABLE t (n INTEGER PRIMARY KEY CHECK (n >= 0))").map_err(DbError::from)
        })
        .unwrap();
        db
    }

    fn insert(conn: &mut DbConnection, jobs: &[i32]) -> Result<Vec<i32>, DbError> {
        for n in jobs {
            diesel::sql_query("INSERT INTO t (n) VALUES (?)").bind::<Integer, _>(n).execute(conn)?;
        }
        Ok(jobs.to_vec())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_tasks_share_transactions_and_a_bad_job_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(&dir);
        let writer = GroupCommit::start(db.clone(), "test-writer", insert);
        let mut tasks = Vec::new();
        for n in -1..200 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move { writer.submit(n).await }));
        }
        let mut failed = Vec::new();
        for (n, task) in (-1..200).zip(tasks) {
            match task.await.unwrap() {
                Ok(got) => assert_eq!(got, n),
                Err(_) => failed.push(n),
            }
        }
        assert_eq!(failed, vec![-1], "only the job the CHECK refuses fails");
        let rows = db
            .run_blocking(|conn| {
                #[derive(diesel::QueryableByName)]
                struct Count {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                diesel::sql_query("SELECT COUNT(*) AS n FROM t").get_result::<Count>(conn).map_err(DbError::from)
            })
            .unwrap();
        assert_eq!(rows.n, 200);
    }
}
