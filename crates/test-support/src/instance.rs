//! Real `coopfed` processes on loopback ports.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt as _, BufReader},
    process::{Child, Command},
};

use crate::TestDatabase;

/// How to start an instance.
#[derive(Debug, Clone)]
pub struct InstanceOptions {
    /// Network slug (`COOPFED_NETWORK`).
    pub network: String,
    /// Public domain; defaults to `<network>.test`.
    pub domain: Option<String>,
    /// Listen address; defaults to `127.0.0.1:0` (a free port).
    pub bind: Option<String>,
    /// Development federation (plain HTTP ids); on by default in tests.
    pub dev_federation: bool,
    /// More environment variables.
    pub env: BTreeMap<String, String>,
}

impl InstanceOptions {
    pub fn network(slug: &str) -> Self {
        Self { network: slug.to_owned(), domain: None, bind: None, dev_federation: true, env: BTreeMap::new() }
    }
}

/// A running `coopfed serve`. Killed on drop.
pub struct TestInstance {
    child: Child,
    /// `http://127.0.0.1:PORT`: where to send requests.
    pub base: String,
    /// The public domain (`COOPFED_DOMAIN`).
    pub domain: String,
    /// Lines printed on standard output before "Listening on".
    pub startup_output: Vec<String>,
    output: Arc<Mutex<Vec<String>>>,
    log_path: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl TestInstance {
    /// Starts `binary serve` on `db` and waits until it listens (at most 60 s).
    pub async fn spawn(binary: &Path, db: &TestDatabase, options: InstanceOptions) -> Self {
        let log_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let log_path = log_dir.path().join("coopfed.log");
        let log_file = std::fs::File::create(&log_path).unwrap_or_else(|e| panic!("cannot create the log file: {e}"));
        let domain = options.domain.clone().unwrap_or_else(|| format!("{}.test", options.network));
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("COOPFED_DOMAIN", &domain)
            .env("COOPFED_NETWORK", &options.network)
            .env("COOPFED_NETWORK_NAME", format!("Network {}", options.network))
            .env("COOPFED_BIND", options.bind.as_deref().unwrap_or("127.0.0.1:0"))
            .env("COOPFED_DATABASE_URL", db.url())
            .env("COOPFED_DEV_FEDERATION", if options.dev_federation { "1" } else { "0" })
            .env("COOPFED_LOG", "info")
            .envs(&options.env)
            .current_dir(log_dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true);
        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout pipe"));
        let output = Arc::new(Mutex::new(Vec::new()));
        let (listening_tx, listening_rx) = tokio::sync::oneshot::channel::<String>();
        {
            let output = Arc::clone(&output);
            tokio::spawn(async move {
                let mut lines = BufReader::new(stdout).lines();
                let mut listening_tx = Some(listening_tx);
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(rest) = line.strip_prefix("Listening on http://") {
                        let address = rest.split_whitespace().next().unwrap_or_default().to_owned();
                        if let Some(tx) = listening_tx.take() {
                            let _ = tx.send(address);
                        }
                    }
                    if let Ok(mut all) = output.lock() {
                        all.push(line);
                    }
                }
            });
        }
        let address = match tokio::time::timeout(Duration::from_secs(60), listening_rx).await {
            Ok(Ok(address)) => address,
            _ => {
                let status = child.try_wait().ok().flatten();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("coopfed did not start listening (exit status {status:?}); its log:\n{log}");
            }
        };
        let startup_output = output.lock().map(|o| o.clone()).unwrap_or_default();
        Self { child, base: format!("http://{address}"), domain, startup_output, output, log_path, _log_dir: log_dir }
    }

    /// `base + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The value printed after `label` at start (e.g. `API token:`), if any.
    pub fn printed(&self, label: &str) -> Option<String> {
        self.startup_output.iter().find_map(|line| line.split_once(label).map(|(_, value)| value.trim().to_owned()))
    }

    /// Everything printed on standard output so far.
    pub fn output(&self) -> Vec<String> {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    /// The server's log (standard error) so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the exit status (at most 30 s).
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
        }
        match tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await {
            Ok(Ok(status)) => status,
            _ => panic!("coopfed did not stop within 30 s of SIGTERM; its log:\n{}", self.log()),
        }
    }
}

/// Polls `check` until it returns `Some`, at most `timeout`; panics with `what` otherwise.
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    let mut pause = Duration::from_millis(20);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}
