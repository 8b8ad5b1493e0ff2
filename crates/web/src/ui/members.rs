//! The directory of co-ops across the federation ("who does Rust in NL?")
//! and the page of each co-op.

use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use coopfed_core::skills::Taxonomy;
use coopfed_db::{
    DbError,
    actors::{self, ActorKind, ActorRow},
    announcements::{self, AnnouncementRow},
    jobs::{self, JobRow},
    members::{self, ListedMember, MemberRow},
    networks::{self, NetworkRow},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    components::{
        Localized, any_given, city_country, filter_form, handle, localized, mail_address, pager, query_string,
        select_field, skill_chips, text_field, web_address,
    },
    jobs::{coop_href, field_error, network_options},
    page::{Ctx, layout, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, members::MemberQuery};

/// The directory's form, as typed (numbers are checked here, so that a
/// wrong one is shown beside its field).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DirectoryQuery {
    q: Option<String>,
    skill: Option<String>,
    service: Option<String>,
    technology: Option<String>,
    network: Option<String>,
    country: Option<String>,
    size_min: Option<String>,
    size_max: Option<String>,
    after: Option<String>,
}

impl DirectoryQuery {
    fn pairs(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("q", self.q.as_deref()),
            ("skill", self.skill.as_deref()),
            ("service", self.service.as_deref()),
            ("technology", self.technology.as_deref()),
            ("network", self.network.as_deref()),
            ("country", self.country.as_deref()),
            ("size_min", self.size_min.as_deref()),
            ("size_max", self.size_max.as_deref()),
        ]
    }

    fn api_query(&self) -> Result<MemberQuery, AppError> {
        let size = |field: &str, value: &Option<String>| -> Result<Option<i32>, AppError> {
            match crate::params::text(value) {
                None => Ok(None),
                Some(text) => text
                    .parse::<i32>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .map(Some)
                    .ok_or_else(|| crate::params::invalid(field, coopfed_core::records::Problem::NotWholeNumber)),
            }
        };
        Ok(MemberQuery {
            q: self.q.clone(),
            skill: self.skill.clone(),
            service: self.service.clone(),
            technology: self.technology.clone(),
            network: self.network.clone(),
            country: self.country.clone(),
            size_min: size("size_min", &self.size_min)?,
            size_max: size("size_max", &self.size_max)?,
            after: self.after.clone(),
            limit: Some(PAGE),
        })
    }
}

const PAGE: i64 = 50;

fn coop_card(tr: &Tr, taxonomy: &Taxonomy, listed: &ListedMember, skills: &[String]) -> Markup {
    let m = &listed.member;
    let summary = summary_of(tr, m);
    html! {
        article.card {
            h3 { a href=(coop_href(listed.local, &m.slug, &m.id)) { (m.name) } }
            p.meta {
                (listed.network_domain)
                @if let Some(place) = place(tr, m) { " · " (place) }
                @if let Some(size) = m.size { " · " (tr.t_with("coop-size-people", &[("count", Arg::from(usize::try_from(size).unwrap_or(0)))])) }
            }
            @if let Some((text, lang)) = summary { p lang=(lang) { (text) } }
            (skill_chips(tr, taxonomy, skills, "/members"))
        }
    }
}

fn place(tr: &Tr, m: &MemberRow) -> Option<String> {
    city_country(tr, m.city.as_deref(), m.country.as_deref())
}

/// The co-op's description in the reader's language where it has one.
fn summary_of<'a>(tr: &Tr, m: &'a MemberRow) -> Option<(&'a str, &'a str)> {
    let original = m.summary.as_deref()?;
    let lang = m.summary_lang.as_deref().unwrap_or("en");
    let shown = localized(tr, Localized::original(&m.name, Some(original), "", lang), &m.translations.0);
    Some((shown.summary.unwrap_or(original), shown.summary_lang))
}

