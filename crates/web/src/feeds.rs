//! Feeds: Atom for job offers and news, iCalendar for events, of this network
//! and every partner network (`?local=true` for this network alone).

use axum::{
    extract::{Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::{NaiveDateTime, SecondsFormat};
use coopfed_db::{announcements, jobs, networks};
use coopfed_federation::{actors::timestamp, html::escape};
use serde::Deserialize;

use crate::access::{Access::Public, Routes};
use crate::{AppError, AppState};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/feeds/jobs.atom", Public, jobs_feed).get("/feeds/news.atom", Public, news_feed).get(
        "/feeds/events.ics",
        Public,
        events_calendar,
    )
}

#[derive(Debug, Deserialize)]
struct FeedQuery {
    /// Only this network's own entries.
    #[serde(default)]
    local: bool,
    /// Only entries of the network with this domain.
    network: Option<String>,
}

impl FeedQuery {
    fn keeps(&self, local: bool, domain: &str) -> bool {
        (!self.local || local) && self.network.as_deref().is_none_or(|d| d == domain)
    }
}

/// One entry of an Atom feed.
struct Entry {
    id: String,
    title: String,
    summary: Option<String>,
    /// HTML.
    content: String,
    author: String,
    published: NaiveDateTime,
    updated: NaiveDateTime,
}

fn atom(state: &AppState, path: &str, title: &str, entries: &[Entry]) -> Response {
    let self_url = state.urls().at(path).to_string();
    let updated = entries.iter().map(|e| e.updated).max().map_or_else(|| timestamp(coopfed_db::now()), timestamp);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{id}\"/>\n<generator>coopfed</generator>\n",
        id = escape(&self_url),
        title = escape(title),
    );
    for entry in entries {
        xml.push_str(&format!(
            "<entry>\n<id>{id}</id>\n<title type=\"text\">{title}</title>\n<link rel=\"alternate\" href=\"{id}\"/>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n<author><name>{author}</name></author>\n",
            id = escape(&entry.id),
            title = escape(&entry.title),
            published = timestamp(entry.published),
            updated = timestamp(entry.updated),
            author = escape(&entry.author),
        ));
        if let Some(summary) = &entry.summary {
            xml.push_str(&format!("<summary type=\"text\">{}</summary>\n", escape(summary)));
        }
        xml.push_str(&format!("<content type=\"html\">{}</content>\n</entry>\n", escape(&entry.content)));
    }
    xml.push_str("</feed>\n");
    with_type(xml, "application/atom+xml; charset=utf-8")
}

fn with_type(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

async fn network_name(state: &AppState) -> Result<String, AppError> {
    let network = state.db().run(networks::find_local).await?.ok_or(AppError::NotFound("network"))?;
    Ok(network.display_name)
}

/// The job feed takes the filters of `GET /api/v1/jobs` (`q`, `skill`, `network`, …).
async fn jobs_feed(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    Query(filters): Query<crate::jobs::ListQuery>,
) -> Result<Response, AppError> {
    let today = coopfed_core::clock::today();
    let filter = crate::jobs::filter_of(&filters, &*state.federation().skills.current().await?)?;
    let rows = state.db().run(move |conn| jobs::search(conn, today, false, &filter, None, 100)).await?;
    let entries: Vec<Entry> = rows
        .into_iter()
        .filter(|j| query.keeps(j.job.is_local, &j.network_domain))
        .map(|j| Entry {
            id: j.job.ap_id,
            title: j.job.title,
            summary: j.job.summary,
            content: j.job.content,
            author: j.member_name,
            published: j.job.created_at,
            updated: j.job.updated_at,
        })
        .collect();
    let title = format!("{}: job offers", network_name(&state).await?);
    Ok(atom(&state, "/feeds/jobs.atom", &title, &entries))
}

/// The announcements of one kind that a feed shows, with the listing's filters.
async fn announcements_of(
    state: &AppState,
    kind: announcements::AnnouncementKind,
    query: &FeedQuery,
    filters: &crate::announcements::ListQuery,
    limit: i64,
) -> Result<Vec<announcements::ListedAnnouncement>, AppError> {
    let mut filter = crate::announcements::filter_of(filters, &*state.federation().skills.current().await?)?;
    filter.kind = Some(kind);
    filter.local_only = query.local;
    Ok(state.db().run(move |conn| announcements::search(conn, &filter, None, limit)).await?)
}

async fn news_feed(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    Query(filters): Query<crate::announcements::ListQuery>,
) -> Result<Response, AppError> {
    let rows = announcements_of(&state, announcements::AnnouncementKind::News, &query, &filters, 100).await?;
    let entries: Vec<Entry> = rows
        .into_iter()
        .map(|a| Entry {
            id: a.announcement.ap_id,
            title: a.announcement.title,
            summary: a.announcement.summary,
            content: a.announcement.content,
            author: a.network_slug,
            published: a.announcement.published_at,
            updated: a.announcement.updated_at,
        })
        .collect();
    let title = format!("{}: news", network_name(&state).await?);
    Ok(atom(&state, "/feeds/news.atom", &title, &entries))
}

/// Escapes iCalendar text (RFC 5545 §3.3.11): line breaks (`\r\n`, a lone
/// `\r` or `\n`) become `\n`, other control characters go, so no text can
/// start a line of its own.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), on character boundaries.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn ics_time(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true).replace(['-', ':'], "")
}

