//! Payloads in the shapes other implementations send (see
//! `tests/fixtures/activitypub/README.md`) are read as coopfed needs them.

use std::path::Path;

use coopfed_federation::{
    objects::job_from_page,
    protocol::activities::Incoming,
    remote::actor_from_document,
    values::{id_of, ids_of, is_public, type_of},
};
use serde_json::Value;
use url::Url;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/activitypub").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_fixture_is_described_and_valid_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/activitypub");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for software in std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(software.path()).unwrap().flatten() {
            let name = format!("{}/{}", software.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            assert!(readme.contains(&format!("`{name}`")), "{name} is not described in the README");
            fixture(&name);
        }
    }
}

#[test]
fn actors_from_other_servers() {
    for (name, kind, username, shared_inbox) in [
        ("mastodon/actor_person.json", "person", "alice", Some("https://mastodon.example/inbox")),
        ("lemmy/group.json", "group", "coops", Some("https://lemmy.example/inbox")),
        ("gotosocial/actor.json", "person", "carol", Some("https://gts.example/sharedInbox")),
        ("fedify/actor_with_multikey.json", "person", "dana", Some("https://hollo.example/inbox")),
    ] {
        let doc = fixture(name);
        let url = Url::parse(doc["id"].as_str().unwrap()).unwrap();
        let actor = actor_from_document(&doc, &url).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(actor.kind.as_str(), kind, "{name}");
        assert_eq!(actor.username, username, "{name}");
        assert_eq!(actor.shared_inbox_url.as_deref(), shared_inbox, "{name}");
        assert!(actor.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{name}");
        assert!(!actor.is_local && actor.private_key_pem.is_none());
        if let Some(summary) = &actor.summary {
            assert!(!summary.contains("<script") && !summary.contains("class="), "{name}: {summary}");
        }
    }
    // A document fetched from another origin than its id is refused.
    let doc = fixture("mastodon/actor_person.json");
    assert!(actor_from_document(&doc, &Url::parse("https://evil.example/users/alice").unwrap()).is_err());
}

#[test]
fn follows_and_answers_from_other_servers() {
    let follow = fixture("mastodon/follow.json");
    assert_eq!(type_of(&follow), Some("Follow"));
    assert_eq!(follow.get("object").and_then(id_of), Some("https://cotech.test/groups/jobs"));

    let undo = fixture("mastodon/undo_follow.json");
    let undone = &undo["object"];
    assert_eq!(type_of(undone), Some("Follow"));
    assert_eq!(id_of(undone), follow["id"].as_str());

    // Accepts are matched by the embedded Follow's id.
    for (name, follow_id) in [
        ("mastodon/accept_follow.json", "https://cotech.test/activities/01a20918-ff46-766b-8b05-2d5fe756e3c5"),
        ("lemmy/accept_follow.json", "https://cotech.test/activities/01a2091c-0000-7000-8000-000000000001"),
        ("fedify/accept_embedded_follow.json", "https://cotech.test/activities/01a2091c-0000-7000-8000-000000000002"),
    ] {
        let accept = fixture(name);
        assert_eq!(type_of(&accept), Some("Accept"), "{name}");
        assert_eq!(accept.get("object").and_then(id_of), Some(follow_id), "{name}");
    }
}

#[test]
fn group_announcements_and_compacted_json_ld() {
    let announce = fixture("lemmy/announce_create_page.json");
    let Ok(Incoming::Announce(typed)) = Incoming::parse(&announce) else { panic!("not an Announce") };
    assert_eq!(typed.shared_object_id(), Some("https://lemmy.example/post/42"));
    let page = &announce["object"]["object"];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let fields = job_from_page(page, today).unwrap();
    assert_eq!(fields.header.author.as_deref(), Some("https://lemmy.example/u/bob"));
    assert!(fields.header.addressed.contains(&"https://lemmy.example/c/coops".to_owned()));
    assert!(!fields.content.contains("onerror"), "{}", fields.content);
    assert_eq!(fields.posted_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());

    let create = fixture("fedify/create_note_compacted.json");
    let to = ids_of(create.get("to"));
    assert_eq!(to, vec!["as:Public"]);
    assert!(to.iter().all(|t| is_public(t)));
    assert_eq!(ids_of(create["object"].get("tag")), vec!["https://hollo.example/tags/coop"]);
    assert_eq!(ids_of(create.get("cc")), vec!["https://hollo.example/@dana/followers"]);
    // A Note is not a job offer.
    assert!(job_from_page(&create["object"], today).is_err());

    let event = fixture("mobilizon/event.json");
    assert_eq!(type_of(&event), Some("Event"));
    assert_eq!(event.get("attributedTo").and_then(id_of), Some("https://mobilizon.example/@coops_paris"));
    assert!(ids_of(event.get("to")).iter().any(|t| is_public(t)));
}
