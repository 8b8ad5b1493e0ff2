//! The job board across the federation and the page of one offer.

use axum::{
    extract::{Query, State},
    response::Response,
};
use coopfed_core::skills::Taxonomy;
use coopfed_db::{
    DbError,
    jobs::{self, JobRow, ListedJob},
    members, networks,
};
use maud::{Markup, html};

use super::{
    components::{
        Localized, any_given, city_country, count, filter_form, host_of, localized, mail_address, next_page, pager,
        select_field, skill_chips, stored_html, text_field, web_address,
    },
    page::{Alternate, Ctx, layout, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, jobs::ListQuery};

/// The page of a co-op: its actor's page here, or its mirror.
pub(crate) fn coop_href(is_local: bool, slug: &str, member_id: &str) -> String {
    if is_local { format!("/members/{slug}") } else { format!("/coops/{member_id}") }
}

fn employment(tr: &Tr, kind: &str) -> String {
    tr.t(&format!("employment-{kind}"))
}

/// "Leeds, United Kingdom · remote"
fn place(tr: &Tr, job: &JobRow) -> String {
    let mut parts = Vec::new();
    parts.extend(city_country(tr, job.location_city.as_deref(), job.location_country.as_deref()));
    if job.remote {
        parts.push(tr.t("job-remote"));
    }
    parts.join(" · ")
}

fn salary(tr: &Tr, job: &JobRow) -> Option<String> {
    let (min, max, currency, period) =
        (job.salary_min?, job.salary_max?, job.salary_currency.as_deref()?, job.salary_period.as_deref()?);
    let range = if (min - max).abs() < f64::EPSILON {
        tr.number(min)
    } else {
        format!("{} – {}", tr.number(min), tr.number(max))
    };
    let key = if coopfed_core::jobs::SALARY_PERIODS.contains(&period) {
        format!("salary-per-{period}")
    } else {
        // A partner's period we do not know: the amount alone.
        "salary-amount".to_owned()
    };
    Some(tr.t_with(&key, &[("amount", Arg::Text(range)), ("currency", Arg::from(currency))]))
}

/// The networks that carry an offer: the group it was addressed to, the
/// groups that took it, and (for our own offers published to all) every
/// partner network; each once.
fn carriers(job: &JobRow, provenance: &[String], partners: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    let groups = job.audience.iter().chain(provenance).map(|g| host_of(g));
    let partners = partners.iter().filter(|_| job.is_local && job.publish_to_all).cloned();
    for host in groups.chain(partners) {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

/// An offer's texts in the reader's language where it has them.
pub(crate) fn job_texts<'a>(tr: &Tr, job: &'a JobRow) -> Localized<'a> {
    let original = Localized::original(&job.title, job.summary.as_deref(), &job.content, &job.lang);
    localized(tr, original, &job.translations.0)
}

/// One offer in a list.
pub(crate) fn job_card(tr: &Tr, taxonomy: &Taxonomy, listed: &ListedJob) -> Markup {
    let job = &listed.job;
    let text = job_texts(tr, job);
    let carriers = carriers(job, &listed.provenance, &[]);
    html! {
        article.card {
            h3 lang=(text.lang) { a href=(format!("/jobs/{}", job.id)) { (text.title) } }
            p.meta {
                a href=(coop_href(job.is_local, &listed.member_slug, &job.member_id)) { (listed.member_name) }
                " · " (listed.network_domain)
            }
            p.meta {
                (employment(tr, &job.employment_type))
                @let where_ = place(tr, job);
                @if !where_.is_empty() { " · " (where_) }
                @if let Some(salary) = salary(tr, job) { " · " (salary) }
            }
            @if let Some(summary) = text.summary { p lang=(text.summary_lang) { (summary) } }
            (skill_chips(tr, taxonomy, &listed.skills, "/jobs"))
            p.meta {
                (tr.t_with("job-posted", &[("date", Arg::Text(tr.date(job.posted_on)))]))
                @if !carriers.is_empty() {
                    " · " (tr.t_with("job-carried-by", &[("networks", Arg::Text(carriers.join(", ")))]))
                }
            }
        }
    }
}

/// The board's filters, with the value and error of each.
fn filters(tr: &Tr, query: &ListQuery, error: Option<(&str, String)>, networks: &[(String, String)]) -> Markup {
    let error_of = |field: &str| error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str());
    let types: Vec<(String, String)> =
        coopfed_core::jobs::EMPLOYMENT_TYPES.iter().map(|t| ((*t).to_owned(), employment(tr, t))).collect();
    let remote = [("true".to_owned(), tr.t("filter-remote-yes")), ("false".to_owned(), tr.t("filter-remote-no"))];
    let languages: Vec<(String, String)> =
        crate::i18n::Lang::ALL.iter().map(|l| (l.code().to_owned(), l.own_name().to_owned())).collect();
    let main = html! {
        (text_field("q", &tr.t("filter-words"), query.q.as_deref(), error_of("q")))
        (text_field("skill", &tr.t("filter-skill"), query.skill.as_deref(), error_of("skill")))
    };
    let more = html! {
        (select_field(tr, "network", &tr.t("filter-network"), query.network.as_deref(), networks, error_of("network")))
        (text_field("country", &tr.t("filter-country"), query.country.as_deref(), error_of("country")))
        (select_field(tr, "remote", &tr.t("filter-remote"), query.remote.as_deref(), &remote, error_of("remote")))
        (select_field(tr, "employment_type", &tr.t("filter-employment"), query.employment_type.as_deref(), &types, error_of("employment_type")))
        (select_field(tr, "language", &tr.t("filter-language"), query.language.as_deref(), &languages, error_of("language")))
        (text_field("salary_min", &tr.t("filter-salary"), query.salary_min.as_deref(), error_of("salary_min")))
        (text_field("posted_since", &tr.t("filter-posted-since"), query.posted_since.as_deref(), error_of("posted_since")))
    };
    let q = query;
    let open = any_given(&[
        &q.network,
        &q.country,
        &q.remote,
        &q.employment_type,
        &q.language,
        &q.salary_min,
        &q.posted_since,
    ]) || error.as_ref().is_some_and(|(field, _)| !matches!(*field, "q" | "skill"));
    filter_form(tr, "/jobs", &tr.t("jobs-filter-label"), main, more, open)
}

