//! Paged `OrderedCollection`s (followers, outbox, members, inbox).

use serde::Serialize;
use serde_json::Value;
use url::Url;

/// Items per collection page.
pub const PAGE_SIZE: i64 = 50;

/// The collection itself: its size and a link to the first page.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollection {
    #[serde(rename = "@context")]
    pub context: &'static str,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub total_items: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<Url>,
}

/// One page, linked to the next by a keyset cursor.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollectionPage {
    #[serde(rename = "@context")]
    pub context: &'static str,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub part_of: Url,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Url>,
    pub ordered_items: Vec<Value>,
}

const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

/// The collection document; `first` is given when there are items.
pub fn collection(id: &Url, total_items: i64) -> OrderedCollection {
    OrderedCollection {
        context: AS_CONTEXT,
        id: id.clone(),
        kind: "OrderedCollection",
        total_items,
        first: (total_items > 0).then(|| page_url(id, None)),
    }
}

/// A page. `items` holds at most [`PAGE_SIZE`] + 1 entries `(cursor, item)`:
/// an extra entry means there is a next page, which starts after the last shown cursor.
pub fn page(collection_id: &Url, cursor: Option<&str>, mut items: Vec<(String, Value)>) -> OrderedCollectionPage {
    let limit = usize::try_from(PAGE_SIZE).unwrap_or(50);
    let has_more = items.len() > limit;
    items.truncate(limit);
    let next = if has_more { items.last().map(|(c, _)| page_url(collection_id, Some(c))) } else { None };
    OrderedCollectionPage {
        context: AS_CONTEXT,
        id: page_url(collection_id, cursor),
        kind: "OrderedCollectionPage",
        part_of: collection_id.clone(),
        next,
        ordered_items: items.into_iter().map(|(_, item)| item).collect(),
    }
}

/// `collection?page=true[&cursor=…]`.
pub fn page_url(collection_id: &Url, cursor: Option<&str>) -> Url {
    let mut url = collection_id.clone();
    {
        let mut query = url.query_pairs_mut();
        query.clear().append_pair("page", "true");
        if let Some(cursor) = cursor {
            query.append_pair("cursor", cursor);
        }
    }
    url
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn pages_link_onwards() {
        let id = Url::parse("https://d.test/groups/jobs/followers").unwrap();
        let items: Vec<_> = (0..51).map(|i| (format!("c{i:02}"), Value::from(i))).collect();
        let page = page(&id, None, items);
        assert_eq!(page.ordered_items.len(), 50);
        assert_eq!(page.next.unwrap().as_str(), "https://d.test/groups/jobs/followers?page=true&cursor=c49");
        assert_eq!(collection(&id, 0).first, None);
    }
}
