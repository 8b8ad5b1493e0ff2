//! A job offer as imported or entered: every field checked, with one error
//! per bad field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use crate::{
    Slug,
    codes::is_country,
    members::{languages, skills},
    records::{FieldError, Fields, Problem, check_email},
    skills::Taxonomy,
};

/// Employment types.
pub const EMPLOYMENT_TYPES: &[&str] = &["full_time", "part_time", "contract", "freelance", "volunteer", "internship"];
/// Salary periods.
pub const SALARY_PERIODS: &[&str] = &["hour", "day", "week", "month", "year"];

/// A salary range.
#[derive(Debug, Clone, PartialEq)]
pub struct Salary {
    pub min: f64,
    pub max: f64,
    /// ISO 4217, like `EUR`.
    pub currency: String,
    pub period: String,
}

/// A checked job offer.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    /// The importer's id of the offer.
    pub id: Slug,
    /// The posting co-op's slug.
    pub member: String,
    pub title: String,
    pub summary: Option<String>,
    pub description: String,
    pub lang: String,
    pub employment_type: String,
    /// `None`: no fixed place.
    pub city: Option<String>,
    pub country: Option<String>,
    pub remote: bool,
    pub salary: Option<Salary>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub posted: NaiveDate,
    pub valid_through: NaiveDate,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    pub publish_to_all: bool,
    pub fictional: bool,
    /// The offer in other languages, by ISO 639-1 code.
    pub translations: BTreeMap<String, JobTranslation>,
}

/// A record's text in one more language (a job offer's, or an
/// announcement's with its `content` as `description`); what is missing is
/// read in the main language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobTranslation {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Markdown, like the main description.
    pub description: Option<String>,
}

/// `translations: {de: {title: …, summary: …, description: …}}`; the main
/// text's key is `text_key` (`description` for offers, `content` for news).
pub(crate) fn translations(
    fields: &mut Fields<'_>,
    main_lang: &str,
    text_key: &str,
) -> BTreeMap<String, JobTranslation> {
    let mut out = BTreeMap::new();
    let Some(by_lang) = fields.mapping("translations") else { return out };
    for (key, value) in by_lang {
        let code = key.as_str().unwrap_or_default().trim().to_lowercase();
        if !crate::codes::is_language(&code) {
            fields.error("translations", Problem::NotLanguage { code });
            continue;
        }
        if code == main_lang {
            fields.error("translations", Problem::MainLanguage { code });
            continue;
        }
        let Value::Mapping(texts) = value else {
            fields.error("translations", Problem::TranslationNotMapping { code });
            continue;
        };
        let mut inner = Fields::new(texts);
        let translation = JobTranslation {
            title: inner.text("title", false, 200, false),
            summary: inner.text("summary", false, 500, false),
            description: inner.text(text_key, false, 20_000, true),
        };
        if let Some(other) =
            inner.keys().into_iter().find(|k| !matches!(k.as_str(), "title" | "summary") && k != text_key)
        {
            inner.error(&other, Problem::NotTranslatedField);
        }
        match inner.finish(()) {
            Err(errors) => {
                for error in errors {
                    fields.error(
                        "translations",
                        Problem::Within { part: format!("{code}.{}", error.field), problem: Box::new(error.problem) },
                    );
                }
            }
            Ok(()) if translation == JobTranslation::default() => {
                fields.error("translations", Problem::TranslationEmpty { code });
            }
            Ok(()) => {
                out.insert(code, translation);
            }
        }
    }
    out
}

fn salary(fields: &mut Fields<'_>) -> Option<Salary> {
    let map = fields.mapping("salary")?;
    let mut inner = Fields::new(map);
    let min = inner.number("min", 0.0);
    let max = inner.number("max", 0.0);
    let currency = inner.text("currency", true, 8, false);
    let period = inner.text("period", true, 16, false);
    if let Some(code) = &currency {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            inner.error("currency", Problem::NotCurrency { code: code.clone() });
        }
    }
    if let Some(p) = &period {
        if !SALARY_PERIODS.contains(&p.as_str()) {
            inner.error("period", Problem::NotOneOf { value: p.clone(), allowed: SALARY_PERIODS.join(", ") });
        }
    }
    // One problem per field: the first of its parts, else the range.
    if let Err(errors) = inner.finish(()) {
        if let Some(error) = errors.into_iter().next() {
            fields.error("salary", Problem::Within { part: error.field, problem: Box::new(error.problem) });
        }
        return None;
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            fields.error("salary", Problem::MinAboveMax);
            return None;
        }
    }
    Some(Salary { min: min?, max: max?, currency: currency?, period: period? })
}