/// The message beside a field the board could not use.
pub(crate) fn field_error(tr: &Tr, error: AppError) -> Result<(&'static str, String), AppError> {
    let AppError::Invalid { field, .. } = error else { return Err(error) };
    let field: &'static str = match field.as_str() {
        "skill" => "skill",
        "country" => "country",
        "language" => "language",
        "salary_min" => "salary_min",
        "posted_since" => "posted_since",
        "remote" => "remote",
        "employment_type" => "employment_type",
        "kind" => "kind",
        "after" => "after",
        "size_min" => "size_min",
        "size_max" => "size_max",
        _ => "q",
    };
    Ok((field, tr.t(&format!("invalid-{}", field.replace('_', "-")))))
}

/// `GET /jobs`: open offers of every network, newest first, filtered.
pub(crate) async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let taxonomy = state.federation().skills.current().await?;
    let limit = crate::stream::page_size(query.limit);
    let (rows, error) = match crate::jobs::filter_of(&query, &taxonomy) {
        Ok(filter) => {
            let (today, before) = (coopfed_core::clock::today(), query.before.clone());
            let rows = state
                .db()
                .run(move |conn| jobs::search(conn, today, false, &filter, before.as_deref(), limit + 1))
                .await?;
            (rows, None)
        }
        Err(error) => (Vec::new(), Some(field_error(&tr, error)?)),
    };
    let (rows, next) = crate::stream::paged(rows, limit, |r| r.job.id.to_string());
    let next = next.map(|cursor| next_page("/jobs", query.pairs(), query.limit, &cursor));
    let networks = network_options(&state).await?;
    let title = tr.t("jobs-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("jobs-lede")) }
        div.with-filters {
            (filters(&tr, &query, error, &networks))
            section aria-labelledby="results" {
                h2 #results { (tr.t("jobs-results")) }
                @if rows.is_empty() {
                    p.empty { (tr.t("jobs-none")) }
                }
                @for listed in &rows { (job_card(&tr, &taxonomy, listed)) }
                (pager(&tr, next))
            }
        }
    };
    let alternates =
        [Alternate { media_type: "application/atom+xml", href: "/feeds/jobs.atom".into(), title: tr.t("feed-jobs") }];
    Ok(page(layout(&ctx, &title, &alternates, body)))
}

/// Every network we know, for the network filter: (domain, name).
pub(crate) async fn network_options(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let rows = state.db().run(networks::list).await?;
    Ok(rows.into_iter().map(|n| (n.domain.clone(), format!("{} ({})", n.display_name, n.domain))).collect())
}

