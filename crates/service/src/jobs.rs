//! Job offers of local member co-ops: publish, edit, withdraw. Each change is
//! announced through the outbox in the same transaction.

use chrono::NaiveDate;
use coopfed_core::{InstanceUrls, text};
use coopfed_db::{
    Database, DbConnection,
    jobs::{self, JobRow},
    members, networks, now,
};
use serde::{Deserialize, Serialize};

use crate::stream::{Change, ImportTarget, change};
use crate::{ServiceError, Writer};

/// Employment types, as stored.
pub use coopfed_core::jobs::EMPLOYMENT_TYPES;

/// A fresh importer's id for an offer entered without one: words of the
/// title and a random tail, like `rust-developer-3f9a1c`.
pub fn fresh_slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .take(6)
        .collect();
    let mut stem = words.join("-");
    stem.truncate(48);
    let stem = stem.trim_end_matches('-');
    let tail: String = coopfed_db::new_id().chars().filter(char::is_ascii_hexdigit).take(6).collect();
    if stem.is_empty() { format!("job-{tail}") } else { format!("{stem}-{tail}") }
}

/// A job offer as the API and the command line give it: the fields of the
/// import format (`tests/fixtures/data/README.md`), checked by the same
/// rules ([`coopfed_core::jobs::JobRecord::read`]), with `city`, `country`
/// and `remote` also accepted at the top level. It documents the request
/// body of the API and names the fields a JSON offer may have.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = JobBody)]
pub struct JobInput {
    /// The offer's id within its co-op (a slug); made from the title when missing.
    pub id: Option<String>,
    /// The posting co-op's slug (required when publishing; ignored when replacing).
    pub member: Option<String>,
    #[schema(required = true)]
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Markdown.
    #[schema(required = true)]
    pub description: Option<String>,
    /// Language of title, summary and description (ISO 639-1), default `en`.
    pub lang: Option<String>,
    /// full_time, part_time, contract, freelance, volunteer or internship.
    #[schema(required = true)]
    pub employment_type: Option<String>,
    /// `"remote"` or `{"city": …, "country": …}`; `city` and `country` may also be given at the top level.
    #[schema(value_type = Object)]
    pub location: Option<serde_json::Value>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, like `GB`.
    pub country: Option<String>,
    pub remote: Option<bool>,
    /// `{"min", "max", "currency" (ISO 4217), "period" (hour, day, week, month, year)}`.
    #[schema(value_type = Object)]
    pub salary: Option<serde_json::Value>,
    /// Skills: slugs, aliases or labels in any language.
    pub skills: Option<Vec<String>>,
    /// Languages the work needs (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Default today.
    pub posted: Option<NaiveDate>,
    /// Last day the offer is open.
    #[schema(required = true)]
    pub valid_through: Option<NaiveDate>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    /// Also address the offer to every partner network's jobs group.
    pub publish_to_all: Option<bool>,
    /// Sample data, not a real offer.
    pub fictional: Option<bool>,
    /// The offer in other languages: `{"de": {"title", "summary", "description"}}`.
    #[schema(value_type = Object)]
    pub translations: Option<serde_json::Value>,
}

