//! Stream objects both ways: a stored job offer or announcement rendered as
//! its `protocol::objects` type, and a remote one read into the fields of a
//! row, each checked like local input.

use chrono::NaiveDate;
use coopfed_core::translations::{Translation, Translations};
use coopfed_db::{
    announcements::{AnnouncementKind, AnnouncementRow},
    jobs::JobRow,
};
use serde_json::{Map, Value, json};

use crate::{
    actors::timestamp,
    protocol::{
        PUBLIC,
        objects::{
            Announcement, ApplicationContact, JobLocation, LanguageMap, Link, MediaTypeHtml, MonetaryAmount,
            ObjectBase, Page, Place, PostalAddress, QuantitativeValue, Tag,
        },
    },
};

/// The context of a job `Page`.
pub fn job_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        { "schema": "http://schema.org#", "coopfed": "https://coopfed.org/ns#", "Hashtag": "as:Hashtag" }
    ])
}

/// schema.org's employment type for ours (contract and freelance are both CONTRACTOR).
pub fn schema_employment_type(value: &str) -> &'static str {
    match value {
        "full_time" => "FULL_TIME",
        "part_time" => "PART_TIME",
        "contract" | "freelance" => "CONTRACTOR",
        "volunteer" => "VOLUNTEER",
        "internship" => "INTERN",
        _ => "OTHER",
    }
}

fn from_schema_employment_type(value: &str) -> Option<&'static str> {
    Some(match value {
        "FULL_TIME" => "full_time",
        "PART_TIME" => "part_time",
        "CONTRACTOR" => "contract",
        "VOLUNTEER" => "volunteer",
        "INTERN" => "internship",
        _ => return None,
    })
}

/// The id, author and addressing of a remote stream object: what decides
/// whether a group takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemHeader {
    pub ap_id: String,
    pub author: Option<String>,
    pub audience: Option<String>,
    /// Every id in `to` and `cc`.
    pub addressed: Vec<String>,
}

impl ItemHeader {
    fn of(base: &ObjectBase) -> Self {
        Self {
            ap_id: base.id.clone(),
            author: base.attributed_to.clone(),
            audience: base.audience.clone(),
            addressed: base.addressed(),
        }
    }
}

/// What a stored object and a rendered one share: id, type, texts by
/// language, author, addressing, times.
struct Common<'a> {
    ap_id: &'a str,
    kind: &'static str,
    lang: &'a str,
    main: Translation,
    translations: Translations,
    author: &'a str,
    cc: &'a [String],
    published: chrono::NaiveDateTime,
    updated: chrono::NaiveDateTime,
    audience: Option<&'a String>,
}

impl Common<'_> {
    fn base(self) -> ObjectBase {
        let [name_map, summary_map, content_map] = language_maps(self.lang, &self.main, &self.translations);
        ObjectBase {
            id: self.ap_id.to_owned(),
            kind: self.kind.to_owned(),
            summary: self.main.summary.as_deref().map(coopfed_core::text::escape),
            name: self.main.title,
            content: self.main.content,
            media_type: Some(MediaTypeHtml::Html),
            name_map,
            summary_map,
            content_map,
            url: Some(self.ap_id.to_owned()),
            attributed_to: Some(self.author.to_owned()),
            to: vec![PUBLIC.to_owned()],
            cc: self.cc.to_vec(),
            published: Some(timestamp(self.published)),
            updated: Some(timestamp(self.updated)),
            audience: self.audience.cloned(),
        }
    }
}

