//! A member co-op's profile as imported or entered: every field checked, with
//! one error per bad field.

use serde_yaml::{Mapping, Value};

use crate::{
    Slug,
    codes::{SECTORS, is_country, is_language},
    records::{FieldError, Fields, Problem, check_email, check_url},
    skills::Taxonomy,
};

/// A checked member co-op profile.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRecord {
    pub slug: Slug,
    pub name: String,
    pub website: String,
    pub country: String,
    pub city: Option<String>,
    pub languages: Vec<String>,
    pub legal_form: Option<String>,
    pub size: Option<i32>,
    pub founded: Option<i32>,
    pub services: Vec<String>,
    pub technologies: Vec<String>,
    pub sectors: Vec<String>,
    /// Skill slugs (aliases and labels are resolved).
    pub skills: Vec<String>,
    pub contact_email: Option<String>,
    pub description: Option<String>,
    pub description_lang: Option<String>,
    /// The description in other languages, by ISO 639-1 code.
    pub descriptions: std::collections::BTreeMap<String, String>,
    pub fictional: bool,
    /// (latitude, longitude) in degrees.
    pub coordinates: Option<(f64, f64)>,
    pub logo_url: Option<String>,
    pub social_links: Vec<String>,
    /// When the co-op joined the network.
    pub joined: Option<chrono::NaiveDate>,
}