/// The page of one offer (local or from a partner) by row id.
impl crate::stream::ItemPage for coopfed_db::jobs::JobRow {
    async fn html(state: AppState, ctx: Ctx, id: String) -> Result<Response, AppError> {
        let tr = ctx.tr;
        let found = state
            .db()
            .run(move |conn| -> Result<_, AppError> {
                let Some(job) = jobs::find(conn, &id)? else { return Ok(None) };
                let member = members::find_member_by_id(conn, &job.member_id)?.ok_or(DbError::NotFound)?;
                let network = networks::find_by_id(conn, &member.network_id)?.ok_or(DbError::NotFound)?;
                let skills = jobs::skills_of(conn, &job.id)?;
                let provenance = coopfed_db::provenance::groups_of(conn, std::slice::from_ref(&job.ap_id))?
                    .remove(&job.ap_id)
                    .unwrap_or_default();
                let partners: Vec<String> =
                    coopfed_federation::partners::policy::partners(conn)?.into_iter().map(|p| p.domain).collect();
                let carriers = carriers(&job, &provenance, &partners);
                let matches = members::ranked_by_skills(conn, &skills, Some(&job.member_id), 6)?;
                Ok(Some((job, member, network, skills, carriers, matches)))
            })
            .await?;
        let (job, member, network, skills, carriers, matches) = found.ok_or(AppError::NotFound("job"))?;
        if job.deleted_at.is_some() || job.taken_down_at.is_some() {
            return Err(AppError::Gone("job"));
        }
        let taxonomy = state.federation().skills.current().await?;
        let text = job_texts(&tr, &job);
        let expired = job.valid_through < coopfed_core::clock::today();
        let body = html! {
            article.job {
                p.kicker { (employment(&tr, &job.employment_type)) }
                h1 lang=(text.lang) { (text.title) }
                p.meta {
                    a href=(coop_href(job.is_local, &member.slug, &member.id)) { (member.name) }
                    " · " (network.display_name) " (" (network.domain) ")"
                }
                @if expired {
                    p.notice role="status" { strong { (tr.t("job-expired")) } }
                }
                dl.facts {
                    @let where_ = place(&tr, &job);
                    @if !where_.is_empty() { dt { (tr.t("job-place")) } dd { (where_) } }
                    @if let Some(salary) = salary(&tr, &job) { dt { (tr.t("job-salary")) } dd { (salary) } }
                    dt { (tr.t("job-posted-on")) } dd { (tr.date(job.posted_on)) }
                    dt { (tr.t("job-valid-through")) } dd { (tr.date(job.valid_through)) }
                    @if !job.languages.0.is_empty() {
                        dt { (tr.t("job-languages")) } dd { (job.languages.0.join(", ")) }
                    }
                }
                @if let Some(summary) = text.summary { p.lede lang=(text.summary_lang) { (summary) } }
                div.content lang=(text.content_lang) { (stored_html(text.content)) }
                @if !expired {
                    section.apply aria-labelledby="apply" {
                        h2 #apply { (tr.t("job-apply")) }
                        @if let Some(url) = job.apply_url.as_deref().and_then(web_address) {
                            p { a.button href=(url) rel="nofollow noopener" { (tr.t("job-apply-link")) } }
                        }
                        @if let Some(email) = &job.apply_email {
                            @let lead = if job.apply_url.is_some() { tr.t("job-apply-email") } else { tr.t("job-apply-write") };
                            p { (lead) " " a href=[mail_address(email)] { (email) } }
                        }
                    }
                }
                @if !skills.is_empty() {
                    h2 { (tr.t("job-skills")) }
                    (skill_chips(&tr, &taxonomy, &skills, "/jobs"))
                }
                h2 { (tr.t("job-where-published")) }
                @if carriers.is_empty() {
                    p { (network.domain) }
                } @else {
                    ul { @for host in &carriers { li { (host) } } }
                }
                (super::components::handle(&tr, &tr.t("job-fediverse-address"), &job.ap_id))
            }
            @if !matches.is_empty() {
                section.matches aria-labelledby="matches" {
                    h2 #matches { (tr.t("job-matching-coops")) }
                    p { (tr.t("job-matching-coops-lede")) }
                    ul.cards {
                        @for (listed, n) in &matches {
                            li.card {
                                a href=(coop_href(listed.local, &listed.member.slug, &listed.member.id)) { (listed.member.name) }
                                " · " (listed.network_domain)
                                p.meta { (count(&tr, "job-matching-skills", usize::try_from(*n).unwrap_or(0))) }
                            }
                        }
                    }
                }
            }
        };
        Ok(page(layout(&ctx, &job.title, &[], body)))
    }
}
