//! Job offers of local member co-ops: publish, edit, withdraw. Each change is
//! announced through the outbox in the same transaction.

use chrono::NaiveDate;
use coopfed_core::{InstanceUrls, text};
use coopfed_db::{
    Database, content,
    jobs::{self, JobRow},
    networks, now,
};

use crate::{
    Actor, ServiceError,
    accounts::conn_transaction,
    audit,
    outbound::{Action, Outbound, emit},
};

/// Employment types, as stored.
pub const EMPLOYMENT_TYPES: &[&str] = &["full_time", "part_time", "contract", "freelance", "volunteer", "internship"];

/// What a job offer says.
#[derive(Debug, Clone, Default)]
pub struct JobInput {
    pub title: String,
    pub summary: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    pub description: String,
    /// ISO 639-1; defaults to `en`.
    pub lang: Option<String>,
    pub employment_type: String,
    pub remote: bool,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Defaults to today.
    pub posted_on: Option<NaiveDate>,
    pub valid_through: NaiveDate,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    /// Address it to every partner network's jobs group too.
    pub publish_to_all: bool,
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Checks a job's fields; returns them normalised.
pub fn validate(input: JobInput, today: NaiveDate) -> Result<JobInput, ServiceError> {
    let title = input.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ServiceError::invalid("title", "must be 1 to 200 characters long"));
    }
    let description = input.description.trim().to_owned();
    if description.is_empty() || description.chars().count() > 20_000 {
        return Err(ServiceError::invalid("description", "must be 1 to 20000 characters long"));
    }
    let summary = optional(input.summary);
    if summary.as_ref().is_some_and(|s| s.chars().count() > 500) {
        return Err(ServiceError::invalid("summary", "must be at most 500 characters long"));
    }
    let lang = optional(input.lang).unwrap_or_else(|| "en".to_owned()).to_ascii_lowercase();
    if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ServiceError::invalid("lang", "must be an ISO 639-1 code, like `en`"));
    }
    let employment_type = input.employment_type.trim().to_ascii_lowercase();
    if !EMPLOYMENT_TYPES.contains(&employment_type.as_str()) {
        return Err(ServiceError::invalid(
            "employment_type",
            format!("must be one of {}", EMPLOYMENT_TYPES.join(", ")),
        ));
    }
    let posted_on = input.posted_on.unwrap_or(today);
    if input.valid_through < posted_on {
        return Err(ServiceError::invalid("valid_through", "must not be before the posting date"));
    }
    let apply_url = optional(input.apply_url);
    if let Some(url) = &apply_url {
        let parsed = url::Url::parse(url).map_err(|_| ServiceError::invalid("apply_url", "is not a valid URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ServiceError::invalid("apply_url", "must be an http(s) URL"));
        }
    }
    let apply_email = optional(input.apply_email);
    if let Some(email) = &apply_email {
        if !email.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.')) {
            return Err(ServiceError::invalid("apply_email", "is not a valid e-mail address"));
        }
    }
    if apply_url.is_none() && apply_email.is_none() {
        return Err(ServiceError::invalid("apply_url", "give an application URL or e-mail address"));
    }
    let country = optional(input.country).map(|c| c.to_ascii_uppercase());
    if country.as_ref().is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(ServiceError::invalid("country", "must be an ISO 3166-1 alpha-2 code, like `GB`"));
    }
    Ok(JobInput {
        title,
        summary,
        description,
        lang: Some(lang),
        employment_type,
        remote: input.remote,
        city: optional(input.city),
        country,
        posted_on: Some(posted_on),
        valid_through: input.valid_through,
        apply_url,
        apply_email,
        publish_to_all: input.publish_to_all,
    })
}

fn apply(row: &mut JobRow, input: JobInput) {
    row.title = input.title;
    row.summary = input.summary;
    row.content = text::markdown(&input.description);
    row.lang = input.lang.unwrap_or_else(|| "en".into());
    row.employment_type = input.employment_type;
    row.remote = input.remote;
    row.location_city = input.city;
    row.location_country = input.country;
    if let Some(posted) = input.posted_on {
        row.posted_on = posted;
    }
    row.valid_through = input.valid_through;
    row.apply_url = input.apply_url;
    row.apply_email = input.apply_email;
    row.publish_to_all = input.publish_to_all;
}

/// Publishes a job offer of the local member co-op `member_slug`.
pub async fn publish(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    urls: &InstanceUrls,
    actor: &Actor,
    member_slug: &str,
    input: JobInput,
    today: NaiveDate,
) -> Result<JobRow, ServiceError> {
    let input = validate(input, today)?;
    let (actor, urls, member_slug) = (actor.clone(), urls.clone(), member_slug.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let member =
                content::find_member(conn, &network.id, &member_slug)?.ok_or(ServiceError::NotFound("member co-op"))?;
            let id = coopfed_db::new_id();
            let mut row = JobRow {
                id: id.clone(),
                audience: Some(urls.group(coopfed_core::JOBS_GROUP).to_string()),
                ..JobRow::new(urls.at(&format!("/jobs/{id}")).to_string(), member.id, true, today)
            };
            apply(&mut row, input);
            jobs::insert(conn, &row)?;
            if let Some(group) = &row.audience {
                jobs::add_provenance(conn, &row.ap_id, group, None)?;
            }
            emit(conn, outbound.as_ref(), &Action::JobPublished { job_id: row.id.clone() })?;
            audit(conn, &actor, "job.publish", Some(&row.ap_id), Some(format!("member={member_slug}")))?;
            Ok(row)
        })
    })
    .await
}