impl JobRecord {
    /// Checks one record; `default_lang` applies when it names no language.
    pub fn read(map: &Mapping, default_lang: &str, taxonomy: &Taxonomy) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map);
        let id = f.slug("id", 128);
        let member = f.text("member", true, 128, false);
        let title = f.text("title", true, 200, false);
        let summary = f.text("summary", false, 500, false);
        let description = f.text("description", true, 20_000, true);
        let lang = f.text("lang", false, 8, false).map(|l| l.to_lowercase()).unwrap_or_else(|| default_lang.to_owned());
        if !crate::codes::is_language(&lang) {
            f.error("lang", Problem::NotLanguage { code: lang.clone() });
        }
        let employment_type = f.text("employment_type", true, 32, false);
        if let Some(kind) = &employment_type {
            if !EMPLOYMENT_TYPES.contains(&kind.as_str()) {
                f.error(
                    "employment_type",
                    Problem::NotOneOf { value: kind.clone(), allowed: EMPLOYMENT_TYPES.join(", ") },
                );
            }
        }
        let (mut city, mut country, mut fully_remote) = (None, None, false);
        match f.raw("location") {
            None => f.error("location", Problem::LocationRequired),
            Some(Value::String(s)) if s.trim() == "remote" => fully_remote = true,
            Some(Value::Mapping(place)) => {
                let mut inner = Fields::new(place);
                city = inner.text("city", true, 100, false);
                country = inner.text("country", true, 64, false);
                if let Err(errors) = inner.finish(()) {
                    for error in errors {
                        f.error("location", Problem::Within { part: error.field, problem: Box::new(error.problem) });
                    }
                }
                if let Some(code) = &country {
                    if !is_country(code) {
                        f.error("location", Problem::NotCountry { code: code.clone() });
                    }
                }
            }
            Some(_) => f.error("location", Problem::LocationShape),
        }
        let remote = f.boolean("remote", fully_remote) || fully_remote;
        let salary = salary(&mut f);
        let skill_slugs = skills(&mut f, "skills", taxonomy);
        let langs = languages(&mut f, "languages");
        let posted = f.date("posted", true, 32);
        let valid_through = f.date("valid_through", true, 32);
        if let (Some(posted), Some(until)) = (posted, valid_through) {
            if until < posted {
                f.error("valid_through", Problem::ExpiresBeforePosted);
            }
        }
        let apply_url = f.url("apply_url", false, 1000);
        let apply_email = f.text("apply_email", false, 254, true);
        if let Some(email) = &apply_email {
            if let Err(e) = check_email(email) {
                f.error("apply_email", e);
            }
        }
        if apply_url.is_none()
            && apply_email.is_none()
            && f.raw("apply_url").is_none()
            && f.raw("apply_email").is_none()
        {
            f.error("apply_url", Problem::ApplyMissing);
        }
        let publish_to_all = f.boolean("publish_to_all", false);
        let fictional = f.boolean("fictional", false);
        let translations = translations(&mut f, &lang, "description");
        let (
            Some(id),
            Some(member),
            Some(title),
            Some(description),
            Some(employment_type),
            Some(posted),
            Some(valid_through),
        ) = (id, member, title, description, employment_type, posted, valid_through)
        else {
            return Err(f.finish(()).err().unwrap_or_default());
        };
        f.finish(Self {
            id,
            member,
            title,
            summary,
            description,
            lang,
            employment_type,
            city,
            country,
            remote,
            salary,
            skills: skill_slugs,
            languages: langs,
            posted,
            valid_through,
            apply_url,
            apply_email,
            publish_to_all,
            fictional,
            translations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> Vec<String> {
        crate::records::wrong_fields(yaml, |map| JobRecord::read(map, "en", Taxonomy::builtin()))
    }

    const GOOD: &str = "id: nl-x\nmember: havenkode\ntitle: T\ndescription: D\nemployment_type: full_time\n\
                        location: remote\nposted: 2026-11-10\nvalid_through: 2026-12-01\napply_url: https://x.example/\n";

    #[test]
    fn a_good_offer() {
        let map: Mapping = serde_yaml::from_str(&format!("{GOOD}skills: [JS, rust]\n")).unwrap_or_default();
        let job = JobRecord::read(&map, "nl", Taxonomy::builtin());
        let job = job.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(job.remote);
        assert_eq!(job.lang, "nl");
        assert_eq!(job.skills, ["javascript", "rust"]);
    }

    #[test]
    fn every_bad_field_is_named() {
        assert_eq!(fields(&GOOD.replace("2026-12-01", "2026-11-01")), ["valid_through"]);
        assert_eq!(fields(&GOOD.replace("full_time", "gig")), ["employment_type"]);
        assert_eq!(fields(&format!("{GOOD}skills: [not-a-real-skill, \"\"]\n")), ["skills"]);
        assert_eq!(fields(&GOOD.replace("2026-11-10", "2026-02-30")), ["posted"]);
        let salary = format!("{GOOD}salary: {{min: 5, max: 3, currency: pounds, period: fortnight}}\n");
        assert_eq!(fields(&salary), ["salary"]);
        assert_eq!(
            fields(&GOOD.replace("apply_url: https://x.example/", "apply_url: \"javascript:alert(1)\"")),
            ["apply_url"]
        );
        assert_eq!(fields(&GOOD.replace("apply_url: https://x.example/\n", "")), ["apply_url"]);
        assert_eq!(fields(&format!("{}title: {}\n", GOOD.replace("title: T\n", ""), "x".repeat(10_000))), ["title"]);
    }
}