impl JobInput {
    /// The field names a JSON offer may have.
    pub fn field_names() -> Vec<String> {
        match serde_json::to_value(Self::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// As JSON, without the fields not given.
    pub fn to_json(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => {
                serde_json::Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
            }
            _ => serde_json::Value::Null,
        }
    }
}

/// Reads a job offer given as JSON (the API, the command line) into a
/// checked record, with the same rules as an import. Accepted besides the
/// import format: `city`, `country` and `remote` at the top level instead of
/// `location`, and `posted` missing (today). `slug` is the offer's id when
/// the JSON names none; `member`, when given, the posting co-op; the text is
/// in `default_lang` unless `lang` says otherwise.
pub fn record_from_json(
    value: serde_json::Value,
    slug: &str,
    member: Option<&str>,
    (today, default_lang): (NaiveDate, &str),
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<coopfed_core::jobs::JobRecord, Vec<coopfed_core::records::FieldError>> {
    use serde_json::Value;
    let fields = JobInput::field_names();
    let map = crate::json_record(
        value,
        |k| fields.iter().any(|f| f == k),
        "a job offer",
        |object| {
            object.entry("id").or_insert_with(|| Value::String(slug.to_owned()));
            if let Some(member) = member {
                object.insert("member".into(), Value::String(member.to_owned()));
            }
            object.entry("posted").or_insert_with(|| Value::String(today.to_string()));
            if !object.contains_key("location") {
                let city = object.remove("city").filter(|v| !v.is_null());
                let country = object.remove("country").filter(|v| !v.is_null());
                let location = match (city, country) {
                    (None, None) => Value::String("remote".into()),
                    (city, country) => serde_json::json!({ "city": city, "country": country }),
                };
                object.insert("location".into(), location);
            }
        },
    )?;
    coopfed_core::jobs::JobRecord::read(&map, default_lang, taxonomy)
}

/// Publishes a new job offer of a local member co-op (`record.member`).
pub async fn publish(
    writer: &Writer,
    urls: &InstanceUrls,
    record: coopfed_core::jobs::JobRecord,
) -> Result<JobRow, ServiceError> {
    let urls = urls.clone();
    change(writer, move |conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        let member = members::find_member(conn, &network.id, &record.member)?
            .ok_or_else(|| ServiceError::invalid("member", format!("no member co-op `{}`", record.member)))?;
        if jobs::find_by_slug(conn, &member.id, record.id.as_str())?.is_some() {
            return Err(ServiceError::Conflict(format!(
                "`{}` already has an offer with the id `{}`",
                record.member, record.id
            )));
        }
        let row = insert_record(conn, &urls, &member.id, &record)?;
        let detail = Some(format!("member={}", record.member));
        Ok(Change::published(row, detail))
    })
    .await
}

/// Replaces a local job's fields and announces the update. The offer keeps
/// its co-op; its id changes only when the record names another.
pub async fn update(
    writer: &Writer,
    job_id: &str,
    record: coopfed_core::jobs::JobRecord,
) -> Result<JobRow, ServiceError> {
    crate::stream::update(writer, job_id, move |conn, row: &mut JobRow| {
        if row.slug.as_deref() != Some(record.id.as_str())
            && jobs::find_by_slug(conn, &row.member_id, record.id.as_str())?.is_some()
        {
            return Err(ServiceError::Conflict(format!("the co-op already has an offer with the id `{}`", record.id)));
        }
        apply_record(row, &record);
        jobs::update(conn, row)?;
        Ok(jobs::set_skills(conn, &row.id, &record.skills)?)
    })
    .await
}

/// The importer's id of a local job offer, by row id or public id.
pub async fn slug_of(db: &Database, job_id: &str) -> Result<Option<String>, ServiceError> {
    let job_id = job_id.to_owned();
    db.run(move |conn| Ok(<JobRow as crate::stream::LocalItem>::local(conn, &job_id)?.slug)).await
}

/// Writes a checked job record over a row.
fn apply_record(row: &mut JobRow, record: &coopfed_core::jobs::JobRecord) {
    row.slug = Some(record.id.to_string());
    row.title.clone_from(&record.title);
    row.summary.clone_from(&record.summary);
    row.content = text::markdown(&record.description);
    row.lang.clone_from(&record.lang);
    row.employment_type.clone_from(&record.employment_type);
    row.remote = record.remote;
    row.location_city.clone_from(&record.city);
    row.location_country.clone_from(&record.country);
    row.posted_on = record.posted;
    row.valid_through = record.valid_through;
    row.apply_url.clone_from(&record.apply_url);
    row.apply_email.clone_from(&record.apply_email);
    row.publish_to_all = record.publish_to_all;
    row.salary_min = record.salary.as_ref().map(|s| s.min);
    row.salary_max = record.salary.as_ref().map(|s| s.max);
    row.salary_currency = record.salary.as_ref().map(|s| s.currency.clone());
    row.salary_period = record.salary.as_ref().map(|s| s.period.clone());
    row.languages = coopfed_db::Json(record.languages.clone());
    row.fictional = record.fictional;
    row.translations = coopfed_db::Json(stored_translations(&record.translations));
    row.updated_at = now();
}

/// The translations of a record as stored: the text as sanitised HTML from
/// its Markdown.
pub(crate) fn stored_translations(
    translations: &std::collections::BTreeMap<String, coopfed_core::jobs::JobTranslation>,
) -> coopfed_core::translations::Translations {
    translations
        .iter()
        .map(|(lang, t)| {
            let text = coopfed_core::translations::Translation {
                title: t.title.clone(),
                summary: t.summary.clone(),
                content: t.description.as_deref().map(text::markdown),
            };
            (lang.clone(), text)
        })
        .collect()
}

/// A new local job row for a checked record of the co-op `member_id`,
/// addressed to the local jobs group.
fn new_row(urls: &InstanceUrls, member_id: &str, record: &coopfed_core::jobs::JobRecord) -> JobRow {
    let id = coopfed_db::new_id();
    let mut row = JobRow {
        id: coopfed_db::JobId(id.clone()),
        audience: Some(urls.group(coopfed_core::JOBS_GROUP).to_string()),
        ..JobRow::new(urls.at(&format!("/jobs/{id}")).to_string(), member_id.to_owned(), true, record.posted)
    };
    apply_record(&mut row, record);
    row
}

/// Stores a new local job offer of `member_id`.
fn insert_record(
    conn: &mut coopfed_db::DbConnection,
    urls: &InstanceUrls,
    member_id: &str,
    record: &coopfed_core::jobs::JobRecord,
) -> Result<JobRow, ServiceError> {
    let row = new_row(urls, member_id, record);
    jobs::insert(conn, &row)?;
    if let Some(group) = &row.audience {
        coopfed_db::provenance::add(conn, &row.ap_id, group, None)?;
    }
    jobs::set_skills(conn, &row.id, &record.skills)?;
    Ok(row)
}

/// What an import of job offers did.
pub use crate::stream::ImportReport;

/// The slugs of the local network's member co-ops.
pub async fn local_member_slugs(db: &Database) -> Result<std::collections::HashSet<String>, ServiceError> {
    db.run(|conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        Ok(members::member_slugs(conn, &network.id)?.into_iter().collect())
    })
    .await
}