/// The `Page` of a job; `cc` lists the groups and collections it is
/// addressed to, `skills` its skill slugs (as `Hashtag`s, `schema:skills`
/// and ours), `base` the instance's base URL.
pub fn job_page(job: &JobRow, author: &str, cc: &[String], skills: &[String], base: &str) -> Page {
    let common = Common {
        ap_id: &job.ap_id,
        kind: "Page",
        lang: &job.lang,
        main: Translation {
            title: Some(job.title.clone()),
            summary: job.summary.clone(),
            content: Some(job.content.clone()),
        },
        translations: job.translations.0.clone(),
        author,
        cc,
        published: job.created_at,
        updated: job.updated_at,
        audience: job.audience.as_ref(),
    };
    let location = (job.location_city.is_some() || job.location_country.is_some()).then(|| JobLocation {
        kind: Some("Place".into()),
        name: job.location_city.clone(),
        locality: job.location_city.clone(),
        country: job.location_country.clone(),
    });
    let contact = (job.apply_url.is_some() || job.apply_email.is_some())
        .then(|| ApplicationContact { url: job.apply_url.clone(), email: job.apply_email.clone() });
    let salary = match (job.salary_min, job.salary_max, &job.salary_currency, &job.salary_period) {
        (Some(min), Some(max), Some(currency), Some(period)) => Some(MonetaryAmount {
            kind: "schema:MonetaryAmount".into(),
            currency: currency.clone(),
            value: QuantitativeValue { kind: "schema:QuantitativeValue".into(), min, max, unit: period.to_uppercase() },
        }),
        _ => None,
    };
    let tag = skills
        .iter()
        .map(|slug| Tag {
            kind: "Hashtag".into(),
            name: Some(format!("#{}", slug.replace('-', ""))),
            href: Some(format!("{base}/api/v1/jobs?skill={slug}")),
        })
        .collect();
    Page {
        base: common.base(),
        date_posted: Some(job.posted_on.to_string()),
        valid_through: Some(job.valid_through.to_string()),
        schema_employment_type: Some(schema_employment_type(&job.employment_type).to_owned()),
        employment_type: Some(job.employment_type.clone()),
        job_location_type: job.remote.then(|| "TELECOMMUTE".to_owned()),
        job_location: location,
        application_contact: contact,
        base_salary: salary,
        tag,
        skills_text: (!skills.is_empty()).then(|| skills.join(", ")),
        skills: (!skills.is_empty()).then(|| skills.to_vec()),
    }
}

/// `nameMap`, `summaryMap` and `contentMap`: the main text under its
/// language, then each translation's (a part a translation lacks is left
/// out of that language).
pub fn language_maps(lang: &str, main: &Translation, translations: &Translations) -> [Option<LanguageMap>; 3] {
    type Part = fn(&Translation) -> Option<&String>;
    let parts: [Part; 3] = [|t| t.title.as_ref(), |t| t.summary.as_ref(), |t| t.content.as_ref()];
    let mut maps = [None, None, None];
    for (i, part) in parts.into_iter().enumerate() {
        // A summary is plain text here and HTML in ActivityStreams.
        let wire = |text: &String| Value::String(if i == 1 { coopfed_core::text::escape(text) } else { text.clone() });
        let mut by_lang = Map::new();
        if let Some(text) = part(main) {
            by_lang.insert(lang.to_owned(), wire(text));
        }
        for (other, translation) in translations {
            if let Some(text) = part(translation) {
                by_lang.entry(other.clone()).or_insert_with(|| wire(text));
            }
        }
        if !by_lang.is_empty() {
            maps[i] = Some(by_lang);
        }
    }
    maps
}

/// The language maps of a document: `nameMap`, `summaryMap`, `contentMap`.
pub fn language_maps_of(document: &Value) -> [Option<&LanguageMap>; 3] {
    ["nameMap", "summaryMap", "contentMap"].map(|key| document.get(key).and_then(Value::as_object))
}

/// Reads language maps (`nameMap`, `summaryMap`, `contentMap`): the
/// languages other than `main_lang`, with their title, summary and
/// (sanitised) content, each cut to `limits` characters.
pub fn read_language_maps(maps: [Option<&LanguageMap>; 3], main_lang: &str, limits: [usize; 3]) -> Translations {
    let mut out = Translations::new();
    for (i, by_lang) in maps.into_iter().enumerate() {
        let Some(by_lang) = by_lang else { continue };
        for (lang, text) in by_lang.iter().take(20) {
            let lang = lang.trim().to_lowercase();
            let Some(text) = text.as_str() else { continue };
            if lang == main_lang || !coopfed_core::codes::is_language(&lang) {
                continue;
            }
            let cut: String = text.chars().take(limits.get(i).copied().unwrap_or(500)).collect();
            let entry = out.entry(lang).or_default();
            match i {
                0 => entry.title = Some(coopfed_core::text::plain(&cut)),
                1 => entry.summary = Some(coopfed_core::text::plain(&cut)),
                _ => entry.content = Some(crate::html::sanitize(&cut)),
            }
        }
    }
    out.retain(|_, t| !t.is_empty());
    out
}

