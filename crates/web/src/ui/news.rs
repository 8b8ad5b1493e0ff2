//! News and events of every network, and the page of each, with an
//! "add to calendar" file for events.

use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use chrono::NaiveDateTime;
use coopfed_db::{
    DbError,
    announcements::{self, AnnouncementKind, AnnouncementRow, ListedAnnouncement},
    members, networks,
};
use maud::{Markup, html};

use super::{
    components::{
        Localized, any_given, country, filter_form, host_of, localized, next_page, pager, select_field, stored_html,
        text_field, web_address,
    },
    jobs::{coop_href, field_error, network_options},
    page::{Alternate, Ctx, layout, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, announcements::ListQuery};

/// A moment (stored in UTC) in the event's time zone when it has a known
/// one, else in UTC: "4 December 2026, 14:00 (Europe/Berlin)".
pub(crate) fn moment(tr: &Tr, at: NaiveDateTime, zone: Option<&str>) -> String {
    use chrono::TimeZone;
    let (local, label) = match zone.and_then(|z| z.parse::<chrono_tz::Tz>().ok()) {
        Some(zone) => (zone.from_utc_datetime(&at).naive_local(), zone.name().to_owned()),
        None => (at, "UTC".to_owned()),
    };
    tr.t_with(
        "moment",
        &[
            ("date", Arg::Text(tr.date(local.date()))),
            ("time", Arg::Text(local.format("%H:%M").to_string())),
            ("zone", Arg::Text(label)),
        ],
    )
}

fn kind_label(tr: &Tr, row: &AnnouncementRow) -> String {
    let kind = match row.kind {
        AnnouncementKind::Event => tr.t("kind-event"),
        AnnouncementKind::News => tr.t("kind-news"),
    };
    match &row.category {
        Some(category) => format!("{kind} · {}", tr.t(&format!("category-{category}"))),
        None => kind,
    }
}

fn place(tr: &Tr, row: &AnnouncementRow) -> Option<String> {
    let parts: Vec<String> =
        [row.venue.name.clone(), row.location_city.clone(), row.location_country.as_deref().map(|c| country(tr, c))]
            .into_iter()
            .flatten()
            .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// An announcement's texts in the reader's language where it has them.
pub(crate) fn texts<'a>(tr: &Tr, row: &'a AnnouncementRow) -> Localized<'a> {
    let original = Localized::original(&row.title, row.summary.as_deref(), &row.content, &row.lang);
    localized(tr, original, &row.translations.0)
}

fn card(tr: &Tr, listed: &ListedAnnouncement) -> Markup {
    let row = &listed.announcement;
    let text = texts(tr, row);
    html! {
        article.card {
            p.kicker { (kind_label(tr, row)) }
            h3 lang=(text.lang) { a href=(format!("/announcements/{}", row.id)) { (text.title) } }
            p.meta {
                @if let Some(start) = row.starts_at {
                    (moment(tr, start, row.timezone.as_deref()))
                    @if let Some(place) = place(tr, row) { " · " (place) }
                    @if row.online_url.is_some() { " · " (tr.t("event-online")) }
                } @else {
                    (tr.date(row.published_at.date()))
                }
                " · " (listed.network_domain)
            }
            @if let Some(summary) = text.summary { p lang=(text.summary_lang) { (summary) } }
        }
    }
}

/// `GET /news`: news and events of every network, newest first.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let taxonomy = state.federation().skills.current().await?;
    let limit = crate::stream::page_size(query.limit);
    let (rows, error) = match crate::announcements::filter_of(&query, &taxonomy) {
        Ok(filter) => {
            let before = query.before.clone();
            let rows =
                state.db().run(move |conn| announcements::search(conn, &filter, before.as_deref(), limit + 1)).await?;
            (rows, None)
        }
        Err(error) => (Vec::new(), Some(field_error(&tr, error)?)),
    };
    let (rows, next) = crate::stream::paged(rows, limit, |r| r.announcement.id.clone());
    let next = next.map(|cursor| next_page("/news", query.pairs(), query.limit, &cursor));
    let networks = network_options(&state).await?;
    let kinds = [("news".to_owned(), tr.t("kind-news")), ("event".to_owned(), tr.t("kind-event"))];
    let languages: Vec<(String, String)> =
        crate::i18n::Lang::ALL.iter().map(|l| (l.code().to_owned(), l.own_name().to_owned())).collect();
    let error_of = |field: &str| error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str());
    let q = &query;
    let open = any_given(&[&q.network, &q.language, &q.country, &q.skill])
        || error.as_ref().is_some_and(|(field, _)| !matches!(*field, "q" | "kind"));
    let title = tr.t("news-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("news-lede")) }
        div.with-filters {
            (filter_form(&tr, "/news", &tr.t("news-filter-label"), html! {
                (text_field("q", &tr.t("filter-words"), query.q.as_deref(), error_of("q")))
                (select_field(&tr, "kind", &tr.t("filter-kind"), query.kind.as_deref(), &kinds, error_of("kind")))
            }, html! {
                (select_field(&tr, "network", &tr.t("filter-network"), query.network.as_deref(), &networks, error_of("network")))
                (select_field(&tr, "language", &tr.t("filter-language"), query.language.as_deref(), &languages, error_of("language")))
                (text_field("country", &tr.t("filter-country"), query.country.as_deref(), error_of("country")))
                (text_field("skill", &tr.t("filter-skill"), query.skill.as_deref(), error_of("skill")))
            }, open))
            section aria-labelledby="results" {
                h2 #results { (tr.t("news-results")) }
                @if rows.is_empty() { p.empty { (tr.t("news-none")) } }
                @for listed in &rows { (card(&tr, listed)) }
                (pager(&tr, next))
            }
        }
    };
    let alternates = [
        Alternate { media_type: "application/atom+xml", href: "/feeds/news.atom".into(), title: tr.t("feed-news") },
        Alternate { media_type: "text/calendar", href: "/feeds/events.ics".into(), title: tr.t("feed-events") },
    ];
    Ok(page(layout(&ctx, &title, &alternates, body)))
}

