//! Member co-ops of the local network: each is an `Organization` actor with
//! its own key pair.

use coopfed_core::{InstanceUrls, Slug, records::Problem};
use coopfed_db::{
    Database,
    actors::{self, ActorKind},
    members::{self, MemberRow},
    networks,
};

use crate::{
    Actor, ServiceError, Writer,
    accounts::conn_transaction,
    audit, keys,
    outbound::{Action, Outbound, emit, emit_all},
    setup::{ActorSpec, local_actor_row},
};

/// A new member co-op.
#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    /// ISO 3166-1 alpha-2, like `GB`.
    pub country: Option<String>,
    pub city: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    pub summary: Option<String>,
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn check_length(field: &'static str, value: &str, max: usize) -> Result<(), ServiceError> {
    if value.chars().count() > max {
        return Err(ServiceError::problem(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// Checks and normalises a new member's fields.
fn validate(new: NewMember) -> Result<(Slug, NewMember), ServiceError> {
    let slug = Slug::parse_member(new.slug.trim()).map_err(|e| ServiceError::problem("slug", e))?;
    let name = new.name.trim().to_owned();
    if name.is_empty() {
        return Err(ServiceError::problem("name", Problem::Empty));
    }
    check_length("name", &name, 200)?;
    let website = optional(new.website);
    if let Some(site) = &website {
        let parsed = url::Url::parse(site).map_err(|_| ServiceError::problem("website", Problem::NotUrl))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ServiceError::problem("website", Problem::NotHttpUrl));
        }
        check_length("website", site, 500)?;
    }
    let country = optional(new.country).map(|c| c.to_ascii_uppercase());
    if let Some(code) = &country {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(ServiceError::problem("country", Problem::NotCountry { code: code.clone() }));
        }
    }
    let city = optional(new.city);
    if let Some(city) = &city {
        check_length("city", city, 100)?;
    }
    let summary = optional(new.summary);
    if let Some(summary) = &summary {
        check_length("summary", summary, 5000)?;
    }
    let normalised = NewMember { slug: slug.to_string(), name, website, country, city, summary };
    Ok((slug, normalised))
}

/// The row id of the actor of a new member co-op: a former member's of that
/// name, which rejoins with its id and key (its followers were let go when it
/// left), or a new one with the key pair `keys` gives. Another local actor of that name is a conflict.
fn actor_for_new_member(
    conn: &mut coopfed_db::DbConnection,
    spec: ActorSpec,
    keys: Option<keys::ActorKeys>,
    urls: &InstanceUrls,
    network_id: &str,
) -> Result<coopfed_db::ActorId, ServiceError> {
    match actors::find_local_by_username(conn, &spec.username)? {
        Some(former) if members::is_former_member(conn, &former)? => {
            // Back before its departure reached everyone: what has not been
            // sent of its `Delete` is not sent any more.
            coopfed_db::deliveries::cancel_pending_self_delete(conn, &former.id, &former.ap_id)?;
            actors::update_profile(conn, &former.id, &spec.display_name, spec.summary.as_deref())?;
            Ok(former.id)
        }
        Some(_) => Err(ServiceError::Conflict(format!("the name `{}` is taken by another actor", spec.username))),
        None => {
            let row = local_actor_row(spec, keys, urls, network_id);
            actors::insert(conn, &row)?;
            Ok(row.id)
        }
    }
}

/// Adds a member co-op to the local network.
pub async fn create(
    db: &Database,
    outbound: Option<std::sync::Arc<dyn Outbound>>,
    actor: &Actor,
    urls: &InstanceUrls,
    new: NewMember,
) -> Result<MemberRow, ServiceError> {
    let (slug, new) = validate(new)?;
    let keys = tokio::task::spawn_blocking(keys::generate).await.map_err(|e| ServiceError::Crypto(e.to_string()))??;
    let (actor, urls) = (actor.clone(), urls.clone());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            if members::find_member(conn, &network.id, slug.as_str())?.is_some() {
                return Err(ServiceError::Conflict(format!("the name `{slug}` is already taken on this instance")));
            }
            let spec = ActorSpec {
                kind: ActorKind::Organization,
                username: slug.to_string(),
                display_name: new.name.clone(),
                summary: new.summary.clone(),
                ap_id: urls.member(slug.as_str()),
            };
            let actor_id = actor_for_new_member(conn, spec, Some(keys), &urls, &network.id)?;
            let member = MemberRow {
                website: new.website,
                country: new.country,
                city: new.city,
                summary: new.summary,
                ..MemberRow::new(network.id, actor_id, slug.to_string(), new.name)
            };
            members::insert_member(conn, &member)?;
            if let Some(outbound) = &outbound {
                emit(conn, outbound.as_ref(), &Action::MemberAdded { member_id: member.id.clone() })?;
            }
            audit(conn, &actor, "member.create", Some(&member.slug), None)?;
            Ok(member)
        })
    })
    .await
}

