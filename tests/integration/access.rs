//! The authorisation matrix: every route of the router (from its own table
//! of rules, `coopfed_web::access::rules`) asked by four people — nobody
//! signed in, the editor of another co-op, the editor of the co-op the path
//! names, an admin — answers as its rule says. A route added without a rule
//! cannot be built; a rule that names a method the route lacks answers 405
//! here; a method the table lacks answers 405 too.

use std::collections::{BTreeMap, BTreeSet};

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use coopfed_web::access::{Access, Rule, rules};
use reqwest::{Method, StatusCode, header};
use serde_json::Value;

use crate::support::{binary, client, editor_token, on_both_databases, session_of};

on_both_databases!(every_route_answers_as_its_rule_says);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    OtherEditor,
    Editor,
    Admin,
}

/// How a person asks: an API token for `/api/`, a session (with its CSRF
/// token for forms) for pages.
struct Credentials {
    token: String,
    cookie: String,
    csrf: String,
}

const PASSWORD: &str = "a long enough password";
/// Stands for an object that does not exist, so that allowed people's
/// writes and deletes change nothing.
const NO_SUCH_ID: &str = "01936d5e-0000-7000-8000-000000000000";

async fn credentials(instance: &TestInstance, user: &str, token: String) -> Credentials {
    let cookie = session_of(instance, user, PASSWORD).await;
    let account = client()
        .get(instance.url("/account"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = account.find("name=\"csrf\" value=\"").expect("the account page has a form") + 19;
    let csrf = account[at..].split('"').next().unwrap().to_owned();
    Credentials { token, cookie, csrf }
}

/// Is `who` allowed by `rule` (on the path as it is filled in)?
fn allowed(rule: &Rule, who: Who) -> bool {
    let names_a_coop = rule.path.contains("{slug}") || rule.path.contains("{id}");
    match rule.access {
        Access::Public => true,
        Access::Signed | Access::MetricsToken => false,
        Access::Account => who != Who::Nobody,
        Access::Editor => match who {
            Who::Nobody => false,
            Who::OtherEditor => !names_a_coop,
            Who::Editor | Who::Admin => true,
        },
        Access::Admin => who == Who::Admin,
    }
}

/// The path with its parameters filled in: the co-op `coop-a`, its offer
/// and news, or (for an allowed change) ids of nothing.
fn fill(rule: &Rule, ids: &BTreeMap<&str, String>, harmless: bool) -> String {
    let path = rule.path;
    let id = if harmless && rule.method != Method::GET {
        NO_SUCH_ID.to_owned()
    } else if path.contains("/jobs") {
        ids["job"].clone()
    } else if path.contains("announcements") || path.contains("/news") {
        ids["news"].clone()
    } else {
        NO_SUCH_ID.to_owned()
    };
    let slug = if harmless && rule.method == Method::DELETE { "no-such-coop" } else { "coop-a" };
    let name = if path.starts_with("/networks/") {
        "cotech"
    } else if path.starts_with("/groups/") {
        "jobs"
    } else {
        "coop-a"
    };
    let part = if rule.method == Method::GET { "outbox" } else { "inbox" };
    path.replace("{id}", &id)
        .replace("{slug}", slug)
        .replace("{name}", name)
        .replace("{part}", part)
        .replace("{domain}", "example.org")
        .replace("{code}", "de")
        .replace("{decision}", "accept")
}

/// An activity as a remote server would post it, but unsigned.
const UNSIGNED_FOLLOW: &str = r#"{"@context":"https://www.w3.org/ns/activitystreams","id":"http://remote.test/a/1","type":"Follow","actor":"http://remote.test/users/a","object":"http://cotech.test/networks/cotech"}"#;

async fn ask(
    instance: &TestInstance,
    rule: &Rule,
    method: Method,
    path: &str,
    credentials: Option<&Credentials>,
) -> reqwest::Response {
    let mut request = client().request(method.clone(), instance.url(path));
    let api = path.starts_with("/api/");
    if let Some(c) = credentials {
        request = if api { request.bearer_auth(&c.token) } else { request.header(header::COOKIE, c.cookie.as_str()) };
    }
    if method != Method::GET {
        request = if rule.access == Access::Signed {
            request.header(header::CONTENT_TYPE, "application/activity+json").body(UNSIGNED_FOLLOW)
        } else if api {
            request.header(header::CONTENT_TYPE, "application/json").body("{}")
        } else {
            let csrf = credentials.map_or("", |c| c.csrf.as_str());
            request.form(&[("csrf", csrf)])
        };
    }
    request.send().await.unwrap()
}

fn to_login(response: &reqwest::Response) -> bool {
    response.status() == StatusCode::SEE_OTHER
        && response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.starts_with("/login"))
}

async fn every_route_answers_as_its_rule_says(db: TestDatabase) {
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_METRICS_TOKEN".into(), "metrics-token-for-the-matrix".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    for slug in ["coop-a", "coop-b"] {
        instance.cli(&["members", "add", slug, "--name", slug], None).success();
    }
    let job = instance
        .cli(
            &[
                "jobs",
                "add",
                "--member",
                "coop-a",
                "--title",
                "Rust developer",
                "--description",
                "Work with us.",
                "--employment-type",
                "full_time",
                "--valid-through",
                "2099-12-31",
                "--apply-email",
                "jobs@coop-a.example",
            ],
            None,
        )
        .success()
        .stdout;
    let news = instance
        .cli(&["news", "add", "--member", "coop-a", "--title", "We moved", "--content", "To Leeds."], None)
        .success()
        .stdout;
    let last_segment = |printed: &str| {
        let url = printed.split_whitespace().nth(1).unwrap();
        url.rsplit('/').next().unwrap().to_owned()
    };
    let ids = BTreeMap::from([("job", last_segment(&job)), ("news", last_segment(&news))]);

    let editor = credentials(&instance, "ed-a", editor_token(&instance, "ed-a", Some("coop-a"), PASSWORD)).await;
    let other = credentials(&instance, "ed-b", editor_token(&instance, "ed-b", Some("coop-b"), PASSWORD)).await;
    instance
        .cli(&["admin", "create-user", "boss", "--role", "admin", "--password-stdin"], Some(&format!("{PASSWORD}\n")))
        .success();
    let printed = instance.cli(&["tokens", "create", "--user", "boss"], None).success().stdout;
    let admin_token = printed.lines().find(|l| l.starts_with("cft_")).unwrap().to_owned();
    let admin = credentials(&instance, "boss", admin_token).await;

    // Logging out ends the session the others still use: asked last.
    let mut table = rules();
    table.sort_by_key(|rule| rule.path == "/logout");
    let mut problems = Vec::new();
    for rule in &table {
        for (who, creds) in [
            (Who::Nobody, None),
            (Who::OtherEditor, Some(&other)),
            (Who::Editor, Some(&editor)),
            (Who::Admin, Some(&admin)),
        ] {
            let ok = allowed(rule, who);
            let path = fill(rule, &ids, ok);
            let response = ask(&instance, rule, rule.method.clone(), &path, creds).await;
            let status = response.status();
            let answer = format!("{} {path} as {who:?}: {status}", rule.method);
            if status == StatusCode::METHOD_NOT_ALLOWED {
                problems.push(format!("{answer} (the rule names a method the route lacks)"));
            } else if ok {
                // A public form may still refuse a missing CSRF token (403).
                let refused = status == StatusCode::UNAUTHORIZED
                    || (status == StatusCode::FORBIDDEN && rule.access != Access::Public);
                if refused || to_login(&response) {
                    problems.push(format!("{answer}, but {:?} allows it", rule.access));
                }
            } else {
                let refused = match (who, rule.access) {
                    (_, Access::Signed | Access::MetricsToken) => status == StatusCode::UNAUTHORIZED,
                    (Who::Nobody, _) => status == StatusCode::UNAUTHORIZED || to_login(&response),
                    _ => status == StatusCode::FORBIDDEN,
                };
                if !refused {
                    problems.push(format!("{answer}, but {:?} refuses it", rule.access));
                }
            }
        }
    }

    // The metrics token opens /metrics.
    let metrics = client().get(instance.url("/metrics")).bearer_auth("metrics-token-for-the-matrix").send().await;
    assert_eq!(metrics.unwrap().status(), StatusCode::OK);

    // A method a path's rules do not name is not routed either.
    let mut by_path: BTreeMap<&str, BTreeSet<Method>> = BTreeMap::new();
    for rule in &table {
        by_path.entry(rule.path).or_default().insert(rule.method.clone());
    }
    for (pattern, methods) in &by_path {
        let rule = table.iter().find(|r| r.path == *pattern).unwrap();
        for method in [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            if methods.contains(&method) {
                continue;
            }
            let path = fill(rule, &ids, true);
            let status = ask(&instance, rule, method.clone(), &path, Some(&admin)).await.status();
            if status != StatusCode::METHOD_NOT_ALLOWED {
                problems.push(format!("{method} {path}: {status}, but no rule names it"));
            }
        }
    }

    // Every operation of the API's description has its rule.
    let openapi: Value = client().get(instance.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for (path, operations) in openapi["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            if !table.iter().any(|r| r.path == path && r.method == method) {
                problems.push(format!("{method} {path} is in the API description without a rule"));
            }
        }
    }
    assert!(table.len() > 80, "{} rules", table.len());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
