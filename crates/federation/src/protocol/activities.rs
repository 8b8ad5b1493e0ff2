//! The activities coopfed sends and acts on.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    ObjectRef, ProtocolError, deserialize_audience, deserialize_id,
    kinds::activity::{
        AcceptType, AddType, AnnounceType, CreateType, DeleteType, FlagType, FollowType, RejectType, RemoveType,
        UndoType, UpdateType,
    },
};

/// A request to follow an actor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: FollowType,
    #[serde(deserialize_with = "deserialize_id")]
    pub actor: String,
    #[serde(deserialize_with = "deserialize_id")]
    pub object: String,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
}

impl Follow {
    pub fn new(id: String, actor: String, object: String) -> Self {
        Self { id, kind: FollowType::Follow, actor, object, to: Vec::new() }
    }
}

/// An activity about one earlier activity, sent to its actor: the answer
/// to a Follow (`Accept`, `Reject`; the object names the Follow) or its
/// withdrawal (`Undo`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer<K> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: K,
    #[serde(deserialize_with = "deserialize_id")]
    pub actor: String,
    #[serde(deserialize_with = "super::deserialize_answered")]
    pub object: ObjectRef,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
}

pub type Accept = Answer<AcceptType>;
pub type Reject = Answer<RejectType>;

/// The withdrawal of an earlier activity (for us: a Follow).
pub type Undo = Answer<UndoType>;

impl Undo {
    /// The type of what is undone: an id alone names a Follow, the only
    /// activity anyone undoes with us.
    pub fn undone_kind(&self) -> Option<&str> {
        if self.object.embedded.is_none() { Some("Follow") } else { self.object.kind() }
    }
}

/// `Create`, `Update` or `Delete` of an object by its author (also an
/// actor's `Update` or `Delete` of itself), and a group's `Announce`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authored<K> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: K,
    #[serde(deserialize_with = "deserialize_id")]
    pub actor: String,
    pub object: ObjectRef,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
}

pub type Create = Authored<CreateType>;
pub type Update = Authored<UpdateType>;
pub type Delete = Authored<DeleteType>;

/// A group's share of an activity or object with its followers (FEP-1b12).
pub type Announce = Authored<AnnounceType>;

impl Announce {
    /// The id of what is shared: the object of an announced Create, Update
    /// or Delete, or the announced object itself.
    pub fn shared_object_id(&self) -> Option<&str> {
        match self.object.kind() {
            Some("Create" | "Update" | "Delete") => {
                self.object.embedded.as_ref().and_then(|inner| inner.get("object")).and_then(crate::values::id_of)
            }
            _ => Some(self.object.id.as_str()),
        }
    }
}

/// A network's `Add` or `Remove` of a co-op to or from its members collection.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership<K> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: K,
    #[serde(deserialize_with = "deserialize_id")]
    pub actor: String,
    pub object: ObjectRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ObjectRef>,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
}

pub type Add = Membership<AddType>;
pub type Remove = Membership<RemoveType>;

/// A report about actors or objects (Mastodon sends it from its instance actor).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: FlagType,
    #[serde(deserialize_with = "deserialize_id")]
    pub actor: String,
    #[serde(deserialize_with = "deserialize_audience")]
    pub object: Vec<String>,
    #[serde(default, deserialize_with = "super::deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "deserialize_audience", skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
}

/// [`Kind`]: each type is named on the wire as its variant.
macro_rules! activity_kinds {
    ($($kind:ident),+ $(,)?) => {
        /// The activity types coopfed acts on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kind {
            $($kind),+
        }

        impl Kind {
            const ALL: &'static [Self] = &[$(Self::$kind),+];

            /// The type name on the wire.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$kind => stringify!($kind)),+
                }
            }
        }
    };
}

activity_kinds!(Follow, Accept, Reject, Undo, Create, Update, Delete, Announce, Add, Remove, Flag);

