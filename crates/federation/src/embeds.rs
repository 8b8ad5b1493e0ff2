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
use coopfed_service::ServiceError;
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
    /// fetches); so is one whose item now names another author than the
    /// activity's actor (an announcement whose co-op left). `Err` when the
    /// item could not be read: the activity is not to be sent incomplete.
    pub fn complete(
        &mut self,
        conn: &mut DbConnection,
        payload: String,
        embeds: Option<&str>,
    ) -> Result<String, ServiceError> {
        let Some(ap_id) = embeds else { return Ok(payload) };
        if !self.documents.contains_key(ap_id) {
            let document = crate::activities::create::item_document(&self.outbound, (conn, &mut self.lookups), ap_id)?;
            self.documents.insert(ap_id.to_owned(), document);
        }
        let Some(Some(document)) = self.documents.get(ap_id) else { return Ok(payload) };
        let Ok(mut activity) = serde_json::from_str::<Value>(&payload) else { return Ok(payload) };
        Ok(if put_in(&mut activity, ap_id, document) { activity.to_string() } else { payload })
    }

    /// As [`Embedder::complete`], for a listing: an item that could not be
    /// read goes by id.
    pub fn complete_or_keep(&mut self, conn: &mut DbConnection, payload: String, embeds: Option<&str>) -> String {
        let Some(ap_id) = embeds else { return payload };
        match self.complete(conn, payload.clone(), Some(ap_id)) {
            Ok(complete) => complete,
            Err(error) => {
                tracing::warn!(item = %ap_id, %error, "cannot render an item an activity carries");
                payload
            }
        }
    }
}

/// Replaces the id `ap_id` with `document` where an activity or the
/// activity it announces names its object, when the document's author (if
/// it names one) is that activity's actor; whether it was put in.
fn put_in(activity: &mut Value, ap_id: &str, document: &Value) -> bool {
    let author = document.get("attributedTo").and_then(crate::values::id_of);
    let by_actor =
        |activity: &Value| author.is_none() || activity.get("actor").and_then(crate::values::id_of) == author;
    if activity.get("object").and_then(Value::as_str) == Some(ap_id) {
        if !by_actor(activity) {
            return false;
        }
        activity["object"] = document.clone();
        return true;
    }
    let Some(inner) = activity.get_mut("object").filter(|o| o.is_object()) else { return false };
    if inner.get("object").and_then(Value::as_str) != Some(ap_id) || !by_actor(inner) {
        return false;
    }
    inner["object"] = document.clone();
    true
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::put_in;

    #[test]
    fn an_item_goes_where_its_id_is_named() {
        let page = json!({ "id": "https://a.example/jobs/1", "type": "Page", "attributedTo": "https://a.example/c" });
        let mut create =
            json!({ "type": "Create", "actor": "https://a.example/c", "object": "https://a.example/jobs/1" });
        assert!(put_in(&mut create, "https://a.example/jobs/1", &page));
        assert_eq!(create["object"], page);
        let mut announce = json!({
            "type": "Announce",
            "actor": "https://a.example/groups/jobs",
            "object": { "type": "Create", "actor": "https://a.example/c", "object": "https://a.example/jobs/1" }
        });
        assert!(put_in(&mut announce, "https://a.example/jobs/1", &page));
        assert_eq!(announce["object"]["object"], page);
        let mut other = json!({ "type": "Announce", "object": "https://a.example/activities/2" });
        assert!(!put_in(&mut other, "https://a.example/jobs/1", &page));
        assert_eq!(other["object"], "https://a.example/activities/2");
        // An item that now names another author stays an id.
        let mut former =
            json!({ "type": "Create", "actor": "https://a.example/d", "object": "https://a.example/jobs/1" });
        assert!(!put_in(&mut former, "https://a.example/jobs/1", &page));
        assert_eq!(former["object"], "https://a.example/jobs/1");
    }
}
