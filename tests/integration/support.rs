//! Shared helpers of the integration tests.

use std::{path::Path, process::Stdio};

use coopfed_test_support::{FakeRemote, InstanceOptions, TestDatabase, TestInstance};
use reqwest::{Client, Response, StatusCode, header};
use serde_json::{Value, json};

/// The `coopfed` binary under test.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_coopfed"))
}

/// An HTTP client that does not follow redirects.
/// A file of the demo and test data in `tests/fixtures/data` (the four
/// networks' directories, offers and announcements, and hostile inputs).
pub fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/data").join(path).to_string_lossy().into_owned()
}

pub fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Starts a `cotech` instance on `db`.
pub async fn start(db: &TestDatabase) -> TestInstance {
    TestInstance::spawn(binary(), db, InstanceOptions::network("cotech")).await
}

/// Runs `coopfed ARGS` against the instance's database and returns (status, stdout, stderr).
pub fn cli(db: &TestDatabase, instance: &TestInstance, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(binary())
        .args(args)
        .env_clear()
        .env("COOPFED_DATABASE_URL", db.url())
        .env("COOPFED_DOMAIN", &instance.domain)
        .env("COOPFED_NETWORK", "cotech")
        .env("COOPFED_DEV_FEDERATION", "1")
        .env("COOPFED_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts the status and the JSON error shape, and returns the error code.
pub async fn expect_error(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status, "unexpected status for {}", response.url());
    let content_type = response.headers().get(header::CONTENT_TYPE).unwrap().to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "error content type {content_type}");
    let body: Value = response.json().await.unwrap();
    let error = body.get("error").unwrap_or_else(|| panic!("no `error` in {body}"));
    let message = error["message"].as_str().unwrap_or_else(|| panic!("no message in {body}"));
    assert!(!message.is_empty());
    assert_eq!(body.as_object().unwrap().len(), 1, "only `error` at the top: {body}");
    error["code"].as_str().unwrap().to_owned()
}

/// Every member co-op listed by `GET /api/v1/members?QUERY`, read `limit` at a
/// time by following the `next` cursors; also returns the number of pages.
pub async fn member_pages(instance: &TestInstance, query: &str, limit: usize) -> (Vec<Value>, usize) {
    every_page(instance, "/api/v1/members", &format!("limit={limit}&{query}"), "after", limit).await
}

/// Every job offer listed by `GET /api/v1/jobs?QUERY`, in order, by
/// following the `next` cursors.
pub async fn job_pages(instance: &TestInstance, query: &str) -> Vec<Value> {
    every_page(instance, "/api/v1/jobs", query, "before", 50).await.0
}

/// Every item of `GET PATH?QUERY` (pages of at most `limit`), the `next`
/// cursor given back as the parameter `cursor`; and the number of pages.
async fn every_page(
    instance: &TestInstance,
    path: &str,
    query: &str,
    cursor: &str,
    limit: usize,
) -> (Vec<Value>, usize) {
    let (mut items, mut pages, mut after) = (Vec::new(), 0, None::<String>);
    loop {
        let mut url = format!("{path}?{query}");
        if let Some(next) = &after {
            url.push_str(&format!("&{cursor}={next}"));
        }
        let page: Value = client().get(instance.url(&url)).send().await.unwrap().json().await.unwrap();
        let got = page["items"].as_array().unwrap_or_else(|| panic!("no items in {page}"));
        assert!(got.len() <= limit, "{} items on a page of {limit}", got.len());
        items.extend(got.iter().cloned());
        pages += 1;
        assert!(pages <= 1000, "the cursors do not end");
        match page["next"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => return (items, pages),
        }
    }
}

/// The value of a cookie set by a response.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.split(';').next()?.trim().strip_prefix(&format!("{name}=")).map(str::to_owned))
}

/// The value of a hidden form field in an HTML page.
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no field {name} in {html}")) + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// POSTs `body` to `path` with `headers`.
pub async fn post(instance: &TestInstance, path: &str, body: Vec<u8>, headers: &[(&str, String)]) -> reqwest::Response {
    let mut request =
        client().post(instance.url(path)).header(header::CONTENT_TYPE, "application/activity+json").body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap()
}

pub fn follow_from(remote: &FakeRemote, name: &str, id: &str, target: &str) -> Vec<u8> {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/{id}", remote.base),
        "type": "Follow",
        "actor": remote.actor_id(name),
        "object": target,
    })
    .to_string()
    .into_bytes()
}

/// POSTs `body` to `inbox`, signed by the fake actor `alice`.
pub async fn send_signed(
    instance: &TestInstance,
    remote: &FakeRemote,
    inbox: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    let headers = remote.sign("alice", "POST", inbox, &instance.domain, Some(&body));
    post(instance, inbox, body, &headers).await
}

/// Defines `<name>_sqlite` and `<name>_postgres` tests around `async fn <name>(db: TestDatabase)`.
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(coopfed_test_support::TestDatabase::sqlite()).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(db) = coopfed_test_support::postgres_or_skip(stringify!($name)) {
                        super::$name(db).await;
                    }
                }
            )+
        }
    };
}
pub(crate) use on_both_databases;

/// Logs `user` in with `password` through the form; returns the response.
pub async fn log_in(instance: &TestInstance, user: &str, password: &str) -> reqwest::Response {
    let http = client();
    let form = http.get(instance.url("/login")).send().await.unwrap();
    let csrf = set_cookie(&form, "coopfed_csrf").unwrap();
    http.post(instance.url("/login"))
        .header(header::COOKIE, format!("coopfed_csrf={csrf}"))
        .form(&[("username", user), ("password", password), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

/// A session cookie header for `user`.
pub async fn session_of(instance: &TestInstance, user: &str, password: &str) -> String {
    let login = log_in(instance, user, password).await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    format!("coopfed_session={}", set_cookie(&login, "coopfed_session").unwrap())
}

/// Creates the editor `user` (of the co-op `member`, if any) with
/// `password` on the command line; returns a new API token of theirs.
pub fn editor_token(instance: &TestInstance, user: &str, member: Option<&str>, password: &str) -> String {
    let mut args = vec!["admin", "create-user", user, "--password-stdin"];
    if let Some(member) = member {
        args.extend(["--member", member]);
    }
    instance.cli(&args, Some(&format!("{password}\n"))).success();
    let printed = instance.cli(&["tokens", "create", "--user", user], None).success().stdout;
    printed.lines().find(|l| l.starts_with("cft_")).unwrap().to_owned()
}

/// The JSON a GET of `path` answers with `token`, if it answers JSON.
pub async fn get_with_token(instance: &TestInstance, path: &str, token: &str) -> Option<Value> {
    client().get(instance.url(path)).bearer_auth(token).send().await.ok()?.json().await.ok()
}