/// The language of a main text: the key of the language map whose text is
/// `text`, else its first key, else `en`.
pub fn main_language(map: Option<&LanguageMap>, text: &str) -> String {
    let lang = map
        .and_then(|m| m.iter().find(|(_, v)| v.as_str() == Some(text)).or_else(|| m.iter().next()))
        .map(|(k, _)| k.trim().to_lowercase())
        .filter(|k| coopfed_core::codes::is_language(k));
    lang.unwrap_or_else(|| "en".into())
}

/// Most skill names read from one object.
const MAX_SKILL_NAMES: usize = 30;

/// The skills a job names: `coopfed:skills` (slugs) when there, else what
/// other software writes: `Hashtag` tags (`#rust`) and `schema:skills` (a
/// comma-separated text). Names are mapped to the taxonomy (slugs, labels,
/// aliases) by the caller; unknown ones are dropped there.
pub fn skill_names(page: &Page) -> Vec<String> {
    if let Some(ours) = page.skills.as_ref().filter(|s| !s.is_empty()) {
        return ours.iter().take(MAX_SKILL_NAMES).cloned().collect();
    }
    let hashtags = page
        .tag
        .iter()
        .filter(|tag| tag.kind == "Hashtag")
        .filter_map(|tag| tag.name.as_deref())
        .map(|name| name.trim_start_matches('#').to_owned());
    let listed = page.skills_text.iter().flat_map(|text| text.split(',')).map(|name| name.trim().to_owned());
    let mut names: Vec<String> = Vec::new();
    // The listed skills first: a post's many general hashtags must not push them out.
    for name in listed.chain(hashtags) {
        if !name.is_empty() && name.chars().count() <= 100 && !names.contains(&name) {
            names.push(name);
        }
    }
    names.truncate(MAX_SKILL_NAMES);
    names
}

fn date_of(text: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text?.get(..10)?, "%Y-%m-%d").ok()
}

