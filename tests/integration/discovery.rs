//! WebFinger, actor documents, collections, NodeInfo and host-meta.

use std::time::Duration;

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::support::{cli, client, expect_error, on_both_databases, start};

on_both_databases!(
    webfinger_finds_every_instance_actor,
    actor_documents,
    collections_are_paged,
    nodeinfo_and_host_meta,
    member_coops_are_discoverable,
    kept_documents_follow_every_change
);

async fn webfinger_finds_every_instance_actor(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let domain = &instance.domain;
    for (name, path) in
        [("cotech", "/networks/cotech"), ("jobs", "/groups/jobs"), ("news", "/groups/news"), ("cotech.test", "/actor")]
    {
        let response = http
            .get(instance.url("/.well-known/webfinger"))
            .query(&[("resource", format!("acct:{name}@{domain}"))])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/jrd+json");
        assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let jrd: Value = response.json().await.unwrap();
        assert_eq!(jrd["subject"], format!("acct:{name}@{domain}"));
        let actor_id = format!("http://{domain}{path}");
        let links = jrd["links"].as_array().unwrap();
        let self_link = links.iter().find(|l| l["rel"] == "self").unwrap();
        assert_eq!(self_link["type"], "application/activity+json");
        assert_eq!(self_link["href"], actor_id);
        assert!(self_link.get("template").is_none(), "no null members: {self_link}");
        assert_eq!(jrd["aliases"][0], actor_id);

        // The actor URL itself is a valid resource too.
        let by_url = http
            .get(instance.url("/.well-known/webfinger"))
            .query(&[("resource", actor_id.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(by_url.status(), StatusCode::OK);
    }

    let ask = |resource: &'static str| {
        http.get(instance.url("/.well-known/webfinger")).query(&[("resource", resource)]).send()
    };
    expect_error(ask("acct:nobody@cotech.test").await.unwrap(), StatusCode::NOT_FOUND).await;
    expect_error(ask("acct:jobs@elsewhere.test").await.unwrap(), StatusCode::NOT_FOUND).await;
    expect_error(ask("no-scheme").await.unwrap(), StatusCode::BAD_REQUEST).await;
    let missing = http.get(instance.url("/.well-known/webfinger")).send().await.unwrap();
    expect_error(missing, StatusCode::BAD_REQUEST).await;
}

async fn actor_documents(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let base = format!("http://{}", instance.domain);
    let cases = [
        ("/networks/cotech", "Group", "cotech"),
        ("/groups/jobs", "Group", "jobs"),
        ("/groups/news", "Group", "news"),
        ("/actor", "Application", "cotech.test"),
    ];
    let accepts =
        ["application/activity+json", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", "*/*"];
    for (path, kind, username) in cases {
        for accept in accepts {
            let response = http.get(instance.url(path)).header(header::ACCEPT, accept).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path} {accept}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/activity+json");
            assert_eq!(response.headers()[header::VARY], "Accept");
            let actor: Value = response.json().await.unwrap();
            let id = format!("{base}{path}");
            assert_eq!(actor["id"], id);
            assert_eq!(actor["type"], kind);
            assert_eq!(actor["preferredUsername"], username);
            let context = actor["@context"].as_array().unwrap();
            assert_eq!(context[0], "https://www.w3.org/ns/activitystreams");
            assert!(context.contains(&Value::from("https://w3id.org/security/v1")));
            assert_eq!(actor["inbox"], format!("{id}/inbox"));
            assert_eq!(actor["outbox"], format!("{id}/outbox"));
            assert_eq!(actor["followers"], format!("{id}/followers"));
            assert_eq!(actor["endpoints"]["sharedInbox"], format!("{base}/inbox"));
            let key = &actor["publicKey"];
            assert_eq!(key["id"], format!("{id}#main-key"));
            assert_eq!(key["owner"], id);
            let pem = key["publicKeyPem"].as_str().unwrap();
            assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{pem}");
            assert!(!actor.to_string().contains("PRIVATE"), "no private key in {path}");
            assert!(actor["name"].as_str().is_some_and(|n| !n.is_empty()));
            if path == "/networks/cotech" {
                assert_eq!(actor["members"], format!("{id}/members"));
            } else {
                assert!(actor.get("members").is_none());
            }
        }
        let page = http.get(instance.url(path)).header(header::ACCEPT, "text/html").send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("@{username}@{}", instance.domain)), "{html}");
    }
    // Every key is distinct.
    let mut keys = Vec::new();
    for (path, _, _) in cases {
        let actor: Value = http.get(instance.url(path)).send().await.unwrap().json().await.unwrap();
        keys.push(actor["publicKey"]["publicKeyPem"].as_str().unwrap().to_owned());
    }
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), cases.len());

    for missing in ["/networks/de", "/groups/events", "/members/nobody"] {
        expect_error(http.get(instance.url(missing)).send().await.unwrap(), StatusCode::NOT_FOUND).await;
    }
}

async fn collections_are_paged(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let base = format!("http://{}", instance.domain);
    for path in [
        "/networks/cotech/followers",
        "/networks/cotech/following",
        "/networks/cotech/outbox",
        "/networks/cotech/members",
        "/networks/cotech/inbox",
        "/groups/jobs/followers",
        "/groups/news/outbox",
        "/actor/outbox",
    ] {
        let response = http.get(instance.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/activity+json");
        let collection: Value = response.json().await.unwrap();
        assert_eq!(collection["type"], "OrderedCollection", "{path}");
        assert_eq!(collection["id"], format!("{base}{path}"));
        assert_eq!(collection["totalItems"], 0);
        let page: Value =
            http.get(instance.url(&format!("{path}?page=true"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["type"], "OrderedCollectionPage");
        assert_eq!(page["partOf"], format!("{base}{path}"));
        assert_eq!(page["orderedItems"], Value::Array(Vec::new()));
        assert!(page.get("next").is_none());
    }
    // Only the network has a member list.
    expect_error(http.get(instance.url("/groups/jobs/members")).send().await.unwrap(), StatusCode::NOT_FOUND).await;
}

async fn nodeinfo_and_host_meta(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let base = format!("http://{}", instance.domain);
    let links: Value = http.get(instance.url("/.well-known/nodeinfo")).send().await.unwrap().json().await.unwrap();
    let links = links["links"].as_array().unwrap();
    let nodeinfo_link = links.iter().find(|l| l["rel"] == "http://nodeinfo.diaspora.software/ns/schema/2.1").unwrap();
    assert_eq!(nodeinfo_link["href"], format!("{base}/nodeinfo/2.1"));
    let application = links.iter().find(|l| l["rel"] == "https://www.w3.org/ns/activitystreams#Application").unwrap();
    assert_eq!(application["href"], format!("{base}/actor"));

    let response = http.get(instance.url("/nodeinfo/2.1")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.contains("profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\""), "{content_type}");
    let info: Value = response.json().await.unwrap();
    check_nodeinfo_schema(&info);
    assert_eq!(info["software"]["name"], "coopfed");
    assert_eq!(info["software"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["usage"]["users"]["total"], 1, "the first admin");
    assert_eq!(info["metadata"]["network"], "cotech");

    let host_meta = http.get(instance.url("/.well-known/host-meta")).send().await.unwrap();
    assert!(host_meta.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/xrd+xml"));
    let xml = host_meta.text().await.unwrap();
    assert!(xml.contains(&format!("template=\"{base}/.well-known/webfinger?resource={{uri}}\"")), "{xml}");
}

/// The required members and types of the NodeInfo 2.1 schema.
fn check_nodeinfo_schema(info: &Value) {
    assert_eq!(info["version"], "2.1");
    let name = info["software"]["name"].as_str().unwrap();
    assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}");
    assert!(info["software"]["version"].is_string());
    let protocols = info["protocols"].as_array().unwrap();
    assert!(!protocols.is_empty() && protocols.contains(&Value::from("activitypub")));
    assert!(info["services"]["inbound"].is_array());
    assert!(info["services"]["outbound"].is_array());
    assert!(info["openRegistrations"].is_boolean());
    assert!(info["usage"]["users"].is_object());
    assert!(info["usage"]["users"]["total"].as_i64().is_some_and(|n| n >= 0));
    assert!(info["usage"]["localPosts"].as_i64().is_some_and(|n| n >= 0));
    assert!(info["metadata"].is_object());
    let allowed = ["version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"];
    for key in info.as_object().unwrap().keys() {
        assert!(allowed.contains(&key.as_str()), "NodeInfo 2.1 has no member `{key}`");
    }
}

async fn member_coops_are_discoverable(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let base = format!("http://{}", instance.domain);
    for (slug, name, country) in [("outlandish", "Outlandish", "GB"), ("agile-collective", "Agile Collective", "GB")] {
        let (status, stdout, stderr) = cli(
            &db,
            &instance,
            &["members", "add", slug, "--name", name, "--country", country, "--website", "https://coop.example/"],
            None,
        );
        assert_eq!(status, 0, "{stderr}");
        assert!(stdout.contains(&format!("@{slug}@cotech.test")), "{stdout}");
    }
    let (status, _, stderr) = cli(&db, &instance, &["members", "add", "jobs", "--name", "Jobs Ltd"], None);
    assert_eq!(status, 1);
    assert!(stderr.contains("slug: is reserved"), "{stderr}");
    let (status, _, stderr) = cli(&db, &instance, &["members", "add", "outlandish", "--name", "Again"], None);
    assert_eq!(status, 1);
    assert!(stderr.contains("already taken"), "{stderr}");

    let jrd: Value = http
        .get(instance.url("/.well-known/webfinger"))
        .query(&[("resource", "acct:outlandish@cotech.test")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jrd["links"][0]["href"], format!("{base}/members/outlandish"));
    let actor: Value = http
        .get(instance.url("/members/outlandish"))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["type"], "Organization");
    assert_eq!(actor["name"], "Outlandish");
    assert_eq!(actor["publicKey"]["owner"], format!("{base}/members/outlandish"));

    let members: Value = http.get(instance.url("/networks/cotech/members")).send().await.unwrap().json().await.unwrap();
    assert_eq!(members["totalItems"], 2);
    let first = members["first"].as_str().unwrap().replace(&base, &instance.base);
    let page: Value = http.get(first).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        page["orderedItems"],
        serde_json::json!([format!("{base}/members/agile-collective"), format!("{base}/members/outlandish")])
    );
    let info: Value = http.get(instance.url("/nodeinfo/2.1")).send().await.unwrap().json().await.unwrap();
    assert_eq!(info["metadata"]["memberCoops"], 2);
}

/// A co-op's actor document, WebFinger answer and offer are kept rendered
/// between changes; what another process (the command line) commits shows
/// in the very next answer (on PostgreSQL, once the notification of the
/// commit has reached the server: a moment later).
async fn kept_documents_follow_every_change(db: TestDatabase) {
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_METRICS_TOKEN".into(), "metrics-token-for-tests".into());
    let instance = TestInstance::spawn(crate::support::binary(), &db, options).await;
    let http = client();
    let kept = || async {
        let metrics = http.get(instance.url("/metrics")).bearer_auth("metrics-token-for-tests").send().await.unwrap();
        let text = metrics.text().await.unwrap();
        let line = text.lines().find(|l| l.starts_with("coopfed_kept_answers_total{outcome=\"kept\"}"));
        line.and_then(|l| l.rsplit(' ').next()).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0)
    };
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    let actor = || async {
        let response = http
            .get(instance.url("/members/outlandish"))
            .header(header::ACCEPT, "application/activity+json")
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json::<Value>().await.unwrap_or_default())
    };
    let webfinger = || async {
        let resource = format!("acct:outlandish@{}", instance.domain);
        http.get(instance.url("/.well-known/webfinger")).query(&[("resource", resource)]).send().await.unwrap()
    };
    for _ in 0..3 {
        let (status, document) = actor().await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(document["name"], "Outlandish");
        assert_eq!(webfinger().await.status(), StatusCode::OK);
    }
    let key = actor().await.1["publicKey"]["publicKeyPem"].clone();
    assert!(kept().await > 0, "the same answers were kept");
    // What another process changed: at once on SQLite, within a moment on
    // PostgreSQL.
    let soon = if db.backend() == "sqlite" { Duration::ZERO } else { Duration::from_secs(2) };

    instance.cli(&["members", "update", "outlandish", "--name", "Outlandish Co-op"], None).success();
    let document = actor_once(&instance, soon, "the new name", |d| d["name"] == "Outlandish Co-op").await;
    assert_eq!(document["publicKey"]["publicKeyPem"], key);

    instance.cli(&["keys", "rotate", "outlandish", "--grace-hours", "1"], None).success();
    actor_once(&instance, soon, "the new key", |d| d["publicKey"]["publicKeyPem"] != key).await;

    // An offer as ActivityPub and its page for a reader who is not logged in.
    let job = crate::federation::add_job(&instance, "Rust developer", false);
    let path = job.trim_start_matches(&format!("http://{}", instance.domain)).to_owned();
    let offer = |accept: &'static str| {
        let request = http.get(instance.url(&path)).header(header::ACCEPT, accept);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap_or_default())
        }
    };
    for _ in 0..3 {
        let (status, document) = offer("application/activity+json").await;
        assert_eq!(status, StatusCode::OK);
        assert!(document.contains("Rust developer"), "{document}");
        let (status, page) = offer("text/html").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Rust developer"), "{page}");
    }
    instance.cli(&["jobs", "delete", &job], None).success();
    let offer_url = instance.url(&path);
    gone_once(&offer_url, "application/activity+json", soon).await;
    gone_once(&offer_url, "text/html", soon).await;

    instance.cli(&["members", "remove", "outlandish"], None).success();
    // Gone (410) once nothing is left to deliver in its name; no partner
    // here, so at once.
    gone_once(&instance.url("/members/outlandish"), "application/activity+json", soon).await;
    let resource = format!("acct:outlandish@{}", instance.domain);
    let finger = instance.url(&format!("/.well-known/webfinger?resource={resource}"));
    gone_once(&finger, "application/jrd+json", soon).await;

    if db.backend() == "postgres" {
        // Every table but the few written on hot paths tells the web
        // processes that it changed.
        let unwatched: Vec<String> = coopfed_db::changes::UNWATCHED_TABLES.iter().map(|t| format!("'{t}'")).collect();
        let condition = format!(
            "schemaname = current_schema() AND tablename NOT IN ({}) AND NOT EXISTS (SELECT 1 FROM pg_trigger tr \
             JOIN pg_class c ON c.oid = tr.tgrelid WHERE c.relname = tablename \
             AND c.relnamespace = current_schema()::regnamespace AND tr.tgname = 'coopfed_changes')",
            unwatched.join(", ")
        );
        assert_eq!(db.count_where("pg_tables", &condition), 0, "a table without the change trigger");
    }
}

/// The actor document of `outlandish` once `check` holds of it: at the
/// first GET, or within `soon`.
async fn actor_once(instance: &TestInstance, soon: Duration, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let started = std::time::Instant::now();
    loop {
        let response = client()
            .get(instance.url("/members/outlandish"))
            .header(header::ACCEPT, "application/activity+json")
            .send()
            .await
            .unwrap();
        let ok = response.status() == StatusCode::OK;
        let document: Value = response.json().await.unwrap_or_default();
        if ok && check(&document) {
            return document;
        }
        assert!(started.elapsed() <= soon, "{what}: {document}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until `url` answers 410 (at the first GET, or within `soon`).
async fn gone_once(url: &str, accept: &str, soon: Duration) {
    let started = std::time::Instant::now();
    loop {
        let status = client().get(url).header(header::ACCEPT, accept).send().await.unwrap().status();
        if status == StatusCode::GONE {
            return;
        }
        assert!(started.elapsed() <= soon, "{url} ({accept}) answers {status}, not 410");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