/// Replaces a local member co-op's profile (the slug stays) and sends the update.
pub async fn update(writer: &Writer, changes: NewMember) -> Result<MemberRow, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let (slug, changes) = validate(changes)?;
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let mut member = members::find_member(conn, &network.id, slug.as_str())?
                .ok_or(ServiceError::NotFound("member co-op"))?;
            member.name = changes.name;
            member.website = changes.website;
            member.country = changes.country;
            member.city = changes.city;
            member.summary = changes.summary;
            members::update_member_profile(conn, &member)?;
            actors::update_profile(conn, &member.actor_id, &member.name, member.summary.as_deref())?;
            emit(conn, outbound.as_ref(), &Action::MemberUpdated { member_id: member.id.clone() })?;
            audit(conn, &actor, "member.update", Some(&member.slug), None)?;
            Ok(member)
        })
    })
    .await
}

/// Removes a local member co-op: its open jobs are withdrawn, the network
/// announces the removal, and the co-op's actor tells its followers it is gone.
pub async fn remove(writer: &Writer, slug: &str) -> Result<MemberRow, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let (actor, slug) = (actor.clone(), slug.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let member =
                members::find_member(conn, &network.id, &slug)?.ok_or(ServiceError::NotFound("member co-op"))?;
            let member_actor = actors::find_by_id(conn, &member.actor_id)?.ok_or(ServiceError::NotFound("actor"))?;
            for job in coopfed_db::jobs::open_of_member(conn, &member.id)? {
                coopfed_db::jobs::mark_deleted(conn, &job)?;
                emit(conn, outbound.as_ref(), &Action::JobDeleted { job_id: job })?;
            }
            emit(conn, outbound.as_ref(), &Action::MemberRemoved { member_ap_id: member_actor.ap_id.clone() })?;
            // Its followers are told it is gone (the deliveries are queued
            // above), so its follows end here. The actor stays, with its key,
            // so that what is queued in its name can still be signed; once
            // that is delivered it answers 410. Added again, the co-op gets
            // the actor back, without followers.
            coopfed_db::follows::delete_all_of(conn, &member_actor.id)?;
            members::delete_member(conn, &member.id)?;
            audit(conn, &actor, "member.remove", Some(&member.slug), None)?;
            Ok(member)
        })
    })
    .await
}

/// The slug of a member co-op by row id.
pub async fn slug_of(db: &Database, member_id: &str) -> Result<String, ServiceError> {
    let member_id = member_id.to_owned();
    db.run(move |conn| {
        Ok(members::find_member_by_id(conn, &member_id)?.ok_or(ServiceError::NotFound("member co-op"))?.slug)
    })
    .await
}