/// Why a remote object is not a usable job or announcement.
#[derive(Debug, thiserror::Error)]
#[error("not a usable object: {0}")]
pub struct BadJob(pub &'static str);

/// The title, summary, main text and its language of a remote object.
fn texts(base: &ObjectBase) -> Result<(String, Option<String>, String, String), BadJob> {
    let title = base.name.as_deref().and_then(|n| one_line(n, 200)).ok_or(BadJob("no name"))?;
    let content = base.main_content();
    let lang = main_language(base.content_map.as_ref(), content);
    let summary = base.summary.as_deref().and_then(plain_summary);
    Ok((title, summary, crate::html::sanitize(content), lang))
}

/// Reads a remote job `Page` into the fields of a row (ids and ownership are the caller's).
pub fn job_from_page(document: &Value, today: NaiveDate) -> Result<JobFields, BadJob> {
    let page = Page::read(document).map_err(|_| BadJob("not a Page"))?;
    let (title, summary, content, lang) = texts(&page.base)?;
    let employment_type = page
        .employment_type
        .as_deref()
        .filter(|t| coopfed_service::jobs::EMPLOYMENT_TYPES.contains(t))
        .or_else(|| page.schema_employment_type.as_deref().and_then(from_schema_employment_type))
        .unwrap_or("full_time")
        .to_owned();
    let posted_on =
        date_of(page.date_posted.as_deref()).or_else(|| date_of(page.base.published.as_deref())).unwrap_or(today);
    let valid_through = date_of(page.valid_through.as_deref()).unwrap_or(posted_on + chrono::Duration::days(30));
    let location = page.job_location.clone().unwrap_or_default();
    let contact = page.application_contact.clone().unwrap_or_default();
    let salary = page.base_salary.as_ref().map(|amount| {
        let value = &amount.value;
        (value.min, value.max, amount.currency.clone(), value.unit.to_lowercase())
    });
    let maps = [&page.base.name_map, &page.base.summary_map, &page.base.content_map].map(Option::as_ref);
    Ok(JobFields {
        header: ItemHeader::of(&page.base),
        salary,
        skills: skill_names(&page),
        title,
        summary,
        content,
        translations: read_language_maps(maps, &lang, [200, 500, 20_000]),
        lang,
        employment_type,
        remote: page.job_location_type.as_deref() == Some("TELECOMMUTE"),
        posted_on,
        valid_through,
        city: location.locality.or(location.name).and_then(|c| one_line(&c, 100)),
        country: location.country.as_deref().and_then(checked_country),
        apply_url: contact.url.as_deref().and_then(checked_url),
        apply_email: contact
            .email
            .as_deref()
            .map(|e| e.trim().trim_start_matches("mailto:"))
            .filter(|e| coopfed_core::records::check_email(e).is_ok())
            .map(str::to_owned),
    })
}

/// A remote URL, kept only when it passes the checks of local input (an
/// http(s) URL with a host, at most 2,000 characters): no `javascript:`.
fn checked_url(url: &str) -> Option<String> {
    let url = url.trim();
    (url.len() <= 2000 && coopfed_core::records::check_url(url).is_ok()).then(|| url.to_owned())
}

/// A remote country, kept only as an ISO 3166-1 alpha-2 code.
fn checked_country(country: &str) -> Option<String> {
    let code = country.trim().to_ascii_uppercase();
    coopfed_core::codes::is_country(&code).then_some(code)
}

/// A remote one-line text: control characters (line breaks included) become
/// spaces, cut to `max` characters; empty gives nothing.
fn one_line(text: &str, max: usize) -> Option<String> {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect();
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

/// A remote summary (HTML in ActivityStreams) as the plain text every
/// summary is here, at most 500 characters.
fn plain_summary(html: &str) -> Option<String> {
    let cut: String = html.chars().take(5000).collect();
    let text: String =
        coopfed_core::text::plain(&cut).chars().filter(|c| !c.is_control() || *c == '\n').take(500).collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The fields of a remote job offer.
#[derive(Debug, Clone)]
pub struct JobFields {
    pub header: ItemHeader,
    /// Salary: (min, max, currency, period in lower case).
    pub salary: Option<(f64, f64, String, String)>,
    /// Skill slugs as the sender named them (checked against our taxonomy by the caller).
    pub skills: Vec<String>,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub lang: String,
    /// The offer in other languages.
    pub translations: coopfed_core::translations::Translations,
    pub employment_type: String,
    pub remote: bool,
    pub posted_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub city: Option<String>,
    pub country: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
}

impl JobFields {
    /// Writes these fields over a row (all of them but the skills, which
    /// have their own table).
    pub fn apply_to(self, row: &mut JobRow) {
        let JobFields {
            header,
            salary,
            skills: _,
            title,
            summary,
            content,
            lang,
            translations,
            employment_type,
            remote,
            posted_on,
            valid_through,
            city,
            country,
            apply_url,
            apply_email,
        } = self;
        row.title = title;
        row.summary = summary;
        row.content = content;
        row.lang = lang;
        row.translations = coopfed_db::Json(translations);
        row.employment_type = employment_type;
        row.remote = remote;
        row.posted_on = posted_on;
        row.valid_through = valid_through;
        row.location_city = city;
        row.location_country = country;
        row.apply_url = apply_url;
        row.apply_email = apply_email;
        row.audience = header.audience;
        (row.salary_min, row.salary_max, row.salary_currency, row.salary_period) = match salary {
            Some((min, max, currency, period)) => (Some(min), Some(max), Some(currency), Some(period)),
            None => (None, None, None, None),
        };
        row.updated_at = coopfed_db::now();
    }
}

/// The context of news (`Article`) and events (`Event`, Mobilizon-compatible).
pub fn announcement_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "mz": "https://joinmobilizon.org/ns#",
            "schema": "http://schema.org#",
            "coopfed": "https://coopfed.org/ns#",
            "timezone": { "@id": "mz:timezone", "@type": "schema:Text" },
            "isOnline": { "@id": "mz:isOnline", "@type": "schema:Boolean" },
            "address": { "@id": "schema:address", "@type": "schema:PostalAddress" },
            "PostalAddress": "schema:PostalAddress",
            "addressLocality": "schema:addressLocality",
            "addressCountry": "schema:addressCountry"
        }
    ])
}