async fn events_calendar(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    Query(filters): Query<crate::announcements::ListQuery>,
) -> Result<Response, AppError> {
    let rows = announcements_of(&state, announcements::AnnouncementKind::Event, &query, &filters, 500).await?;
    let name = network_name(&state).await?;
    let events: Vec<announcements::AnnouncementRow> = rows
        .into_iter()
        .filter(|listed| {
            listed.announcement.kind == announcements::AnnouncementKind::Event
                && query.keeps(listed.announcement.is_local, &listed.network_domain)
        })
        .map(|listed| listed.announcement)
        .collect();
    Ok(calendar(&format!("{name}: events"), &events))
}

/// An iCalendar file of `events` (those without both times are left out).
pub(crate) fn calendar(name: &str, events: &[announcements::AnnouncementRow]) -> Response {
    let stamp = ics_time(coopfed_db::now());
    let mut ics = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//coopfed//events//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("X-WR-CALNAME:{}", ics_text(name)),
    ] {
        ics.push_str(&fold(&line));
    }
    for event in events {
        let (Some(start), Some(end)) = (event.starts_at, event.ends_at) else { continue };
        let mut lines = vec![
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", ics_text(&event.ap_id)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", ics_time(start)),
            format!("DTEND:{}", ics_time(end)),
            format!("SUMMARY:{}", ics_text(&event.title)),
            format!("DESCRIPTION:{}", ics_text(&coopfed_core::text::plain(&event.content))),
            format!("URL:{}", ics_text(&event.ap_id)),
        ];
        let place: Vec<&str> = [&event.venue.name, &event.location_city, &event.location_country]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        if !place.is_empty() {
            lines.push(format!("LOCATION:{}", ics_text(&place.join(", "))));
        } else if let Some(online) = &event.online_url {
            lines.push(format!("LOCATION:{}", ics_text(online)));
        }
        lines.push("END:VEVENT".to_owned());
        for line in lines {
            ics.push_str(&fold(&line));
        }
    }
    ics.push_str(&fold("END:VCALENDAR"));
    with_type(ics, "text/calendar; charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_escaping_and_folding() {
        assert_eq!(ics_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        // A lone carriage return cannot start a property of its own.
        assert_eq!(ics_text("Party\rLOCATION:evil\r\nX\u{0}\u{7}"), "Party\\nLOCATION:evil\\nX");
        let long = "x".repeat(200);
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded}");
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
        let umlauts = "ä".repeat(60);
        assert!(fold(&umlauts).split("\r\n").all(|l| l.len() <= 75));
    }
}
