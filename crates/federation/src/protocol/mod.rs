//! The wire layer: serde types for every ActivityPub document coopfed sends
//! and takes, and the helpers that read them liberally.
//!
//! What we send is built from these types, never with `json!`; what we take
//! is parsed into them before anything acts on it. Reading is liberal the
//! way other servers write: one value or an array, an id or the embedded
//! object, `Public` / `as:Public` / the full URI for the public collection,
//! `type` as a string or an array, unknown fields skipped. The one-or-many
//! and skip-error helpers and the type-name kinds come from
//! `activitypub_federation`'s protocol layer.

pub mod activities;
pub mod actors;
pub mod objects;

pub use activitypub_federation::{
    kinds,
    protocol::{
        context::WithContext,
        helpers::{deserialize_one_or_many, deserialize_skip_error},
    },
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::values::{id_of, is_public};

/// The public collection, as we write it.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The `@context` of the activities we send.
pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// Not a JSON object, or a field of the wrong shape.
    #[error("malformed document: {0}")]
    Malformed(String),
    /// A type coopfed does not act on.
    #[error("unsupported type {0}")]
    Unsupported(String),
}

impl From<serde_json::Error> for ProtocolError {
    fn from(error: serde_json::Error) -> Self {
        Self::Malformed(error.to_string())
    }
}

/// Another object named by an activity: its id, and the object itself when
/// it was embedded. Reads a string, an object with `id` (or a `Link`'s
/// `href`), or an array (its first usable entry); writes the embedded object
/// when there is one, else the id.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectRef {
    pub id: String,
    pub embedded: Option<Value>,
}

impl ObjectRef {
    /// A reference by id only.
    pub fn id(id: impl Into<String>) -> Self {
        Self { id: id.into(), embedded: None }
    }

    /// A reference that embeds `object` (which must serialise to an object with an `id`).
    pub fn embed<T: Serialize>(id: impl Into<String>, object: &T) -> Result<Self, ProtocolError> {
        Ok(Self { id: id.into(), embedded: Some(serde_json::to_value(object)?) })
    }

    /// The `type` of the embedded object.
    pub fn kind(&self) -> Option<&str> {
        self.embedded.as_ref().and_then(crate::values::type_of)
    }

    /// The embedded object read as `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.embedded.clone().and_then(|value| serde_json::from_value(value).ok())
    }
}

impl Serialize for ObjectRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.embedded {
            Some(object) => object.serialize(serializer),
            None => self.id.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ObjectRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let value = match value {
            Value::Array(items) => items.into_iter().find(|item| id_of(item).is_some()).unwrap_or(Value::Null),
            other => other,
        };
        let id = id_of(&value).ok_or_else(|| serde::de::Error::custom("expected an id or an object with an id"))?;
        let id = id.to_owned();
        let embedded = value.is_object().then_some(value);
        Ok(Self { id, embedded })
    }
}

/// The object of an answer (`Accept`, `Reject`, `Undo`): an [`ObjectRef`],
/// but an embedded activity without an id is kept too (with an empty id),
/// so that it can be found by its actor and object.
pub fn deserialize_answered<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ObjectRef, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let value = match value {
        Value::Array(items) => {
            items.into_iter().find(|item| id_of(item).is_some() || item.is_object()).unwrap_or(Value::Null)
        }
        other => other,
    };
    match id_of(&value) {
        Some(id) => Ok(ObjectRef { id: id.to_owned(), embedded: value.is_object().then(|| value.clone()) }),
        None if value.is_object() => Ok(ObjectRef { id: String::new(), embedded: Some(value) }),
        None => Err(serde::de::Error::custom("expected an id or an object")),
    }
}

/// One id: a string, an object with an `id`, or an array's first usable one.
pub fn deserialize_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    ObjectRef::deserialize(deserializer).map(|r| r.id)
}

/// An optional id, `None` when absent or unusable.
pub fn deserialize_opt_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(id_of(&value).map(str::to_owned))
}

/// Addressing (`to`, `cc`, `audience`-like lists): one or many ids, each
/// spelling of the public collection read as [`PUBLIC`], entries without an
/// id skipped.
pub fn deserialize_audience<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let items = match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    Ok(items.iter().filter_map(id_of).map(|id| if is_public(id) { PUBLIC.to_owned() } else { id.to_owned() }).collect())
}

/// `type`: a string, or the first string of an array.
pub fn deserialize_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserialize_opt_type(deserializer)?.ok_or_else(|| serde::de::Error::custom("expected a type name"))
}

/// An optional `type`: a string, or the first string of an array; anything
/// else reads as none.
pub fn deserialize_opt_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => Some(s),
        Value::Array(items) => items.iter().find_map(Value::as_str).map(str::to_owned),
        _ => None,
    })
}

/// A string that is kept only when it is one (anything else reads as none).
pub fn deserialize_opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// Does an addressing list name the public collection?
pub fn is_addressed_publicly(audience: &[String]) -> bool {
    audience.iter().any(|id| is_public(id))
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Serialize)]
    struct Probe {
        #[serde(deserialize_with = "deserialize_id")]
        actor: String,
        #[serde(default, deserialize_with = "deserialize_audience")]
        to: Vec<String>,
        object: ObjectRef,
        #[serde(rename = "type", deserialize_with = "deserialize_type")]
        kind: String,
    }

    #[test]
    fn liberal_shapes() {
        let probe: Probe = serde_json::from_value(json!({
            "actor": {"id": "https://a.test/u", "type": "Person"},
            "to": "as:Public",
            "object": ["https://a.test/o"],
            "type": ["Create", "schema:Thing"],
            "unknown": {"kept": false},
        }))
        .unwrap();
        assert_eq!(probe.actor, "https://a.test/u");
        assert_eq!(probe.to, [PUBLIC]);
        assert_eq!(probe.object, ObjectRef::id("https://a.test/o"));
        assert_eq!(probe.kind, "Create");
        let probe: Probe = serde_json::from_value(json!({
            "actor": "https://a.test/u",
            "to": ["Public", {"id": "https://b.test/f"}, 3],
            "object": {"id": "https://a.test/o", "type": "Note"},
            "type": "Create",
        }))
        .unwrap();
        assert_eq!(probe.to, [PUBLIC, "https://b.test/f"]);
        assert_eq!(probe.object.kind(), Some("Note"));
        assert_eq!(serde_json::to_value(&probe).unwrap()["object"]["type"], "Note");
        assert!(serde_json::from_value::<Probe>(json!({"actor": 1, "object": "x", "type": "Create"})).is_err());
    }
}