/// Replaces a local job's fields and announces the update.
pub async fn update(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    job_id: &str,
    input: JobInput,
    today: NaiveDate,
) -> Result<JobRow, ServiceError> {
    let input = validate(input, today)?;
    let (actor, job_id) = (actor.clone(), job_id.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let mut row = local_job(conn, &job_id)?;
            apply(&mut row, input);
            row.updated_at = now();
            jobs::update(conn, &row)?;
            emit(conn, outbound.as_ref(), &Action::JobUpdated { job_id: row.id.clone() })?;
            audit(conn, &actor, "job.update", Some(&row.ap_id), None)?;
            Ok(row)
        })
    })
    .await
}

/// Withdraws a local job and announces its deletion.
pub async fn delete(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    job_id: &str,
) -> Result<JobRow, ServiceError> {
    let (actor, job_id) = (actor.clone(), job_id.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = local_job(conn, &job_id)?;
            jobs::mark_deleted(conn, &row.id)?;
            emit(conn, outbound.as_ref(), &Action::JobDeleted { job_id: row.id.clone() })?;
            audit(conn, &actor, "job.delete", Some(&row.ap_id), None)?;
            Ok(row)
        })
    })
    .await
}

/// A local, not deleted job by row id or public id.
fn local_job(conn: &mut coopfed_db::DbConnection, id: &str) -> Result<JobRow, ServiceError> {
    let row = match jobs::find(conn, id)? {
        Some(row) => Some(row),
        None => jobs::find_by_ap_id(conn, id)?,
    };
    row.filter(|r| r.is_local && r.deleted_at.is_none()).ok_or(ServiceError::NotFound("job"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> JobInput {
        JobInput {
            title: "Rust developer".into(),
            description: "We build things.".into(),
            employment_type: "full_time".into(),
            valid_through: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
            apply_url: Some("https://coop.example/apply".into()),
            ..JobInput::default()
        }
    }

    #[test]
    fn validation_names_the_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let field = |i: JobInput| match validate(i, today) {
            Err(ServiceError::Invalid { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        };
        assert!(validate(input(), today).is_ok());
        assert_eq!(field(JobInput { title: " ".into(), ..input() }), "title");
        assert_eq!(field(JobInput { employment_type: "gig".into(), ..input() }), "employment_type");
        assert_eq!(field(JobInput { valid_through: today.pred_opt().unwrap_or_default(), ..input() }), "valid_through");
        assert_eq!(field(JobInput { apply_url: None, ..input() }), "apply_url");
        assert_eq!(field(JobInput { apply_url: Some("javascript:x".into()), ..input() }), "apply_url");
        assert_eq!(field(JobInput { lang: Some("english".into()), ..input() }), "lang");
    }
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
    row.languages = serde_json::to_string(&record.languages).unwrap_or_else(|_| "[]".into());
    row.fictional = record.fictional;
    row.updated_at = now();
}

/// What an import of job offers did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
}

/// The slugs of the local network's member co-ops.
pub async fn local_member_slugs(db: &Database) -> Result<std::collections::HashSet<String>, ServiceError> {
    db.run(|conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        Ok(content::list_members(conn, &network.id)?.into_iter().map(|m| m.slug).collect())
    })
    .await
}

/// Imports checked job offers of local member co-ops in one transaction: an
/// offer already imported (same co-op and id) is updated, a new one published.
pub async fn import(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    urls: &InstanceUrls,
    actor: &Actor,
    records: Vec<coopfed_core::jobs::JobRecord>,
    progress: impl Fn(usize) + Send + 'static,
) -> Result<ImportReport, ServiceError> {
    let (actor, urls) = (actor.clone(), urls.clone());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let mut report = ImportReport::default();
            for (done, record) in records.iter().enumerate() {
                let member = content::find_member(conn, &network.id, &record.member)?
                    .ok_or_else(|| ServiceError::invalid("member", format!("no member co-op `{}`", record.member)))?;
                let action = match jobs::find_by_slug(conn, &member.id, record.id.as_str())? {
                    Some(mut row) => {
                        apply_record(&mut row, record);
                        row.deleted_at = None;
                        jobs::update(conn, &row)?;
                        report.updated += 1;
                        jobs::set_skills(conn, &row.id, &record.skills)?;
                        Action::JobUpdated { job_id: row.id }
                    }
                    None => {
                        let id = coopfed_db::new_id();
                        let mut row = JobRow {
                            id: id.clone(),
                            audience: Some(urls.group(coopfed_core::JOBS_GROUP).to_string()),
                            ..JobRow::new(
                                urls.at(&format!("/jobs/{id}")).to_string(),
                                member.id.clone(),
                                true,
                                record.posted,
                            )
                        };
                        apply_record(&mut row, record);
                        jobs::insert(conn, &row)?;
                        if let Some(group) = &row.audience {
                            jobs::add_provenance(conn, &row.ap_id, group, None)?;
                        }
                        jobs::set_skills(conn, &row.id, &record.skills)?;
                        report.created += 1;
                        Action::JobPublished { job_id: row.id }
                    }
                };
                emit(conn, outbound.as_ref(), &action)?;
                progress(done + 1);
            }
            audit(
                conn,
                &actor,
                "jobs.import",
                None,
                Some(format!("created={} updated={}", report.created, report.updated)),
            )?;
            Ok(report)
        })
    })
    .await
}

/// The row id of a local member co-op by slug.
pub async fn member_id(db: &Database, slug: &str) -> Result<Option<String>, ServiceError> {
    let slug = slug.to_owned();
    db.run(move |conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        Ok(content::find_member(conn, &network.id, &slug)?.map(|m| m.id))
    })
    .await
}

/// The member co-op (row id) of a local job offer, by row id or public id.
pub async fn owner(db: &Database, job_id: &str) -> Result<String, ServiceError> {
    let job_id = job_id.to_owned();
    db.run(move |conn| Ok(local_job(conn, &job_id)?.member_id)).await
}
