//! News and events of the local network and its member co-ops: publish, edit,
//! withdraw. Each change is announced through the outbox in the same transaction.

use chrono::{DateTime, FixedOffset};
use coopfed_core::{InstanceUrls, records::Problem, text};
use coopfed_db::{
    DbConnection,
    announcements::{self, AnnouncementKind, AnnouncementRow},
    members, networks, now,
};

/// What an import of announcements did.
pub use crate::stream::ImportReport;
use crate::stream::{Change, ImportTarget, change};
use crate::{ServiceError, Writer};

/// What an announcement says.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementInput {
    /// `news` or `event`.
    pub kind: String,
    /// The writing member co-op's slug; `None`: the network itself.
    pub member: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    pub content: String,
    pub lang: Option<String>,
    pub starts_at: Option<DateTime<FixedOffset>>,
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// IANA zone of the event's place, like `Europe/Paris`.
    pub timezone: Option<String>,
    pub location_name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub online_url: Option<String>,
    pub publish_to_all: bool,
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn http_url(field: &'static str, value: &str) -> Result<(), ServiceError> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        _ => Err(ServiceError::problem(field, Problem::NotHttpUrl)),
    }
}

/// Is `zone` shaped like an IANA time zone name (`UTC`, `Europe/Paris`, `America/Argentina/Salta`)?
fn looks_like_time_zone(zone: &str) -> bool {
    zone == "UTC"
        || (zone.contains('/')
            && zone.len() <= 64
            && zone.split('/').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
            }))
}

