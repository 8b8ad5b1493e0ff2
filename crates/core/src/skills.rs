//! The skills taxonomy: skills in categories, with labels in English, German,
//! Dutch and French, and aliases. A skill is found by its slug, an alias or a
//! label in any language, ignoring case.

use std::{
    collections::{BTreeMap, HashMap},
    sync::OnceLock,
};

use serde::Deserialize;

/// The languages every label exists in.
pub const LANGUAGES: [&str; 4] = ["en", "de", "nl", "fr"];

/// The taxonomy shipped with coopfed.
const BUILTIN: &str = include_str!("../data/skills.yaml");

/// A category of skills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub slug: String,
    /// In the order of [`LANGUAGES`].
    pub labels: [String; 4],
}

/// One skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub slug: String,
    pub category: String,
    /// In the order of [`LANGUAGES`].
    pub labels: [String; 4],
    pub aliases: Vec<String>,
}

impl Skill {
    /// The label in `lang`, English when the language is not one of [`LANGUAGES`].
    pub fn label(&self, lang: &str) -> &str {
        let index = LANGUAGES.iter().position(|l| *l == lang).unwrap_or(0);
        self.labels.get(index).map_or(self.slug.as_str(), String::as_str)
    }
}

/// The whole taxonomy, indexed for look-up.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    categories: Vec<Category>,
    skills: Vec<Skill>,
    /// Lower-case slug, alias or label → index into `skills`.
    index: HashMap<String, usize>,
    /// The same keys with letters and digits only (`webdevelopment`), for
    /// names written without spaces or hyphens, like hashtags.
    compact: HashMap<String, usize>,
}