/// Reads the languages of `key`: a list of ISO 639-1 codes.
pub(crate) fn languages(fields: &mut Fields<'_>, key: &str) -> Vec<String> {
    let list = fields.list(key, 20, 8);
    let mut out = Vec::with_capacity(list.len());
    for code in list {
        let code = code.to_lowercase();
        if !is_language(&code) {
            fields.error(key, Problem::NotLanguage { code: code.clone() });
            return Vec::new();
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// Resolves the skills of `key` through the taxonomy.
pub(crate) fn skills(fields: &mut Fields<'_>, key: &str, taxonomy: &Taxonomy) -> Vec<String> {
    let list = fields.list(key, 50, 100);
    let mut out = Vec::with_capacity(list.len());
    let mut unknown = Vec::new();
    for name in list {
        match taxonomy.resolve(&name) {
            Some(skill) if !out.contains(&skill.slug) => out.push(skill.slug.clone()),
            Some(_) => {}
            None => unknown.push(if name.is_empty() { "\"\"".to_owned() } else { format!("`{name}`") }),
        }
    }
    if !unknown.is_empty() {
        fields.error(key, Problem::UnknownSkills { names: unknown.join(", ") });
    }
    out
}

/// Longest description, in characters.
const DESCRIPTION_MAX: usize = 5000;

/// The description: `description` is a text (in `description_lang`) or a
/// mapping from language to text (the first, or `description_lang`, is the
/// main one); `description_de` and the like add languages (CSV columns).
/// Returns the main text, its language and the others.
fn descriptions(f: &mut Fields<'_>) -> (Option<String>, Option<String>, std::collections::BTreeMap<String, String>) {
    let mut lang = f.text("description_lang", false, 8, false).map(|l| l.to_lowercase());
    if let Some(code) = &lang {
        if !is_language(code) {
            f.error("description_lang", Problem::NotLanguage { code: code.clone() });
        }
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut main = None;
    if let Some(Value::Mapping(by_lang)) = f.raw("description") {
        for (key, value) in by_lang {
            let code = key.as_str().unwrap_or_default().trim().to_lowercase();
            if !is_language(&code) {
                f.error("description", Problem::NotLanguage { code: code.clone() });
                continue;
            }
            let single: Mapping = std::iter::once((Value::String(code.clone()), value.clone())).collect();
            if let Some(text) = Fields::new(&single).text(&code, false, DESCRIPTION_MAX, true) {
                texts.push((code, text));
            } else if !value.is_null() {
                f.error(
                    "description",
                    Problem::Within {
                        part: code.clone(),
                        problem: Box::new(Problem::TooLong { max: DESCRIPTION_MAX }),
                    },
                );
            }
        }
    } else {
        main = f.text("description", false, DESCRIPTION_MAX, true);
    }
    for key in f.keys() {
        let Some(code) = key.strip_prefix("description_").filter(|c| c.len() == 2) else { continue };
        if !is_language(code) {
            continue;
        }
        if let Some(text) = f.text(&key, false, DESCRIPTION_MAX, true) {
            texts.push((code.to_owned(), text));
        }
    }
    if main.is_none() && !texts.is_empty() {
        let index = lang.as_ref().and_then(|l| texts.iter().position(|(code, _)| code == l)).unwrap_or(0);
        let (code, text) = texts.remove(index);
        lang = Some(code);
        main = Some(text);
    }
    let main_lang = lang.clone().unwrap_or_else(|| "en".into());
    let others = texts.into_iter().filter(|(code, _)| *code != main_lang).collect();
    (main, lang, others)
}

impl MemberRecord {
    /// Checks one record. `default_languages` apply when it lists none.
    pub fn read(map: &Mapping, default_languages: &[String], taxonomy: &Taxonomy) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map);
        let slug = f.text("slug", true, Slug::MAX_LEN * 2, false).and_then(|s| match Slug::parse_member(&s) {
            Ok(slug) => Some(slug),
            Err(e) => {
                f.error("slug", Problem::Name(e));
                None
            }
        });
        let name = f.text("name", true, 200, false);
        let website = f.url("website", true, 500);
        let country = f.text("country", true, 2 * 20, false);
        if let Some(code) = &country {
            if !is_country(code) {
                f.error("country", Problem::NotCountry { code: code.clone() });
            }
        }
        let city = f.text("city", false, 100, false);
        let mut langs = languages(&mut f, "languages");
        if langs.is_empty() && f.raw("languages").is_none() {
            langs = default_languages.to_vec();
        }
        let legal_form = f.text("legal_form", false, 100, false);
        let size = f.int("size", 1..=1_000_000).and_then(|n| i32::try_from(n).ok());
        let founded = f.int("founded", 1800..=2100).and_then(|n| i32::try_from(n).ok());
        let services = f.list("services", 50, 200);
        let technologies = f.list("technologies", 100, 100);
        let sectors = f.list("sectors", 20, 50);
        if let Some(bad) = sectors.iter().find(|s| !SECTORS.contains(&s.as_str())) {
            f.error("sectors", Problem::UnknownSector { name: bad.clone() });
        }
        let skill_slugs = skills(&mut f, "skills", taxonomy);
        let contact_email = f.text("contact_email", false, 254, false);
        if let Some(email) = &contact_email {
            if let Err(e) = check_email(email) {
                f.error("contact_email", e);
            }
        }
        let (description, description_lang, descriptions) = descriptions(&mut f);
        let fictional = f.boolean("fictional", false);
        let coordinates = f.mapping("coordinates").and_then(|place| {
            let mut inner = Fields::new(place);
            let lat = inner.number("lat", -90.0).filter(|l| *l <= 90.0);
            let lon = inner.number("lon", -180.0).filter(|l| *l <= 180.0);
            match (lat, lon, inner.finish(())) {
                (Some(lat), Some(lon), Ok(())) => Some((lat, lon)),
                _ => {
                    f.error("coordinates", Problem::Coordinates);
                    None
                }
            }
        });
        let logo_url = f.url("logo_url", false, 1000);
        let social_links = f.list("social_links", 20, 500);
        if social_links.iter().any(|link| check_url(link).is_err()) {
            f.error("social_links", Problem::SocialLinks);
        }
        let joined = f.date("joined", false, 10);
        let (Some(slug), Some(name), Some(website), Some(country)) = (slug, name, website, country) else {
            return Err(f.finish(()).err().unwrap_or_default());
        };
        f.finish(Self {
            slug,
            name,
            website,
            country,
            city,
            languages: langs,
            legal_form,
            size,
            founded,
            services,
            technologies,
            sectors,
            skills: skill_slugs,
            contact_email,
            description,
            description_lang,
            descriptions,
            fictional,
            coordinates,
            logo_url,
            social_links,
            joined,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<MemberRecord, Vec<FieldError>> {
        let map: Mapping = serde_yaml::from_str(yaml).unwrap_or_default();
        MemberRecord::read(&map, &["en".to_owned()], Taxonomy::builtin())
    }

    fn fields(result: Result<MemberRecord, Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_full_record() {
        let record = read(
            "slug: agile-collective\nname: Agile Collective\nwebsite: https://agile.coop/\ncountry: GB\n\
             skills: [JS, drupal]\nsectors: [charities-ngos]\nsize: 12\n",
        );
        let record = record.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(record.skills, ["javascript", "drupal"]);
        assert_eq!(record.languages, ["en"]);
    }

    #[test]
    fn descriptions_in_several_languages() {
        let base = "slug: a\nname: A\nwebsite: https://a.example/\ncountry: DE\n";
        let map =
            read(&format!("{base}description: {{de: Ein Kollektiv., en: A collective.}}\ndescription_lang: en\n"))
                .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((map.description.as_deref(), map.description_lang.as_deref()), (Some("A collective."), Some("en")));
        assert_eq!(map.descriptions.get("de").map(String::as_str), Some("Ein Kollektiv."));
        let columns = read(&format!("{base}description: A collective.\ndescription_nl: Een collectief.\n"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(columns.description.as_deref(), Some("A collective."));
        assert_eq!(columns.descriptions.get("nl").map(String::as_str), Some("Een collectief."));
        assert_eq!(
            fields(read(&format!("{base}description: {{xx: Text, de: [1]}}\n"))),
            ["description", "description"]
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = "slug: Bad Slug\nname: x\nwebsite: ftp://x\ncountry: United Kingdom\nsize: -3\nlanguages: en\n\
                   founded: 20015\ncontact_email: not-an-email\nskills: {a: b}\nservices: web\ndescription_lang: xx\n";
        assert_eq!(
            fields(read(bad)),
            [
                "slug",
                "website",
                "country",
                "languages",
                "size",
                "founded",
                "services",
                "skills",
                "contact_email",
                "description_lang"
            ]
        );
        assert_eq!(fields(read("{}")), ["slug", "name", "website", "country"]);
        let extra = "slug: a\nname: A\nwebsite: https://a.example/\ncountry: GB\ncoordinates: {lat: 95, lon: 0}\n\
                     logo_url: javascript:x\nsocial_links: [\"not a url\"]\njoined: 2026-13-01\n";
        assert_eq!(fields(read(extra)), ["coordinates", "logo_url", "social_links", "joined"]);
        let good = "slug: a\nname: A\nwebsite: https://a.example/\ncountry: GB\ncoordinates: {lat: 51.75, lon: -1.26}\n\
                    logo_url: https://a.example/logo.png\nsocial_links: [\"https://social.example/@a\"]\njoined: 2019-05-01\n";
        let record = read(good).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(record.coordinates, Some((51.75, -1.26)));
    }
}
