//! Reading loosely typed records (a YAML mapping, a CSV row) field by field,
//! collecting one error per bad field instead of stopping at the first.

use serde_yaml::{Mapping, Value};

/// A field of a record that is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

pub use crate::problems::Problem;

/// The fields that `read` (a record reader) finds wrong in the YAML
/// mapping `yaml`; none when it reads.
#[cfg(test)]
pub(crate) fn wrong_fields<T>(
    yaml: &str,
    read: impl FnOnce(&serde_yaml::Mapping) -> Result<T, Vec<FieldError>>,
) -> Vec<String> {
    let map: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap_or_default();
    read(&map).err().unwrap_or_default().into_iter().map(|e| e.field).collect()
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// Characters never accepted in text: controls (other than line breaks and
/// tabs in long text) and the bidirectional overrides and isolates that can
/// make text display differently from what it says.
fn forbidden_char(c: char, multi_line: bool) -> bool {
    let allowed_space = multi_line && matches!(c, '\n' | '\r' | '\t');
    (c.is_control() && !allowed_space) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The fields of one record, with the errors found so far.
pub struct Fields<'a> {
    map: &'a Mapping,
    errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Mapping) -> Self {
        Self { map, errors: Vec::new() }
    }

    /// Records an error for `field`.
    pub fn error(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError { field: field.to_owned(), problem });
    }

    /// The errors found, or `Ok(value)` when there are none.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() { Ok(value) } else { Err(self.errors) }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Text of at most `max` characters; `multi_line` allows line breaks.
    pub fn text(&mut self, key: &str, required: bool, max: usize, multi_line: bool) -> Option<String> {
        let value = match self.get(key) {
            None => {
                if required {
                    self.error(key, Problem::Required);
                }
                return None;
            }
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => {
                self.error(key, Problem::NotText);
                return None;
            }
        };
        if value.is_empty() {
            if required {
                self.error(key, Problem::Empty);
            }
            return None;
        }
        if value.chars().count() > max {
            self.error(key, Problem::TooLong { max });
            return None;
        }
        if value.chars().any(|c| forbidden_char(c, multi_line)) {
            self.error(key, Problem::ForbiddenCharacters);
            return None;
        }
        Some(value)
    }

    /// A list of short texts; a missing field is an empty list.
    pub fn list(&mut self, key: &str, max_items: usize, max_len: usize) -> Vec<String> {
        let Some(value) = self.get(key) else { return Vec::new() };
        let Value::Sequence(items) = value else {
            self.error(key, Problem::NotList);
            return Vec::new();
        };
        if items.len() > max_items {
            self.error(key, Problem::TooMany { max: max_items });
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) if s.chars().count() <= max_len && !s.chars().any(|c| forbidden_char(c, false)) => {
                    out.push(s.trim().to_owned());
                }
                Value::String(_) => {
                    self.error(key, Problem::EntryTooLong { max: max_len });
                    return Vec::new();
                }
                _ => {
                    self.error(key, Problem::NotTextList);
                    return Vec::new();
                }
            }
        }
        out
    }

    /// A whole number in `range`.
    pub fn int(&mut self, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let value = self.get(key)?;
        match value.as_i64() {
            Some(n) if range.contains(&n) => Some(n),
            Some(_) => {
                self.error(key, Problem::Between { min: *range.start(), max: *range.end() });
                None
            }
            None => {
                self.error(key, Problem::NotWholeNumber);
                None
            }
        }
    }

    /// A number (integer or decimal) of at least `min`.
    pub fn number(&mut self, key: &str, min: f64) -> Option<f64> {
        let value = self.get(key)?;
        match value.as_f64() {
            Some(n) if n.is_finite() && n >= min => Some(n),
            Some(_) => {
                self.error(key, Problem::AtLeast { min });
                None
            }
            None => {
                self.error(key, Problem::NotNumber);
                None
            }
        }
    }

    /// `true`/`false`; missing is `default`.
    pub fn boolean(&mut self, key: &str, default: bool) -> bool {
        match self.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(key, Problem::NotTrueOrFalse);
                default
            }
        }
    }

    /// A nested mapping.
    pub fn mapping(&mut self, key: &str) -> Option<&'a Mapping> {
        match self.get(key)? {
            Value::Mapping(m) => Some(m),
            _ => {
                self.error(key, Problem::NotMapping);
                None
            }
        }
    }

    /// An http(s) URL of at most `max` characters.
    pub fn url(&mut self, key: &str, required: bool, max: usize) -> Option<String> {
        let value = self.text(key, required, max, false)?;
        match check_url(&value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.error(key, e);
                None
            }
        }
    }

    /// A date, `YYYY-MM-DD`.
    pub fn date(&mut self, key: &str, required: bool, max: usize) -> Option<chrono::NaiveDate> {
        let text = self.text(key, required, max, false)?;
        match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                self.error(key, Problem::NotDate { text });
                None
            }
        }
    }

    /// A required slug of at most `max` characters (an importer's id).
    pub fn slug(&mut self, key: &str, max: usize) -> Option<crate::Slug> {
        let text = self.text(key, true, max, false)?;
        match crate::Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(e) => {
                self.error(key, Problem::Name(e));
                None
            }
        }
    }

    /// The names of the record's fields that are text.
    pub fn keys(&self) -> Vec<String> {
        self.map.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect()
    }

    /// The raw value of a field.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.get(key)
    }
}

/// An http(s) URL with a host.
pub fn check_url(value: &str) -> Result<(), Problem> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(_) => Err(Problem::NotHttpUrl),
        Err(_) => Err(Problem::NotUrl),
    }
}

/// A plain e-mail address: no spaces or line breaks, one `@`, a dotted domain.
pub fn check_email(value: &str) -> Result<(), Problem> {
    let ok = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok { Ok(()) } else { Err(Problem::NotEmail) }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap_or_default()
    }

    #[test]
    fn one_error_per_bad_field() {
        let map = mapping("name: \"A\\u202Eb\"\nsize: twelve\nlanguages: en\nok: fine\n");
        let mut fields = Fields::new(&map);
        assert_eq!(fields.text("name", true, 100, false), None);
        assert_eq!(fields.int("size", 1..=100), None);
        assert!(fields.list("languages", 10, 10).is_empty());
        assert_eq!(fields.text("ok", true, 100, false).as_deref(), Some("fine"));
        assert_eq!(fields.text("missing", false, 100, false), None);
        let errors = fields.finish(()).unwrap_err();
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["name", "size", "languages"]);
    }

    #[test]
    fn urls_and_emails() {
        assert!(check_url("https://codeursenliberté.fr/").is_ok());
        assert!(check_url("ftp://x.example").is_err());
        assert!(check_url("not a url").is_err());
        assert!(check_email("jobs@coop.example").is_ok());
        assert!(check_email("jobs@coop.example\r\nBcc: x@y.z").is_err());
        assert!(check_email("nobody").is_err());
    }
}
