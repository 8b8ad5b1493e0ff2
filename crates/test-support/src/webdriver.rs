//! A small WebDriver client for browser tests: Debian's `chromedriver`
//! driving headless Chromium, spoken to over HTTP on loopback (the W3C
//! WebDriver protocol: sessions, navigation, elements, scripts,
//! screenshots).

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::{Value, json};

/// The key WebDriver uses for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `chromedriver`, stopped when dropped.
pub struct Chromedriver {
    child: Child,
    base: String,
    http: reqwest::Client,
    _profiles: tempfile::TempDir,
}

impl Drop for Chromedriver {
    /// Stops the driver and every browser it started (found by their
    /// profile folders), also when a test failed before closing its session.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill").arg("-f").arg(self._profiles.path()).status();
    }
}

/// Where the driver and the browser are, if installed.
fn installed() -> Option<(PathBuf, PathBuf)> {
    let driver = std::env::var_os("CHROMEDRIVER").map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
    let browser = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    (driver.exists() && browser.exists()).then_some((driver, browser))
}

/// A note on standard error (test output).
pub fn note(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Must browser tests run here? In CI (`CI=true`) and with
/// `COOPFED_BROWSER_TESTS=1`, a missing browser fails the test; elsewhere
/// the browser tests are skipped with a note.
pub fn browser_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true") || std::env::var("COOPFED_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

impl Chromedriver {
    /// Starts `chromedriver`, or `None` (with a note) when it is not
    /// installed and the browser tests are not required.
    pub async fn start_or_skip(test: &str) -> Option<Self> {
        let Some((driver, browser)) = installed() else {
            assert!(
                !browser_required(),
                "{test}: Chromium and ChromeDriver are needed (apt-get install chromium chromium-driver)"
            );
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: install chromium and chromium-driver to run it");
            return None;
        };
        Some(Self::start(&driver, &browser).await)
    }

    async fn start(driver: &Path, _browser: &Path) -> Self {
        let port = crate::free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
        let mut ready = false;
        for _ in 0..100 {
            if let Ok(response) = http.get(format!("{base}/status")).send().await {
                if let Ok(status) = response.json::<Value>().await {
                    if status["value"]["ready"] == true {
                        ready = true;
                        break;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "{} did not become ready on port {port}", driver.display());
        let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
        Self { child, base, http, _profiles: profiles }
    }

    /// A new headless browser window of `width`×`height`.
    pub async fn session(&self, width: u32, height: u32) -> Browser {
        let (_, browser) = installed().unwrap_or_default();
        let profile = self._profiles.path().join(uuid::Uuid::new_v4().to_string());
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": browser,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                            format!("--window-size={width},{height}"),
                            format!("--user-data-dir={}", profile.display()),
                        ],
                    },
                },
            },
        });
        let answer = self.post(&format!("{}/session", self.base), &capabilities).await;
        let id = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver refused a session: {answer}"))
            .to_owned();
        Browser { session: format!("{}/session/{id}", self.base), http: self.http.clone() }
    }

    async fn post(&self, url: &str, body: &Value) -> Value {
        let response = self.http.post(url).json(body).send().await.unwrap_or_else(|e| panic!("chromedriver: {e}"));
        response.json().await.unwrap_or_else(|e| panic!("chromedriver answered no JSON: {e}"))
    }
}

/// One browser session.
pub struct Browser {
    session: String,
    http: reqwest::Client,
}

/// An element on the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Browser {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.session);
        let mut request = self.http.request(method, &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("chromedriver {path}: {e}"));
        let value: Value = response.json().await.unwrap_or_else(|e| panic!("chromedriver {path}: no JSON: {e}"));
        if let Some(error) = value["value"].get("error") {
            panic!("WebDriver {path}: {error}: {}", value["value"]["message"]);
        }
        value["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", None).await.as_str().unwrap_or_default().to_owned()
    }

    /// The first element matching the CSS selector.
    pub async fn find(&self, css: &str) -> Element {
        let found =
            self.call(reqwest::Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).await;
        Element(found[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}")).to_owned())
    }

    pub async fn type_into(&self, element: &Element, text: &str) {
        let path = format!("/element/{}/value", element.0);
        self.call(reqwest::Method::POST, &path, Some(json!({ "text": text }))).await;
    }

    pub async fn click(&self, element: &Element) {
        self.call(reqwest::Method::POST, &format!("/element/{}/click", element.0), Some(json!({}))).await;
    }

    /// Clicks something that loads another page (a link, a form's button)
    /// and waits until that page has loaded.
    pub async fn click_and_wait(&self, element: &Element) {
        self.run("window.__coopfedOldPage = true;", vec![]).await;
        self.click(element).await;
        for _ in 0..200 {
            let loaded = self
                .run("return window.__coopfedOldPage === undefined && document.readyState === 'complete';", vec![])
                .await;
            if loaded == true {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page loaded after a click (now at {})", self.url().await);
    }

    pub async fn text(&self, element: &Element) -> String {
        let text = self.call(reqwest::Method::GET, &format!("/element/{}/text", element.0), None).await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(reqwest::Method::POST, "/execute/sync", Some(json!({ "script": script, "args": args }))).await
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1]` with its result.
    pub async fn run_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(reqwest::Method::POST, "/execute/async", Some(json!({ "script": script, "args": args }))).await
    }

    /// Lets scripts run for up to `seconds` (axe takes a while on a long page).
    pub async fn script_timeout(&self, seconds: u64) {
        self.call(reqwest::Method::POST, "/timeouts", Some(json!({ "script": seconds * 1000 }))).await;
    }

    /// The page as PNG.
    pub async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD.decode(data.as_str().unwrap_or_default()).unwrap_or_default()
    }

    /// Is a JavaScript dialog (alert, confirm) open?
    pub async fn dialog_open(&self) -> bool {
        let url = format!("{}/alert/text", self.session);
        let response = self.http.get(&url).send().await.unwrap_or_else(|e| panic!("chromedriver: {e}"));
        let value: Value = response.json().await.unwrap_or_default();
        value["value"].get("error").is_none()
    }

    pub async fn close(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}
