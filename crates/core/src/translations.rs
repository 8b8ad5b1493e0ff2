//! Texts of a record in languages other than its main one.
//!
//! A record keeps its main text (with its language) in its own fields; each
//! other language may give its own title, summary and description. Stored as
//! JSON, federated as `nameMap`, `summaryMap` and `contentMap`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The text of a record in one language. `content` is sanitised HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl Translation {
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.summary.is_none() && self.content.is_none()
    }
}

/// Translations by ISO 639-1 language code.
pub type Translations = BTreeMap<String, Translation>;

/// The stored (JSON) form.
pub fn to_json(translations: &Translations) -> String {
    serde_json::to_string(translations).unwrap_or_else(|_| "{}".into())
}

/// Reads the stored form; anything unreadable is no translations.
pub fn from_json(text: &str) -> Translations {
    serde_json::from_str(text).unwrap_or_default()
}

/// Every text of the translations, for a full-text index: titles, summaries
/// and contents, each joined with spaces.
pub fn searchable(translations: &Translations) -> [String; 3] {
    let join = |pick: fn(&Translation) -> Option<&String>| {
        translations.values().filter_map(pick).map(String::as_str).collect::<Vec<_>>().join(" ")
    };
    [join(|t| t.title.as_ref()), join(|t| t.summary.as_ref()), join(|t| t.content.as_ref())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_json() {
        let mut translations = Translations::new();
        translations.insert("de".into(), Translation { title: Some("Entwickler:in".into()), ..Translation::default() });
        assert_eq!(to_json(&translations), r#"{"de":{"title":"Entwickler:in"}}"#);
        assert_eq!(from_json(&to_json(&translations)), translations);
        assert!(from_json("not json").is_empty());
        assert_eq!(searchable(&translations)[0], "Entwickler:in");
    }
}
