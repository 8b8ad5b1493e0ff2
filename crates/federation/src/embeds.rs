//! Items carried by id in the outbox. An activity about a local job offer
//! or announcement (its author's `Create` or `Update`, and the group's
//! `Announce` of that activity), and the network's `Add` of a new member
//! co-op, is stored with the item's id where its document goes, and the id
//! in the outbox row's `embeds`; the item's current document is put in when
//! the activity is delivered or listed in an outbox collection. The outbox
//! keeps no copy of an offer per activity (five per offer: the author's,
//! and two announcements each by the jobs group and the network), and an
//! import writes none.

use std::collections::HashMap;

use coopfed_core::InstanceUrls;
use coopfed_db::DbConnection;
use serde_json::Value;

use crate::sending::{ApOutbound, Lookups};

/// Puts items into payloads, rendering each item once.
pub struct Embedder {
    outbound: ApOutbound,
    documents: HashMap<String, Option<Value>>,
    lookups: Lookups,
}

impl Embedder {
    /// For the instance at `urls`.
    pub fn new(urls: &InstanceUrls) -> Self {
        Self { outbound: ApOutbound::new(urls.clone()), documents: HashMap::new(), lookups: Lookups::default() }
    }

    /// The activity `payload` with the item `embeds` put in place of its
    /// id: as the activity's object, or as the object of the activity it
    /// announces. A payload without an item, or whose item is gone, is
    /// given back as it is (the item then goes by id, which a receiver
    /// fetches).
    pub fn complete(&mut self, conn: &mut DbConnection, payload: String, embeds: Option<&str>) -> String {
        let Some(ap_id) = embeds else { return payload };
        if !self.documents.contains_key(ap_id) {
            let document =
                match crate::activities::create::item_document(&self.outbound, (conn, &mut self.lookups), ap_id) {
                    Ok(document) => document,
                    Err(error) => {
                        tracing::warn!(item = %ap_id, %error, "cannot render an item an activity carries");
                        None
                    }
                };
            self.documents.insert(ap_id.to_owned(), document);
        }
        let Some(Some(document)) = self.documents.get(ap_id) else { return payload };
        let Ok(mut activity) = serde_json::from_str::<Value>(&payload) else { return payload };
        if put_in(&mut activity, ap_id, document) { activity.to_string() } else { payload }
    }
}

/// Replaces the id `ap_id` with `document` where an activity or the
/// activity it announces names its object; whether it was found.
fn put_in(activity: &mut Value, ap_id: &str, document: &Value) -> bool {
    let Some(object) = activity.get_mut("object") else { return false };
    if object.as_str() == Some(ap_id) {
        *object = document.clone();
        return true;
    }
    match object.get_mut("object") {
        Some(inner) if inner.as_str() == Some(ap_id) => {
            *inner = document.clone();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::put_in;

    #[test]
    fn an_item_goes_where_its_id_is_named() {
        let page = json!({ "id": "https://a.example/jobs/1", "type": "Page" });
        let mut create = json!({ "type": "Create", "object": "https://a.example/jobs/1" });
        assert!(put_in(&mut create, "https://a.example/jobs/1", &page));
        assert_eq!(create["object"], page);
        let mut announce =
            json!({ "type": "Announce", "object": { "type": "Create", "object": "https://a.example/jobs/1" } });
        assert!(put_in(&mut announce, "https://a.example/jobs/1", &page));
        assert_eq!(announce["object"]["object"], page);
        let mut other = json!({ "type": "Announce", "object": "https://a.example/activities/2" });
        assert!(!put_in(&mut other, "https://a.example/jobs/1", &page));
        assert_eq!(other["object"], "https://a.example/activities/2");
    }
}
