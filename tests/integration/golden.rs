//! What coopfed sends, as golden files: every kind of document, produced by
//! a real instance for a follower, with the parts that change from run to run
//! (ids, times, keys) replaced by placeholders, compared with
//! `tests/fixtures/activitypub/coopfed/` and parsed back with our own readers.
//! Partners run older versions: a change of the wire format must show up
//! here as a deliberate diff. `COOPFED_UPDATE_GOLDEN=1` rewrites the files.

use std::{path::PathBuf, time::Duration};

use coopfed_federation::{
    objects::{announcement_from_object, job_from_page},
    protocol::activities::Incoming,
    remote::actor_from_document,
    values::{id_of, type_of},
};
use coopfed_test_support::{FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance, wait_until};
use reqwest::{StatusCode, header};
use serde_json::Value;
use url::Url;

use crate::support::{binary, client, follow_from, on_both_databases, post};

on_both_databases!(what_we_send_matches_the_golden_files);

const MEMBERS: &str = r#"network: cotech
members:
  - slug: outlandish
    name: Outlandish
    website: https://outlandish.example/
    country: GB
    city: London
    languages: [en, fr]
    legal_form: LLP
    size: 24
    founded: 2010
    services: [web development, data]
    technologies: [WordPress, Rust]
    sectors: [charities-ngos]
    skills: [rust, postgresql]
    contact_email: hello@outlandish.example
    description: {en: "A worker-owned digital agency.", fr: "Une agence numérique coopérative."}
"#;

const JOBS: &str = r#"network: cotech
jobs:
  - id: golden-rust-developer
    member: outlandish
    title: Rust developer
    summary: "Build federated tools with us & others."
    description: |
      We build tools for co-ops.

      - Rust
      - PostgreSQL
    lang: en
    translations: {fr: {title: Développeuse Rust, summary: "Construire des outils fédérés.", description: Nous construisons des outils.}}
    employment_type: contract
    location: {city: London, country: GB}
    remote: true
    salary: {min: 40000, max: 48000, currency: GBP, period: year}
    skills: [rust, postgresql]
    languages: [en]
    posted: 2026-11-20
    valid_through: 2026-12-31
    apply_url: https://outlandish.example/jobs/rust
    apply_email: jobs@outlandish.example
"#;

const ANNOUNCEMENTS: &str = r#"network: cotech
announcements:
  - id: golden-news
    kind: news
    category: funding
    author: outlandish
    title: A fund for shared tools
    summary: "Apply before January."
    content: |
      The network sets money aside for shared tools.
    lang: en
    published: 2026-11-21T09:00:00+00:00
    translations:
      de:
        title: Ein Fonds für gemeinsame Werkzeuge
        content: Das Netzwerk legt Geld für gemeinsame Werkzeuge zurück.
  - id: golden-event
    kind: event
    category: meetup
    author: outlandish
    title: Winter meetup
    content: |
      Talks and food.
    lang: en
    published: 2026-11-22T09:00:00+00:00
    start: 2027-01-29T18:00:00+00:00
    end: 2027-01-29T21:00:00+00:00
    timezone: Europe/London
    location: {name: Community hall, city: Sheffield, country: GB}
    online_url: https://meet.outlandish.example/winter
"#;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/activitypub/coopfed")
}

/// Is `s` a UUID (8-4-4-4-12 hex digits)?
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

/// The time of the run: the document's times in it are the run's, the others
/// come from the input.
type Run = std::ops::RangeInclusive<chrono::DateTime<chrono::Utc>>;

/// The document with what changes from run to run replaced: UUIDs by
/// `{uuid}`, times within the run by `{now}`, keys by `{public key}`.
fn normalise(value: &Value, run: &Run) -> Value {
    match value {
        Value::String(s) => {
            let mut out = String::with_capacity(s.len());
            let mut rest = s.as_str();
            while !rest.is_empty() {
                if rest.len() >= 36 && rest.is_char_boundary(36) && is_uuid(&rest[..36]) {
                    out.push_str("{uuid}");
                    rest = &rest[36..];
                } else {
                    let c = rest.chars().next().unwrap_or_default();
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            if chrono::DateTime::parse_from_rfc3339(&out).is_ok_and(|t| run.contains(&t.to_utc())) {
                return Value::String("{now}".into());
            }
            if out.starts_with("-----BEGIN PUBLIC KEY-----") {
                return Value::String("{public key}".into());
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| normalise(v, run)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v, run))).collect()),
        other => other.clone(),
    }
}

