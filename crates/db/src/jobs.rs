//! Job offers, local and federated.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    DbConnection, DbError, now,
    schema::{actors, job_offers, member_coops, networks},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = job_offers)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
pub struct JobRow {
    pub id: crate::JobId,
    pub ap_id: String,
    pub member_id: crate::MemberId,
    pub title: String,
    pub summary: Option<String>,
    /// HTML (sanitised).
    pub content: String,
    pub lang: String,
    /// `full_time`, `part_time`, `contract`, `freelance`, `volunteer`, `internship`.
    pub employment_type: String,
    pub remote: bool,
    pub posted_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    pub publish_to_all: bool,
    pub is_local: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    /// The group the job was first addressed to (`audience`).
    pub audience: Option<String>,
    pub location_city: Option<String>,
    pub location_country: Option<String>,
    /// The importer's id, unique within the member co-op.
    pub slug: Option<String>,
    pub salary_min: Option<f64>,
    pub salary_max: Option<f64>,
    /// ISO 4217.
    pub salary_currency: Option<String>,
    /// `hour`, `day`, `week`, `month`, `year`.
    pub salary_period: Option<String>,
    /// JSON array of ISO 639-1 codes the job requires.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub languages: crate::JsonList,
    pub fictional: bool,
    /// JSON: the texts in other languages (see `coopfed_core::translations`).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub translations: crate::Json<coopfed_core::translations::Translations>,
    /// When an admin took this mirrored item down here (hidden on this
    /// instance, not deleted at its home server).
    pub taken_down_at: Option<NaiveDateTime>,
}

impl JobRow {
    /// An empty job offer of `member_id` with the id `ap_id`, posted and valid on `day`.
    pub fn new(ap_id: String, member_id: impl Into<crate::MemberId>, is_local: bool, day: NaiveDate) -> Self {
        let at = now();
        Self {
            id: crate::JobId::new(),
            ap_id,
            member_id: member_id.into(),
            title: String::new(),
            summary: None,
            content: String::new(),
            lang: "en".into(),
            employment_type: "full_time".into(),
            remote: false,
            posted_on: day,
            valid_through: day,
            apply_url: None,
            apply_email: None,
            publish_to_all: false,
            is_local,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            audience: None,
            location_city: None,
            location_country: None,
            slug: None,
            salary_min: None,
            salary_max: None,
            salary_currency: None,
            salary_period: None,
            languages: crate::Json::default(),
            fictional: false,
            translations: crate::Json::default(),
            taken_down_at: None,
        }
    }
}

pub fn insert(conn: &mut DbConnection, row: &JobRow) -> Result<(), DbError> {
    diesel::insert_into(job_offers::table).values(row.clone()).execute(conn)?;
    index_for_search(conn, row)
}

/// Stores new jobs (with their full-text rows): one statement per hundred
/// jobs.
pub fn insert_all(conn: &mut DbConnection, rows: &[JobRow]) -> Result<(), DbError> {
    for chunk in rows.chunks(100) {
        let insert = diesel::insert_into(job_offers::table).values(chunk.to_vec());
        execute_per_backend!(conn, insert)?;
    }
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return Ok(());
    }
    let indexed: Vec<(&str, Vec<String>)> =
        rows.iter().filter_map(|row| Some((row.id.as_str(), search_texts(row)?))).collect();
    crate::insert_search_rows(conn, ("job_search", "job_id"), &["title", "summary", "content"], &indexed)
}

/// Replaces every field of a stored job (by row id).
pub fn update(conn: &mut DbConnection, row: &JobRow) -> Result<(), DbError> {
    diesel::update(job_offers::table.find(&row.id)).set(row.clone()).execute(conn)?;
    index_for_search(conn, row)
}

/// Keeps SQLite's full-text index of a job current (PostgreSQL's is a generated column).
fn index_for_search(conn: &mut DbConnection, row: &JobRow) -> Result<(), DbError> {
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return Ok(());
    }
    let texts = search_texts(row);
    crate::replace_search_row(conn, ("job_search", "job_id"), &["title", "summary", "content"], &row.id, texts)
}