/// A name's letters and digits, lower case.
fn compact_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Why a taxonomy file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("skills taxonomy: {0}")]
pub struct TaxonomyError(pub String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTaxonomy {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    languages: Vec<String>,
    categories: Vec<FileCategory>,
    skills: Vec<FileSkill>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCategory {
    slug: String,
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSkill {
    slug: String,
    category: String,
    labels: BTreeMap<String, String>,
    #[serde(default)]
    aliases: Vec<String>,
}

fn labels_of(what: &str, labels: &BTreeMap<String, String>) -> Result<[String; 4], TaxonomyError> {
    let get = |lang: &str| {
        labels
            .get(lang)
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .ok_or_else(|| TaxonomyError(format!("{what} has no `{lang}` label")))
    };
    Ok([get("en")?, get("de")?, get("nl")?, get("fr")?])
}

impl Taxonomy {
    /// The built-in taxonomy.
    pub fn builtin() -> &'static Self {
        static BUILT: OnceLock<Taxonomy> = OnceLock::new();
        BUILT.get_or_init(|| {
            // The shipped file is checked by a test; an empty taxonomy is the
            // harmless fallback should it ever fail to parse.
            Self::from_yaml(BUILTIN).unwrap_or_else(|_| Self {
                categories: Vec::new(),
                skills: Vec::new(),
                index: HashMap::new(),
                compact: HashMap::new(),
            })
        })
    }

    /// Parses and checks a taxonomy in the `skills.yaml` format.
    pub fn from_yaml(text: &str) -> Result<Self, TaxonomyError> {
        let file: FileTaxonomy = serde_yaml::from_str(text).map_err(|e| TaxonomyError(e.to_string()))?;
        let _ = (file.version, file.languages);
        let mut categories = Vec::with_capacity(file.categories.len());
        for category in file.categories {
            let labels = labels_of(&format!("category `{}`", category.slug), &category.labels)?;
            categories.push(Category { slug: category.slug, labels });
        }
        let mut skills = Vec::with_capacity(file.skills.len());
        for skill in file.skills {
            let labels = labels_of(&format!("skill `{}`", skill.slug), &skill.labels)?;
            skills.push(Skill { slug: skill.slug, category: skill.category, labels, aliases: skill.aliases });
        }
        Self::from_parts(categories, skills)
    }

    /// Builds the index and checks slugs, categories and aliases.
    pub fn from_parts(categories: Vec<Category>, skills: Vec<Skill>) -> Result<Self, TaxonomyError> {
        let mut index = HashMap::new();
        for skill in &skills {
            crate::Slug::parse(&skill.slug).map_err(|e| TaxonomyError(format!("skill slug `{}` {e}", skill.slug)))?;
            if !categories.iter().any(|c| c.slug == skill.category) {
                return Err(TaxonomyError(format!(
                    "skill `{}` names an unknown category `{}`",
                    skill.slug, skill.category
                )));
            }
        }
        // Slugs first, then aliases, then labels: a label never hides a slug or alias.
        for (i, skill) in skills.iter().enumerate() {
            if index.insert(skill.slug.to_lowercase(), i).is_some() {
                return Err(TaxonomyError(format!("duplicate skill `{}`", skill.slug)));
            }
        }
        for (i, skill) in skills.iter().enumerate() {
            for alias in &skill.aliases {
                let key = alias.trim().to_lowercase();
                if key.is_empty() || index.insert(key, i).is_some() {
                    return Err(TaxonomyError(format!("alias `{alias}` of `{}` is empty or taken", skill.slug)));
                }
            }
        }
        for (i, skill) in skills.iter().enumerate() {
            for label in &skill.labels {
                index.entry(label.to_lowercase()).or_insert(i);
            }
        }
        let mut compact = HashMap::new();
        for (i, skill) in skills.iter().enumerate() {
            compact.entry(compact_key(&skill.slug)).or_insert(i);
        }
        for (i, skill) in skills.iter().enumerate() {
            for name in skill.aliases.iter().chain(&skill.labels) {
                compact.entry(compact_key(name)).or_insert(i);
            }
        }
        compact.remove("");
        Ok(Self { categories, skills, index, compact })
    }

    /// Builds a taxonomy from stored rows: categories (slug, labels) and
    /// skills (slug, category, labels, aliases), labels in the order of [`LANGUAGES`].
    pub fn from_rows(
        categories: Vec<(String, [String; 4])>,
        skills: Vec<(String, String, [String; 4], Vec<String>)>,
    ) -> Result<Self, TaxonomyError> {
        let categories = categories.into_iter().map(|(slug, labels)| Category { slug, labels }).collect();
        let skills = skills
            .into_iter()
            .map(|(slug, category, labels, aliases)| Skill { slug, category, labels, aliases })
            .collect();
        Self::from_parts(categories, skills)
    }

    /// Whether a skill slug belongs to the built-in taxonomy.
    pub fn is_builtin(slug: &str) -> bool {
        Self::builtin().skills.iter().any(|s| s.slug == slug)
    }

    /// The skill named by a slug, alias or label (any language, any case),
    /// also when written without spaces or hyphens (`#WebDevelopment`).
    pub fn resolve(&self, name: &str) -> Option<&Skill> {
        let key = name.trim().to_lowercase();
        let found = self.index.get(&key).or_else(|| self.compact.get(&compact_key(name)));
        found.and_then(|&i| self.skills.get(i))
    }

    /// The slugs of the skills among `names` that the taxonomy knows, each
    /// once, in the order first named; unknown names are left out.
    pub fn known_slugs<'a>(&self, names: impl IntoIterator<Item = &'a String>) -> Vec<String> {
        let mut slugs: Vec<String> = Vec::new();
        for skill in names.into_iter().filter_map(|name| self.resolve(name)) {
            if !slugs.contains(&skill.slug) {
                slugs.push(skill.slug.clone());
            }
        }
        slugs
    }

    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_taxonomy_loads() {
        let taxonomy = Taxonomy::from_yaml(BUILTIN).unwrap_or_else(|e| panic!("{e}"));
        assert!(taxonomy.skills().len() >= 80, "{}", taxonomy.skills().len());
        assert_eq!(taxonomy.categories().len(), 13);
        assert_eq!(Taxonomy::builtin().skills().len(), taxonomy.skills().len());
    }

    #[test]
    fn skills_are_found_by_slug_alias_or_label() {
        let taxonomy = Taxonomy::builtin();
        let slug = |name: &str| taxonomy.resolve(name).map(|s| s.slug.as_str());
        assert_eq!(slug("javascript"), Some("javascript"));
        assert_eq!(slug("JS"), Some("javascript"));
        assert_eq!(slug(" k8s "), Some("kubernetes"));
        assert_eq!(slug("DSGVO"), Some("privacy-gdpr"));
        assert_eq!(slug("not-a-real-skill"), None);
        assert_eq!(slug(""), None);
        let rust = taxonomy.resolve("rust").map(|s| s.label("de"));
        assert!(rust.is_some());
    }
}