/// The page of news or an event (local or from a partner) by row id.
impl crate::stream::ItemPage for coopfed_db::announcements::AnnouncementRow {
    async fn html(state: AppState, ctx: Ctx, id: String) -> Result<Response, AppError> {
        let tr = ctx.tr;
        let found = state
            .db()
            .run(move |conn| -> Result<_, DbError> {
                let Some(row) = announcements::find(conn, &id)? else { return Ok(None) };
                let network = networks::find_by_id(conn, &row.network_id)?.ok_or(DbError::NotFound)?;
                let member = match &row.member_id {
                    Some(member_id) => members::find_member_by_id(conn, member_id)?,
                    None => None,
                };
                let carriers = coopfed_db::provenance::groups_of(conn, std::slice::from_ref(&row.ap_id))?
                    .remove(&row.ap_id)
                    .unwrap_or_default();
                Ok(Some((row, network, member, carriers)))
            })
            .await?;
        let (row, network, member, carriers) = found.ok_or(AppError::NotFound("announcement"))?;
        if row.deleted_at.is_some() || row.taken_down_at.is_some() {
            return Err(AppError::Gone("announcement"));
        }
        let text = texts(&tr, &row);
        let body = html! {
            article.announcement {
                p.kicker { (kind_label(&tr, &row)) }
                h1 lang=(text.lang) { (text.title) }
                p.meta {
                    @if let Some(member) = &member {
                        a href=(coop_href(row.is_local, &member.slug, &member.id)) { (member.name) } " · "
                    }
                    (network.display_name) " · " (tr.date(row.published_at.date()))
                }
                @if row.kind == AnnouncementKind::Event {
                    dl.facts {
                        @if let Some(start) = row.starts_at { dt { (tr.t("event-starts")) } dd { (moment(&tr, start, row.timezone.as_deref())) } }
                        @if let Some(end) = row.ends_at { dt { (tr.t("event-ends")) } dd { (moment(&tr, end, row.timezone.as_deref())) } }
                        @if let Some(place) = place(&tr, &row) { dt { (tr.t("event-place")) } dd { (place) } }
                        @if let Some(url) = &row.online_url {
                            dt { (tr.t("event-online")) } dd { a href=[web_address(url)] rel="nofollow noopener" { (url) } }
                        }
                        @if let Some(url) = &row.registration_url {
                            dt { (tr.t("event-registration")) } dd { a href=[web_address(url)] rel="nofollow noopener" { (url) } }
                        }
                    }
                    @if row.starts_at.is_some() && row.ends_at.is_some() {
                        p { a.button href=(format!("/announcements/{}/event.ics", row.id)) { (tr.t("event-add-to-calendar")) } }
                    }
                }
                @if let Some(summary) = text.summary { p.lede lang=(text.summary_lang) { (summary) } }
                div.content lang=(text.content_lang) { (stored_html(text.content)) }
                @if !carriers.is_empty() {
                    h2 { (tr.t("job-where-published")) }
                    ul { @for group in &carriers { li { (host_of(group)) } } }
                }
                (super::components::handle(&tr, &tr.t("job-fediverse-address"), &row.ap_id))
            }
        };
        Ok(page(layout(&ctx, text.title, &[], body)))
    }
}

/// `GET /announcements/{id}/event.ics`: one event for a calendar.
pub(crate) async fn event_calendar(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let row = state.db().run(move |conn| announcements::find(conn, &id)).await?;
    let row = row
        .filter(|r| {
            r.deleted_at.is_none() && r.kind == AnnouncementKind::Event && r.starts_at.is_some() && r.ends_at.is_some()
        })
        .ok_or(AppError::NotFound("event"))?;
    Ok(crate::feeds::calendar(&row.title, std::slice::from_ref(&row)))
}