/// The local network's members.
pub async fn list(db: &Database) -> Result<Vec<MemberRow>, ServiceError> {
    db.run(|conn| {
        let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
        Ok(members::list_members(conn, &network.id)?)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(slug: &str) -> NewMember {
        NewMember { slug: slug.into(), name: "Outlandish".into(), ..NewMember::default() }
    }

    #[test]
    fn validation_names_the_field() {
        let field = |new: NewMember| match validate(new) {
            Err(ServiceError::Invalid { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(field(member("Outlandish")), "slug");
        assert_eq!(field(member("jobs")), "slug");
        assert_eq!(field(NewMember { name: " ".into(), ..member("outlandish") }), "name");
        assert_eq!(field(NewMember { website: Some("ftp://x.test".into()), ..member("o") }), "website");
        assert_eq!(field(NewMember { website: Some("not a url".into()), ..member("o") }), "website");
        assert_eq!(field(NewMember { country: Some("GBR".into()), ..member("o") }), "country");
        let ok = validate(NewMember { country: Some("gb".into()), city: Some(" ".into()), ..member("o") });
        let (_, ok) = ok.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.country.as_deref(), Some("GB"));
        assert_eq!(ok.city, None);
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
}

/// Writes a checked profile over a member row.
fn apply_record(member: &mut MemberRow, record: &coopfed_core::members::MemberRecord) {
    member.name.clone_from(&record.name);
    member.website = Some(record.website.clone());
    member.country = Some(record.country.clone());
    member.city.clone_from(&record.city);
    member.summary.clone_from(&record.description);
    member.summary_lang.clone_from(&record.description_lang);
    member.languages = coopfed_db::Json(record.languages.clone());
    member.legal_form.clone_from(&record.legal_form);
    member.size = record.size;
    member.founded = record.founded;
    member.services = coopfed_db::Json(record.services.clone());
    member.technologies = coopfed_db::Json(record.technologies.clone());
    member.sectors = coopfed_db::Json(record.sectors.clone());
    member.contact_email.clone_from(&record.contact_email);
    member.fictional = record.fictional;
    member.latitude = record.coordinates.map(|c| c.0);
    member.longitude = record.coordinates.map(|c| c.1);
    member.logo_url.clone_from(&record.logo_url);
    member.social_links = coopfed_db::Json(record.social_links.clone());
    member.joined_on = record.joined;
    let translations: coopfed_core::translations::Translations = record
        .descriptions
        .iter()
        .map(|(lang, text)| {
            let summary = coopfed_core::translations::Translation { summary: Some(text.clone()), ..Default::default() };
            (lang.clone(), summary)
        })
        .collect();
    member.translations = coopfed_db::Json(translations);
    member.updated_at = coopfed_db::now();
}

/// The fields a member co-op's profile given as JSON may have (besides
/// `description_de` and the like).
const JSON_FIELDS: &[&str] = &[
    "slug",
    "name",
    "website",
    "country",
    "city",
    "languages",
    "legal_form",
    "size",
    "founded",
    "services",
    "technologies",
    "sectors",
    "skills",
    "contact_email",
    "description",
    "description_lang",
    "fictional",
    "coordinates",
    "logo_url",
    "social_links",
    "joined",
];

/// Reads a profile given as JSON (the API) into a checked record, with the
/// same rules as an import; `slug`, when given, replaces the JSON's.
pub fn record_from_json(
    value: serde_json::Value,
    slug: Option<&str>,
    default_languages: &[String],
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<coopfed_core::members::MemberRecord, Vec<coopfed_core::records::FieldError>> {
    let known = |key: &str| {
        JSON_FIELDS.contains(&key) || key.strip_prefix("description_").is_some_and(coopfed_core::codes::is_language)
    };
    let map = crate::json_record(value, known, "a member co-op", |object| {
        if let Some(slug) = slug {
            object.insert("slug".into(), serde_json::Value::String(slug.to_owned()));
        }
    })?;
    coopfed_core::members::MemberRecord::read(&map, default_languages, taxonomy)
}

/// Whether a profile saved must be new, must exist, or may be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Either,
    New,
    Existing,
}

/// Saves one checked profile (the API's create and replace): `expect` says
/// whether the slug must be new or known.
pub async fn save(
    writer: &Writer,
    urls: &InstanceUrls,
    record: coopfed_core::members::MemberRecord,
    expect: Expect,
) -> Result<ImportReport, ServiceError> {
    write(writer, urls, vec![record], expect, |_| {}).await
}

/// Imports checked member profiles into the local network in one transaction:
/// a known slug is updated, a new one created (with its actor; its key pair
/// is made on first use, see [`keys::ensure`]).
/// Partners hear of every change. `progress` is called after each record.
pub async fn import(
    writer: &Writer,
    urls: &InstanceUrls,
    records: Vec<coopfed_core::members::MemberRecord>,
    progress: impl Fn(usize) + Send + 'static,
) -> Result<ImportReport, ServiceError> {
    write(writer, urls, records, Expect::Either, progress).await
}

async fn write(
    writer: &Writer,
    urls: &InstanceUrls,
    records: Vec<coopfed_core::members::MemberRecord>,
    expect: Expect,
    progress: impl Fn(usize) + Send + 'static,
) -> Result<ImportReport, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let (actor, urls) = (actor.clone(), urls.clone());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let network = networks::find_local(conn)?.ok_or(ServiceError::NotFound("local network"))?;
            let mut report = ImportReport::default();
            // What is known already, read for all the records at once.
            let slugs: Vec<&str> = records.iter().map(|r| r.slug.as_str()).collect();
            let mut known = members::find_members_among(conn, &network.id, &slugs)?;
            let taken = actors::local_usernames_among(conn, &slugs)?;
            let mut actions = Vec::with_capacity(records.len());
            for (done, record) in records.iter().enumerate() {
                let slug = record.slug.as_str();
                let found = known.remove(slug);
                match (expect, found.is_some()) {
                    (Expect::New, true) => {
                        return Err(ServiceError::Conflict(format!("there already is a member co-op `{slug}`")));
                    }
                    (Expect::Existing, false) => return Err(ServiceError::NotFound("member co-op")),
                    _ => {}
                }
                let is_new = found.is_none();
                let (member, action) = match found {
                    Some(mut member) => {
                        apply_record(&mut member, record);
                        members::replace_member(conn, &member)?;
                        actors::update_profile(conn, &member.actor_id, &member.name, member.summary.as_deref())?;
                        report.updated += 1;
                        let action = Action::MemberUpdated { member_id: member.id.clone() };
                        (member, action)
                    }
                    None => {
                        let spec = ActorSpec {
                            kind: ActorKind::Organization,
                            username: slug.to_owned(),
                            display_name: record.name.clone(),
                            summary: record.description.clone(),
                            ap_id: urls.member(slug),
                        };
                        // Its key pair is made when first needed (its actor
                        // document is fetched, or it signs): an RSA key takes
                        // longer to make than the rest of a co-op to store.
                        let actor_id = if taken.contains(slug) {
                            actor_for_new_member(conn, spec, None, &urls, &network.id)?
                        } else {
                            // No local actor has the name: stored without looking.
                            let row = local_actor_row(spec, None, &urls, &network.id);
                            actors::insert(conn, &row)?;
                            row.id
                        };
                        let mut member =
                            MemberRow::new(network.id.clone(), actor_id, slug.to_owned(), record.name.clone());
                        apply_record(&mut member, record);
                        members::insert_member(conn, &member)?;
                        report.created += 1;
                        let action = Action::MemberAdded { member_id: member.id.clone() };
                        (member, action)
                    }
                };
                if is_new {
                    coopfed_db::skills::add_member_skills(conn, &member.id, &record.skills)?;
                } else {
                    coopfed_db::skills::set_member_skills(conn, &member.id, &record.skills)?;
                }
                actions.push(action);
                // A slug given twice updates what its first record wrote.
                known.insert(member.slug.clone(), member);
                progress(done + 1);
            }
            // Rendered together: what they look up is read once.
            emit_all(conn, outbound.as_ref(), &actions)?;
            audit(
                conn,
                &actor,
                "members.import",
                None,
                Some(format!("created={} updated={}", report.created, report.updated)),
            )?;
            Ok(report)
        })
    })
    .await
}