/// An `Article` (news) or `Event`.
pub fn announcement_object(row: &AnnouncementRow, author: &str, cc: &[String]) -> Announcement {
    let is_event = row.kind == AnnouncementKind::Event;
    let common = Common {
        ap_id: &row.ap_id,
        kind: if is_event { "Event" } else { "Article" },
        lang: &row.lang,
        main: Translation {
            title: Some(row.title.clone()),
            summary: row.summary.clone(),
            content: Some(row.content.clone()),
        },
        translations: row.translations.0.clone(),
        author,
        cc,
        published: row.published_at,
        updated: row.updated_at,
        audience: row.audience.as_ref(),
    };
    let mut object = Announcement { base: common.base(), ..Announcement::default() };
    if !is_event {
        return object;
    }
    object.start_time = row.starts_at.map(timestamp);
    object.end_time = row.ends_at.map(timestamp);
    object.timezone.clone_from(&row.timezone);
    let in_person = row.venue.name.is_some() || row.location_city.is_some();
    object.is_online = Some(!in_person);
    if in_person {
        object.location = Some(Place {
            kind: Some("Place".into()),
            name: Some(row.venue.name.clone().or_else(|| row.location_city.clone()).unwrap_or_default()),
            address: Some(PostalAddress {
                kind: Some("PostalAddress".into()),
                address_locality: row.location_city.clone(),
                address_country: row.location_country.clone(),
            }),
        });
    }
    if let Some(online) = &row.online_url {
        object.attachment = vec![Link { kind: "Link".into(), name: Some("Online".into()), href: online.clone() }];
        object.online_url = Some(online.clone());
    }
    object
}

/// The fields of a remote `Article`, `Note` (news) or `Event`.
#[derive(Debug, Clone)]
pub struct AnnouncementFields {
    pub header: ItemHeader,
    pub kind: AnnouncementKind,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub lang: String,
    pub published_at: Option<chrono::NaiveDateTime>,
    pub starts_at: Option<chrono::NaiveDateTime>,
    pub ends_at: Option<chrono::NaiveDateTime>,
    pub timezone: Option<String>,
    pub location_name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub online_url: Option<String>,
    pub translations: Translations,
}

fn datetime_of(text: Option<&str>) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(text?).ok().map(|t| t.naive_utc())
}

/// Reads a remote `Article` or `Event` (a `Note` with a name counts as news).
pub fn announcement_from_object(document: &Value) -> Result<AnnouncementFields, BadJob> {
    let object = Announcement::read(document).map_err(|_| BadJob("not an Article or Event"))?;
    let kind = match object.base.kind.as_str() {
        "Event" => AnnouncementKind::Event,
        _ => AnnouncementKind::News,
    };
    let (title, summary, content, _) = texts(&object.base)?;
    let lang = object.base.content_map.as_ref().and_then(|m| m.keys().next().cloned()).unwrap_or_else(|| "en".into());
    let lang: String = lang.chars().take(8).collect();
    let maps = [&object.base.name_map, &object.base.summary_map, &object.base.content_map].map(Option::as_ref);
    let location = object.location.clone().unwrap_or_default();
    let address = location.address.clone().unwrap_or_default();
    let online_url = object.online_url.as_deref().and_then(checked_url).or_else(|| {
        object
            .attachment
            .iter()
            .find_map(|link| checked_url(&link.href))
            .filter(|_| object.is_online.unwrap_or(object.location.is_none()))
    });
    Ok(AnnouncementFields {
        header: ItemHeader::of(&object.base),
        kind,
        title,
        summary,
        content,
        lang: lang.clone(),
        published_at: datetime_of(object.base.published.as_deref()),
        starts_at: datetime_of(object.start_time.as_deref()),
        ends_at: datetime_of(object.end_time.as_deref()),
        timezone: object.timezone.map(|z| z.chars().take(64).collect()),
        location_name: location.name.as_deref().and_then(|n| one_line(n, 200)),
        city: address.address_locality.as_deref().and_then(|c| one_line(c, 100)),
        country: address.address_country.as_deref().and_then(checked_country),
        online_url,
        translations: read_language_maps(maps, &lang, [200, 500, 20_000]),
    })
}

