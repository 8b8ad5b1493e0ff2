//! The job offers API: who may publish, edit and withdraw what.

use coopfed_test_support::TestDatabase;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{client, editor_token, expect_error, on_both_databases, start};

on_both_databases!(
    editors_manage_their_own_co_ops_offers,
    members_and_announcements_through_the_api,
    the_taxonomy_from_the_command_line,
    searches_list_newest_first_page_by_page
);

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
    let editor = editor_token(&instance, "ed", Some("outlandish"), "a long enough password");
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

    // An admin extends the taxonomy with a category and a skill in it; editors may not.
    let category = json!({"slug": "co-operation", "labels": {"en": "Co-operation", "de": "Kooperation"}});
    let refused = call(Method::POST, "/api/v1/admin/skill-categories".into(), Some(&editor), Some(category.clone()))
        .await
        .unwrap();
    expect_error(refused, StatusCode::FORBIDDEN).await;
    let added = call(Method::POST, "/api/v1/admin/skill-categories".into(), Some(&admin), Some(category.clone()))
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let again =
        call(Method::POST, "/api/v1/admin/skill-categories".into(), Some(&admin), Some(category)).await.unwrap();
    expect_error(again, StatusCode::CONFLICT).await;
    let nameless = json!({"slug": "nameless", "labels": {"de": "Namenlos"}});
    let nameless =
        call(Method::POST, "/api/v1/admin/skill-categories".into(), Some(&admin), Some(nameless)).await.unwrap();
    expect_error(nameless, StatusCode::UNPROCESSABLE_ENTITY).await;
    let skill = json!({"slug": "cooperative-governance", "category": "co-operation",
        "labels": {"en": "Co-operative governance", "de": "Genossenschaftliche Selbstverwaltung"}, "aliases": ["coop-gov"]});
    let refused = call(Method::POST, "/api/v1/admin/skills".into(), Some(&editor), Some(skill.clone())).await.unwrap();
    expect_error(refused, StatusCode::FORBIDDEN).await;
    let added = call(Method::POST, "/api/v1/admin/skills".into(), Some(&admin), Some(skill.clone())).await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let taxonomy: Value = client().get(instance.url("/api/v1/skills")).send().await.unwrap().json().await.unwrap();
    let categories = taxonomy["categories"].as_array().unwrap();
    let ours = categories.iter().find(|c| c["slug"] == "co-operation").unwrap_or_else(|| panic!("{categories:?}"));
    assert_eq!(ours["labels"]["de"], "Kooperation", "{ours}");
    assert_eq!(ours["labels"]["fr"], "Co-operation", "missing labels default to English: {ours}");
    let again = call(Method::POST, "/api/v1/admin/skills".into(), Some(&admin), Some(skill)).await.unwrap();
    expect_error(again, StatusCode::CONFLICT).await;
    let clash = json!({"slug": "another", "category": "web", "labels": {"en": "Another"}, "aliases": ["js"]});
    let clash = call(Method::POST, "/api/v1/admin/skills".into(), Some(&admin), Some(clash)).await.unwrap();
    expect_error(clash, StatusCode::CONFLICT).await;
    let alias = json!({"add_aliases": ["k8s-ops"]});
    let changed =
        call(Method::PATCH, "/api/v1/admin/skills/kubernetes".into(), Some(&admin), Some(alias)).await.unwrap();
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let found: Value =
        client().get(instance.url("/api/v1/skills?q=k8s-ops")).send().await.unwrap().json().await.unwrap();
    assert_eq!(found["skills"][0]["slug"], "kubernetes");
    let builtin = call(Method::DELETE, "/api/v1/admin/skills/kubernetes".into(), Some(&admin), None).await.unwrap();
    expect_error(builtin, StatusCode::CONFLICT).await;

    // A full offer: skills (an alias, a German label, the new skill), salary, a translation.
    let mut full = offer("outlandish", "Django developer");
    full["skills"] = json!(["py", "Webentwicklung", "coop-gov"]);
    full["salary"] = json!({"min": 40000, "max": 48000, "currency": "GBP", "period": "year"});
    full["city"] = json!("London");
    full["country"] = json!("GB");
    full["translations"] = json!({"de": {"title": "Django-Entwickler:in", "description": "Arbeite mit uns."}});
    let created = call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(full.clone())).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let page: Value = client()
        .get(instance.url(&format!("/jobs/{}", created["id"].as_str().unwrap().rsplit('/').next().unwrap())))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["nameMap"]["en"], "Django developer");
    assert_eq!(page["nameMap"]["de"], "Django-Entwickler:in");
    assert_eq!(page["contentMap"]["de"].as_str().map(str::trim), Some("<p>Arbeite mit uns.</p>"));
    assert_eq!(page["coopfed:skills"], json!(["cooperative-governance", "python", "web-development"]));
    let found: Value = client()
        .get(instance.url("/api/v1/jobs?q=Entwickler&skill=Genossenschaftliche Selbstverwaltung"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"][0]["title"], "Django developer", "{found}");
    assert_eq!(found["items"][0]["salary"]["currency"], "GBP");
    let in_use =
        call(Method::DELETE, "/api/v1/admin/skills/cooperative-governance".into(), Some(&admin), None).await.unwrap();
    expect_error(in_use, StatusCode::CONFLICT).await;
    full["translations"] = json!({"en": {"title": "Same language"}});
    full["salary"] = json!({"min": 5, "max": 1, "currency": "GBP", "period": "fortnight"});
    let bad = call(Method::POST, "/api/v1/jobs".into(), Some(&editor), Some(full)).await.unwrap();
    let bad: Value = bad.json().await.unwrap();
    let fields: Vec<&str> =
        bad["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["salary", "translations"], "{bad}");
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
        Some(json!({
            "slug": "outlandish", "name": "Outlandish", "website": "https://outlandish.example/", "country": "GB",
            "services": ["web development", "FOSS service hosting"], "technologies": ["Django", "WordPress"],
            "skills": ["JS", "Webentwicklung"], "size": 20,
            "description": {"en": "A digital co-op in London.", "de": "Eine digitale Genossenschaft in London."}
        })),
    )
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let taken = call(
        Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"slug": "outlandish", "name": "Again", "website": "https://again.example/", "country": "GB"})),
    )
    .await
    .unwrap();
    expect_error(taken, StatusCode::CONFLICT).await;
    let bad = call(
        Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"slug": "Not A Slug", "name": "X", "country": "England", "skills": ["knitting"], "colour": "red"})),
    )
    .await
    .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["error"]["fields"][0]["field"], "colour", "{bad}");
    let bad = call(
        Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"slug": "Not A Slug", "name": "X", "country": "England", "skills": ["knitting"]})),
    )
    .await
    .unwrap();
    let bad: Value = bad.json().await.unwrap();
    let fields: Vec<&str> =
        bad["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["slug", "website", "country", "skills"], "{bad}");

    let one: Value =
        client().get(instance.url("/api/v1/members/outlandish")).send().await.unwrap().json().await.unwrap();
    assert_eq!(one["skills"], json!(["javascript", "web-development"]));
    assert_eq!(one["summary_lang"], "en");
    assert_eq!(one["summaries"]["de"], "Eine digitale Genossenschaft in London.");
    for (query, found) in [
        ("service=hosting", 1),
        ("service=accounting", 0),
        ("technology=djan", 1),
        ("technology=hosting", 0),
        ("q=Genossenschaft", 1),
    ] {
        let listed: Value =
            client().get(instance.url(&format!("/api/v1/members?{query}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["items"].as_array().unwrap().len(), found, "{query}");
    }
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
        Some(json!({"name": "Outlandish Co-op", "city": "London", "website": "https://outlandish.example/", "country": "GB"})),
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
    let posted: Value = posted.json().await.unwrap();
    let path_of = |id: &Value| -> String {
        let id = id.as_str().unwrap();
        id[id.find("/announcements/").unwrap()..].to_owned()
    };
    let news_path = path_of(&posted["id"]);
    let as_json = |path: String| client().get(instance.url(&path)).header("accept", "application/activity+json").send();
    let article: Value = as_json(news_path.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(article["type"], "Article", "{article}");
    assert_eq!(article["id"], posted["id"]);
    assert!(article["content"].as_str().unwrap().contains("<strong>join</strong>"), "Markdown rendered: {article}");
    assert!(article["attributedTo"].as_str().unwrap().ends_with("/members/outlandish"), "{article}");
    let page = client().get(instance.url(&news_path)).header("accept", "text/html").send().await;
    let page = page.unwrap().text().await.unwrap();
    assert!(page.contains(">We are hiring</h1>"), "{page}");
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
    let event: Value = event.json().await.unwrap();
    let event_path = path_of(&event["id"]);
    let event: Value = as_json(event_path).await.unwrap().json().await.unwrap();
    assert_eq!(event["type"], "Event", "{event}");
    assert_eq!(event["name"], "Open day", "{event}");
    assert_eq!(event["timezone"], "Europe/London", "{event}");
    assert!(event["startTime"].as_str().unwrap().starts_with("2099-05-01T"), "{event}");
    let listing: Value =
        client().get(instance.url("/api/v1/announcements")).send().await.unwrap().json().await.unwrap();
    let items = listing["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().any(|i| i["starts_at"] == "2099-05-01T09:00:00Z"));
    // One at a time, newest first, by the `next` cursor, until there is none.
    let mut paged = Vec::new();
    let mut url = "/api/v1/announcements?limit=1".to_owned();
    loop {
        let page: Value = client().get(instance.url(&url)).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
        paged.push(page["items"][0]["id"].clone());
        match page["next"].as_str() {
            Some(next) => url = format!("/api/v1/announcements?limit=1&before={next}"),
            None => break,
        }
    }
    let ids: Vec<Value> = items.iter().map(|i| i["id"].clone()).collect();
    assert_eq!(paged, ids);
    let titles: Vec<&str> = items.iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(titles, ["Open day", "Network news", "We are hiring"], "newest first");
    let actor_document =
        || client().get(instance.url("/members/outlandish")).header("accept", "application/activity+json").send();
    let before: Value = actor_document().await.unwrap().json().await.unwrap();
    let gone = call(Method::DELETE, "/api/v1/members/outlandish", &admin, None).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    // Nothing is left to deliver in its name: the co-op's actor has gone.
    let tombstone = actor_document().await.unwrap();
    assert_eq!(tombstone.status(), StatusCode::GONE);
    let tombstone: Value = tombstone.json().await.unwrap();
    assert_eq!(tombstone["type"], "Tombstone", "{tombstone}");
    let finger = client().get(instance.url("/.well-known/webfinger?resource=acct:outlandish@cotech.test")).send();
    assert_eq!(finger.await.unwrap().status(), StatusCode::GONE);
    // Added again, it rejoins with the same actor and key.
    let back = call(
        Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"slug": "outlandish", "name": "Outlandish",
        "website": "https://outlandish.example/", "country": "GB"})),
    )
    .await
    .unwrap();
    assert_eq!(back.status(), StatusCode::CREATED);
    let after: Value = actor_document().await.unwrap().json().await.unwrap();
    assert_eq!(after["publicKey"], before["publicKey"]);
    assert_eq!(after["name"], "Outlandish");
}

/// `coopfed skills`: the taxonomy listed and extended from the command line,
/// with the admin API's rules.
async fn the_taxonomy_from_the_command_line(db: TestDatabase) {
    let instance = start(&db).await;
    let list = |args: &[&str]| instance.cli(&[&["skills", "list"][..], args].concat(), None).success().stdout;
    let web = list(&["--category", "web"]);
    assert!(web.contains("web-development") && web.contains("Webentwicklung") && !web.contains("kubernetes"), "{web}");
    instance.cli(&["skills", "add-category", "co-operation", "--label", "en=Co-operation"], None).success();
    let added = instance.cli(
        &[
            "skills",
            "add",
            "sociocracy",
            "--category",
            "co-operation",
            "--label",
            "en=Sociocracy",
            "--label",
            "de=Soziokratie",
            "--alias",
            "dynamic governance",
        ],
        None,
    );
    assert!(added.success().stdout.contains("Added the skill sociocracy."));
    let ours = list(&["--category", "co-operation"]);
    assert!(
        ours.contains("Sociocracy / Soziokratie / Sociocracy / Sociocracy") && ours.contains("dynamic governance"),
        "{ours}"
    );
    // The rules hold: a clash, a bad label language, a built-in skill's removal.
    let clash =
        instance.cli(&["skills", "add", "k8s-again", "--category", "web", "--label", "en=K8s", "--alias", "k8s"], None);
    assert_ne!(clash.status, Some(0));
    assert!(clash.stderr.contains("k8s"), "{}", clash.stderr);
    let bad = instance.cli(&["skills", "add", "x", "--category", "web", "--label", "xx=Nope"], None);
    assert_ne!(bad.status, Some(0));
    let builtin = instance.cli(&["skills", "remove", "rust"], None);
    assert_ne!(builtin.status, Some(0));
    instance.cli(&["skills", "change", "sociocracy", "--add-alias", "consent decision-making"], None).success();
    assert!(list(&[]).contains("consent decision-making"));
    instance.cli(&["skills", "remove", "sociocracy"], None).success();
    assert!(!list(&[]).contains("sociocracy"));
    let unknown = instance.cli(&["skills", "list", "--category", "knitting"], None);
    assert!(unknown.stderr.contains("no category `knitting`"), "{}", unknown.stderr);
}

/// Every way a search walks the offers (newest first through the offers, a
/// skill's index, the full-text index, or both with the rarer one walked)
/// lists the same offers in the same order, page by page, also after an older
/// offer was edited.
async fn searches_list_newest_first_page_by_page(db: TestDatabase) {
    let instance = start(&db).await;
    let admin = instance.printed("API token:").unwrap();
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    let post = |body: Value| client().post(instance.url("/api/v1/jobs")).bearer_auth(&admin).json(&body).send();
    // Offers 0..12: every one is a developer offer, every other one asks for
    // Rust, every third one is also a gardener offer.
    let mut ids = Vec::new();
    for n in 0..12 {
        let mut body = offer("outlandish", &format!("Developer {n}"));
        if n % 3 == 0 {
            body["title"] = json!(format!("Developer and gardener {n}"));
        }
        body["skills"] = if n % 2 == 0 { json!(["rust"]) } else { json!(["python"]) };
        let created = post(body).await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        ids.push(created["id"].as_str().unwrap().rsplit('/').next().unwrap().to_owned());
    }
    // Editing an older offer keeps its place.
    let mut body = offer("outlandish", "Developer and gardener 3");
    body["skills"] = json!(["python"]);
    let edited = client()
        .put(instance.url(&format!("/api/v1/jobs/{}", ids[3])))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::OK);

    let titles_of = |numbers: &[usize]| -> Vec<String> {
        numbers
            .iter()
            .rev()
            .map(|n| if n % 3 == 0 { format!("Developer and gardener {n}") } else { format!("Developer {n}") })
            .collect()
    };
    let all: Vec<usize> = (0..12).collect();
    let rust: Vec<usize> = (0..12).filter(|n| n % 2 == 0).collect();
    let gardeners: Vec<usize> = (0..12).filter(|n| n % 3 == 0).collect();
    let rust_gardeners: Vec<usize> = (0..12).filter(|n| n % 6 == 0).collect();
    for (query, expected) in [
        ("", titles_of(&all)),
        ("skill=rust", titles_of(&rust)),
        ("q=develop", titles_of(&all)),
        ("q=gardener", titles_of(&gardeners)),
        ("q=developer&skill=rust", titles_of(&rust)),
        ("q=gardener&skill=rust", titles_of(&rust_gardeners)),
        ("q=developer+gardener&skill=python", titles_of(&[3, 9])),
    ] {
        let mut titles = Vec::new();
        let mut before: Option<String> = None;
        for _ in 0..20 {
            let mut url = format!("/api/v1/jobs?limit=2&{query}");
            if let Some(before) = &before {
                url.push_str(&format!("&before={before}"));
            }
            let page: Value = client().get(instance.url(&url)).send().await.unwrap().json().await.unwrap();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2, "{query}: {page}");
            titles.extend(items.iter().map(|j| j["title"].as_str().unwrap().to_owned()));
            match page["next"].as_str() {
                Some(next) => before = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(titles, expected, "{query}");
    }
    // The board's next page keeps the filters and the page size.
    let board = client().get(instance.url("/jobs?q=developer&limit=5")).send().await.unwrap().text().await.unwrap();
    let next = board.split(r#"rel="next" href=""#).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default();
    assert!(next.contains("q=developer") && next.contains("limit=5") && next.contains("before="), "{next}");
}