/// What SQLite's full-text index holds of a job (title, summary, content
/// in every language); nothing for a deleted one.
fn search_texts(row: &JobRow) -> Option<Vec<String>> {
    row.deleted_at.is_none().then(|| {
        let [titles, summaries, contents] = coopfed_core::translations::searchable(&row.translations);
        vec![
            format!("{} {titles}", row.title),
            format!("{} {summaries}", row.summary.as_deref().unwrap_or_default()),
            coopfed_core::text::plain(&format!("{} {contents}", row.content)),
        ]
    })
}

/// The words of a search, lower case, letters and digits only (so that no
/// query syntax reaches the database), at most 8.
pub fn search_terms(query: &str) -> Vec<String> {
    query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).take(8).collect()
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<JobRow>, DbError> {
    Ok(job_offers::table.find(id).select(JobRow::as_select()).first(conn).optional()?)
}

pub fn find_by_ap_id(conn: &mut DbConnection, ap_id: &str) -> Result<Option<JobRow>, DbError> {
    Ok(job_offers::table.filter(job_offers::ap_id.eq(ap_id)).select(JobRow::as_select()).first(conn).optional()?)
}

pub fn mark_deleted(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    let at = now();
    diesel::update(job_offers::table.find(id))
        .set((job_offers::deleted_at.eq(Some(at)), job_offers::updated_at.eq(at)))
        .execute(conn)?;
    crate::replace_search_row(conn, ("job_search", "job_id"), &[], id, None)?;
    Ok(())
}

/// A job with where it comes from, for listings.
#[derive(Debug, Clone)]
pub struct ListedJob {
    pub job: JobRow,
    pub member_slug: String,
    pub member_name: String,
    pub member_ap_id: String,
    pub network_slug: String,
    pub network_domain: String,
    /// Groups that announced or accepted it.
    pub provenance: Vec<String>,
    /// Skill slugs.
    pub skills: Vec<String>,
}

/// Filters of a job listing; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    /// A skill slug.
    pub skill: Option<String>,
    /// The domain of the job's network.
    pub network_domain: Option<String>,
    /// ISO 3166-1 alpha-2 of the job's place.
    pub country: Option<String>,
    pub remote: Option<bool>,
    pub employment_type: Option<String>,
    /// Language of the offer's text.
    pub lang: Option<String>,
    /// Offers whose salary reaches at least this much (any currency and period).
    pub salary_at_least: Option<f64>,
    pub posted_since: Option<NaiveDate>,
    /// Words that must all occur in the title, summary or text (prefixes match).
    pub text: Vec<String>,
}