/// Text of 1 to `max` characters.
fn sized(field: &'static str, text: &str, max: usize) -> Result<(), ServiceError> {
    if text.is_empty() {
        return Err(ServiceError::problem(field, Problem::Empty));
    }
    if text.chars().count() > max {
        return Err(ServiceError::problem(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// Checks an announcement's fields; returns them normalised.
pub fn validate(input: AnnouncementInput) -> Result<AnnouncementInput, ServiceError> {
    let kind = AnnouncementKind::parse(&input.kind).ok_or_else(|| {
        ServiceError::problem("kind", Problem::NotOneOf { value: input.kind.clone(), allowed: "news, event".into() })
    })?;
    let title = input.title.trim().to_owned();
    sized("title", &title, 200)?;
    let content = input.content.trim().to_owned();
    sized("content", &content, 20_000)?;
    let lang = optional(input.lang).unwrap_or_else(|| "en".into()).to_ascii_lowercase();
    if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ServiceError::problem("lang", Problem::NotLanguage { code: lang }));
    }
    let online_url = optional(input.online_url);
    if let Some(url) = &online_url {
        http_url("online_url", url)?;
    }
    let country = optional(input.country).map(|c| c.to_ascii_uppercase());
    if let Some(code) = country.as_ref().filter(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(ServiceError::problem("country", Problem::NotCountry { code: code.clone() }));
    }
    let location_name = optional(input.location_name);
    let city = optional(input.city);
    let timezone = optional(input.timezone);
    if kind == AnnouncementKind::Event {
        let (Some(start), Some(end)) = (input.starts_at, input.ends_at) else {
            return Err(ServiceError::problem("starts_at", Problem::EventNeedsTimes));
        };
        if end <= start {
            return Err(ServiceError::problem("ends_at", Problem::EndNotAfterStart));
        }
        match &timezone {
            Some(zone) if looks_like_time_zone(zone) => {}
            Some(_) => return Err(ServiceError::problem("timezone", Problem::NotTimeZone)),
            None => return Err(ServiceError::problem("timezone", Problem::EventNeedsTimeZone)),
        }
        if location_name.is_none() && city.is_none() && online_url.is_none() {
            return Err(ServiceError::problem("location", Problem::EventNeedsPlace));
        }
    }
    Ok(AnnouncementInput {
        kind: kind.as_str().to_owned(),
        member: optional(input.member),
        title,
        summary: optional(input.summary),
        content,
        lang: Some(lang),
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        timezone,
        location_name,
        city,
        country,
        online_url,
        publish_to_all: input.publish_to_all,
    })
}

fn apply(row: &mut AnnouncementRow, input: AnnouncementInput) {
    row.kind = AnnouncementKind::parse(&input.kind).unwrap_or(AnnouncementKind::News);
    row.title = input.title;
    row.summary = input.summary;
    row.content = text::markdown(&input.content);
    row.lang = input.lang.unwrap_or_else(|| "en".into());
    row.starts_at = input.starts_at.map(|t| t.naive_utc());
    row.ends_at = input.ends_at.map(|t| t.naive_utc());
    row.timezone = input.timezone;
    row.venue.0.name = input.location_name;
    row.location_city = input.city;
    row.location_country = input.country;
    row.online_url = input.online_url;
    row.publish_to_all = input.publish_to_all;
}

/// Stores a new local announcement, filled by `fill`, addressed to the
/// network's news group.
fn insert_new(
    conn: &mut coopfed_db::DbConnection,
    urls: &InstanceUrls,
    network_id: &str,
    member_id: Option<coopfed_db::MemberId>,
    fill: impl FnOnce(&mut AnnouncementRow),
) -> Result<AnnouncementRow, ServiceError> {
    let id = coopfed_db::new_id();
    let mut row = AnnouncementRow {
        id: id.clone(),
        member_id,
        audience: Some(urls.group(coopfed_core::NEWS_GROUP).to_string()),
        ..AnnouncementRow::new(urls.at(&format!("/announcements/{id}")).to_string(), network_id.to_owned(), true)
    };
    fill(&mut row);
    announcements::insert(conn, &row)?;
    if let Some(group) = &row.audience {
        coopfed_db::provenance::add(conn, &row.ap_id, group, None)?;
    }
    Ok(row)
}

/// Publishes news or an event of the network or one of its co-ops.
pub async fn publish(
    writer: &Writer,
    urls: &InstanceUrls,
    input: AnnouncementInput,
) -> Result<AnnouncementRow, ServiceError> {
    let input = validate(input)?;
    let urls = urls.clone();
    change(writer, move |conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        let member_id = match &input.member {
            Some(slug) => {
                Some(members::find_member(conn, &network.id, slug)?.ok_or(ServiceError::NotFound("member co-op"))?.id)
            }
            None => None,
        };
        let row = insert_new(conn, &urls, &network.id, member_id, |row| apply(row, input))?;
        let detail = Some(format!("kind={}", row.kind));
        Ok(Change::published(row, detail))
    })
    .await
}

/// Replaces a local announcement's fields (its author stays) and announces the update.
pub async fn update(writer: &Writer, id: &str, input: AnnouncementInput) -> Result<AnnouncementRow, ServiceError> {
    let input = validate(input)?;
    crate::stream::update(writer, id, move |conn, row: &mut AnnouncementRow| {
        apply(row, input);
        row.updated_at = now();
        Ok(announcements::update(conn, row)?)
    })
    .await
}

fn apply_record(row: &mut AnnouncementRow, record: &coopfed_core::announcements::AnnouncementRecord) {
    row.slug = Some(record.id.to_string());
    row.kind = AnnouncementKind::parse(&record.kind).unwrap_or(AnnouncementKind::News);
    row.category.clone_from(&record.category);
    row.title.clone_from(&record.title);
    row.summary.clone_from(&record.summary);
    row.content = text::markdown(&record.content);
    row.lang.clone_from(&record.lang);
    row.published_at = record.published.naive_utc();
    row.starts_at = record.start.map(|t| t.naive_utc());
    row.ends_at = record.end.map(|t| t.naive_utc());
    row.timezone.clone_from(&record.timezone);
    row.attendance.clone_from(&record.attendance);
    let place = record.place.clone().unwrap_or_default();
    row.venue = coopfed_db::Json(coopfed_db::announcements::Venue {
        name: place.name,
        street: place.street,
        postal_code: place.postal_code,
    });
    row.location_city = place.city;
    row.location_country = place.country;
    row.online_url.clone_from(&record.online_url);
    row.registration_url.clone_from(&record.registration_url);
    row.deadline = record.deadline.map(|t| t.naive_utc());
    row.tags = coopfed_db::Json(record.tags.clone());
    row.publish_to_all = record.publish_to_all;
    row.fictional = record.fictional;
    row.translations = coopfed_db::Json(crate::jobs::stored_translations(&record.translations));
    row.updated_at = now();
}

impl crate::stream::ImportRecord for coopfed_core::announcements::AnnouncementRecord {
    type Item = AnnouncementRow;
    const AUDIT: &'static str = "announcements.import";

    fn store(&self, conn: &mut DbConnection, target: &ImportTarget) -> Result<(Self::Item, bool), ServiceError> {
        let (network, urls) = (&target.network, &target.urls);
        let member_id = match &self.author {
            Some(slug) => Some(
                members::find_member(conn, &network.id, slug)?
                    .ok_or_else(|| ServiceError::invalid("author", format!("no member co-op `{slug}`")))?
                    .id,
            ),
            None => None,
        };
        Ok(match announcements::find_by_slug(conn, &network.id, self.id.as_str())? {
            Some(mut row) => {
                apply_record(&mut row, self);
                row.member_id = member_id;
                row.deleted_at = None;
                announcements::update(conn, &row)?;
                announcements::set_skills(conn, &row.id, &self.skills)?;
                (row, false)
            }
            None => {
                let row = insert_new(conn, urls, &network.id, member_id, |row| apply_record(row, self))?;
                announcements::set_skills(conn, &row.id, &self.skills)?;
                (row, true)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AnnouncementInput {
        let start = DateTime::parse_from_rfc3339("2026-12-03T18:00:00+01:00").unwrap_or_default();
        AnnouncementInput {
            kind: "event".into(),
            title: "Meetup".into(),
            content: "Come along.".into(),
            starts_at: Some(start),
            ends_at: Some(start + chrono::Duration::hours(3)),
            timezone: Some("Europe/Paris".into()),
            city: Some("Paris".into()),
            ..AnnouncementInput::default()
        }
    }

    #[test]
    fn validation_names_the_field() {
        let field = |input: AnnouncementInput| match validate(input) {
            Err(ServiceError::Invalid { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        };
        assert!(validate(event()).is_ok());
        assert_eq!(field(AnnouncementInput { kind: "party".into(), ..event() }), "kind");
        assert_eq!(field(AnnouncementInput { ends_at: event().starts_at, ..event() }), "ends_at");
        assert_eq!(field(AnnouncementInput { timezone: Some("Paris time".into()), ..event() }), "timezone");
        assert_eq!(field(AnnouncementInput { city: None, ..event() }), "location");
        assert_eq!(field(AnnouncementInput { online_url: Some("ftp://x".into()), ..event() }), "online_url");
        let news = AnnouncementInput {
            kind: "news".into(),
            title: "News".into(),
            content: "Text".into(),
            ..Default::default()
        };
        assert!(validate(news).is_ok());
    }
}