impl Kind {
    /// The kind a type name names, if coopfed acts on it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// The kind of an activity document (its `type`, or the first of several).
    pub fn of(document: &Value) -> Option<Self> {
        crate::values::type_of(document).and_then(Self::from_name)
    }

    /// May another server forward activities of this kind (signed by the
    /// forwarder, not the author)? They are taken as its announcements.
    pub fn forwardable(self) -> bool {
        matches!(self, Self::Create | Self::Update | Self::Delete | Self::Announce)
    }

    /// Largest body taken: only activities that carry objects (offers,
    /// news, profiles) may be long.
    pub fn size_limit(self) -> usize {
        match self {
            Self::Create | Self::Update | Self::Announce | Self::Add => 1024 * 1024,
            _ => 64 * 1024,
        }
    }
}

/// An activity coopfed acts on, read from its document.
#[derive(Debug, Clone)]
pub enum Incoming {
    Follow(Follow),
    Accept(Accept),
    Reject(Reject),
    Undo(Undo),
    Create(Create),
    Update(Update),
    Delete(Delete),
    Announce(Announce),
    Add(Add),
    Remove(Remove),
    Flag(Flag),
}

impl Incoming {
    /// Reads an activity. A `type` given as an array is read as its first
    /// type coopfed knows.
    pub fn parse(document: &Value) -> Result<Self, ProtocolError> {
        let map = document.as_object().ok_or_else(|| ProtocolError::Malformed("not a JSON object".into()))?;
        let kind = match map.get("type") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).find_map(Kind::from_name),
            Some(Value::String(name)) => Kind::from_name(name),
            _ => None,
        }
        .ok_or_else(|| ProtocolError::Unsupported(crate::values::type_of(document).unwrap_or("none").to_owned()))?;
        let mut map = map.clone();
        map.insert("type".into(), Value::String(kind.name().into()));
        let value = Value::Object(map);
        Ok(match kind {
            Kind::Follow => Self::Follow(serde_json::from_value(value)?),
            Kind::Accept => Self::Accept(serde_json::from_value(value)?),
            Kind::Reject => Self::Reject(serde_json::from_value(value)?),
            Kind::Undo => Self::Undo(serde_json::from_value(value)?),
            Kind::Create => Self::Create(serde_json::from_value(value)?),
            Kind::Update => Self::Update(serde_json::from_value(value)?),
            Kind::Delete => Self::Delete(serde_json::from_value(value)?),
            Kind::Announce => Self::Announce(serde_json::from_value(value)?),
            Kind::Add => Self::Add(serde_json::from_value(value)?),
            Kind::Remove => Self::Remove(serde_json::from_value(value)?),
            Kind::Flag => Self::Flag(serde_json::from_value(value)?),
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Self::Follow(_) => Kind::Follow,
            Self::Accept(_) => Kind::Accept,
            Self::Reject(_) => Kind::Reject,
            Self::Undo(_) => Kind::Undo,
            Self::Create(_) => Kind::Create,
            Self::Update(_) => Kind::Update,
            Self::Delete(_) => Kind::Delete,
            Self::Announce(_) => Kind::Announce,
            Self::Add(_) => Kind::Add,
            Self::Remove(_) => Kind::Remove,
            Self::Flag(_) => Kind::Flag,
        }
    }

    /// The actor the activity names.
    pub fn actor(&self) -> &str {
        match self {
            Self::Follow(a) => &a.actor,
            Self::Accept(a) => &a.actor,
            Self::Reject(a) => &a.actor,
            Self::Undo(a) => &a.actor,
            Self::Create(a) => &a.actor,
            Self::Update(a) => &a.actor,
            Self::Delete(a) => &a.actor,
            Self::Announce(a) => &a.actor,
            Self::Add(a) => &a.actor,
            Self::Remove(a) => &a.actor,
            Self::Flag(a) => &a.actor,
        }
    }
}