/// Open jobs (not deleted; `valid_through` on or after `today` unless
/// `include_expired`), newest first, after the row id `before`.
pub fn list(
    conn: &mut DbConnection,
    today: NaiveDate,
    include_expired: bool,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListedJob>, DbError> {
    search(conn, today, include_expired, &JobFilter::default(), before, limit)
}

/// The columns of a listed job and its co-op, network and co-op actor.
macro_rules! listing_columns {
    () => {
        (JobRow::as_select(), member_coops::slug, member_coops::name, actors::ap_id, networks::slug, networks::domain)
    };
}

/// The offers with their co-op, its network and actor.
macro_rules! offers_with_coops {
    () => {
        job_offers::table.inner_join(member_coops::table.inner_join(networks::table).inner_join(actors::table))
    };
}

/// The filters of a search that every way of walking the offers checks on
/// each offer: not deleted, open, network, place, kind, language, salary, date.
macro_rules! offer_filters {
    ($query:expr, $today:expr, $include_expired:expr, $filter:expr) => {{
        let filter: &JobFilter = $filter;
        // Offers taken down here, of a co-op taken down here, or of a blocked
        // domain's network, are hidden.
        let mut query = $query
            .filter(job_offers::deleted_at.is_null())
            .filter(job_offers::taken_down_at.is_null())
            .filter(member_coops::taken_down_at.is_null())
            .filter(networks::blocked_at.is_null());
        if !$include_expired {
            query = query.filter(job_offers::valid_through.ge($today));
        }
        if let Some(domain) = &filter.network_domain {
            query = query.filter(networks::domain.eq(domain.clone()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(job_offers::location_country.eq(country.clone()));
        }
        if let Some(remote) = filter.remote {
            query = query.filter(job_offers::remote.eq(remote));
        }
        if let Some(kind) = &filter.employment_type {
            query = query.filter(job_offers::employment_type.eq(kind.clone()));
        }
        if let Some(lang) = &filter.lang {
            query = query.filter(job_offers::lang.eq(lang.clone()));
        }
        if let Some(amount) = filter.salary_at_least {
            query = query.filter(job_offers::salary_max.ge(amount));
        }
        if let Some(since) = filter.posted_since {
            query = query.filter(job_offers::posted_on.ge(since));
        }
        query
    }};
}

/// A listed job's row with its co-op's slug, name and actor, its network's slug and domain.
type ListingRow = (JobRow, String, String, String, String, String);

/// Like [`list`], with filters.
pub fn search(
    conn: &mut DbConnection,
    today: NaiveDate,
    include_expired: bool,
    filter: &JobFilter,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListedJob>, DbError> {
    let rows = match walk(conn, filter)? {
        Walk::Offers => by_offers(conn, today, include_expired, filter, before, limit)?,
        Walk::Skill(skill, terms) => by_skill(conn, today, include_expired, filter, (skill, terms), before, limit)?,
        Walk::Text(terms) => by_text(conn, today, include_expired, filter, terms, before, limit)?,
    };
    listed(conn, rows)
}

/// Which index a search walks, newest first, stopping at the page's end.
///
/// On SQLite, an `id IN (…)` filter first collects every match (all offers
/// with a common skill or word) before the first row is read. Walking the
/// index of the skill (`job_skills (skill, job_id)`) or the full-text index
/// (whose row numbers follow the offers' order, see `replace_search_row`)
/// newest first reads only as many offers as the page needs, when the other
/// filters pass most of them. With both a skill and words, the one with
/// fewer matches is walked. PostgreSQL's planner chooses for itself (with the
/// word counts of `text_filters`). The words go as their FTS5 query
/// (`fts_query`).
enum Walk<'a> {
    Offers,
    Skill(&'a str, Option<String>),
    Text(String),
}

/// Matches counted up to this many when choosing what a search walks.
const COUNT_BOUND: i64 = 5000;

/// When a skill and words both have more than [`COUNT_BOUND`] matches,
/// their matches among this many newest offers decide which is walked.
const SAMPLE_OFFERS: i64 = 20_000;

fn walk<'a>(conn: &mut DbConnection, filter: &'a JobFilter) -> Result<Walk<'a>, DbError> {
    use crate::Count;
    use diesel::sql_types::{BigInt, Text};
    let DbConnection::Sqlite(sqlite) = conn else { return Ok(Walk::Offers) };
    let terms =
        if filter.text.is_empty() { None } else { Some(crate::fts_query(sqlite, "job_search", &filter.text, None)?) };
    Ok(match (filter.skill.as_deref(), terms) {
        (None, None) => Walk::Offers,
        (Some(skill), None) => Walk::Skill(skill, None),
        (None, Some(terms)) => Walk::Text(terms),
        (Some(skill), Some(terms)) => {
            let skilled = diesel::sql_query(format!(
                "SELECT count(*) AS n FROM (SELECT 1 FROM job_skills WHERE skill = ? LIMIT {COUNT_BOUND})"
            ))
            .bind::<Text, _>(skill)
            .get_result::<Count>(sqlite)?
            .n;
            let worded = crate::fts_matches(sqlite, "job_search", terms.clone(), COUNT_BOUND)?;
            if skilled.min(worded) < COUNT_BOUND {
                return Ok(if skilled < worded { Walk::Skill(skill, Some(terms)) } else { Walk::Text(terms) });
            }
            // Both common: counted among the newest offers (the full-text
            // rows are numbered in the offers' order), each walk stopping
            // at the window's first row.
            let sampled = diesel::sql_query(format!(
                "SELECT \
                 (SELECT count(*) FROM job_skills WHERE skill = ? AND job_id >= w.job_id) AS skilled, \
                 (SELECT count(*) FROM job_search WHERE job_search MATCH ? AND rowid >= w.fts_rowid) AS worded \
                 FROM (SELECT job_id, fts_rowid FROM job_search_rows \
                 WHERE fts_rowid >= (SELECT max(fts_rowid) FROM job_search_rows) - {SAMPLE_OFFERS} \
                 ORDER BY fts_rowid LIMIT 1) AS w"
            ))
            .bind::<Text, _>(skill)
            .bind::<Text, _>(&terms)
            .get_result::<Sampled>(sqlite)
            .optional()?;
            #[derive(diesel::QueryableByName)]
            struct Sampled {
                #[diesel(sql_type = BigInt)]
                skilled: i64,
                #[diesel(sql_type = BigInt)]
                worded: i64,
            }
            match sampled {
                Some(Sampled { skilled, worded }) if skilled < worded => Walk::Skill(skill, Some(terms)),
                _ => Walk::Text(terms),
            }
        }
    })
}

/// Walks the offers newest first (PostgreSQL, and searches without a skill or words).
fn by_offers(
    conn: &mut DbConnection,
    today: NaiveDate,
    include_expired: bool,
    filter: &JobFilter,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListingRow>, DbError> {
    use crate::schema::job_skills;
    let query = offers_with_coops!().select(listing_columns!()).order(job_offers::id.desc()).limit(limit).into_boxed();
    let mut query = offer_filters!(query, today, include_expired, filter);
    if let Some(before) = before {
        query = query.filter(job_offers::id.lt(before.to_owned()));
    }
    if let Some(skill) = &filter.skill {
        let with_skill = job_skills::table.filter(job_skills::skill.eq(skill.clone())).select(job_skills::job_id);
        query = query.filter(job_offers::id.eq_any(with_skill));
    }
    for condition in crate::text_filters(conn, &JOB_TEXT, &filter.text)? {
        query = query.filter(condition);
    }
    Ok(query.load(conn)?)
}

/// Where the words of a job search are looked for.
const JOB_TEXT: crate::TextSearch<'static> = crate::TextSearch {
    table: "job_offers",
    fts: ("job_search", "job_id"),
    column: None,
    trigram: Some("title"),
    per_row: false,
};

/// SQLite: walks the offers with `skill` newest first through its index.
///
/// With words, their matches' row numbers are collected once (from the
/// index alone: reading their `job_id` would read every matching text) and
/// each offer's number is looked up among them. All of a common word's
/// matches cost more than the walk, so first only those among the offers
/// of the skill's newest [`WINDOWS`] entries are collected (the full-text
/// rows are numbered in the offers' order), and the walk stops there; the
/// window grows until the page is full or holds every entry.
#[allow(clippy::too_many_arguments)]
fn by_skill(
    conn: &mut DbConnection,
    today: NaiveDate,
    include_expired: bool,
    filter: &JobFilter,
    (skill, terms): (&str, Option<String>),
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListingRow>, DbError> {
    use crate::schema::{job_search_rows, job_skills};
    use diesel::{
        dsl::sql,
        sql_types::{BigInt, Bool, Text},
    };
    const MATCHED: &str = "(SELECT fts_rowid FROM job_search_rows WHERE job_search_rows.job_id = job_offers.id) \
                           IN (SELECT rowid FROM job_search WHERE ";
    let walk = || {
        let query = job_skills::table
            .inner_join(offers_with_coops!())
            .filter(job_skills::skill.eq(skill.to_owned()))
            .select(listing_columns!())
            .order(job_skills::job_id.desc())
            .limit(limit)
            .into_boxed();
        let mut query = offer_filters!(query, today, include_expired, filter);
        if let Some(before) = before {
            query = query.filter(job_skills::job_id.lt(before.to_owned()));
        }
        query
    };
    let Some(terms) = terms else { return Ok(walk().load(conn)?) };
    for reach in WINDOWS {
        // The window's last entry: its offer and full-text row.
        let mut edge = job_skills::table
            .inner_join(job_search_rows::table.on(job_search_rows::job_id.eq(job_skills::job_id)))
            .filter(job_skills::skill.eq(skill.to_owned()))
            .select((job_skills::job_id, job_search_rows::fts_rowid))
            .order(job_skills::job_id.desc())
            .offset(reach - 1)
            .limit(1)
            .into_boxed();
        if let Some(before) = before {
            edge = edge.filter(job_skills::job_id.lt(before.to_owned()));
        }
        // Fewer entries than the window: all of them, below.
        let Some((job_id, fts_rowid)) = edge.first::<(String, i64)>(conn).optional()? else { break };
        let rows: Vec<ListingRow> = walk()
            .filter(job_skills::job_id.ge(job_id))
            .filter(
                sql::<Bool>(&format!("{MATCHED}rowid >= "))
                    .bind::<BigInt, _>(fts_rowid)
                    .sql(" AND job_search MATCH ")
                    .bind::<Text, _>(terms.clone())
                    .sql(")"),
            )
            .load(conn)?;
        if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= limit {
            return Ok(rows);
        }
    }
    Ok(walk().filter(sql::<Bool>(&format!("{MATCHED}job_search MATCH ")).bind::<Text, _>(terms).sql(")")).load(conn)?)
}

/// How many of a skill's newest entries [`by_skill`] tries before all.
const WINDOWS: [i64; 3] = [2_000, 16_000, 128_000];

/// SQLite: walks the offers that have the search's words (as the FTS5
/// query `terms`) newest first through the full-text index.
fn by_text(
    conn: &mut DbConnection,
    today: NaiveDate,
    include_expired: bool,
    filter: &JobFilter,
    terms: String,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListingRow>, DbError> {
    use crate::schema::{job_search, job_search_rows, job_skills};
    use diesel::{dsl::sql, sql_types::Bool, sql_types::Text};
    let before_row: Option<i64> = match before {
        Some(before) => job_search_rows::table
            .filter(job_search_rows::job_id.eq(before))
            .select(job_search_rows::fts_rowid)
            .first(conn)
            .optional()?,
        None => None,
    };
    let query = job_search::table
        .inner_join(offers_with_coops!())
        .filter(sql::<Bool>("job_search MATCH ").bind::<Text, _>(terms))
        .select(listing_columns!())
        .order(job_search::rowid.desc())
        .limit(limit)
        .into_boxed();
    let mut query = offer_filters!(query, today, include_expired, filter);
    match (before, before_row) {
        (_, Some(row)) => query = query.filter(job_search::rowid.lt(row)),
        // The offer of the cursor is gone from the index: its id still orders.
        (Some(before), None) => query = query.filter(job_offers::id.lt(before.to_owned())),
        (None, None) => {}
    }
    if let Some(skill) = &filter.skill {
        query = query.filter(diesel::dsl::exists(
            job_skills::table.filter(job_skills::job_id.eq(job_offers::id)).filter(job_skills::skill.eq(skill.clone())),
        ));
    }
    Ok(query.load(conn)?)
}

/// The listed jobs of `rows`, with the groups that carry them and their skills.
fn listed(conn: &mut DbConnection, rows: Vec<ListingRow>) -> Result<Vec<ListedJob>, DbError> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.ap_id.clone()).collect();
    let mut provenance = crate::provenance::groups_of(conn, &ids)?;
    let row_ids: Vec<String> = rows.iter().map(|r| r.0.id.to_string()).collect();
    let skills: Vec<(String, String)> = crate::schema::job_skills::table
        .filter(crate::schema::job_skills::job_id.eq_any(&row_ids))
        .select((crate::schema::job_skills::job_id, crate::schema::job_skills::skill))
        .order(crate::schema::job_skills::skill.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(job, member_slug, member_name, member_ap_id, network_slug, network_domain)| {
            let provenance = provenance.remove(&job.ap_id).unwrap_or_default();
            let skills = skills.iter().filter(|(id, _)| *id == job.id).map(|(_, skill)| skill.clone()).collect();
            ListedJob { job, member_slug, member_name, member_ap_id, network_slug, network_domain, provenance, skills }
        })
        .collect())
}

/// Row ids of a member's jobs that are not deleted.
pub fn open_of_member(conn: &mut DbConnection, member_id: &str) -> Result<Vec<crate::JobId>, DbError> {
    Ok(job_offers::table
        .filter(job_offers::member_id.eq(member_id))
        .filter(job_offers::deleted_at.is_null())
        .select(job_offers::id)
        .load(conn)?)
}

/// A co-op's open offers (valid on `today`), newest first.
pub fn open_offers_of(
    conn: &mut DbConnection,
    member_id: &str,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<JobRow>, DbError> {
    Ok(job_offers::table
        .filter(job_offers::member_id.eq(member_id))
        .filter(job_offers::deleted_at.is_null())
        .filter(job_offers::taken_down_at.is_null())
        .filter(job_offers::valid_through.ge(today))
        .order(job_offers::posted_on.desc())
        .limit(limit)
        .select(JobRow::as_select())
        .load(conn)?)
}

/// Replaces a job's skills.
pub fn set_skills(conn: &mut DbConnection, job_id: &str, slugs: &[String]) -> Result<(), DbError> {
    use crate::schema::job_skills;
    diesel::delete(job_skills::table.filter(job_skills::job_id.eq(job_id))).execute(conn)?;
    if !slugs.is_empty() {
        let rows: Vec<_> =
            slugs.iter().map(|slug| (job_skills::job_id.eq(job_id), job_skills::skill.eq(slug))).collect();
        execute_per_backend!(conn, diesel::insert_into(job_skills::table).values(rows))?;
    }
    Ok(())
}

/// Gives new jobs their skills, as `(job row id, skill slug)`: one
/// statement per few hundred.
pub fn add_skills(conn: &mut DbConnection, skills: &[(&str, &str)]) -> Result<(), DbError> {
    use crate::schema::job_skills;
    for chunk in skills.chunks(500) {
        let rows: Vec<_> =
            chunk.iter().map(|(job_id, slug)| (job_skills::job_id.eq(*job_id), job_skills::skill.eq(*slug))).collect();
        execute_per_backend!(conn, diesel::insert_into(job_skills::table).values(rows))?;
    }
    Ok(())
}

/// A job's skill slugs, sorted.
pub fn skills_of(conn: &mut DbConnection, job_id: &str) -> Result<Vec<String>, DbError> {
    use crate::schema::job_skills;
    Ok(job_skills::table
        .filter(job_skills::job_id.eq(job_id))
        .select(job_skills::skill)
        .order(job_skills::skill.asc())
        .load(conn)?)
}

/// A local member's job by its importer id.
pub fn find_by_slug(conn: &mut DbConnection, member_id: &str, slug: &str) -> Result<Option<JobRow>, DbError> {
    Ok(job_offers::table
        .filter(job_offers::member_id.eq(member_id))
        .filter(job_offers::slug.eq(slug))
        .select(JobRow::as_select())
        .first(conn)
        .optional()?)
}

/// Local offers published to all partner networks that have not expired by
/// `today`, as (row id, ActivityPub id) by row id, after the row id `after`.
pub fn shared_page(
    conn: &mut DbConnection,
    today: NaiveDate,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    let mut query = shared(today).select((job_offers::id, job_offers::ap_id)).order(job_offers::id.asc()).limit(limit);
    if let Some(after) = after {
        query = query.filter(job_offers::id.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// How many offers [`shared_page`] lists.
pub fn count_shared(conn: &mut DbConnection, today: NaiveDate) -> Result<i64, DbError> {
    Ok(shared(today).count().get_result(conn)?)
}

fn shared<'a>(today: NaiveDate) -> job_offers::BoxedQuery<'a, crate::Sql> {
    job_offers::table
        .filter(job_offers::is_local.eq(true))
        .filter(job_offers::publish_to_all.eq(true))
        .filter(job_offers::deleted_at.is_null())
        .filter(job_offers::valid_through.ge(today))
        .into_boxed()
}
