//! Scale-out on PostgreSQL: several web processes behind one database. What
//! one process knows must be known to the others: sessions, the login
//! back-off, what was published, and the policies admins change at run time.

use std::time::Duration;

use coopfed_test_support::{InstanceOptions, TestInstance, postgres_or_skip, wait_until};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{binary, client, log_in, session_of, start};

const PASSWORD: &str = "a long enough password";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_web_processes_share_one_database() {
    let Some(db) = postgres_or_skip("two_web_processes_share_one_database") else { return };
    let first = start(&db).await;
    let second = TestInstance::spawn(binary(), &db, InstanceOptions::network("cotech")).await;
    let http = client();

    // A session started on one process is valid on the other.
    first
        .cli(&["admin", "create-user", "ada", "--role", "admin", "--password-stdin"], Some(&format!("{PASSWORD}\n")))
        .success();
    let session = session_of(&first, "ada", PASSWORD).await;
    let account = http.get(second.url("/account")).header(header::COOKIE, &session).send().await.unwrap();
    assert_eq!(account.status(), StatusCode::OK, "the second process knows the first one's session");
    let anonymous = http.get(second.url("/account")).send().await.unwrap();
    assert_ne!(anonymous.status(), StatusCode::OK);

    // Failed logins count on both: five are free, the sixth locks the
    // account; spread over the two processes, the right password is then
    // refused on either.
    for attempt in 0..6 {
        let process = if attempt % 2 == 0 { &first } else { &second };
        assert_eq!(log_in(process, "ada", "a wrong password").await.status(), StatusCode::UNAUTHORIZED);
    }
    for process in [&first, &second] {
        let refused = log_in(process, "ada", PASSWORD).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "the back-off is shared");
    }

    // What one process publishes, the other lists at once.
    let token = first.printed("API token:").unwrap();
    first.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    let offer = json!({
        "member": "outlandish",
        "title": "Scale-out engineer",
        "description": "Two processes, one database.",
        "employment_type": "full_time",
        "valid_through": "2099-12-31",
        "apply_email": "jobs@outlandish.example",
    });
    let created = http.post(first.url("/api/v1/jobs")).bearer_auth(&token).json(&offer).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let listed: Value = http.get(second.url("/api/v1/jobs?q=scale")).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed["items"][0]["title"], "Scale-out engineer");

    // A policy changed through one process holds on the other (each reads it
    // from the database within its refresh interval).
    let changed = http
        .put(first.url("/api/v1/admin/policies"))
        .bearer_auth(&token)
        .json(&json!({"partner": "review"}))
        .send()
        .await
        .unwrap();
    assert!(changed.status().is_success(), "{}", changed.text().await.unwrap_or_default());
    wait_until("the second process to see the policy", Duration::from_secs(30), || async {
        let policies: Value =
            http.get(second.url("/api/v1/admin/policies")).bearer_auth(&token).send().await.ok()?.json().await.ok()?;
        (policies["partner"] == "review").then_some(())
    })
    .await;
}
