//! The home of a network: what it is, its partners, the latest offers and
//! news of the whole federation, and how to follow it from the fediverse.

use axum::{extract::State, response::Response};
use coopfed_core::{JOBS_GROUP, NEWS_GROUP};
use coopfed_db::{announcements, jobs};
use maud::html;

use super::{
    components::{handle, host_of},
    page::{Alternate, Ctx, layout, page},
};
use crate::{AppError, AppState};

pub(crate) async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let taxonomy = state.federation().skills.current().await?;
    let today = coopfed_core::clock::today();
    let (partners, latest_jobs, latest_news) = state
        .db()
        .run(move |conn| -> Result<_, AppError> {
            let partners = coopfed_federation::partners::policy::partners(conn)?;
            let jobs = jobs::search(conn, today, false, &jobs::JobFilter::default(), None, 5)?;
            let news = announcements::search(conn, &announcements::AnnouncementFilter::default(), None, 5)?;
            Ok((partners, jobs, news))
        })
        .await?;
    let domain = state.urls().domain().to_string();
    let network = &ctx.network;
    let body = html! {
        section.hero {
            h1 { (network.display_name) }
            @if let Some(summary) = &network.summary { p.lede { (summary) } }
            p { (tr.t("home-what")) }
            p.actions {
                a.button href="/jobs" { (tr.t("home-browse-jobs")) }
                " "
                a.button.secondary href="/members" { (tr.t("home-browse-directory")) }
            }
        }
        section aria-labelledby="partners" {
            h2 #partners { (tr.t("home-partners")) }
            @if partners.is_empty() {
                p.empty { (tr.t("home-no-partners")) }
            } @else {
                ul.plain {
                    @for partner in &partners {
                        li { (partner.display_name) " (" (partner.domain) ")" }
                    }
                }
            }
            p { a href="/federation" { (tr.t("home-federation-status")) } }
        }
        div.columns {
            section aria-labelledby="latest-jobs" {
                h2 #latest-jobs { (tr.t("home-latest-jobs")) }
                @if latest_jobs.is_empty() { p.empty { (tr.t("jobs-none")) } }
                @for listed in &latest_jobs { (super::jobs::job_card(&tr, &taxonomy, listed)) }
                p { a href="/jobs" { (tr.t("home-all-jobs")) } }
            }
            section aria-labelledby="latest-news" {
                h2 #latest-news { (tr.t("home-latest-news")) }
                @if latest_news.is_empty() { p.empty { (tr.t("news-none")) } }
                ul.plain {
                    @for listed in &latest_news {
                        @let row = &listed.announcement;
                        @let text = super::news::texts(&tr, row);
                        li {
                            a href=(format!("/announcements/{}", row.id)) lang=(text.lang) { (text.title) }
                            " · " (host_of(&row.ap_id))
                        }
                    }
                }
                p { a href="/news" { (tr.t("home-all-news")) } }
            }
        }
        section aria-labelledby="follow" {
            h2 #follow { (tr.t("home-follow")) }
            p { (tr.t("home-follow-how")) }
            (handle(&tr, &tr.t("home-follow-network"), &format!("@{}@{domain}", network.slug)))
            (handle(&tr, &tr.t("home-follow-jobs"), &format!("@{JOBS_GROUP}@{domain}")))
            (handle(&tr, &tr.t("home-follow-news"), &format!("@{NEWS_GROUP}@{domain}")))
            p { (tr.t("home-follow-apps")) }
        }
    };
    let alternates = [
        Alternate { media_type: "application/atom+xml", href: "/feeds/jobs.atom".into(), title: tr.t("feed-jobs") },
        Alternate { media_type: "application/atom+xml", href: "/feeds/news.atom".into(), title: tr.t("feed-news") },
        Alternate { media_type: "text/calendar", href: "/feeds/events.ics".into(), title: tr.t("feed-events") },
    ];
    Ok(page(layout(&ctx, &network.display_name, &alternates, body)))
}