/// `GET /members`: co-ops of every network, the local network's first.
pub(crate) async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DirectoryQuery>,
) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let taxonomy = state.federation().skills.current().await?;
    let filter = query.api_query().and_then(|q| crate::members::filter_of(q, &taxonomy));
    let (rows, skills, error) = match filter {
        Ok(filter) => {
            let (rows, skills) = state
                .db()
                .run(move |conn| -> Result<_, DbError> {
                    let rows = members::search_members(conn, &filter)?;
                    let ids: Vec<String> = rows.iter().map(|r| r.member.id.to_string()).collect();
                    let skills = coopfed_db::skills::member_skills_for(conn, &ids)?;
                    Ok((rows, skills))
                })
                .await?;
            (rows, skills, None)
        }
        Err(error) => (Vec::new(), Default::default(), Some(field_error(&tr, error)?)),
    };
    let (rows, next) = crate::stream::paged(rows, PAGE, |r| {
        members::MemberCursor { domain: r.network_domain.clone(), slug: r.member.slug.clone() }.to_string()
    });
    let next = next.map(|cursor| {
        let mut pairs = query.pairs();
        pairs.push(("after", Some(cursor.as_str())));
        format!("/members{}", query_string(&pairs))
    });
    let networks = network_options(&state).await?;
    let error_of = |field: &str| error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str());
    let q = &query;
    let open = any_given(&[&q.service, &q.technology, &q.network, &q.size_min, &q.size_max])
        || error.as_ref().is_some_and(|(field, _)| !matches!(*field, "q" | "skill" | "country"));
    let title = tr.t("directory-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("directory-lede")) }
        div.with-filters {
            (filter_form(&tr, "/members", &tr.t("directory-filter-label"), html! {
                (text_field("q", &tr.t("filter-words"), query.q.as_deref(), error_of("q")))
                (text_field("skill", &tr.t("filter-skill"), query.skill.as_deref(), error_of("skill")))
                (text_field("country", &tr.t("filter-country"), query.country.as_deref(), error_of("country")))
            }, html! {
                (text_field("service", &tr.t("filter-service"), query.service.as_deref(), None))
                (text_field("technology", &tr.t("filter-technology"), query.technology.as_deref(), None))
                (select_field(&tr, "network", &tr.t("filter-network"), query.network.as_deref(), &networks, error_of("network")))
                (text_field("size_min", &tr.t("filter-size-min"), query.size_min.as_deref(), error_of("size_min")))
                (text_field("size_max", &tr.t("filter-size-max"), query.size_max.as_deref(), error_of("size_max")))
            }, open))
            section aria-labelledby="results" {
                h2 #results { (tr.t("directory-results")) }
                @if rows.is_empty() { p.empty { (tr.t("directory-none")) } }
                @for listed in &rows {
                    @let none = Vec::new();
                    (coop_card(&tr, &taxonomy, listed, skills.get(listed.member.id.as_str()).unwrap_or(&none)))
                }
                (pager(&tr, next))
            }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// What a co-op's page shows.
struct CoopPage {
    member: MemberRow,
    network: NetworkRow,
    actor: ActorRow,
    skills: Vec<String>,
    jobs: Vec<JobRow>,
    news: Vec<AnnouncementRow>,
}

fn load_coop(conn: &mut coopfed_db::DbConnection, member: MemberRow) -> Result<CoopPage, DbError> {
    let network = networks::find_by_id(conn, &member.network_id)?.ok_or(DbError::NotFound)?;
    let actor = actors::find_by_id(conn, &member.actor_id)?.ok_or(DbError::NotFound)?;
    let skills = coopfed_db::skills::member_skills_of(conn, &member.id)?;
    let jobs = jobs::open_offers_of(conn, &member.id, coopfed_core::clock::today(), 20)?;
    let news = announcements::of_member(conn, &member.id, 10)?;
    Ok(CoopPage { member, network, actor, skills, jobs, news })
}

/// `GET /coops/{id}`: a co-op of any network, by row id.
pub(crate) async fn remote_coop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let found = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            match members::find_member_by_id(conn, &id)? {
                // A co-op taken down here is not shown.
                Some(member) if member.taken_down_at.is_none() => load_coop(conn, member).map(Some),
                _ => Ok(None),
            }
        })
        .await?;
    let coop = found.ok_or(AppError::NotFound("member co-op"))?;
    coop_page(&state, &ctx, coop).await
}

