//! Parsers that never panic: every document in `tests/fixtures/activitypub/`
//! (what others send and what we send), mutated many times over by a seeded
//! generator, goes through the readers of remote documents, the HTTP
//! signature parser and the WebFinger resource parser. Each must answer or
//! refuse cleanly. A failing case prints its seed; a seed that found a bug is
//! kept in `REGRESSION_SEEDS`.

use std::{collections::BTreeMap, path::Path, time::SystemTime};

use coopfed_federation::{
    objects::{announcement_from_object, job_from_page},
    protocol::activities::{Envelope, Incoming},
    remote::actor_from_document,
    signatures::{DateWindow, prepare_verification},
    values::{id_of, ids_of, type_of},
    webfinger::parse_resource,
};
use serde_json::{Map, Value, json};
use url::Url;

/// Mutations per fixture.
const ROUNDS: u64 = 200;
/// Seeds that once found a problem, run on every build.
const REGRESSION_SEEDS: &[u64] = &[];

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    /// Text that parsers find hard: empty, huge, control characters,
    /// unicode, URL-ish and HTML-ish pieces.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "",
            "https://",
            "http://evil.example/",
            "as:Public",
            "acct:",
            "@",
            "#",
            "\r\n",
            "\u{0}",
            "\u{202e}",
            "é",
            "🦀",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "2026-13-45T99:99:99Z",
            "-1",
            "1e309",
            "%",
            "\\",
            "\"",
            "keyId=",
            ",",
            "=",
            "headers=\"(request-target)\"",
        ];
        let mut out = String::new();
        for _ in 0..self.below(6) {
            out.push_str(PIECES[self.below(PIECES.len())]);
        }
        if self.below(20) == 0 {
            out.push_str(&"x".repeat(100_000));
        }
        out
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 3 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => json!(i64::try_from(self.next() >> 1).unwrap_or(0) - (1 << 62)),
            3 => json!(f64::from(u32::try_from(self.next() >> 40).unwrap_or(0)) / 7.0),
            4 => Value::String(self.text()),
            5 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            6 => {
                let mut map = Map::new();
                for key in ["id", "type", "href", "name", "object", "actor"] {
                    if self.below(2) == 0 {
                        map.insert(key.to_owned(), self.value(depth + 1));
                    }
                }
                Value::Object(map)
            }
            _ => Value::String("https://www.w3.org/ns/activitystreams#Public".into()),
        }
    }

    /// Changes one place of `document`: a value replaced, a key removed, a
    /// single value turned into an array or back, or the type changed.
    fn mutate(&mut self, document: &mut Value, depth: usize) {
        match document {
            Value::Object(map) if !map.is_empty() => {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = keys[self.below(keys.len())].clone();
                match self.below(6) {
                    0 => {
                        map.remove(&key);
                    }
                    1 => {
                        map.insert(key, self.value(0));
                    }
                    2 => {
                        let inner = map.remove(&key).unwrap_or(Value::Null);
                        map.insert(key, Value::Array(vec![inner.clone(), inner]));
                    }
                    3 => {
                        let types = ["Page", "Event", "Article", "Note", "Group", "Organization", "Create", "Key"];
                        map.insert("type".into(), Value::String(types[self.below(types.len())].into()));
                    }
                    _ if depth < 6 => {
                        if let Some(inner) = map.get_mut(&key) {
                            self.mutate(inner, depth + 1);
                        }
                    }
                    _ => {}
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = self.below(items.len());
                if self.below(3) == 0 {
                    items.remove(i);
                } else if let Some(item) = items.get_mut(i) {
                    self.mutate(item, depth + 1);
                }
            }
            other => *other = self.value(depth),
        }
    }
}

fn fixtures() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/activitypub");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap().flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            let name = format!("{}/{}", dir.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            out.push((name, serde_json::from_str(&text).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Offers read and refused so far: the mutations must reach both outcomes.
static OFFERS: [std::sync::atomic::AtomicUsize; 2] =
    [std::sync::atomic::AtomicUsize::new(0), std::sync::atomic::AtomicUsize::new(0)];

/// Runs every reader on `document`; they may refuse it, never panic.
fn read_everything(document: &Value) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let read = job_from_page(document, today).or_else(|_| job_from_page(&document["object"], today));
    OFFERS[usize::from(read.is_ok())].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let _ = announcement_from_object(document);
    let _ = Envelope::read(document);
    if let Ok(Incoming::Announce(announce)) = Incoming::parse(document) {
        let _ = announce.shared_object_id();
    }
    let _ = (type_of(document), id_of(document), ids_of(document.get("to")), ids_of(document.get("tag")));
    let fetched_from = id_of(document)
        .and_then(|id| Url::parse(id).ok())
        .unwrap_or_else(|| Url::parse("https://evil.example/actor").unwrap());
    let _ = actor_from_document(document, &fetched_from);
    if let Some(object) = document.get("object") {
        let _ = job_from_page(object, today);
        let _ = announcement_from_object(object);
    }
}

/// A `Signature` header mutated from a valid shape, through the parser.
fn read_signature(rng: &mut Rng) {
    let mut header = String::from(
        "keyId=\"https://a.example/actor#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"AAAA\"",
    );
    for _ in 0..=rng.below(4) {
        let at = rng.below(header.len() + 1);
        let at = (0..=at).rev().find(|i| header.is_char_boundary(*i)).unwrap_or(0);
        match rng.below(3) {
            0 => header.insert_str(at, &rng.text()),
            1 => header.truncate(at),
            _ => header = header.replacen('"', "", 1),
        }
    }
    let now = SystemTime::now();
    let mut headers = BTreeMap::new();
    headers.insert("signature".to_owned(), header);
    headers.insert("host".to_owned(), "b.example".to_owned());
    headers.insert("date".to_owned(), httpdate_now(now));
    headers.insert("digest".to_owned(), coopfed_federation::signatures::digest_header(b"{}"));
    if let Ok(pending) =
        prepare_verification("POST", "/inbox", &headers, Some(b"{}"), "b.example", DateWindow::default(), now)
    {
        let _ = pending.verify("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
    }
}

fn httpdate_now(now: SystemTime) -> String {
    let seconds = now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let at = chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0).unwrap();
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn run_seed(seed: u64, fixtures: &[(String, Value)]) {
    let mut rng = Rng::new(seed);
    let (name, original) = &fixtures[rng.below(fixtures.len())];
    let mut document = original.clone();
    for _ in 0..=rng.below(3) {
        rng.mutate(&mut document, 0);
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_everything(&document);
        read_signature(&mut rng);
        let domain = coopfed_core::Domain::parse("cotech.example").unwrap();
        let _ = parse_resource(&rng.text(), &domain);
        let _ = parse_resource(&format!("acct:{}@cotech.example", rng.text()), &domain);
    }));
    assert!(outcome.is_ok(), "seed {seed} ({name}) made a parser panic; add it to REGRESSION_SEEDS");
}

#[test]
fn parsers_never_panic_on_mutated_documents() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 20, "the fixtures are the starting points");
    for &seed in REGRESSION_SEEDS {
        run_seed(seed, &fixtures);
    }
    for seed in 0..ROUNDS * u64::try_from(fixtures.len()).unwrap_or(1) {
        run_seed(seed, &fixtures);
    }
    let (refused, read) =
        (OFFERS[0].load(std::sync::atomic::Ordering::Relaxed), OFFERS[1].load(std::sync::atomic::Ordering::Relaxed));
    assert!(read > 100 && refused > 100, "mutations should give offers read ({read}) and refused ({refused})");
}
