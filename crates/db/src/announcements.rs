//! News and events, local and federated.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    DbConnection, DbError, now,
    schema::{announcements, networks},
};

crate::text_enum! {
    /// What an announcement is (the `kind` column, stored as text).
    pub enum AnnouncementKind ("announcement kind") {
        News = "news",
        Event = "event",
    }
}

impl AnnouncementKind {
    /// The kind a word names (`news`, `event`; any case).
    pub fn parse(word: &str) -> Option<Self> {
        let word = word.trim().to_ascii_lowercase();
        Self::ALL.iter().copied().find(|kind| kind.as_str() == word)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = announcements)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
pub struct AnnouncementRow {
    pub id: String,
    pub ap_id: String,
    pub network_id: String,
    /// The co-op that wrote it; `None` when the network itself did.
    pub member_id: Option<crate::MemberId>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: AnnouncementKind,
    pub title: String,
    pub summary: Option<String>,
    /// HTML (sanitised).
    pub content: String,
    pub lang: String,
    pub published_at: NaiveDateTime,
    /// Events: UTC start and end.
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    /// Events: IANA time zone of the place.
    pub timezone: Option<String>,
    pub is_local: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub audience: Option<String>,
    pub publish_to_all: bool,
    pub location_city: Option<String>,
    pub location_country: Option<String>,
    pub online_url: Option<String>,
    /// The importer's id, unique within the network.
    pub slug: Option<String>,
    pub category: Option<String>,
    /// `in_person`, `online`, `hybrid`.
    pub attendance: Option<String>,
    pub registration_url: Option<String>,
    pub deadline: Option<NaiveDateTime>,
    /// JSON array of tags.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub tags: crate::JsonList,
    pub fictional: bool,
    /// JSON: the texts in other languages (see `coopfed_core::translations`).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub translations: crate::Json<coopfed_core::translations::Translations>,
    /// When an admin took this mirrored item down here (hidden on this
    /// instance, not deleted at its home server).
    pub taken_down_at: Option<NaiveDateTime>,
    /// JSON: an event's venue (its name, street and postal code).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub venue: crate::Json<Venue>,
}

/// Where an event takes place, beside its city and country (which are
/// columns of their own, for filters).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Venue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
}

impl AnnouncementRow {
    /// An empty announcement of `network_id` with the id `ap_id`.
    pub fn new(ap_id: String, network_id: String, is_local: bool) -> Self {
        let at = now();
        Self {
            id: crate::new_id(),
            ap_id,
            network_id,
            member_id: None,
            kind: AnnouncementKind::News,
            title: String::new(),
            summary: None,
            content: String::new(),
            lang: "en".into(),
            published_at: at,
            starts_at: None,
            ends_at: None,
            timezone: None,
            is_local,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            audience: None,
            publish_to_all: false,
            location_city: None,
            location_country: None,
            online_url: None,
            slug: None,
            category: None,
            attendance: None,
            registration_url: None,
            deadline: None,
            tags: crate::Json::default(),
            fictional: false,
            translations: crate::Json::default(),
            taken_down_at: None,
            venue: crate::Json::default(),
        }
    }
}

/// A local announcement by its importer id.
pub fn find_by_slug(conn: &mut DbConnection, network_id: &str, slug: &str) -> Result<Option<AnnouncementRow>, DbError> {
    Ok(announcements::table
        .filter(announcements::network_id.eq(network_id))
        .filter(announcements::slug.eq(slug))
        .select(AnnouncementRow::as_select())
        .first(conn)
        .optional()?)
}