impl AnnouncementFields {
    /// Writes these fields over a row.
    pub fn apply_to(self, row: &mut coopfed_db::announcements::AnnouncementRow) {
        let AnnouncementFields {
            header,
            kind,
            title,
            summary,
            content,
            lang,
            published_at,
            starts_at,
            ends_at,
            timezone,
            location_name,
            city,
            country,
            online_url,
            translations,
        } = self;
        row.kind = kind;
        row.title = title;
        row.summary = summary;
        row.content = content;
        row.lang = lang;
        if let Some(published) = published_at {
            row.published_at = published;
        }
        row.starts_at = starts_at;
        row.ends_at = ends_at;
        row.timezone = timezone;
        row.venue.0.name = location_name;
        row.location_city = city;
        row.location_country = country;
        row.online_url = online_url;
        row.translations = coopfed_db::Json(translations);
        row.audience = header.audience;
        row.updated_at = coopfed_db::now();
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    #[test]
    fn remote_fields_are_checked_like_local_input() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let page = json!({
            "id": "https://evil.example/jobs/1",
            "type": "Page",
            "name": "Rust\rDTSTART:1",
            "summary": "<p>Great <img src=x onerror=alert(1)> job &amp; more</p>",
            "schema:applicationContact": { "schema:url": "javascript:alert(1)", "schema:email": "a@@b" },
            "schema:jobLocation": { "schema:addressLocality": "Paris\nX", "schema:addressCountry": "Evilland" },
        });
        let fields = job_from_page(&page, today).unwrap();
        assert_eq!(fields.title, "Rust DTSTART:1");
        assert_eq!(fields.summary.as_deref(), Some("Great  job & more"));
        assert_eq!((fields.apply_url, fields.apply_email, fields.country), (None, None, None));
        assert_eq!(fields.city.as_deref(), Some("Paris X"));
        let good = json!({
            "id": "https://ok.example/jobs/1",
            "type": "Page",
            "name": "Rust",
            "schema:applicationContact": { "schema:url": "https://ok.example/apply", "schema:email": "mailto:jobs@ok.example" },
            "schema:jobLocation": { "schema:addressCountry": "fr" },
        });
        let fields = job_from_page(&good, today).unwrap();
        assert_eq!(fields.apply_url.as_deref(), Some("https://ok.example/apply"));
        assert_eq!(fields.apply_email.as_deref(), Some("jobs@ok.example"));
        assert_eq!(fields.country.as_deref(), Some("FR"));

        let event = json!({
            "id": "https://evil.example/events/1",
            "type": "Event",
            "name": "Party",
            "isOnline": true,
            "coopfed:onlineUrl": "javascript:alert(1)",
            "attachment": [{ "type": "Link", "href": "data:text/html,x" }, { "type": "Link", "href": "https://meet.example/room" }],
        });
        let fields = announcement_from_object(&event).unwrap();
        assert_eq!(fields.online_url.as_deref(), Some("https://meet.example/room"));
        // A summary goes out as escaped HTML and comes back as the same text.
        let main = coopfed_core::translations::Translation { summary: Some("A < B & C".into()), ..Default::default() };
        let [_, summary_map, _] = language_maps("en", &main, &coopfed_core::translations::Translations::new());
        assert_eq!(summary_map.unwrap()["en"], "A &lt; B &amp; C");
        assert_eq!(plain_summary("A &lt; B &amp; C").as_deref(), Some("A < B & C"));
    }

    #[test]
    fn announcements_keep_their_translations() {
        let document = json!({
            "type": "Article", "id": "https://x.example/a/1", "attributedTo": "https://x.example/u",
            "name": "Fund", "content": "<p>Money</p>",
            "nameMap": {"en": "Fund", "de": "Fonds"},
            "contentMap": {"en": "<p>Money</p>", "de": "<p>Geld</p><script>x</script>"}
        });
        let fields = announcement_from_object(&document).unwrap();
        assert_eq!(fields.lang, "en");
        let german = &fields.translations["de"];
        assert_eq!(german.title.as_deref(), Some("Fonds"));
        assert_eq!(german.content.as_deref(), Some("<p>Geld</p>"));
        assert!(!fields.translations.contains_key("en"), "the main language is not a translation");
    }

