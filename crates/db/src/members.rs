//! Member co-ops: the directory rows, their lookups and counts (with the
//! counts of offers and announcements the discovery documents need).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    DbConnection, DbError,
    schema::{announcements, job_offers, member_coops},
};

/// Local member co-ops.
pub fn count_local_members(conn: &mut DbConnection, network_id: &str) -> Result<i64, DbError> {
    Ok(member_coops::table.filter(member_coops::network_id.eq(network_id)).count().get_result(conn)?)
}

/// Local job offers and announcements that are not deleted.
pub fn count_local_posts(conn: &mut DbConnection) -> Result<i64, DbError> {
    let jobs: i64 = job_offers::table
        .filter(job_offers::is_local.eq(true))
        .filter(job_offers::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let news: i64 = announcements::table
        .filter(announcements::is_local.eq(true))
        .filter(announcements::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(jobs + news)
}

/// One page of a network's member co-op actor ids, ordered by slug, after `after`.
pub fn member_actor_ids(
    conn: &mut DbConnection,
    network_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    use crate::schema::actors;
    let mut query = member_coops::table
        .inner_join(actors::table)
        .filter(member_coops::network_id.eq(network_id))
        .select((member_coops::slug, actors::ap_id))
        .order(member_coops::slug.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(member_coops::slug.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// A member co-op of a network (local or mirrored from a partner).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = member_coops)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
pub struct MemberRow {
    pub id: crate::MemberId,
    pub network_id: String,
    pub actor_id: crate::ActorId,
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub summary: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// JSON array of ISO 639-1 codes.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub languages: crate::JsonList,
    pub legal_form: Option<String>,
    pub size: Option<i32>,
    pub founded: Option<i32>,
    /// JSON arrays of free text.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub services: crate::JsonList,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub technologies: crate::JsonList,
    /// JSON array of sector slugs.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub sectors: crate::JsonList,
    pub contact_email: Option<String>,
    /// Language of `summary`.
    pub summary_lang: Option<String>,
    pub fictional: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub logo_url: Option<String>,
    /// JSON array of profile URLs elsewhere (fediverse, forge, …).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub social_links: crate::JsonList,
    /// When the co-op joined the network.
    pub joined_on: Option<chrono::NaiveDate>,
    /// JSON: the description in other languages (see `coopfed_core::translations`).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub translations: crate::Json<coopfed_core::translations::Translations>,
    /// When an admin took this mirrored item down here (hidden on this
    /// instance, not deleted at its home server).
    pub taken_down_at: Option<NaiveDateTime>,
}

impl MemberRow {
    /// A member with only the required fields set.
    pub fn new(network_id: String, actor_id: impl Into<crate::ActorId>, slug: String, name: String) -> Self {
        let at = crate::now();
        Self {
            id: crate::MemberId::new(),
            network_id,
            actor_id: actor_id.into(),
            slug,
            name,
            website: None,
            country: None,
            city: None,
            summary: None,
            created_at: at,
            updated_at: at,
            languages: crate::Json::default(),
            legal_form: None,
            size: None,
            founded: None,
            services: crate::Json::default(),
            technologies: crate::Json::default(),
            sectors: crate::Json::default(),
            contact_email: None,
            summary_lang: None,
            fictional: false,
            latitude: None,
            longitude: None,
            logo_url: None,
            social_links: crate::Json::default(),
            joined_on: None,
            translations: crate::Json::default(),
            taken_down_at: None,
        }
    }
}

pub fn insert_member(conn: &mut DbConnection, row: &MemberRow) -> Result<(), DbError> {
    diesel::insert_into(member_coops::table).values(row.clone()).execute(conn)?;
    index_for_search(conn, &row.id)
}

/// Inserts a member row unless one with the same actor (or network and slug)
/// exists, as a concurrent transaction may have just written. Returns whether
/// it was inserted.
pub fn insert_member_if_absent(conn: &mut DbConnection, row: &MemberRow) -> Result<bool, DbError> {
    let insert = diesel::insert_into(member_coops::table).values(row.clone()).on_conflict_do_nothing();
    let inserted = execute_per_backend!(conn, insert)?;
    if inserted == 1 {
        index_for_search(conn, &row.id)?;
    }
    Ok(inserted == 1)
}

/// Keeps SQLite's full-text index of a member current (PostgreSQL's is a generated column).
fn index_for_search(conn: &mut DbConnection, member_id: &str) -> Result<(), DbError> {
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return Ok(());
    }
    let texts = find_member_by_id(conn, member_id)?.map(|row| {
        let [_, others, _] = coopfed_core::translations::searchable(&row.translations);
        vec![
            row.name,
            format!("{} {others}", row.summary.as_deref().unwrap_or_default()),
            String::from(row.services),
            String::from(row.technologies),
            row.city.unwrap_or_default(),
        ]
    });
    let columns = ["name", "summary", "services", "technologies", "city"];
    crate::replace_search_row(conn, ("member_search", "member_id"), &columns, member_id, texts)
}

pub fn find_member(conn: &mut DbConnection, network_id: &str, slug: &str) -> Result<Option<MemberRow>, DbError> {
    Ok(member_coops::table
        .filter(member_coops::network_id.eq(network_id))
        .filter(member_coops::slug.eq(slug))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

/// The member co-ops of a network among `slugs`, by slug (one query per
/// 500 slugs, for imports).
pub fn find_members_among(
    conn: &mut DbConnection,
    network_id: &str,
    slugs: &[&str],
) -> Result<std::collections::HashMap<String, MemberRow>, DbError> {
    let mut found = std::collections::HashMap::new();
    for chunk in slugs.chunks(500) {
        let rows: Vec<MemberRow> = member_coops::table
            .filter(member_coops::network_id.eq(network_id))
            .filter(member_coops::slug.eq_any(chunk))
            .select(MemberRow::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|row| (row.slug.clone(), row)));
    }
    Ok(found)
}

/// A network's member co-ops by slug.
pub fn list_members(conn: &mut DbConnection, network_id: &str) -> Result<Vec<MemberRow>, DbError> {
    Ok(member_coops::table
        .filter(member_coops::network_id.eq(network_id))
        .order(member_coops::slug.asc())
        .select(MemberRow::as_select())
        .load(conn)?)
}

/// The slugs of a network's member co-ops (without their rows: 100,000
/// whole rows take some 200 MB).
pub fn member_slugs(conn: &mut DbConnection, network_id: &str) -> Result<Vec<String>, DbError> {
    Ok(member_coops::table.filter(member_coops::network_id.eq(network_id)).select(member_coops::slug).load(conn)?)
}

/// The slug of a member co-op by row id.
pub fn member_slug(conn: &mut DbConnection, id: &str) -> Result<Option<String>, DbError> {
    Ok(member_coops::table.find(id).select(member_coops::slug).first(conn).optional()?)
}

pub fn find_member_by_actor(conn: &mut DbConnection, actor_id: &str) -> Result<Option<MemberRow>, DbError> {
    Ok(member_coops::table
        .filter(member_coops::actor_id.eq(actor_id))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_member_by_id(conn: &mut DbConnection, id: &str) -> Result<Option<MemberRow>, DbError> {
    Ok(member_coops::table.find(id).select(MemberRow::as_select()).first(conn).optional()?)
}

/// Writes a member's profile fields (name, website, country, city, summary).
pub fn update_member_profile(conn: &mut DbConnection, row: &MemberRow) -> Result<(), DbError> {
    diesel::update(member_coops::table.find(&row.id))
        .set((
            member_coops::name.eq(&row.name),
            member_coops::website.eq(&row.website),
            member_coops::country.eq(&row.country),
            member_coops::city.eq(&row.city),
            member_coops::summary.eq(&row.summary),
            member_coops::updated_at.eq(crate::now()),
        ))
        .execute(conn)?;
    index_for_search(conn, &row.id)
}

/// Removes a member co-op; its job offers go with it.
pub fn delete_member(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::delete(member_coops::table.find(id)).execute(conn)?;
    index_for_search(conn, id)
}

/// A member co-op with its network and actor, for listings.
#[derive(Debug, Clone)]
pub struct ListedMember {
    pub member: MemberRow,
    pub network_slug: String,
    pub network_domain: String,
    pub actor_ap_id: String,
    pub local: bool,
}

/// Filters of the member directory; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    /// One co-op's slug.
    pub slug: Option<String>,
    pub skill: Option<String>,
    pub network_domain: Option<String>,
    pub country: Option<String>,
    pub size_min: Option<i32>,
    pub size_max: Option<i32>,
    /// Words that must all occur in the name, description, services,
    /// technologies or city (letters and digits only; prefixes match).
    pub text: Vec<String>,
    /// Words that must all occur in the services offered (as `text`).
    pub service: Vec<String>,
    /// Words that must all occur in the technologies used (as `text`).
    pub technology: Vec<String>,
    /// Keyset cursor: list only co-ops that come after this one (by network
    /// domain and slug) in the directory's order.
    pub after: Option<MemberCursor>,
    /// At most this many co-ops; `None` means all.
    pub limit: Option<i64>,
}

/// A place in the member directory's order (local first, then by network
/// domain and slug), written `slug@domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCursor {
    pub domain: String,
    pub slug: String,
}

impl MemberCursor {
    /// Reads `slug@domain`: the domain follows the last `@` (a mirrored
    /// co-op's slug is its remote name, which may hold an `@` or be empty).
    /// `None` when there is no domain.
    pub fn parse(text: &str) -> Option<Self> {
        let (slug, domain) = text.rsplit_once('@')?;
        (!domain.is_empty()).then(|| Self { domain: domain.to_owned(), slug: slug.to_owned() })
    }
}

impl std::fmt::Display for MemberCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.slug, self.domain)
    }
}

/// Every member co-op, local and mirrored, local first, then by network and slug.
pub fn list_all_members(conn: &mut DbConnection) -> Result<Vec<ListedMember>, DbError> {
    search_members(conn, &MemberFilter::default())
}

/// `$query` (of co-ops joined with their network) with every filter of a
/// [`MemberFilter`] but the cursor and the limit; its words as `$texts`
/// (from [`member_texts`]).
macro_rules! member_filters {
    ($query:expr, $texts:expr, $filter:expr) => {{
        use crate::schema::{member_skills, networks};
        let filter: &MemberFilter = $filter;
        let mut query = $query.filter(networks::blocked_at.is_null()).filter(member_coops::taken_down_at.is_null());
        if let Some(skill) = &filter.skill {
            // Looked up per co-op (`IN (…)` would collect every co-op with the
            // skill before the walk's first row).
            query = query.filter(diesel::dsl::exists(
                member_skills::table
                    .filter(member_skills::member_id.eq(member_coops::id))
                    .filter(member_skills::skill.eq(skill.clone())),
            ));
        }
        if let Some(domain) = &filter.network_domain {
            query = query.filter(networks::domain.eq(domain.clone()));
        }
        if let Some(slug) = &filter.slug {
            query = query.filter(member_coops::slug.eq(slug.clone()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(member_coops::country.eq(country.clone()));
        }
        if let Some(min) = filter.size_min {
            query = query.filter(member_coops::size.ge(min));
        }
        if let Some(max) = filter.size_max {
            query = query.filter(member_coops::size.le(max));
        }
        for text in $texts {
            for condition in text.filters() {
                query = query.filter(condition);
            }
        }
        query
    }};
}

/// The words of a [`MemberFilter`], prepared for [`member_filters`]: in the
/// whole row, in the services, in the technologies.
fn member_texts(conn: &mut DbConnection, filter: &MemberFilter) -> Result<[crate::TextMatch<'static>; 3], DbError> {
    let mut prepare = |column: Option<&'static str>, words: &[String]| {
        let search = crate::TextSearch {
            table: "member_coops",
            fts: ("member_search", "member_id"),
            column,
            trigram: column.is_none().then_some("name"),
            // Walked network by network, or read by the few ids that match.
            per_row: true,
        };
        crate::TextMatch::prepare(conn, search, words)
    };
    Ok([
        prepare(None, &filter.text)?,
        prepare(Some("services"), &filter.service)?,
        prepare(Some("technologies"), &filter.technology)?,
    ])
}

/// The co-ops with their network and actor that pass every filter of a
/// [`MemberFilter`] but the cursor and the limit, without order.
macro_rules! members_query {
    ($texts:expr, $filter:expr) => {{
        use crate::schema::{actors, networks};
        let query = member_coops::table
            .inner_join(networks::table)
            .inner_join(actors::table)
            .select((MemberRow::as_select(), networks::slug, networks::domain, actors::ap_id, networks::is_local))
            .into_boxed();
        member_filters!(query, $texts, $filter)
    }};
}

/// Like [`list_all_members`], with filters.
///
/// The directory's order is local network first, then by domain and slug.
/// When a filter is selective (a skill, or on SQLite words, with few
/// matches, see [`candidates_bound`]), the ids of the matching co-ops are sorted (through
/// the index `member_coops_listing`, which holds what the order and the
/// filters need), and the page's rows read by id. Else the order is walked
/// network by network through the index `(network_id, slug)`, stopping when
/// the page is full: sorting the join of every co-op with its network would
/// read the whole directory first.
pub fn search_members(conn: &mut DbConnection, filter: &MemberFilter) -> Result<Vec<ListedMember>, DbError> {
    use crate::schema::networks;
    // One co-op's slug is selective enough.
    let mut texts = member_texts(conn, filter)?;
    let few = if filter.slug.is_some() { None } else { few_matches(conn, filter, &texts)? };
    if filter.slug.is_some() || few.is_some() {
        // The candidates' own filter holds for each of them.
        let mut rest = filter.clone();
        match &few {
            Some(Candidates::Skill(_)) => rest.skill = None,
            Some(Candidates::Words(_, words)) => texts[*words] = crate::TextMatch::None,
            None => {}
        }
        let query = member_coops::table.inner_join(networks::table).select(member_coops::id).into_boxed();
        let mut query = member_filters!(query, &texts, &rest).order((
            networks::is_local.desc(),
            networks::domain.asc(),
            member_coops::slug.asc(),
        ));
        if let Some(few) = few {
            query = query.filter(few.condition());
        }
        if let Some(cursor) = &filter.after {
            let local_domain: Option<String> =
                networks::table.filter(networks::is_local.eq(true)).select(networks::domain).first(conn).optional()?;
            let later = networks::domain
                .gt(cursor.domain.clone())
                .or(networks::domain.eq(cursor.domain.clone()).and(member_coops::slug.gt(cursor.slug.clone())));
            query = if local_domain.as_deref() == Some(cursor.domain.as_str()) {
                query.filter(networks::is_local.eq(false).or(later))
            } else {
                query.filter(networks::is_local.eq(false).and(later))
            };
        }
        if let Some(limit) = filter.limit {
            query = query.limit(limit);
        }
        let ids: Vec<String> = query.load(conn)?;
        let mut page = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            page.extend(search_members_by_ids(conn, chunk)?);
        }
        let place: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        page.sort_by_key(|m| place.get(m.member.id.as_str()).copied().unwrap_or(usize::MAX));
        return Ok(page);
    }
    let mut order = networks::table
        .filter(networks::blocked_at.is_null())
        .select((networks::id, networks::domain, networks::is_local))
        .order((networks::is_local.desc(), networks::domain.asc()))
        .into_boxed();
    if let Some(domain) = &filter.network_domain {
        order = order.filter(networks::domain.eq(domain.clone()));
    }
    let order: Vec<(String, String, bool)> = order.load(conn)?;
    let cursor_is_local =
        filter.after.as_ref().is_some_and(|c| order.iter().any(|(_, d, local)| *local && *d == c.domain));
    let mut found = Vec::new();
    for (network_id, domain, is_local) in order {
        // Where the page goes on from: after the cursor's co-op in its
        // network, then every network that follows it.
        let after_slug = match &filter.after {
            None => None,
            Some(cursor) if cursor.domain == domain => Some(cursor.slug.clone()),
            Some(_) if is_local => continue,
            Some(cursor) if !cursor_is_local && domain < cursor.domain => continue,
            Some(_) => None,
        };
        let mut query = members_query!(&texts, filter)
            .filter(member_coops::network_id.eq(network_id))
            .order(member_coops::slug.asc());
        if let Some(after) = after_slug {
            query = query.filter(member_coops::slug.gt(after));
        }
        if let Some(limit) = filter.limit {
            let left = limit - i64::try_from(found.len()).unwrap_or(i64::MAX);
            if left <= 0 {
                break;
            }
            query = query.limit(left);
        }
        found.extend(query.load::<ListedColumns>(conn)?);
    }
    Ok(listed(found))
}

/// Sorting a candidate's id costs about as much as passing a co-op while
/// walking the directory's order (a microsecond or two), and a filter that
/// holds for `n` of `total` co-ops passes about `total / n` co-ops for each
/// listed one (more when other filters hold for few). So `n` candidates
/// are read when `n² < limit × total` (× [`OTHER_FILTERS`] when other
/// filters narrow the walk), at most [`MOST_CANDIDATES`].
const OTHER_FILTERS: i64 = 8;

/// See [`OTHER_FILTERS`].
const MOST_CANDIDATES: i64 = 20_000;

/// SQLite: up to how many matches a filter's co-ops are read and sorted
/// rather than the directory's order walked (see [`OTHER_FILTERS`]).
fn candidates_bound(conn: &mut DbConnection, filter: &MemberFilter) -> Result<i64, DbError> {
    use diesel::{dsl::sql, sql_types::BigInt};
    let Some(limit) = filter.limit else { return Ok(MOST_CANDIDATES) };
    let total: Option<i64> = match conn {
        // Row numbers are not reused: the last one is about the number of co-ops.
        DbConnection::Sqlite(sqlite) => {
            member_coops::table.select(diesel::dsl::max(sql::<BigInt>("rowid"))).first(sqlite)?
        }
        // The planner's estimate (counting would read every co-op).
        DbConnection::Postgres(pg) => diesel::select(sql::<diesel::sql_types::Nullable<BigInt>>(
            "(SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'member_coops'::regclass)",
        ))
        .first(pg)?,
    };
    let total = total.unwrap_or(0);
    let filters = [
        filter.skill.is_some(),
        filter.network_domain.is_some(),
        filter.country.is_some(),
        filter.size_min.is_some(),
        filter.size_max.is_some(),
        !filter.text.is_empty(),
        !filter.service.is_empty(),
        !filter.technology.is_empty(),
    ];
    let filters = filters.into_iter().filter(|f| *f).count();
    let narrowed = if filters > 1 { OTHER_FILTERS } else { 1 };
    // The square root of a product that fits in an f64's 52 bits.
    #[expect(clippy::cast_possible_truncation, clippy::cast_precision_loss, reason = "rounded bound")]
    let bound = (limit.saturating_mul(total).saturating_mul(narrowed) as f64).sqrt() as i64;
    Ok(bound.clamp(limit, MOST_CANDIDATES))
}

/// Where the few co-ops that a selective filter matches are read from.
enum Candidates {
    /// The co-ops with this skill.
    Skill(String),
    /// The co-ops whose full-text row matches this FTS5 query (the
    /// filter's words of this place in [`member_texts`]).
    Words(String, usize),
}

impl Candidates {
    /// The condition that a co-op is one of the candidates.
    fn condition<QS: 'static>(self) -> crate::TextFilter<QS> {
        use diesel::{dsl::sql, sql_types::Bool, sql_types::Text};
        match self {
            Self::Skill(skill) => Box::new(
                sql::<Bool>("member_coops.id IN (SELECT member_id FROM member_skills WHERE skill = ")
                    .bind::<Text, _>(skill)
                    .sql(")"),
            ),
            // The matches' row numbers from the index alone, their keys
            // through `member_search_rows` (reading them from the full-text
            // table would read every matching text).
            Self::Words(terms, _) => Box::new(
                sql::<Bool>(
                    "member_coops.id IN (SELECT member_id FROM member_search_rows WHERE fts_rowid IN \
                     (SELECT rowid FROM member_search WHERE member_search MATCH ",
                )
                .bind::<Text, _>(terms)
                .sql("))"),
            ),
        }
    }
}

/// The skill or (SQLite) words of `filter` that match few enough co-ops to
/// read them and sort them (see [`candidates_bound`]), if any. PostgreSQL
/// reads a rare word's matches first by itself (see `text_filters`), and
/// takes a skill's candidates only without words.
fn few_matches(
    conn: &mut DbConnection,
    filter: &MemberFilter,
    texts: &[crate::TextMatch<'_>],
) -> Result<Option<Candidates>, DbError> {
    use diesel::sql_types::Text;
    let worded = !(filter.text.is_empty() && filter.service.is_empty() && filter.technology.is_empty());
    if worded && matches!(conn, DbConnection::Postgres(_)) {
        // The planner checks a word on the candidates through a bitmap of
        // all its matches (60,000 co-ops for `web`: 99 ms, the walk 51 ms).
        return Ok(None);
    }
    let few = candidates_bound(conn, filter)?;
    if let Some(skill) = &filter.skill {
        let count = |parameter: &str| {
            format!(
                "SELECT count(*) AS n FROM (SELECT 1 FROM member_skills WHERE skill = {parameter} LIMIT {few}) AS s"
            )
        };
        let skilled = match conn {
            DbConnection::Sqlite(sqlite) => diesel::sql_query(count("?")).bind::<Text, _>(skill).get_result(sqlite),
            DbConnection::Postgres(pg) => diesel::sql_query(count("$1")).bind::<Text, _>(skill).get_result(pg),
        };
        if skilled.map(|c: crate::Count| c.n)? < few {
            return Ok(Some(Candidates::Skill(skill.clone())));
        }
    }
    let DbConnection::Sqlite(sqlite) = conn else { return Ok(None) };
    for (place, text) in texts.iter().enumerate() {
        let crate::TextMatch::Sqlite { terms, .. } = text else { continue };
        // Counted through the full-text index alone.
        if crate::fts_matches(sqlite, "member_search", terms.clone(), few)? < few {
            return Ok(Some(Candidates::Words(terms.clone(), place)));
        }
    }
    Ok(None)
}

type ListedColumns = (MemberRow, String, String, String, bool);

fn listed(rows: Vec<ListedColumns>) -> Vec<ListedMember> {
    rows.into_iter()
        .map(|(member, network_slug, network_domain, actor_ap_id, local)| ListedMember {
            member,
            network_slug,
            network_domain,
            actor_ap_id,
            local,
        })
        .collect()
}

/// Co-ops of every network with the most of `skills`, best first (ties by
/// name), without `except`: each with how many of the skills it has.
pub fn ranked_by_skills(
    conn: &mut DbConnection,
    skills: &[String],
    except: Option<&str>,
    limit: i64,
) -> Result<Vec<(ListedMember, i64)>, DbError> {
    use crate::schema::member_skills;
    use diesel::dsl::count_star;
    if skills.is_empty() {
        return Ok(Vec::new());
    }
    let mut counted = member_skills::table
        .filter(member_skills::skill.eq_any(skills))
        .group_by(member_skills::member_id)
        .select((member_skills::member_id, count_star()))
        .into_boxed();
    if let Some(except) = except {
        counted = counted.filter(member_skills::member_id.ne(except.to_owned()));
    }
    let mut counts: Vec<(String, i64)> = counted.load(conn)?;
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    // Enough candidates to break ties by name among the best.
    let cut = counts.get(usize::try_from(limit).unwrap_or(0).saturating_sub(1)).map_or(0, |c| c.1);
    counts.retain(|c| c.1 >= cut);
    let ids: Vec<String> = counts.iter().map(|c| c.0.clone()).collect();
    let mut listed = Vec::new();
    for chunk in ids.chunks(500) {
        listed.extend(search_members_by_ids(conn, chunk)?);
    }
    let mut ranked: Vec<(ListedMember, i64)> = listed
        .into_iter()
        .map(|m| {
            let n = counts.iter().find(|c| c.0 == m.member.id.as_str()).map_or(0, |c| c.1);
            (m, n)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.member.name.to_lowercase().cmp(&b.0.member.name.to_lowercase()))
    });
    ranked.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(ranked)
}

fn search_members_by_ids(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<ListedMember>, DbError> {
    use crate::schema::{actors, networks};
    let rows: Vec<ListedColumns> = member_coops::table
        .inner_join(networks::table)
        .inner_join(actors::table)
        .filter(member_coops::id.eq_any(ids))
        .filter(networks::blocked_at.is_null())
        .filter(member_coops::taken_down_at.is_null())
        .select((MemberRow::as_select(), networks::slug, networks::domain, actors::ap_id, networks::is_local))
        .load(conn)?;
    Ok(listed(rows))
}

/// How many co-ops each network lists: (network row id, count).
pub fn count_by_network(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    use diesel::dsl::count_star;
    Ok(member_coops::table
        .group_by(member_coops::network_id)
        .select((member_coops::network_id, count_star()))
        .load(conn)?)
}

/// Writes every field of a member row (by id).
pub fn replace_member(conn: &mut DbConnection, row: &MemberRow) -> Result<(), DbError> {
    diesel::update(member_coops::table.find(&row.id)).set(row.clone()).execute(conn)?;
    index_for_search(conn, &row.id)
}

/// Is `actor` a local co-op that has left the directory (an `Organization`
/// without a member row)? Its actor stays, with its key, for the activities
/// still queued in its name and in case it rejoins.
pub fn is_former_member(conn: &mut DbConnection, actor: &crate::actors::ActorRow) -> Result<bool, DbError> {
    Ok(actor.is_local
        && actor.kind == crate::actors::ActorKind::Organization
        && find_member_by_actor(conn, &actor.id)?.is_none())
}

/// Is `actor` a former member (see [`is_former_member`]) with nothing left to
/// deliver in its name? Then it answers as gone (410).
pub fn is_gone_member(conn: &mut DbConnection, actor: &crate::actors::ActorRow) -> Result<bool, DbError> {
    Ok(is_former_member(conn, actor)? && !crate::deliveries::pending_from(conn, &actor.id)?)
}

#[cfg(test)]
mod tests {
    use super::MemberCursor;

    #[test]
    fn member_cursors_round_trip() {
        for (slug, domain) in [("outlandish", "cotech.example"), ("a@b", "fr.test:8080"), ("", "nl.test")] {
            let cursor = MemberCursor { domain: domain.into(), slug: slug.into() };
            assert_eq!(MemberCursor::parse(&cursor.to_string()), Some(cursor));
        }
        assert_eq!(MemberCursor::parse("no-domain"), None);
        assert_eq!(MemberCursor::parse("slug@"), None);
    }
}