/// The HTML page of a local actor: a co-op's profile, or what a network or
/// stream is and how to follow it.
pub(crate) async fn member_html(state: &AppState, ctx: &Ctx, row: &ActorRow) -> Result<Response, AppError> {
    if row.kind == ActorKind::Organization {
        let actor_id = row.id.clone();
        let found = state
            .db()
            .run(move |conn| -> Result<_, DbError> {
                match members::find_member_by_actor(conn, &actor_id)? {
                    Some(member) => load_coop(conn, member).map(Some),
                    None => Ok(None),
                }
            })
            .await?;
        if let Some(coop) = found {
            return coop_page(state, ctx, coop).await;
        }
    }
    let tr = ctx.tr;
    let kind = match row.kind {
        ActorKind::Network => "actor-kind-network",
        ActorKind::Group => "actor-kind-group",
        ActorKind::Organization => "actor-kind-coop",
        ActorKind::Application => "actor-kind-instance",
        ActorKind::Person => "actor-kind-person",
    };
    let body = html! {
        p.kicker { (tr.t(kind)) }
        h1 { (row.display_name) }
        @if let Some(summary) = &row.summary { p { (summary) } }
        (handle(&tr, &tr.t("follow-handle"), &coopfed_federation::actors::handle(row)))
        p { (tr.t("follow-how")) }
    };
    Ok(page(layout(ctx, &row.display_name, &[], body)))
}

async fn coop_page(state: &AppState, ctx: &Ctx, coop: CoopPage) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let taxonomy = state.federation().skills.current().await?;
    let m = &coop.member;
    let list = |items: &[String]| items.join(", ");
    let body = html! {
        article.coop {
            p.kicker { (tr.t("actor-kind-coop")) " · " (coop.network.display_name) }
            h1 { (m.name) }
            @if let Some((text, lang)) = summary_of(&tr, m) { p.lede lang=(lang) { (text) } }
            dl.facts {
                @if let Some(place) = place(&tr, m) { dt { (tr.t("coop-place")) } dd { (place) } }
                @if let Some(size) = m.size {
                    dt { (tr.t("coop-size")) }
                    dd { (tr.t_with("coop-size-people", &[("count", Arg::from(usize::try_from(size).unwrap_or(0)))])) }
                }
                @if let Some(form) = &m.legal_form { dt { (tr.t("coop-legal-form")) } dd { (form) } }
                @if let Some(founded) = m.founded { dt { (tr.t("coop-founded")) } dd { (founded) } }
                @if let Some(joined) = m.joined_on { dt { (tr.t("coop-joined")) } dd { (tr.date(joined)) } }
                @if !m.languages.0.is_empty() { dt { (tr.t("coop-languages")) } dd { (list(&m.languages.0)) } }
                @if !m.services.0.is_empty() { dt { (tr.t("coop-services")) } dd { (list(&m.services.0)) } }
                @if !m.technologies.0.is_empty() { dt { (tr.t("coop-technologies")) } dd { (list(&m.technologies.0)) } }
                @if !m.sectors.0.is_empty() { dt { (tr.t("coop-sectors")) } dd { (list(&m.sectors.0)) } }
                @if let Some(website) = &m.website {
                    dt { (tr.t("coop-website")) } dd { a href=[web_address(website)] rel="nofollow noopener" { (website) } }
                }
                @if let Some(email) = &m.contact_email {
                    dt { (tr.t("coop-contact")) } dd { a href=[mail_address(email)] { (email) } }
                }
                @if !m.social_links.0.is_empty() {
                    dt { (tr.t("coop-links")) }
                    dd { ul.plain { @for link in &m.social_links.0 { li { a href=[web_address(link)] rel="nofollow noopener me" { (link) } } } } }
                }
            }
            @if !coop.skills.is_empty() {
                h2 { (tr.t("coop-skills")) }
                (skill_chips(&tr, &taxonomy, &coop.skills, "/members"))
            }
            (handle(&tr, &tr.t("follow-handle"), &coopfed_federation::actors::handle(&coop.actor)))
            h2 { (tr.t("coop-jobs")) }
            @if coop.jobs.is_empty() { p.empty { (tr.t("coop-no-jobs")) } }
            ul.plain {
                @for job in &coop.jobs {
                    li {
                        @let text = super::jobs::job_texts(&tr, job);
                        a href=(format!("/jobs/{}", job.id)) lang=(text.lang) { (text.title) } " · " (tr.date(job.posted_on))
                    }
                }
            }
            h2 { (tr.t("coop-news")) }
            @if coop.news.is_empty() { p.empty { (tr.t("coop-no-news")) } }
            ul.plain {
                @for item in &coop.news {
                    li {
                        @let text = super::news::texts(&tr, item);
                        a href=(format!("/announcements/{}", item.id)) lang=(text.lang) { (text.title) } " · " (tr.date(item.published_at.date()))
                    }
                }
            }
        }
    };
    Ok(page(layout(ctx, &m.name, &[], body)))
}
