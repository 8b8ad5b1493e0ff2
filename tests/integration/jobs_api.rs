//! The job offers API: who may publish, edit and withdraw what.

use coopfed_test_support::TestDatabase;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{client, expect_error, on_both_databases, start};

on_both_databases!(editors_manage_their_own_co_ops_offers, members_and_announcements_through_the_api);

fn offer(member: &str, title: &str) -> Value {
    json!({
        "member": member,
        "title": title,
        "description": "Join us.\n\nWe are a worker co-op.",
        "employment_type": "part_time",
        "remote": true,
        "valid_through": "2099-06-30",
        "apply_email": "jobs@coop.example",
    })
}

async fn editors_manage_their_own_co_ops_offers(db: TestDatabase) {
    let instance = start(&db).await;
    let admin = instance.printed("API token:").unwrap();
    for (slug, name) in [("outlandish", "Outlandish"), ("agile-collective", "Agile Collective")] {
        instance.cli(&["members", "add", slug, "--name", name], None).success();
    }
    instance
        .cli(
            &["admin", "create-user", "ed", "--member", "outlandish", "--password-stdin"],
            Some("a long enough password\n"),
        )
        .success();
    let editor = instance.cli(&["tokens", "create", "--user", "ed"], None).success().stdout;
    let editor = editor.lines().find(|l| l.starts_with("cft_")).unwrap().to_owned();
    let call = |method: Method, path: String, token: Option<&str>, body: Option<Value>| {
        let mut request = client().request(method, instance.url(&path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };

    let anonymous =
        call(Method::POST, "/api/v1/jobs".into(), None, Some(offer("outlandish", "Developer"))).await.unwrap();
    expect_error(anonymous, StatusCode::UNAUTHORIZED).await;
    let not_theirs =
        call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(offer("agile-collective", "Developer")))
            .await
            .unwrap();
    expect_error(not_theirs, StatusCode::FORBIDDEN).await;
    let mut bad = offer("outlandish", "Developer");
    bad["valid_through"] = json!("2000-01-01");
    let response = call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(bad)).await.unwrap();
    assert_eq!(expect_error(response, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    let mut unknown_field = offer("outlandish", "Developer");
    unknown_field["salary_in_beans"] = json!(3);
    let response = call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(unknown_field)).await.unwrap();
    assert!(response.status().is_client_error());

    let created =
        call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(offer("outlandish", "Developer"))).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let theirs = call(Method::POST, "/api/v1/jobs".into(), Some(&admin), Some(offer("agile-collective", "Designer")))
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::CREATED);
    let theirs: Value = theirs.json().await.unwrap();
    let theirs_id = theirs["id"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();

    let edited =
        call(Method::PUT, format!("/api/v1/jobs/{id}"), Some(&editor), Some(offer("outlandish", "Senior developer")))
            .await
            .unwrap();
    assert_eq!(edited.status(), StatusCode::OK);
    let listing: Value = client().get(instance.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    let titles: Vec<&str> = listing["items"].as_array().unwrap().iter().filter_map(|j| j["title"].as_str()).collect();
    assert!(titles.contains(&"Senior developer") && titles.contains(&"Designer"), "{titles:?}");

    let forbidden = call(Method::DELETE, format!("/api/v1/jobs/{theirs_id}"), Some(&editor), None).await.unwrap();
    expect_error(forbidden, StatusCode::FORBIDDEN).await;
    let gone = call(Method::DELETE, format!("/api/v1/jobs/{id}"), Some(&admin), None).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let again = call(Method::DELETE, format!("/api/v1/jobs/{id}"), Some(&admin), None).await.unwrap();
    expect_error(again, StatusCode::NOT_FOUND).await;
    let listing: Value = client().get(instance.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    assert_eq!(listing["items"].as_array().unwrap().len(), 1);

    // The skills taxonomy, and a skill found by an alias.
    let taxonomy: Value = client().get(instance.url("/api/v1/skills")).send().await.unwrap().json().await.unwrap();
    assert!(taxonomy["skills"].as_array().unwrap().len() >= 80);
    assert_eq!(taxonomy["categories"].as_array().unwrap().len(), 13);
    let a11y: Value = client().get(instance.url("/api/v1/skills?q=a11y")).send().await.unwrap().json().await.unwrap();
    assert_eq!(a11y["skills"][0]["slug"], "accessibility");
    assert_eq!(a11y["skills"][0]["labels"]["de"], "Barrierefreies Design & Entwicklung");
    let none = client().get(instance.url("/api/v1/skills?q=knitting")).send().await.unwrap();
    expect_error(none, StatusCode::NOT_FOUND).await;
}

async fn members_and_announcements_through_the_api(db: TestDatabase) {
    let instance = start(&db).await;
    let admin = instance.printed("API token:").unwrap();
    let call = |method: Method, path: &str, token: &str, body: Option<Value>| {
        let mut request = client().request(method, instance.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };
    let created = call(
        Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"slug": "outlandish", "name": "Outlandish", "country": "GB"})),
    )
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let bad =
        call(Method::POST, "/api/v1/members", &admin, Some(json!({"slug": "Not A Slug", "name": "X"}))).await.unwrap();
    assert_eq!(expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    instance
        .cli(
            &["admin", "create-user", "ed", "--member", "outlandish", "--password-stdin"],
            Some("a long enough password\n"),
        )
        .success();
    let editor = instance.cli(&["tokens", "create", "--user", "ed"], None).success().stdout;
    let editor = editor.lines().find(|l| l.starts_with("cft_")).unwrap().to_owned();

    let not_admin =
        call(Method::POST, "/api/v1/members", &editor, Some(json!({"slug": "other", "name": "Other"}))).await.unwrap();
    expect_error(not_admin, StatusCode::FORBIDDEN).await;
    let own = call(
        Method::PUT,
        "/api/v1/members/outlandish",
        &editor,
        Some(json!({"name": "Outlandish Co-op", "city": "London"})),
    )
    .await
    .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    let members: Value = client().get(instance.url("/api/v1/members")).send().await.unwrap().json().await.unwrap();
    assert_eq!(members["items"][0]["name"], "Outlandish Co-op");
    assert_eq!(members["items"][0]["city"], "London");

    let news =
        json!({"kind": "news", "member": "outlandish", "title": "We are hiring", "content": "Come **join** us."});
    let posted = call(Method::POST, "/api/v1/announcements", &editor, Some(news)).await.unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    let as_network = json!({"kind": "news", "title": "Network news", "content": "Hello."});
    let refused = call(Method::POST, "/api/v1/announcements", &editor, Some(as_network.clone())).await.unwrap();
    expect_error(refused, StatusCode::FORBIDDEN).await;
    let network_news = call(Method::POST, "/api/v1/announcements", &admin, Some(as_network)).await.unwrap();
    assert_eq!(network_news.status(), StatusCode::CREATED);
    let network_news: Value = network_news.json().await.unwrap();
    let network_id = network_news["id"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let not_theirs = call(Method::DELETE, &format!("/api/v1/announcements/{network_id}"), &editor, None).await.unwrap();
    expect_error(not_theirs, StatusCode::FORBIDDEN).await;
    let event = json!({
        "kind": "event", "title": "Open day", "content": "Visit us.",
        "start": "2099-05-01T10:00:00+01:00", "end": "2099-05-01T16:00:00+01:00",
        "timezone": "Europe/London", "city": "London", "country": "GB"
    });
    let event = call(Method::POST, "/api/v1/announcements", &admin, Some(event)).await.unwrap();
    assert_eq!(event.status(), StatusCode::CREATED);
    let listing: Value =
        client().get(instance.url("/api/v1/announcements")).send().await.unwrap().json().await.unwrap();
    let items = listing["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().any(|i| i["starts_at"] == "2099-05-01T09:00:00Z"));
    let gone = call(Method::DELETE, "/api/v1/members/outlandish", &admin, None).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
}
