//! The audit log: every change is recorded, and admins read it in the
//! console, the API and `coopfed audit`; nobody else does.

use coopfed_test_support::TestDatabase;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{client, editor_token, expect_error, on_both_databases, session_of, start};

on_both_databases!(admins_read_the_audit_log_everywhere);

async fn admins_read_the_audit_log_everywhere(db: TestDatabase) {
    let instance = start(&db).await;
    let admin = instance.printed("API token:").unwrap();
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    instance.cli(&["members", "add", "animorph", "--name", "Animorph"], None).success();
    let editor = editor_token(&instance, "ed", Some("outlandish"), "a long enough password");

    // The command line: newest first, filtered by the start of an action.
    let out = instance.cli(&["audit", "--action", "member"], None).success().stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("AT (UTC)"), "{out}");
    assert_eq!(lines.len(), 3, "two co-ops added: {out}");
    assert!(lines[1].contains("member.create") && lines[1].contains("animorph"), "{out}");
    assert!(lines[2].contains("outlandish") && lines[2].contains("cli"), "{out}");
    let none = instance.cli(&["audit", "--actor", "nobody"], None).success().stdout;
    assert!(none.contains("No audit entries match."), "{none}");
    let wrong = instance.cli(&["audit", "--since", "yesterday"], None);
    assert_ne!(wrong.status, Some(0));
    assert!(wrong.stderr.contains("since") && wrong.stderr.contains("yesterday"), "{}", wrong.stderr);

    // The API, page by page; a wrong filter is a 422 on its field.
    let get = |path: &str, token: Option<&str>| {
        let mut request = client().get(instance.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let page: Value = get("/api/v1/admin/audit?limit=2", Some(&admin)).await.unwrap().json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{page}");
    assert!(items[0]["id"].as_str() > items[1]["id"].as_str(), "newest first: {page}");
    let next = page["next"].as_str().expect("more entries");
    let rest: Value =
        get(&format!("/api/v1/admin/audit?limit=200&before={next}"), Some(&admin)).await.unwrap().json().await.unwrap();
    let actions: Vec<&str> = rest["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"user.create") && actions.contains(&"instance.init"), "{actions:?}");
    let targeted: Value =
        get("/api/v1/admin/audit?target=anim&action=member.create", Some(&admin)).await.unwrap().json().await.unwrap();
    assert_eq!(targeted["items"].as_array().map(Vec::len), Some(1), "{targeted}");
    let bad = get("/api/v1/admin/audit?since=soon", Some(&admin)).await.unwrap();
    assert_eq!(expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    expect_error(get("/api/v1/admin/audit", Some(&editor)).await.unwrap(), StatusCode::FORBIDDEN).await;
    expect_error(get("/api/v1/admin/audit", None).await.unwrap(), StatusCode::UNAUTHORIZED).await;

    // The console page, in German for an admin; refused to an editor; a
    // login for anyone else (pages take browser sessions, not API tokens).
    instance
        .cli(&["admin", "create-user", "root", "--role", "admin", "--password-stdin"], Some("another long password\n"))
        .success();
    let admin_session = session_of(&instance, "root", "another long password").await;
    let editor_session = session_of(&instance, "ed", "a long enough password").await;
    let html = client()
        .get(instance.url("/admin/audit?action=member"))
        .header("Cookie", &admin_session)
        .header("Accept-Language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    let html = html.text().await.unwrap();
    assert!(
        html.contains("Änderungsprotokoll") && html.contains("member.create") && html.contains("animorph"),
        "{html}"
    );
    assert!(!html.contains("user.create"), "filtered");
    let home = client().get(instance.url("/admin")).header("Cookie", &admin_session).send().await.unwrap();
    assert!(home.text().await.unwrap().contains(r#"href="/admin/audit""#));
    let refused = client().get(instance.url("/admin/audit")).header("Cookie", &editor_session).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let anonymous = client().get(instance.url("/admin/audit")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let location = anonymous.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/login?back=") && location.contains("admin"), "{location}");
}
