//! The skills taxonomy as the instance uses it: the built-in skills plus what
//! an admin added (skills, categories, aliases, better labels), read from the
//! database and kept in memory for a short while.

use std::{
    collections::BTreeMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use coopfed_core::skills::{LANGUAGES, Taxonomy};
use coopfed_db::{Database, DbConnection, skills};

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// How long a process trusts its copy of the taxonomy. Changes made in this
/// process are seen at once; changes made by another process (a second
/// server or worker) after at most this long.
const FRESH_FOR: Duration = Duration::from_secs(30);

/// A copy of the taxonomy and when it was read.
type Cached = Option<(Instant, Arc<Taxonomy>)>;

/// The instance's taxonomy, cached.
#[derive(Clone)]
pub struct SkillCatalogue {
    db: Database,
    cached: Arc<RwLock<Cached>>,
}

/// A new skill, or new labels for one.
#[derive(Debug, Clone, Default)]
pub struct SkillInput {
    pub slug: String,
    pub category: String,
    /// Label by language (`en`, `de`, `nl`, `fr`); `en` is required, the
    /// others default to it.
    pub labels: BTreeMap<String, String>,
    pub aliases: Vec<String>,
}

/// A change to a skill: labels to replace (the others stay), aliases to add and to remove.
#[derive(Debug, Clone, Default)]
pub struct SkillChange {
    pub labels: BTreeMap<String, String>,
    pub add_aliases: Vec<String>,
    pub remove_aliases: Vec<String>,
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(ServiceError::invalid(field, format!("must be 1 to {max} characters, without control characters")));
    }
    Ok(value.to_owned())
}

/// Labels in the order of [`LANGUAGES`]: those given replace `current`.
fn merge_labels(given: &BTreeMap<String, String>, current: Option<&[String; 4]>) -> Result<[String; 4], ServiceError> {
    if let Some(lang) = given.keys().find(|l| !LANGUAGES.contains(&l.as_str())) {
        return Err(ServiceError::invalid("labels", format!("`{lang}` is not one of {}", LANGUAGES.join(", "))));
    }
    let mut labels: [String; 4] = match current {
        Some(current) => current.clone(),
        None => {
            let en = given.get("en").ok_or_else(|| ServiceError::invalid("labels", "an `en` label is required"))?;
            let en = check_text("labels", en, 100)?;
            [en.clone(), en.clone(), en.clone(), en]
        }
    };
    for (slot, lang) in labels.iter_mut().zip(LANGUAGES) {
        if let Some(label) = given.get(lang) {
            *slot = check_text("labels", label, 100)?;
        }
    }
    Ok(labels)
}

fn check_aliases(aliases: &[String]) -> Result<Vec<String>, ServiceError> {
    aliases.iter().map(|a| check_text("aliases", a, 100).map(|a| a.to_lowercase())).collect()
}

/// Builds the taxonomy that the stored one plus a change would give, so
/// that a clash (an alias taken, an unknown category) is refused before
/// anything is written.
fn check_whole(categories: Vec<skills::CategoryRow>, rows: Vec<skills::SkillRow>) -> Result<Taxonomy, ServiceError> {
    Taxonomy::from_rows(categories, rows).map_err(|e| ServiceError::Conflict(e.0))
}

impl SkillCatalogue {
    pub fn new(db: Database) -> Self {
        Self { db, cached: Arc::default() }
    }