/// What the inbox checks before it stores an activity: its id, type, actor
/// and (for `Create` and `Update`) the object's id. Everything else is read
/// when the activity is processed.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub id: String,
    pub kind: Kind,
    pub actor: String,
    pub object_id: Option<String>,
}

impl Envelope {
    /// Reads the envelope; `Ok(None)` for a type coopfed does not act on.
    pub fn read(document: &Value) -> Result<Option<Self>, ProtocolError> {
        let malformed = |what: &str| ProtocolError::Malformed(what.into());
        if !document.is_object() {
            return Err(malformed("the activity must be a JSON object"));
        }
        let id = document.get("id").and_then(Value::as_str).ok_or_else(|| malformed("the activity has no id"))?;
        let kind_name = crate::values::type_of(document).ok_or_else(|| malformed("the activity has no type"))?;
        let Some(kind) = Kind::from_name(kind_name) else { return Ok(None) };
        let actor = document
            .get("actor")
            .and_then(crate::values::id_of)
            .ok_or_else(|| malformed("the activity has no actor"))?;
        let object_id = document.get("object").and_then(crate::values::id_of).map(str::to_owned);
        Ok(Some(Self { id: id.to_owned(), kind, actor: actor.to_owned(), object_id }))
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn activities_are_read_liberally() {
        let follow = Incoming::parse(&json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://a.test/f/1",
            "type": ["Follow"],
            "actor": {"id": "https://a.test/u/alice", "type": "Person"},
            "object": "https://b.test/groups/jobs",
        }))
        .unwrap();
        let Incoming::Follow(follow) = follow else { panic!("not a Follow") };
        assert_eq!(
            (follow.actor.as_str(), follow.object.as_str()),
            ("https://a.test/u/alice", "https://b.test/groups/jobs")
        );

        let undo = Incoming::parse(&json!({
            "id": "https://a.test/u/1", "type": "Undo", "actor": "https://a.test/u/alice",
            "object": "https://a.test/f/1", "to": "as:Public",
        }))
        .unwrap();
        let Incoming::Undo(undo) = undo else { panic!("not an Undo") };
        assert_eq!(undo.undone_kind(), Some("Follow"));
        assert_eq!(undo.to, [crate::protocol::PUBLIC]);

        // An answer may embed the Follow without its id.
        let accept = Incoming::parse(&json!({
            "id": "https://b.test/a/1", "type": "Accept", "actor": "https://b.test/groups/jobs",
            "object": {"type": "Follow", "actor": "https://a.test/u/alice", "object": "https://b.test/groups/jobs"},
        }))
        .unwrap();
        let Incoming::Accept(accept) = accept else { panic!("not an Accept") };
        assert_eq!(accept.object.id, "");
        assert_eq!(accept.object.kind(), Some("Follow"));

        let announce = Incoming::parse(&json!({
            "id": "https://g.test/a/1", "type": "Announce", "actor": "https://g.test/groups/jobs",
            "object": {"id": "https://c.test/act/1", "type": "Create", "object": {"id": "https://c.test/jobs/1"}},
        }))
        .unwrap();
        let Incoming::Announce(announce) = announce else { panic!("not an Announce") };
        assert_eq!(announce.shared_object_id(), Some("https://c.test/jobs/1"));

        let flag = Incoming::parse(&json!({
            "id": "https://m.test/f/1", "type": "Flag", "actor": "https://m.test/actor",
            "object": "https://b.test/jobs/1", "content": "spam",
        }))
        .unwrap();
        let Incoming::Flag(flag) = flag else { panic!("not a Flag") };
        assert_eq!(flag.object, ["https://b.test/jobs/1"]);

        assert!(matches!(Incoming::parse(&json!({"type": "Like"})), Err(ProtocolError::Unsupported(_))));
        assert!(matches!(Incoming::parse(&json!({"type": "Follow", "id": "x"})), Err(ProtocolError::Malformed(_))));
        assert!(Envelope::read(&json!({"id": "x", "type": "Like"})).unwrap().is_none());
    }
}