impl crate::stream::ImportRecord for coopfed_core::jobs::JobRecord {
    type Item = JobRow;
    const AUDIT: &'static str = "jobs.import";

    fn store(&self, conn: &mut DbConnection, target: &ImportTarget) -> Result<(Self::Item, bool), ServiceError> {
        let (network, urls) = (&target.network, &target.urls);
        let member = members::find_member(conn, &network.id, &self.member)?
            .ok_or_else(|| ServiceError::invalid("member", format!("no member co-op `{}`", self.member)))?;
        Ok(match jobs::find_by_slug(conn, &member.id, self.id.as_str())? {
            Some(row) => (update_row(conn, row, self)?, false),
            None => {
                let row = insert_record(conn, urls, &member.id, self)?;
                (row, true)
            }
        })
    }

    /// The new offers of the records are written together: their rows,
    /// full-text rows, provenance and skills with one statement per table
    /// and few hundred offers.
    fn store_all(
        records: &[Self],
        conn: &mut DbConnection,
        target: &ImportTarget,
    ) -> Result<Vec<(Self::Item, bool)>, ServiceError> {
        let (network, urls) = (&target.network, &target.urls);
        let mut keys = std::collections::HashSet::new();
        if !records.iter().all(|r| keys.insert((r.member.as_str(), r.id.as_str()))) {
            // The same offer twice: one after the other, the later wins.
            return records.iter().map(|record| record.store(conn, target)).collect();
        }
        let slugs: Vec<&str> = records.iter().map(|r| r.member.as_str()).collect();
        let members = members::find_members_among(conn, &network.id, &slugs)?;
        let mut stored: Vec<(JobRow, bool)> = Vec::with_capacity(records.len());
        // Indexes into `stored` of the new rows, with their records.
        let mut new = Vec::new();
        for record in records {
            let member = members
                .get(record.member.as_str())
                .ok_or_else(|| ServiceError::invalid("member", format!("no member co-op `{}`", record.member)))?;
            match jobs::find_by_slug(conn, &member.id, record.id.as_str())? {
                Some(row) => stored.push((update_row(conn, row, record)?, false)),
                None => {
                    new.push((stored.len(), record));
                    stored.push((new_row(urls, &member.id, record), true));
                }
            }
        }
        let rows: Vec<JobRow> = new.iter().map(|(index, _)| stored[*index].0.clone()).collect();
        jobs::insert_all(conn, &rows)?;
        let provenance: Vec<(&str, &str)> =
            rows.iter().filter_map(|row| Some((row.ap_id.as_str(), row.audience.as_deref()?))).collect();
        coopfed_db::provenance::add_all(conn, &provenance)?;
        let skills: Vec<(&str, &str)> = rows
            .iter()
            .zip(&new)
            .flat_map(|(row, (_, record))| record.skills.iter().map(|skill| (row.id.as_str(), skill.as_str())))
            .collect();
        jobs::add_skills(conn, &skills)?;
        Ok(stored)
    }
}

/// Writes a record over a stored offer (undeleting it).
fn update_row(
    conn: &mut DbConnection,
    mut row: JobRow,
    record: &coopfed_core::jobs::JobRecord,
) -> Result<JobRow, ServiceError> {
    apply_record(&mut row, record);
    row.deleted_at = None;
    jobs::update(conn, &row)?;
    jobs::set_skills(conn, &row.id, &record.skills)?;
    Ok(row)
}

/// The row id of a local member co-op by slug.
pub async fn member_id(db: &Database, slug: &str) -> Result<Option<coopfed_db::MemberId>, ServiceError> {
    let slug = slug.to_owned();
    db.run(move |conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        Ok(members::find_member(conn, &network.id, &slug)?.map(|m| m.id))
    })
    .await
}
