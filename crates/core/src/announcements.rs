//! News and events as imported or entered: every field checked, with one
//! error per bad field.

use chrono::{DateTime, FixedOffset};
use serde_yaml::Mapping;

use crate::{
    Slug,
    codes::is_country,
    members::skills,
    records::{FieldError, Fields, Problem},
    skills::Taxonomy,
};

/// Categories of announcements.
pub const CATEGORIES: &[&str] = &["gathering", "tender", "funding", "workshop", "meetup", "conference", "webinar"];
/// How people take part in an event.
pub const ATTENDANCE: &[&str] = &["in_person", "online", "hybrid"];

/// Where an event takes place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// A checked announcement.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnouncementRecord {
    pub id: Slug,
    /// `news` or `event`.
    pub kind: String,
    pub category: Option<String>,
    /// The writing co-op's slug; `None`: the network.
    pub author: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub lang: String,
    pub published: DateTime<FixedOffset>,
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
    pub timezone: Option<String>,
    pub attendance: Option<String>,
    pub place: Option<Place>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub deadline: Option<DateTime<FixedOffset>>,
    pub skills: Vec<String>,
    pub tags: Vec<String>,
    pub publish_to_all: bool,
    pub fictional: bool,
    /// The texts in other languages (`content` as the translated text, in
    /// the `description` field).
    pub translations: std::collections::BTreeMap<String, crate::jobs::JobTranslation>,
}

fn datetime(fields: &mut Fields<'_>, key: &str, required: bool) -> Option<DateTime<FixedOffset>> {
    let text = fields.text(key, required, 64, false)?;
    match DateTime::parse_from_rfc3339(&text) {
        Ok(at) => Some(at),
        Err(_) => {
            fields.error(key, Problem::NotDateTime { text });
            None
        }
    }
}

impl AnnouncementRecord {
    /// Checks one record; `default_lang` applies when it names no language.
    pub fn read(map: &Mapping, default_lang: &str, taxonomy: &Taxonomy) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map);
        let id = f.slug("id", 128);
        let kind = f.text("kind", true, 16, false);
        if kind.as_deref().is_some_and(|k| k != "news" && k != "event") {
            f.error(
                "kind",
                Problem::NotOneOf { value: kind.clone().unwrap_or_default(), allowed: "news, event".into() },
            );
        }
        let category = f.text("category", false, 32, false);
        if let Some(c) = &category {
            if !CATEGORIES.contains(&c.as_str()) {
                f.error("category", Problem::NotOneOf { value: c.clone(), allowed: CATEGORIES.join(", ") });
            }
        }
        let author = f.text("author", false, 128, false);
        let title = f.text("title", true, 200, false);
        let summary = f.text("summary", false, 500, false);
        let content = f.text("content", true, 20_000, true);
        let lang = f.text("lang", false, 8, false).map(|l| l.to_lowercase()).unwrap_or_else(|| default_lang.to_owned());
        if !crate::codes::is_language(&lang) {
            f.error("lang", Problem::NotLanguage { code: lang.clone() });
        }
        let published = datetime(&mut f, "published", true);
        let start = datetime(&mut f, "start", false);
        let end = datetime(&mut f, "end", false);
        let timezone = f.text("timezone", false, 64, false);
        let attendance = f.text("attendance", false, 16, false);
        if let Some(a) = &attendance {
            if !ATTENDANCE.contains(&a.as_str()) {
                f.error("attendance", Problem::NotOneOf { value: a.clone(), allowed: ATTENDANCE.join(", ") });
            }
        }
        let place = f.mapping("location").map(|location| {
            let mut inner = Fields::new(location);
            let place = Place {
                name: inner.text("name", false, 200, false),
                street: inner.text("street", false, 200, false),
                postal_code: inner.text("postal_code", false, 20, false),
                city: inner.text("city", false, 100, false),
                country: inner.text("country", false, 64, false),
            };
            if let Err(errors) = inner.finish(()) {
                for error in errors {
                    f.error("location", Problem::Within { part: error.field, problem: Box::new(error.problem) });
                }
            }
            if let Some(code) = &place.country {
                if !is_country(code) {
                    f.error("location", Problem::NotCountry { code: code.clone() });
                }
            }
            place
        });
        let online_url = f.url("online_url", false, 1000);
        let registration_url = f.url("registration_url", false, 1000);
        let deadline = datetime(&mut f, "deadline", false);
        let skill_slugs = skills(&mut f, "skills", taxonomy);
        let tags = f.list("tags", 30, 50);
        let publish_to_all = f.boolean("publish_to_all", false);
        let fictional = f.boolean("fictional", false);
        let translations = crate::jobs::translations(&mut f, &lang, "content");
        if kind.as_deref() == Some("event") {
            match (start, end) {
                (Some(s), Some(e)) if e <= s => f.error("end", Problem::EndNotAfterStart),
                (Some(_), Some(_)) => {}
                _ => f.error("start", Problem::EventNeedsTimes),
            }
            if timezone.is_none() {
                f.error("timezone", Problem::EventNeedsTimeZone);
            }
            if place.is_none() && online_url.is_none() {
                f.error("location", Problem::EventNeedsPlace);
            }
        }
        let (Some(id), Some(kind), Some(title), Some(content), Some(published)) = (id, kind, title, content, published)
        else {
            return Err(f.finish(()).err().unwrap_or_default());
        };
        f.finish(Self {
            id,
            kind,
            category,
            author,
            title,
            summary,
            content,
            lang,
            published,
            start,
            end,
            timezone,
            attendance,
            place,
            online_url,
            registration_url,
            deadline,
            skills: skill_slugs,
            tags,
            publish_to_all,
            fictional,
            translations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> Vec<String> {
        crate::records::wrong_fields(yaml, |map| AnnouncementRecord::read(map, "de", Taxonomy::builtin()))
    }

    #[test]
    fn events_need_times_and_a_place() {
        let event = "id: e\nkind: event\ntitle: T\ncontent: C\npublished: 2026-11-16T11:00:00+01:00\n";
        assert_eq!(fields(event), ["start", "timezone", "location"]);
        let full = format!(
            "{event}start: 2027-03-12T14:00:00+01:00\nend: 2027-03-14T13:00:00+01:00\ntimezone: Europe/Berlin\n\
             location: {{city: Kassel, country: DE}}\n"
        );
        assert!(fields(&full).is_empty());
        assert_eq!(fields(&full.replace("2027-03-14T13", "2027-03-11T13")), ["end"]);
        assert_eq!(fields(&full.replace("kind: event", "kind: party")), ["kind"]);
    }
}