    /// The current taxonomy.
    pub async fn current(&self) -> Result<Arc<Taxonomy>, ServiceError> {
        if let Ok(guard) = self.cached.read() {
            if let Some((at, taxonomy)) = guard.as_ref() {
                if at.elapsed() < FRESH_FOR {
                    return Ok(Arc::clone(taxonomy));
                }
            }
        }
        let taxonomy = self.db.run(load).await?;
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), Arc::clone(&taxonomy)));
        }
        Ok(taxonomy)
    }

    fn forget(&self) {
        if let Ok(mut guard) = self.cached.write() {
            *guard = None;
        }
    }

    /// Adds a category of skills.
    pub async fn add_category(
        &self,
        actor: &Actor,
        slug: &str,
        labels: BTreeMap<String, String>,
    ) -> Result<(), ServiceError> {
        let slug = coopfed_core::Slug::parse(slug).map_err(|e| ServiceError::invalid("slug", e))?.to_string();
        let labels = merge_labels(&labels, None)?;
        let actor = actor.clone();
        self.db
            .run(move |conn| {
                conn_transaction(conn, |conn| {
                    let (categories, _) = skills::load(conn)?;
                    if categories.iter().any(|(c, _)| *c == slug) {
                        return Err(ServiceError::Conflict(format!("there already is a category `{slug}`")));
                    }
                    skills::insert_category(conn, &(slug.clone(), labels))?;
                    audit(conn, &actor, "skill_category.add", Some(&slug), None).map_err(ServiceError::from)
                })
            })
            .await?;
        self.forget();
        Ok(())
    }

    /// Adds a skill to the taxonomy.
    pub async fn add_skill(&self, actor: &Actor, input: SkillInput) -> Result<(), ServiceError> {
        let slug = coopfed_core::Slug::parse(&input.slug).map_err(|e| ServiceError::invalid("slug", e))?.to_string();
        let labels = merge_labels(&input.labels, None)?;
        let aliases = check_aliases(&input.aliases)?;
        let (actor, category) = (actor.clone(), input.category.trim().to_owned());
        self.db
            .run(move |conn| {
                conn_transaction(conn, |conn| {
                    let (categories, mut rows) = skills::load(conn)?;
                    if !categories.iter().any(|(c, _)| *c == category) {
                        return Err(ServiceError::invalid("category", format!("no category `{category}`")));
                    }
                    let row = (slug.clone(), category, labels, aliases);
                    rows.push(row.clone());
                    check_whole(categories, rows)?;
                    skills::insert_skill(conn, &row)?;
                    audit(conn, &actor, "skill.add", Some(&slug), None).map_err(ServiceError::from)
                })
            })
            .await?;
        self.forget();
        Ok(())
    }

    /// Changes a skill's labels and aliases (built-in skills too).
    pub async fn change_skill(&self, actor: &Actor, slug: &str, change: SkillChange) -> Result<(), ServiceError> {
        let add = check_aliases(&change.add_aliases)?;
        let remove = check_aliases(&change.remove_aliases)?;
        let (actor, slug) = (actor.clone(), slug.to_owned());
        self.db
            .run(move |conn| {
                conn_transaction(conn, |conn| {
                    let (categories, mut rows) = skills::load(conn)?;
                    let row = rows.iter_mut().find(|r| r.0 == slug).ok_or(ServiceError::NotFound("skill"))?;
                    let labels = merge_labels(&change.labels, Some(&row.2))?;
                    if let Some(missing) = remove.iter().find(|a| !row.3.contains(a)) {
                        return Err(ServiceError::invalid(
                            "remove_aliases",
                            format!("`{slug}` has no alias `{missing}`"),
                        ));
                    }
                    row.2 = labels.clone();
                    row.3.retain(|a| !remove.contains(a));
                    row.3.extend(add.iter().cloned());
                    check_whole(categories, rows)?;
                    skills::set_labels(conn, &slug, &labels)?;
                    for alias in &remove {
                        skills::remove_alias(conn, &slug, alias)?;
                    }
                    skills::add_aliases(conn, &slug, &add)?;
                    audit(conn, &actor, "skill.change", Some(&slug), None).map_err(ServiceError::from)
                })
            })
            .await?;
        self.forget();
        Ok(())
    }

    /// Removes a skill that an admin added and nothing names any more.
    pub async fn remove_skill(&self, actor: &Actor, slug: &str) -> Result<(), ServiceError> {
        let (actor, slug) = (actor.clone(), slug.to_owned());
        self.db
            .run(move |conn| {
                conn_transaction(conn, |conn| {
                    match skills::is_builtin(conn, &slug)? {
                        None => return Err(ServiceError::NotFound("skill")),
                        Some(true) => {
                            return Err(ServiceError::Conflict(format!("`{slug}` is built in and cannot be removed")));
                        }
                        Some(false) => {}
                    }
                    let uses = skills::uses(conn, &slug)?;
                    if uses > 0 {
                        return Err(ServiceError::Conflict(format!(
                            "`{slug}` is named by {uses} member co-ops, job offers or announcements"
                        )));
                    }
                    skills::delete_skill(conn, &slug)?;
                    audit(conn, &actor, "skill.remove", Some(&slug), None).map_err(ServiceError::from)
                })
            })
            .await?;
        self.forget();
        Ok(())
    }
}

/// The last taxonomy read, with its version (see [`skills::version`]).
static LAST_READ: std::sync::Mutex<Option<(String, Arc<Taxonomy>)>> = std::sync::Mutex::new(None);

/// Reads the stored taxonomy (the built-in one when nothing is stored yet).
/// While its version is unchanged, the copy read last is returned: building
/// it costs more than storing a co-op, and imports and received offers ask
/// for it once per record.
pub fn load(conn: &mut DbConnection) -> Result<Arc<Taxonomy>, ServiceError> {
    let version = skills::version(conn)?;
    if let (Some(version), Ok(last)) = (&version, LAST_READ.lock()) {
        if let Some((read, taxonomy)) = last.as_ref().filter(|(read, _)| read == version) {
            tracing::trace!(version = %read, "the skills taxonomy is unchanged");
            return Ok(Arc::clone(taxonomy));
        }
    }
    let (categories, rows) = skills::load(conn)?;
    let taxonomy = if rows.is_empty() {
        Arc::new(Taxonomy::builtin().clone())
    } else {
        Arc::new(
            Taxonomy::from_rows(categories, rows)
                .map_err(|e| ServiceError::Setup(format!("the stored skills taxonomy is inconsistent: {}", e.0)))?,
        )
    };
    if let (Some(version), Ok(mut last)) = (version, LAST_READ.lock()) {
        *last = Some((version, Arc::clone(&taxonomy)));
    }
    Ok(taxonomy)
}
