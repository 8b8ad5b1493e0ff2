//! Texts of a record in languages other than its main one.
//!
//! A record keeps its main text (with its language) in its own fields; each
//! other language may give its own title, summary and description. Stored as
//! JSON (`coopfed_db::Json`), federated as `nameMap`, `summaryMap` and `contentMap`.

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
    fn searchable_texts() {
        let mut translations = Translations::new();
        translations.insert("de".into(), Translation { title: Some("Entwickler:in".into()), ..Translation::default() });
        assert_eq!(searchable(&translations)[0], "Entwickler:in");
    }
}