    #[test]
    fn language_maps_both_ways() {
        let main = coopfed_core::translations::Translation {
            title: Some("Developer".into()),
            summary: None,
            content: Some("<p>Join us</p>".into()),
        };
        let mut others = coopfed_core::translations::Translations::new();
        others.insert(
            "de".into(),
            coopfed_core::translations::Translation { title: Some("Entwickler:in".into()), ..Default::default() },
        );
        let maps = language_maps("en", &main, &others);
        assert_eq!(maps[0].clone().map(Value::Object), Some(json!({"en": "Developer", "de": "Entwickler:in"})));
        assert_eq!(maps[2].clone().map(Value::Object), Some(json!({"en": "<p>Join us</p>"})));
        assert!(maps[1].is_none());
        assert_eq!(main_language(maps[2].as_ref(), "<p>Join us</p>"), "en");
        let back = read_language_maps([&maps[0], &maps[1], &maps[2]].map(Option::as_ref), "en", [200, 500, 20_000]);
        assert_eq!(back, others);
        let hostile = json!({"contentMap": {"fr": "<script>x</script><p>Salut</p>", "zz": "no", "en": "main"}});
        let back = read_language_maps(language_maps_of(&hostile), "en", [200, 500, 20_000]);
        assert_eq!(back.len(), 1);
        assert_eq!(back["fr"].content.as_deref(), Some("<p>Salut</p>"));
    }

    use super::*;

    /// The skill names of a `Page` with `fields`.
    fn skills_of(fields: Value) -> Vec<String> {
        let mut page = json!({"id": "https://a.test/p", "type": "Page"});
        page.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        skill_names(&Page::read(&page).unwrap())
    }

    #[test]
    fn skills_are_read_from_other_software_too() {
        let ours = json!({"coopfed:skills": ["rust"], "tag": [{"type": "Hashtag", "name": "#go"}]});
        assert_eq!(skills_of(ours), ["rust"]);
        let theirs = json!({
            "tag": [{"type": "Hashtag", "name": "#Rust"}, {"type": "Mention", "name": "@a@b"}, {"type": "Hashtag", "name": "#Rust"}],
            "schema:skills": "Webentwicklung, PostgreSQL,  ",
        });
        assert_eq!(skills_of(theirs.clone()), ["Webentwicklung", "PostgreSQL", "Rust"]);
        let single = json!({"tag": {"type": "Hashtag", "name": "#django"}});
        assert_eq!(skills_of(single), ["django"]);
        let taxonomy = coopfed_core::skills::Taxonomy::builtin();
        assert_eq!(taxonomy.known_slugs(&skills_of(theirs)), ["web-development", "postgresql", "rust"]);
        // Hashtags cannot hold spaces or hyphens: ours and others' still match.
        let tags = json!({"tag": [{"type": "Hashtag", "name": "#WebDevelopment"}, {"type": "Hashtag", "name": "#webdevelopment"}]});
        assert_eq!(taxonomy.known_slugs(&skills_of(tags)), ["web-development"]);
    }

    #[test]
    fn pages_round_trip() {
        let job = JobRow {
            title: "Rust developer".into(),
            summary: Some("Build federation".into()),
            content: "<p>Hi</p>".into(),
            employment_type: "freelance".into(),
            remote: true,
            valid_through: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            apply_url: Some("https://coop.example/apply".into()),
            publish_to_all: true,
            audience: Some("https://cotech.test/groups/jobs".into()),
            location_city: Some("Leeds".into()),
            location_country: Some("GB".into()),
            ..JobRow::new(
                "https://cotech.test/jobs/1".into(),
                "m".to_owned(),
                true,
                NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            )
        };
        let page = job_page(
            &job,
            "https://cotech.test/members/outlandish",
            &["https://fr.test/groups/jobs".into()],
            &[],
            "https://cotech.test",
        );
        let page = serde_json::to_value(page).unwrap();
        assert_eq!(page["schema:employmentType"], "CONTRACTOR");
        assert_eq!(page["schema:jobLocationType"], "TELECOMMUTE");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let fields = job_from_page(&page, today).unwrap();
        assert_eq!(fields.employment_type, "freelance");
        assert_eq!(fields.valid_through, job.valid_through);
        assert_eq!(fields.city.as_deref(), Some("Leeds"));
        assert_eq!(fields.apply_url, job.apply_url);
        assert!(fields.header.addressed.contains(&"https://fr.test/groups/jobs".to_owned()));
        assert_eq!(fields.header.author.as_deref(), Some("https://cotech.test/members/outlandish"));
        // Compacted forms and unprefixed schema terms are read too.
        let compact = json!({"id": "x", "type": "Page", "name": "T", "employmentType": "INTERN", "to": "as:Public"});
        let fields = job_from_page(&compact, today).unwrap();
        assert_eq!(fields.employment_type, "internship");
        assert_eq!(fields.header.addressed, vec![PUBLIC.to_owned()]);
    }
}