/// Compares `document` (normalised) with the golden file `name`, or writes it.
fn check_golden(name: &str, document: &Value, run: &Run, mismatches: &mut Vec<String>) {
    let normal = normalise(document, run);
    let text = serde_json::to_string_pretty(&normal).unwrap() + "\n";
    let path = golden_dir().join(name);
    if std::env::var_os("COOPFED_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != text {
        mismatches.push(format!("{name}:\n--- expected\n{expected}\n--- sent\n{text}"));
    }
}

async fn activity_json(instance: &TestInstance, path: &str) -> Value {
    let response =
        client().get(instance.url(path)).header(header::ACCEPT, "application/activity+json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// Waits for the first activity `alice` received that `matches`.
async fn received(fans: &FakeRemote, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
    wait_until(what, Duration::from_secs(30), || async { fans.received().into_iter().find(|a| matches(a)) }).await
}

fn is(kind: &str, object_kind: &str) -> impl Fn(&Value) -> bool {
    let (kind, object_kind) = (kind.to_owned(), object_kind.to_owned());
    move |a: &Value| {
        a["type"] == kind.as_str() && (object_kind.is_empty() || a["object"]["type"] == object_kind.as_str())
    }
}

async fn what_we_send_matches_the_golden_files(db: TestDatabase) {
    let started = chrono::Utc::now() - chrono::Duration::seconds(1);
    let fans = FakeRemote::start_with_options("fans.test", &["alice", "net"], FakeOptions::default()).await;
    // `net` is another network: under the review policy its follow waits for an admin.
    fans.set_actor_fields("net", serde_json::json!({ "type": "Group", "name": "Another network" }));
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_PARTNER_POLICY".into(), "review".into());
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), fans.resolve_entry());
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let follow_as = |who: &'static str, id: &str, target: &str| {
        let body = follow_from(&fans, who, id, &format!("http://cotech.test{target}"));
        let inbox = format!("{target}/inbox");
        let headers = fans.sign(who, "POST", &inbox, "cotech.test", Some(&body));
        let instance = &instance;
        async move { assert_eq!(post(instance, &inbox, body, &headers).await.status(), StatusCode::ACCEPTED) }
    };
    let follow = |id: &str, target: &str| follow_as("alice", id, target);
    let mut sent: Vec<(&str, Value)> = Vec::new();

    // alice follows the network and its streams; each Accept names her Follow.
    for (id, target) in [("f-network", "/networks/cotech"), ("f-jobs", "/groups/jobs"), ("f-news", "/groups/news")] {
        follow(id, target).await;
    }
    wait_until("three Accepts", Duration::from_secs(30), || async {
        (fans.received().iter().filter(|a| a["type"] == "Accept").count() == 3).then_some(())
    })
    .await;
    // The Accepts arrive in any order; the network's is the golden one.
    let of_network = |a: &Value| a["type"] == "Accept" && a["object"]["id"] == "http://fans.test/activities/f-network";
    sent.push(("accept.json", received(&fans, "the network's Accept", of_network).await));

    // The other network's follow is rejected by the admin.
    follow_as("net", "f-net", "/networks/cotech").await;
    let net = fans.actor_id("net");
    wait_until("the pending request", Duration::from_secs(30), || async {
        instance.cli(&["follows"], None).success().stdout.contains("pending").then_some(())
    })
    .await;
    instance.cli(&["follows", "reject", &net], None).success();
    sent.push(("reject.json", received(&fans, "the Reject", is("Reject", "Follow")).await));

    instance.cli(&["import", "members", &write("members.yaml", MEMBERS)], None).success();
    sent.push(("add_organization.json", received(&fans, "the Add", is("Add", "Organization")).await));
    follow("f-coop", "/members/outlandish").await;
    wait_until("the co-op's Accept", Duration::from_secs(30), || async {
        (fans.received().iter().filter(|a| a["type"] == "Accept").count() == 4).then_some(())
    })
    .await;

    instance.cli(&["import", "jobs", &write("jobs.yaml", JOBS)], None).success();
    let create = received(&fans, "the Create of the offer", is("Create", "Page")).await;
    sent.push(("page.json", create["object"].clone()));
    sent.push(("create_page.json", create.clone()));
    let announced = |a: &Value| a["type"] == "Announce" && a["object"]["type"] == "Create";
    sent.push(("announce_activity.json", received(&fans, "the group's Announce", announced).await));
    let create_id = create["object"]["id"].as_str().unwrap().to_owned();
    let boost = move |a: &Value| a["type"] == "Announce" && a["object"] == create_id.as_str();
    sent.push(("announce_object.json", received(&fans, "the group's Announce of the Page", boost).await));

    instance.cli(&["import", "announcements", &write("news.yaml", ANNOUNCEMENTS)], None).success();
    let article = received(&fans, "the Create of the news", is("Create", "Article")).await;
    sent.push(("article.json", article["object"].clone()));
    let event = received(&fans, "the Create of the event", is("Create", "Event")).await;
    sent.push(("event.json", event["object"].clone()));

    let changed = JOBS.replace("title: Rust developer", "title: Senior Rust developer");
    instance.cli(&["import", "jobs", &write("jobs.yaml", &changed)], None).success();
    sent.push(("update_page.json", received(&fans, "the Update of the offer", is("Update", "Page")).await));
    let job_id = create["object"]["id"].as_str().unwrap().to_owned();
    instance.cli(&["jobs", "delete", &job_id], None).success();
    sent.push(("delete_page.json", received(&fans, "the Delete of the offer", is("Delete", "Tombstone")).await));

    instance.cli(&["members", "update", "outlandish", "--name", "Outlandish LLP"], None).success();
    let profile = received(&fans, "the co-op's Update", is("Update", "Organization")).await;
    sent.push(("update_organization.json", profile));

    instance.cli(&["follow", "@alice@fans.test"], None).success();
    sent.push(("follow.json", received(&fans, "our Follow", is("Follow", "")).await));
    instance.cli(&["unfollow", "@alice@fans.test"], None).success();
    sent.push(("undo_follow.json", received(&fans, "our Undo", is("Undo", "Follow")).await));
    // A report to alice's server, from the instance actor (as Mastodon sends them).
    let alice = fans.actor_id("alice");
    instance.cli(&["reports", "send", &alice, "--comment", "Spam offers"], None).success();
    sent.push(("flag.json", received(&fans, "our Flag", |a: &Value| a["type"] == "Flag").await));

    for (name, path) in [
        ("actor_network.json", "/networks/cotech"),
        ("actor_group.json", "/groups/jobs"),
        ("actor_organization.json", "/members/outlandish"),
        ("actor_application.json", "/actor"),
    ] {
        sent.push((name, activity_json(&instance, path).await));
    }

    instance.cli(&["members", "remove", "outlandish"], None).success();
    sent.push(("remove_organization.json", received(&fans, "the Remove", is("Remove", "")).await));
    let gone = |a: &Value| a["type"] == "Delete" && a["object"] == "http://cotech.test/members/outlandish";
    sent.push(("delete_actor.json", received(&fans, "the co-op's Delete of itself", gone).await));

    // Every document parses back with our own readers.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (name, document) in &sent {
        match type_of(document) {
            Some("Page") => assert!(job_from_page(document, today).is_ok(), "{name}"),
            Some("Article" | "Event") => assert!(announcement_from_object(document).is_ok(), "{name}"),
            Some("Group" | "Organization" | "Application") => {
                let url = Url::parse(id_of(document).unwrap()).unwrap();
                assert!(actor_from_document(document, &url).is_ok(), "{name}");
            }
            Some(_) => {
                assert!(document.get("@context").is_some(), "{name}: every activity has a context");
                let activity = Incoming::parse(document).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(Some(activity.actor()), document.get("actor").and_then(id_of), "{name}");
            }
            None => panic!("{name} has no type"),
        }
    }
    let run = started..=chrono::Utc::now() + chrono::Duration::seconds(1);
    let mut mismatches = Vec::new();
    for (name, document) in &sent {
        check_golden(name, document, &run, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "what coopfed sends changed; if deliberate, run with COOPFED_UPDATE_GOLDEN=1 and review the diff:\n{}",
        mismatches.join("\n")
    );
}
