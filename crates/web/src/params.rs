//! Query parameters shared by the listings and feeds: read, normalised and
//! checked the same way everywhere.

use coopfed_core::records::Problem;

use crate::AppError;

/// A parameter's text, trimmed; empty is absent.
pub(crate) fn text(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

pub(crate) fn invalid(field: &str, problem: impl Into<Problem>) -> AppError {
    AppError::Invalid { field: field.into(), problem: problem.into() }
}

/// A skill named by slug, alias or label in any language, as its slug.
pub(crate) fn skill(
    value: &Option<String>,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> Result<Option<String>, AppError> {
    match text(value) {
        Some(name) => taxonomy
            .resolve(&name)
            .map(|s| Some(s.slug.clone()))
            .ok_or_else(|| invalid("skill", Problem::UnknownSkills { names: name })),
        None => Ok(None),
    }
}

/// An ISO 639-1 language code, lower case.
pub(crate) fn language(value: &Option<String>) -> Result<Option<String>, AppError> {
    let lang = text(value).map(|l| l.to_ascii_lowercase());
    if lang.as_deref().is_some_and(|l| !coopfed_core::codes::is_language(l)) {
        return Err(invalid("language", Problem::NotLanguage { code: lang.unwrap_or_default() }));
    }
    Ok(lang)
}

/// An ISO 3166-1 alpha-2 country code, upper case.
pub(crate) fn country(value: &Option<String>) -> Result<Option<String>, AppError> {
    let country = text(value).map(|c| c.to_ascii_uppercase());
    if country.as_deref().is_some_and(|c| !coopfed_core::codes::is_country(c)) {
        return Err(invalid("country", Problem::NotCountry { code: country.unwrap_or_default() }));
    }
    Ok(country)
}
