//! Reading ActivityPub JSON liberally: compacted JSON-LD gives single values
//! where arrays are usual and vice versa, objects where ids are usual, and
//! several spellings of the public collection.

use serde_json::Value;

/// The public collection, in every spelling servers use.
pub fn is_public(value: &str) -> bool {
    matches!(value, "https://www.w3.org/ns/activitystreams#Public" | "as:Public" | "Public")
}

/// The id of a value that is a string, an object with `id`, or an array (first usable entry).
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s.as_str()),
        Value::Object(map) => map.get("id").and_then(Value::as_str).or_else(|| map.get("href").and_then(Value::as_str)),
        Value::Array(items) => items.iter().find_map(id_of),
        _ => None,
    }
}

/// All ids of a value that may be one or many.
pub fn ids_of(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(id_of).collect(),
        Some(other) => id_of(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The `type` of an object: a string, or the first string of an array.
pub fn type_of(value: &Value) -> Option<&str> {
    match value.get("type")? {
        Value::String(s) => Some(s.as_str()),
        Value::Array(items) => items.iter().find_map(Value::as_str),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn liberal_reading() {
        assert_eq!(id_of(&json!("https://a.test/x")), Some("https://a.test/x"));
        assert_eq!(id_of(&json!({"id": "https://a.test/x"})), Some("https://a.test/x"));
        assert_eq!(id_of(&json!([{"type": "Link", "href": "https://a.test/l"}])), Some("https://a.test/l"));
        assert_eq!(ids_of(Some(&json!("as:Public"))), vec!["as:Public"]);
        assert_eq!(ids_of(Some(&json!(["a", {"id": "b"}]))), vec!["a", "b"]);
        assert!(is_public("as:Public") && is_public("Public"));
        assert_eq!(type_of(&json!({"type": ["Page", "schema:JobPosting"]})), Some("Page"));
    }
}