/// The CSV columns of a member directory.
pub const COLUMNS: &[&str] =
    &["slug", "name", "website", "country", "city", "services", "technologies", "skills", "description"];

/// The CSV columns that hold `;`-separated lists.
pub const LIST_COLUMNS: &[&str] = &["services", "technologies", "skills", "languages"];

/// A member directory checked before it is imported: what would happen.
#[derive(Debug)]
pub struct DirectoryCheck {
    /// Records in the file.
    pub total: usize,
    pub valid: Vec<coopfed_core::members::MemberRecord>,
    /// One line per problem: `NAME: record N (line L): field: problem`.
    pub errors: Vec<String>,
    /// Valid records of co-ops not listed yet, and of ones listed (updated).
    pub new: usize,
    pub existing: usize,
}

/// Reads and checks a member directory (YAML or CSV, by `extension`)
/// without writing anything. `name` names the file in the messages.
pub async fn check_directory(
    db: &Database,
    name: &str,
    extension: &str,
    bytes: &[u8],
    language: &str,
) -> Result<DirectoryCheck, ServiceError> {
    let file = crate::import_files::read_bytes(bytes, extension, "members", COLUMNS, LIST_COLUMNS)
        .map_err(|e| ServiceError::invalid("file", e))?;
    let local = db.run(networks::find_local).await?.ok_or(ServiceError::NotFound("local network"))?;
    if let Some(network) = file.network.as_deref().filter(|n| *n != local.slug) {
        return Err(ServiceError::invalid(
            "file",
            format!("the file is for the network `{network}`, but this instance runs `{}`", local.slug),
        ));
    }
    let taxonomy = db.run(crate::skills::load).await?;
    let languages = vec![language.to_owned()];
    let (valid, errors) = crate::import_files::check_records(
        name,
        &file,
        "slug",
        |fields| {
            coopfed_core::members::MemberRecord::read(fields, &languages, &taxonomy)
                .map(|member| (member.slug.to_string(), member))
                .map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
        },
        || {},
    );
    let slugs: Vec<String> = valid.iter().map(|r| r.slug.to_string()).collect();
    let network_id = local.id.clone();
    let existing = db
        .run(move |conn| {
            let mut found = 0;
            for slug in &slugs {
                if members::find_member(conn, &network_id, slug)?.is_some() {
                    found += 1;
                }
            }
            Ok::<_, coopfed_db::DbError>(found)
        })
        .await?;
    Ok(DirectoryCheck { total: file.records.len(), new: valid.len() - existing, existing, valid, errors })
}
