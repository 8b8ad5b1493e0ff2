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

/// A free loopback port for a server to listen on later. It is taken below
/// the kernel's ephemeral range (32768 and up on Linux), where outgoing
/// connections take their local ports, so that none of the tests' many
/// requests can occupy it between this check and the server's bind. Ports are
/// handed out in turn from a start that differs per process.
pub fn free_port() -> u16 {
    use std::sync::{
        OnceLock,
        atomic::{AtomicU32, Ordering},
    };
    const FIRST: u32 = 20_000;
    const SPAN: u32 = 12_000;
    static NEXT: OnceLock<AtomicU32> = OnceLock::new();
    let next = NEXT.get_or_init(|| AtomicU32::new(std::process::id() % SPAN));
    for _ in 0..SPAN {
        let port = u16::try_from(FIRST + next.fetch_add(1, Ordering::SeqCst) % SPAN).unwrap_or(20_000);
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port between {FIRST} and {}", FIRST + SPAN)
}

/// What a `coopfed` command printed.
#[derive(Debug, Clone)]
pub struct CliOutput {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    /// Panics with the output unless the command succeeded.
    pub fn success(self) -> Self {
        assert_eq!(self.status, Some(0), "command failed:\n{}\n{}", self.stdout, self.stderr);
        self
    }
}

/// A running `coopfed serve`. Killed on drop.
pub struct TestInstance {
    child: Child,
    binary: PathBuf,
    env: Vec<(String, String)>,
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
        let mut env: Vec<(String, String)> = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("COOPFED_DOMAIN".into(), domain.clone()),
            ("COOPFED_NETWORK".into(), options.network.clone()),
            ("COOPFED_NETWORK_NAME".into(), format!("Network {}", options.network)),
            ("COOPFED_DATABASE_URL".into(), db.url().to_owned()),
            ("COOPFED_DEV_FEDERATION".into(), if options.dev_federation { "1" } else { "0" }.into()),
            ("COOPFED_LOG".into(), "info,coopfed_federation=debug".into()),
        ];
        env.extend(options.env.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("COOPFED_BIND", options.bind.as_deref().unwrap_or("127.0.0.1:0"))
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
        Self {
            child,
            binary: binary.to_owned(),
            env,
            base: format!("http://{address}"),
            domain,
            startup_output,
            output,
            log_path,
            _log_dir: log_dir,
        }
    }

    /// The process id of the server.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Runs `coopfed ARGS` with this instance's configuration (database, domain,
    /// network, federation settings), with `stdin` as standard input.
    pub fn cli(&self, args: &[&str], stdin: Option<&str>) -> CliOutput {
        use std::io::Write as _;
        let mut child = self
            .cli_command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run coopfed: {e}"));
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            let _ = pipe.write_all(input.as_bytes());
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("coopfed did not finish: {e}"));
        CliOutput {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The command [`TestInstance::cli`] runs, to start it another way.
    pub fn cli_command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(&self.binary);
        command
            .args(args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("COOPFED_LOG", "warn")
            .current_dir(self._log_dir.path());
        command
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

    /// Kills the process at once (SIGKILL): no shutdown, no clean-up.
    pub async fn kill(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }

    /// Starts `coopfed worker` with this instance's configuration; killed on drop.
    pub fn start_worker(&self) -> Child {
        Command::new(&self.binary)
            .arg("worker")
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self._log_dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start a worker: {e}"))
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

/// Like [`wait_until`], but a timeout panics with the end of each instance's log.
pub async fn wait_for<T, F, Fut>(instances: &[&TestInstance], what: &str, timeout: Duration, mut check: F) -> T
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
        if tokio::time::Instant::now() >= deadline {
            let logs: Vec<String> = instances
                .iter()
                .map(|i| {
                    let log = i.log();
                    let tail: Vec<&str> = log.lines().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
                    format!("--- {} ---\n{}", i.domain, tail.join("\n"))
                })
                .collect();
            panic!(
                "timed out after {timeout:?} waiting for {what}{}{}",
                if logs.is_empty() { "" } else { "\n" },
                logs.join("\n")
            );
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// Polls `check` until it returns `Some`, at most `timeout`; panics with `what` otherwise.
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    wait_for(&[], what, timeout, check).await
}
