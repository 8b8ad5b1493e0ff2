//! Importing job offers: every fixture file, re-imports, hostile files, and
//! offers published to all partner networks.

use std::time::Duration;

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance, free_port, wait_for};
use serde_json::Value;

use crate::support::{binary, client, fixture, job_pages, on_both_databases};

on_both_databases!(
    job_offers_import_and_reimport,
    imported_offers_reach_partners,
    feeds_of_jobs_news_and_events,
    a_skill_and_words_page_through_many_offers
);

fn options(network: &str, language: &str) -> InstanceOptions {
    let mut options = InstanceOptions::network(network);
    options.env.insert("COOPFED_LANGUAGE".into(), language.into());
    // The fixtures are written for this day.
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    options
}

async fn jobs(instance: &TestInstance, query: &str) -> Vec<Value> {
    let page: Value =
        client().get(instance.url(&format!("/api/v1/jobs{query}"))).send().await.unwrap().json().await.unwrap();
    page["items"].as_array().cloned().unwrap_or_default()
}

async fn job_offers_import_and_reimport(db: TestDatabase) {
    for (network, language) in [("cotech", "en"), ("de", "de"), ("nl", "nl"), ("fr", "fr")] {
        let own = db.sibling();
        let instance = TestInstance::spawn(binary(), &own, options(network, language)).await;
        instance.cli(&["import", "members", &fixture(&format!("members/{network}.yaml"))], None).success();
        let file = fixture(&format!("jobs/{network}.yaml"));
        let out = instance.cli(&["import", "jobs", "--dry-run", &file], None).success().stdout;
        assert!(out.contains("10 valid job offers, 0 with errors; dry run"), "{out}");
        assert_eq!(own.count("job_offers"), 0);
        let out = instance.cli(&["import", "jobs", &file], None).success().stdout;
        assert!(out.contains("(10 created, 0 updated)"), "{out}");
        let out = instance.cli(&["import", "jobs", &file], None).success().stdout;
        assert!(out.contains("(0 created, 10 updated)"), "{out}");
        assert_eq!(own.count("job_offers"), 10);
        if own.backend() == "sqlite" {
            // One full-text row per offer: written with the batch, rewritten in place.
            assert_eq!((own.count("job_search"), own.count("job_search_rows")), (10, 10));
        }
        // Three offers per network have expired: they leave the listing, not the database.
        assert_eq!(jobs(&instance, "").await.len(), 7, "{network}");
        assert_eq!(jobs(&instance, "?include_expired=true").await.len(), 10, "{network}");
        if network == "nl" {
            // Full-text search: every word must occur, prefixes match, query syntax is inert.
            let titles = |found: Vec<Value>| -> Vec<String> {
                found.iter().filter_map(|j| j["title"].as_str().map(str::to_owned)).collect()
            };
            assert!(jobs(&instance, "?q=rust").await.is_empty(), "the Rust offer has expired");
            let rust = titles(jobs(&instance, "?q=rust&include_expired=true").await);
            assert_eq!(rust, ["Embedded Rust developer (port logistics)"], "{rust:?}");
            assert_eq!(
                titles(jobs(&instance, "?q=WCAG%20audits").await),
                ["Toegankelijkheidsspecialist (WCAG-audits)"]
            );
            assert!(!jobs(&instance, "?q=toegankelijk").await.is_empty(), "prefixes match");
            assert!(jobs(&instance, "?q=rust%20wcag").await.is_empty(), "all words must occur");
            // PostgreSQL also matches titles by trigrams (pg_trgm): a word
            // inside another, or misspelt. SQLite matches word prefixes only.
            let wcag = ["Toegankelijkheidsspecialist (WCAG-audits)"];
            for query in ["?q=specialist", "?q=toegankelijkheidspecialist"] {
                let found = titles(jobs(&instance, query).await);
                if own.backend() == "postgres" {
                    assert_eq!(found, wcag, "{query}");
                } else {
                    assert!(found.is_empty(), "{query}: {found:?}");
                }
            }
            assert!(jobs(&instance, "?q=%22%3B%20DROP%20TABLE%20job_offers%3B%20--").await.is_empty());
            assert_eq!(jobs(&instance, "?q=rust&remote=false&include_expired=true").await.len(), 1);
            assert!(
                jobs(&instance, "?q=rust&remote=true&include_expired=true").await.is_empty(),
                "search combines with filters"
            );
            let all = jobs(&instance, "?include_expired=true").await;
            let audit = all.iter().find(|j| j["title"] == "Toegankelijkheidsspecialist (WCAG-audits)").unwrap();
            assert_eq!(audit["salary"]["min"], 3900.0);
            assert_eq!(audit["salary"]["currency"], "EUR");
            assert_eq!(audit["salary"]["period"], "month");
            assert!(audit["skills"].as_array().unwrap().contains(&Value::from("accessibility-audits")));
            assert_eq!(audit["city"], "Utrecht");
            // Expired the day before the reference date: not listed.
            assert!(
                !jobs(&instance, "")
                    .await
                    .iter()
                    .any(|j| j["title"].as_str().unwrap_or_default().contains("Kubernetes"))
            );
        }
        if network == "fr" {
            // Accents do not matter, on either database, in the text or the query.
            let symfony = ["Développeur·se Symfony / API Platform"];
            for query in ["?q=developpeur%20symfony", "?q=D%C3%89VELOPPEUR%20symfony"] {
                let found: Vec<Value> = jobs(&instance, query).await;
                let titles: Vec<&str> = found.iter().filter_map(|j| j["title"].as_str()).collect();
                // PostgreSQL's trigrams also find "développement" for "développeur".
                assert!(titles.contains(&symfony[0]), "{query}: {titles:?}");
                if own.backend() == "sqlite" {
                    assert_eq!(titles, symfony, "{query}");
                }
            }
        }
        // Filters narrow the listing; bad values are refused with the field named.
        let all = jobs(&instance, "").await;
        let remote = jobs(&instance, "?remote=true").await;
        assert_eq!(remote.len(), all.iter().filter(|j| j["remote"] == true).count(), "{network}");
        let full_time = jobs(&instance, "?employment_type=full_time").await;
        assert!(full_time.iter().all(|j| j["employment_type"] == "full_time") && !full_time.is_empty());
        let bad = client().get(instance.url("/api/v1/jobs?employment_type=gig")).send().await.unwrap();
        assert_eq!(crate::support::expect_error(bad, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
        // Keyset pages: every offer once, in order, until there is no `next`.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let query = match &cursor {
                Some(before) => format!("/api/v1/jobs?limit=3&before={before}"),
                None => "/api/v1/jobs?limit=3".to_owned(),
            };
            let page: Value = client().get(instance.url(&query)).send().await.unwrap().json().await.unwrap();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 3);
            seen.extend(items.iter().map(|j| j["id"].as_str().unwrap().to_owned()));
            match page["next"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        let listed: Vec<String> = all.iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(seen, listed, "{network}: pages add up to the whole listing");
        if network == "cotech" {
            // Still open on its last day.
            assert!(
                jobs(&instance, "")
                    .await
                    .iter()
                    .any(|j| j["title"].as_str().unwrap_or_default().contains("UX researcher"))
            );
        }
    }

    // Hostile job files: clear errors, nothing stored.
    let own = db.sibling();
    let instance = TestInstance::spawn(binary(), &own, options("nl", "nl")).await;
    instance.cli(&["import", "members", &fixture("members/nl.yaml")], None).success();
    let cases: &[(&str, &[&str])] = &[
        (
            "hostile/job_bad_urls.yaml",
            &["record 1 (line 12): apply_url", "record 3 (line 46): apply_email", "record 4 (line 63): apply_url"],
        ),
        ("hostile/job_long_title.yaml", &["title: is too long"]),
        ("hostile/job_valid_through_before_posted.yaml", &["valid_through: must not be before posted"]),
        ("hostile/job_unknown_skill.yaml", &["unknown skill `not-a-real-skill`, \"\""]),
        (
            "hostile/job_wrong_types.yaml",
            &[
                "member: no member co-op `no-such-member`",
                "employment_type",
                "remote: must be true or false",
                "salary:",
                "posted: `2026-02-30`",
            ],
        ),
    ];
    for (file, expected) in cases {
        let output = instance.cli(&["import", "jobs", &fixture(file)], None);
        assert_eq!(output.status, Some(1), "{file}");
        for text in *expected {
            assert!(output.stderr.contains(text), "{file}: missing `{text}` in\n{}", output.stderr);
        }
        assert_eq!(own.count("job_offers"), 0, "{file}");
    }
    // Hostile markup is stored escaped: no tag survives as markup.
    instance.cli(&["import", "jobs", &fixture("hostile/job_xss.yaml")], None).success();
    let listed = jobs(&instance, "?include_expired=true").await;
    let id = listed[0]["id"].as_str().unwrap().replace("http://nl.test", "");
    let page =
        client().get(instance.url(&id)).header("accept", "text/html").send().await.unwrap().text().await.unwrap();
    // Every tag of the input shows as text (`&lt;…`), none as markup.
    for bad in ["<script", "<iframe", "<svg", "<img", "<a href=\"javascript:", "style=\""] {
        assert!(!page.to_lowercase().contains(bad), "`{bad}` in\n{page}");
    }
}

async fn imported_offers_reach_partners(db: TestDatabase) {
    let (nl_port, cotech_port) = (free_port(), free_port());
    let resolve = format!("nl.test=127.0.0.1:{nl_port},cotech.test=127.0.0.1:{cotech_port}");
    let mut nl_options = options("nl", "nl");
    nl_options.bind = Some(format!("127.0.0.1:{nl_port}"));
    nl_options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.clone());
    let mut cotech_options = options("cotech", "en");
    cotech_options.bind = Some(format!("127.0.0.1:{cotech_port}"));
    cotech_options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve);
    let cotech_db = db.sibling();
    let nl = TestInstance::spawn(binary(), &db, nl_options).await;
    let cotech = TestInstance::spawn(binary(), &cotech_db, cotech_options).await;
    nl.cli(&["follow", "@cotech@cotech.test"], None).success();
    cotech.cli(&["follow", "@nl@nl.test"], None).success();
    let both = [&nl, &cotech];
    wait_for(&both, "nl and cotech to be partners", Duration::from_secs(30), || async {
        let rows = nl.cli(&["follows"], None).success().stdout;
        (rows.lines().filter(|l| l.split_whitespace().nth(3) == Some("yes")).count() == 2).then_some(())
    })
    .await;
    nl.cli(&["import", "members", &fixture("members/nl.yaml")], None).success();
    nl.cli(&["import", "jobs", &fixture("jobs/nl.yaml")], None).success();
    // Two offers are published to all; one of them has expired.
    let arrived = wait_for(&both, "nl's offers published to all on cotech", Duration::from_secs(30), || async {
        let listed = jobs(&cotech, "?include_expired=true").await;
        (listed.len() == 2).then_some(listed)
    })
    .await;
    assert!(arrived.iter().all(|j| j["network"]["domain"] == "nl.test" && j["local"] == false));
    let open = jobs(&cotech, "").await;
    assert_eq!(open.len(), 1, "the expired one is not listed");
    let job = &open[0];
    assert_eq!(job["title"], "Toegankelijkheidsspecialist (WCAG-audits)");
    assert_eq!(job["salary"]["max"], 4800.0);
    assert!(job["skills"].as_array().unwrap().contains(&Value::from("accessibility")), "{job}");
    assert_eq!(job["provenance"], serde_json::json!(["http://cotech.test/groups/jobs"]));

    // Found on the partner by a skill named in another language, or by an alias.
    for skill in ["Barrierefreies%20Design%20%26%20Entwicklung", "a11y", "accessibility-audits"] {
        assert_eq!(jobs(&cotech, &format!("?skill={skill}")).await.len(), 1, "{skill}");
    }
    assert!(jobs(&cotech, "?skill=rust").await.is_empty());
    assert_eq!(jobs(&cotech, "?network=nl.test&country=NL").await.len(), 1);
    assert!(jobs(&cotech, "?network=cotech.test").await.is_empty());
    let unknown = client().get(cotech.url("/api/v1/jobs?skill=underwater-basket-weaving")).send().await.unwrap();
    assert_eq!(crate::support::expect_error(unknown, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
}

async fn feeds_of_jobs_news_and_events(db: TestDatabase) {
    let instance = TestInstance::spawn(binary(), &db, options("cotech", "en")).await;
    for (kind, file) in [
        ("members", "members/cotech.yaml"),
        ("jobs", "jobs/cotech.yaml"),
        ("announcements", "announcements/cotech.yaml"),
    ] {
        instance.cli(&["import", kind, &fixture(file)], None).success();
    }
    let get = |path: &'static str| client().get(instance.url(path)).send();
    let atom = get("/feeds/jobs.atom").await.unwrap();
    assert_eq!(atom.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let atom = atom.text().await.unwrap();
    assert!(
        atom.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert_eq!(atom.matches("<entry>").count(), 7, "open offers only");
    assert_eq!(atom.matches("<entry>").count(), atom.matches("</entry>").count());
    assert!(atom.contains("<id>http://cotech.test/feeds/jobs.atom</id>"));
    let filtered = get("/feeds/jobs.atom?employment_type=full_time").await.unwrap().text().await.unwrap();
    let filtered_entries = filtered.matches("<entry>").count();
    assert!(filtered_entries > 0 && filtered_entries < 7, "the feed takes the listing's filters: {filtered_entries}");
    let news = get("/feeds/news.atom").await.unwrap().text().await.unwrap();
    assert_eq!(news.matches("<entry>").count(), 2);
    let local_only = get("/feeds/news.atom?local=true").await.unwrap().text().await.unwrap();
    assert_eq!(local_only.matches("<entry>").count(), 2);
    // The news and event feeds take the listing's filters too.
    let by_skill = get("/feeds/news.atom?skill=Drupal").await.unwrap().text().await.unwrap();
    assert_eq!(by_skill.matches("<entry>").count(), 1, "{by_skill}");
    let by_words = get("/feeds/news.atom?q=infrastructure%20fund").await.unwrap().text().await.unwrap();
    assert_eq!(by_words.matches("<entry>").count(), 1, "{by_words}");
    let rust_events = get("/feeds/events.ics?skill=rust").await.unwrap().text().await.unwrap();
    assert_eq!(rust_events.matches("BEGIN:VEVENT").count(), 1);
    let bad = get("/feeds/events.ics?language=klingon").await.unwrap();
    assert_eq!(crate::support::expect_error(bad, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    let listing: serde_json::Value =
        get("/api/v1/announcements?kind=event&q=hack").await.unwrap().json().await.unwrap();
    assert_eq!(listing["items"].as_array().map(Vec::len), Some(1), "{listing}");
    let ics = get("/feeds/events.ics").await.unwrap();
    assert_eq!(ics.headers()["content-type"], "text/calendar; charset=utf-8");
    let ics = ics.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("DTSTART:20261024T090000Z\r\n"), "the hack weekend, in UTC:\n{ics}");
    assert!(ics.split("\r\n").all(|line| line.len() <= 75), "lines are folded");
    assert!(!ics.contains('\n') || ics.replace("\r\n", "").find('\n').is_none(), "CRLF line endings");
}

/// Enough offers with one skill that a search by the skill and a word walks
/// the skill's newest entries in windows (on SQLite): every page holds the
/// newest matches after the cursor, in order, whether a window fills the
/// page or not, and the pages end.
async fn a_skill_and_words_page_through_many_offers(db: TestDatabase) {
    let instance = TestInstance::spawn(binary(), &db, options("cotech", "en")).await;
    let dir = tempfile::tempdir().unwrap();
    let member = serde_json::json!({"type": "member", "network": "cotech", "slug": "many", "name": "Many Offers",
                                    "website": "https://many.example", "country": "FR"});
    let members = dir.path().join("members.jsonl");
    std::fs::write(&members, format!("{member}\n")).unwrap();
    instance.cli(&["import", "members", members.to_str().unwrap()], None).success();
    let title = |i: usize| match (i % 4, i % 9) {
        (0, _) => format!("Developer {i}"),
        (_, 1) => format!("Tester {i}"),
        _ => format!("Designer {i}"),
    };
    let in_france = |i: usize| i % 5 == 0;
    let offers: Vec<String> = (0..2600)
        .map(|i| {
            let country = if in_france(i) { "FR" } else { "BE" };
            serde_json::json!({"type": "job", "id": format!("o-{i}"), "member": "many", "title": title(i),
                               "summary": "Work in a co-op.", "description": "Work in a co-op.", "lang": "en",
                               "employment_type": "full_time", "location": {"city": "Lille", "country": country},
                               "remote": false, "skills": ["ocaml"], "posted": "2026-11-20",
                               "valid_through": "2027-01-31", "apply_url": "https://many.example/jobs"})
            .to_string()
        })
        .collect();
    let jobs_file = dir.path().join("jobs.jsonl");
    std::fs::write(&jobs_file, offers.join("\n")).unwrap();
    let out = instance.cli(&["import", "jobs", jobs_file.to_str().unwrap()], None).success().stdout;
    assert!(out.contains("(2600 created, 0 updated)"), "{out}");

    // Every page of a search, in order: the offers' titles.
    let pages = |query: String| {
        let instance = &instance;
        async move {
            let items = job_pages(instance, &query).await;
            items.iter().map(|j| j["title"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    // Newest first (imported in parallel batches on PostgreSQL, so not
    // always in the file's order).
    let all = pages("skill=ocaml".to_owned()).await;
    assert_eq!(all.len(), 2600);
    // A developer in France is one offer in 20 (the newest 2,000 hold more
    // than a page), a tester one in 60 (they hold less).
    for (word, kind) in [("develop", "Developer"), ("test", "Tester")] {
        let expected: Vec<&String> = all
            .iter()
            .filter(|t| t.starts_with(kind))
            .filter(|t| in_france(t.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap()))
            .collect();
        let found = pages(format!("q={word}&skill=ocaml&country=FR")).await;
        assert_eq!(found.iter().collect::<Vec<_>>(), expected, "{word}");
    }
}