/// Replaces an announcement's skills.
pub fn set_skills(conn: &mut DbConnection, announcement_id: &str, slugs: &[String]) -> Result<(), DbError> {
    use crate::schema::announcement_skills as t;
    diesel::delete(t::table.filter(t::announcement_id.eq(announcement_id))).execute(conn)?;
    for slug in slugs {
        diesel::insert_into(t::table)
            .values((t::announcement_id.eq(announcement_id), t::skill.eq(slug)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(conn: &mut DbConnection, row: &AnnouncementRow) -> Result<(), DbError> {
    diesel::insert_into(announcements::table).values(row.clone()).execute(conn)?;
    index_for_search(conn, &row.id)
}

pub fn update(conn: &mut DbConnection, row: &AnnouncementRow) -> Result<(), DbError> {
    diesel::update(announcements::table.find(&row.id)).set(row.clone()).execute(conn)?;
    index_for_search(conn, &row.id)
}

/// Keeps SQLite's full-text index of an announcement current (PostgreSQL's is a generated column).
fn index_for_search(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return Ok(());
    }
    let texts = find(conn, id)?.filter(|r| r.deleted_at.is_none()).map(|row| {
        let [titles, summaries, contents] = coopfed_core::translations::searchable(&row.translations);
        vec![
            format!("{} {titles}", row.title),
            format!("{} {summaries}", row.summary.unwrap_or_default()),
            coopfed_core::text::plain(&format!("{} {contents}", row.content)),
        ]
    });
    let fts = ("announcement_search", "announcement_id");
    crate::replace_search_row(conn, fts, &["title", "summary", "content"], id, texts)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<AnnouncementRow>, DbError> {
    Ok(announcements::table.find(id).select(AnnouncementRow::as_select()).first(conn).optional()?)
}

pub fn find_by_ap_id(conn: &mut DbConnection, ap_id: &str) -> Result<Option<AnnouncementRow>, DbError> {
    Ok(announcements::table
        .filter(announcements::ap_id.eq(ap_id))
        .select(AnnouncementRow::as_select())
        .first(conn)
        .optional()?)
}

/// What a co-op wrote (not withdrawn), newest first.
pub fn of_member(conn: &mut DbConnection, member_id: &str, limit: i64) -> Result<Vec<AnnouncementRow>, DbError> {
    Ok(announcements::table
        .filter(announcements::member_id.eq(member_id))
        .filter(announcements::deleted_at.is_null())
        .filter(announcements::taken_down_at.is_null())
        .order(announcements::published_at.desc())
        .limit(limit)
        .select(AnnouncementRow::as_select())
        .load(conn)?)
}

pub fn mark_deleted(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    let at = now();
    diesel::update(announcements::table.find(id))
        .set((announcements::deleted_at.eq(Some(at)), announcements::updated_at.eq(at)))
        .execute(conn)?;
    index_for_search(conn, id)
}

/// Filters of the news and events listing; `None` (or empty) means any.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementFilter {
    /// `news` or `event`.
    pub kind: Option<AnnouncementKind>,
    pub network_domain: Option<String>,
    /// Only this network's own.
    pub local_only: bool,
    /// Language of the text (ISO 639-1).
    pub lang: Option<String>,
    /// Country of an event's place.
    pub country: Option<String>,
    pub skill: Option<String>,
    /// Words that must all occur in the title, summary or text (letters and digits only; prefixes match).
    pub text: Vec<String>,
}

/// An announcement with where it comes from, for listings.
#[derive(Debug, Clone)]
pub struct ListedAnnouncement {
    pub announcement: AnnouncementRow,
    pub network_slug: String,
    pub network_domain: String,
    pub provenance: Vec<String>,
}

/// Announcements that are not deleted, newest first, after the row id `before`.
pub fn list(conn: &mut DbConnection, before: Option<&str>, limit: i64) -> Result<Vec<ListedAnnouncement>, DbError> {
    search(conn, &AnnouncementFilter::default(), before, limit)
}

/// Like [`list`], with filters.
pub fn search(
    conn: &mut DbConnection,
    filter: &AnnouncementFilter,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<ListedAnnouncement>, DbError> {
    let mut query = announcements::table
        .inner_join(networks::table)
        .filter(announcements::deleted_at.is_null())
        .filter(announcements::taken_down_at.is_null())
        .filter(networks::blocked_at.is_null())
        .select((AnnouncementRow::as_select(), networks::slug, networks::domain))
        .order(announcements::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(announcements::id.lt(before.to_owned()));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(announcements::kind.eq(kind.as_str()));
    }
    if let Some(domain) = &filter.network_domain {
        query = query.filter(networks::domain.eq(domain.clone()));
    }
    if filter.local_only {
        query = query.filter(announcements::is_local.eq(true));
    }
    if let Some(lang) = &filter.lang {
        query = query.filter(announcements::lang.eq(lang.clone()));
    }
    if let Some(country) = &filter.country {
        query = query.filter(announcements::location_country.eq(country.clone()));
    }
    if let Some(skill) = &filter.skill {
        use crate::schema::announcement_skills as t;
        let with_skill = t::table.filter(t::skill.eq(skill.clone())).select(t::announcement_id);
        query = query.filter(announcements::id.eq_any(with_skill));
    }
    let search = crate::TextSearch {
        table: "announcements",
        fts: ("announcement_search", "announcement_id"),
        column: None,
        trigram: Some("title"),
        per_row: false,
    };
    for condition in crate::text_filters(conn, &search, &filter.text)? {
        query = query.filter(condition);
    }
    let rows: Vec<(AnnouncementRow, String, String)> = query.load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.ap_id.clone()).collect();
    let mut provenance = crate::provenance::groups_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(announcement, network_slug, network_domain)| {
            let provenance = provenance.remove(&announcement.ap_id).unwrap_or_default();
            ListedAnnouncement { announcement, network_slug, network_domain, provenance }
        })
        .collect())
}

/// Local announcements published to all partner networks that are still of
/// interest on `today`: news of the last 90 days, events that have not ended.
/// As (row id, ActivityPub id) by row id, after the row id `after`.
pub fn shared_page(
    conn: &mut DbConnection,
    today: chrono::NaiveDate,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    let mut query =
        shared(today).select((announcements::id, announcements::ap_id)).order(announcements::id.asc()).limit(limit);
    if let Some(after) = after {
        query = query.filter(announcements::id.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// How many announcements [`shared_page`] lists.
pub fn count_shared(conn: &mut DbConnection, today: chrono::NaiveDate) -> Result<i64, DbError> {
    Ok(shared(today).count().get_result(conn)?)
}

fn shared<'a>(today: chrono::NaiveDate) -> announcements::BoxedQuery<'a, crate::Sql> {
    let midnight = today.and_time(chrono::NaiveTime::MIN);
    let recent = midnight - chrono::Duration::days(90);
    announcements::table
        .filter(announcements::is_local.eq(true))
        .filter(announcements::publish_to_all.eq(true))
        .filter(announcements::deleted_at.is_null())
        .filter(
            announcements::kind.eq(AnnouncementKind::News.as_str()).and(announcements::published_at.ge(recent)).or(
                announcements::kind.eq(AnnouncementKind::Event.as_str()).and(
                    announcements::ends_at
                        .ge(midnight)
                        .or(announcements::ends_at.is_null().and(announcements::starts_at.ge(midnight))),
                ),
            ),
        )
        .into_boxed()
}
