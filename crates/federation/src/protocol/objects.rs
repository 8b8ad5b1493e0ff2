//! The objects of the streams: a job offer is a `Page` with schema.org
//! `JobPosting` terms, news an `Article` (a `Note` with a name is read as
//! news too), an event an `Event` in Mobilizon's shape. One type each serves
//! what we send and what we read; reading skips a field of the wrong shape
//! instead of failing the whole object, and takes schema.org terms with or
//! without their `schema:` prefix.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{
    ProtocolError, deserialize_audience, deserialize_opt_id, deserialize_opt_string, deserialize_skip_error,
    deserialize_type,
};
pub use activitypub_federation::protocol::values::MediaTypeHtml;

/// Text by language (`nameMap`, `summaryMap`, `contentMap`), in document order.
pub type LanguageMap = Map<String, Value>;

/// What every stream object has.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectBase {
    pub id: String,
    #[serde(rename = "type", deserialize_with = "deserialize_type")]
    pub kind: String,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub media_type: Option<MediaTypeHtml>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub name_map: Option<LanguageMap>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub summary_map: Option<LanguageMap>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub content_map: Option<LanguageMap>,
    #[serde(default, deserialize_with = "deserialize_opt_id", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_id", skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
    #[serde(default, deserialize_with = "deserialize_audience")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "deserialize_audience")]
    pub cc: Vec<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// HTML, as in ActivityStreams.
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The group the object was published to (FEP-1b12).
    #[serde(default, deserialize_with = "deserialize_opt_id", skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
}

impl ObjectBase {
    /// The main text: `content`, else the first text of `contentMap`.
    pub fn main_content(&self) -> &str {
        self.content
            .as_deref()
            .or_else(|| self.content_map.as_ref().and_then(|m| m.values().find_map(Value::as_str)))
            .unwrap_or_default()
    }

    /// Every id in `to` and `cc`.
    pub fn addressed(&self) -> Vec<String> {
        self.to.iter().chain(&self.cc).cloned().collect()
    }
}

/// A `Hashtag` (or another tag, read and then left aside).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tag {
    #[serde(rename = "type", deserialize_with = "deserialize_type")]
    pub kind: String,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// Tags: one or many, entries that are not tags skipped.
fn deserialize_tags<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Tag>, D::Error> {
    let items = match Value::deserialize(deserializer)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    Ok(items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect())
}

/// Where a job is (`schema:jobLocation`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JobLocation {
    #[serde(
        rename = "type",
        default,
        deserialize_with = "super::deserialize_opt_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "schema:addressLocality",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub locality: Option<String>,
    #[serde(
        rename = "schema:addressCountry",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
}

/// How to apply (`schema:applicationContact`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ApplicationContact {
    #[serde(
        rename = "schema:url",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    #[serde(
        rename = "schema:email",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
}

/// The pay (`schema:baseSalary`, a `MonetaryAmount`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MonetaryAmount {
    #[serde(rename = "type", default = "monetary_amount")]
    pub kind: String,
    #[serde(rename = "schema:currency")]
    pub currency: String,
    #[serde(rename = "schema:value")]
    pub value: QuantitativeValue,
}

fn monetary_amount() -> String {
    "schema:MonetaryAmount".into()
}

fn quantitative_value() -> String {
    "schema:QuantitativeValue".into()
}

/// A range of pay per period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuantitativeValue {
    #[serde(rename = "type", default = "quantitative_value")]
    pub kind: String,
    #[serde(rename = "schema:minValue")]
    pub min: f64,
    #[serde(rename = "schema:maxValue")]
    pub max: f64,
    /// `YEAR`, `MONTH`, `HOUR`, …
    #[serde(rename = "schema:unitText")]
    pub unit: String,
}

/// A job offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    #[serde(flatten)]
    pub base: ObjectBase,
    #[serde(
        rename = "schema:datePosted",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_posted: Option<String>,
    #[serde(
        rename = "schema:validThrough",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_through: Option<String>,
    /// schema.org's word (`FULL_TIME`, `CONTRACTOR`, …).
    #[serde(
        rename = "schema:employmentType",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_employment_type: Option<String>,
    /// Ours, finer than schema.org's (`freelance` and `contract` are both `CONTRACTOR` there).
    #[serde(
        rename = "coopfed:employmentType",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub employment_type: Option<String>,
    /// `TELECOMMUTE` for remote work.
    #[serde(
        rename = "schema:jobLocationType",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_location_type: Option<String>,
    #[serde(
        rename = "schema:jobLocation",
        default,
        deserialize_with = "deserialize_skip_error",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_location: Option<JobLocation>,
    #[serde(
        rename = "schema:applicationContact",
        default,
        deserialize_with = "deserialize_skip_error",
        skip_serializing_if = "Option::is_none"
    )]
    pub application_contact: Option<ApplicationContact>,
    #[serde(
        rename = "schema:baseSalary",
        default,
        deserialize_with = "deserialize_skip_error",
        skip_serializing_if = "Option::is_none"
    )]
    pub base_salary: Option<MonetaryAmount>,
    #[serde(default, deserialize_with = "deserialize_tags", skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Tag>,
    /// Skills as a comma-separated text (what other software writes).
    #[serde(
        rename = "schema:skills",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub skills_text: Option<String>,
    /// Skill slugs of the shared taxonomy.
    #[serde(
        rename = "coopfed:skills",
        default,
        deserialize_with = "deserialize_skip_error",
        skip_serializing_if = "Option::is_none"
    )]
    pub skills: Option<Vec<String>>,
}

/// schema.org terms other software writes without the prefix, by where they
/// appear: (the object holding them, its terms).
const SCHEMA_TERMS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "datePosted",
            "validThrough",
            "employmentType",
            "jobLocationType",
            "jobLocation",
            "applicationContact",
            "baseSalary",
            "skills",
        ],
    ),
    ("schema:jobLocation", &["addressLocality", "addressCountry"]),
    ("schema:applicationContact", &["url", "email"]),
    ("schema:baseSalary", &["currency", "value"]),
];

/// Gives unprefixed schema.org terms their prefix where the prefixed term is absent.
fn prefix_schema_terms(map: &mut Map<String, Value>, terms: &[&str]) {
    for term in terms {
        let prefixed = format!("schema:{term}");
        if !map.contains_key(&prefixed) {
            if let Some(value) = map.remove(*term) {
                map.insert(prefixed, value);
            }
        }
    }
}

impl Page {
    /// Reads a job `Page` (any other type is refused).
    pub fn read(document: &Value) -> Result<Self, ProtocolError> {
        let mut map = document.as_object().cloned().ok_or_else(|| ProtocolError::Malformed("not an object".into()))?;
        for (holder, terms) in SCHEMA_TERMS {
            if holder.is_empty() {
                prefix_schema_terms(&mut map, terms);
            } else if let Some(Value::Object(inner)) = map.get_mut(*holder) {
                prefix_schema_terms(inner, terms);
                if *holder == "schema:baseSalary" {
                    if let Some(Value::Object(value)) = inner.get_mut("schema:value") {
                        prefix_schema_terms(value, &["minValue", "maxValue", "unitText"]);
                    }
                }
            }
        }
        let page: Self = serde_json::from_value(Value::Object(map))?;
        if page.base.kind != "Page" {
            return Err(ProtocolError::Unsupported(page.base.kind));
        }
        Ok(page)
    }
}

/// A `Place` with a postal address (an event's location).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Place {
    #[serde(
        rename = "type",
        default,
        deserialize_with = "super::deserialize_opt_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "deserialize_skip_error", alias = "schema:address")]
    pub address: Option<PostalAddress>,
}

/// A postal address (Mobilizon's `address`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(
        rename = "type",
        default,
        deserialize_with = "super::deserialize_opt_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    #[serde(
        default,
        deserialize_with = "deserialize_opt_string",
        alias = "schema:addressLocality",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_locality: Option<String>,
    #[serde(
        default,
        deserialize_with = "deserialize_opt_string",
        alias = "schema:addressCountry",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_country: Option<String>,
}

/// A link attached to an event (where to join online).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub href: String,
}

/// Links: one or many, each a `Link` (its `href`), an object with an `id`,
/// or a URL; others skipped.
fn deserialize_links<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Link>, D::Error> {
    let items = match Value::deserialize(deserializer)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            let href = crate::values::id_of(item)?.to_owned();
            let name = item.get("name").and_then(Value::as_str).map(str::to_owned);
            Some(Link { kind: "Link".into(), name, href })
        })
        .collect())
}

/// News (`Article`, or a `Note` with a name) or an `Event`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Announcement {
    #[serde(flatten)]
    pub base: ObjectBase,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, deserialize_with = "deserialize_opt_string", skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(
        default,
        deserialize_with = "deserialize_opt_string",
        alias = "mz:timezone",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone: Option<String>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub is_online: Option<bool>,
    #[serde(default, deserialize_with = "deserialize_skip_error", skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    /// Links (a bare URL counts as one).
    #[serde(default, deserialize_with = "deserialize_links", skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<Link>,
    #[serde(
        rename = "coopfed:onlineUrl",
        default,
        deserialize_with = "deserialize_opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub online_url: Option<String>,
}

impl Announcement {
    /// Reads news or an event (any other type is refused).
    pub fn read(document: &Value) -> Result<Self, ProtocolError> {
        let object: Self = serde_json::from_value(document.clone())?;
        if !matches!(object.base.kind.as_str(), "Article" | "Note" | "Event") {
            return Err(ProtocolError::Unsupported(object.base.kind));
        }
        Ok(object)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn places_with_several_types_are_kept() {
        let location: JobLocation =
            serde_json::from_value(json!({"type": ["Place", "schema:Place"], "schema:addressLocality": "Leeds"}))
                .unwrap();
        assert_eq!((location.kind.as_deref(), location.locality.as_deref()), (Some("Place"), Some("Leeds")));
        let place: Place = serde_json::from_value(json!({"type": ["Place"], "name": "Hall", "address": {
            "type": ["PostalAddress"], "addressLocality": "Gent"
        }}))
        .unwrap();
        assert_eq!(place.kind.as_deref(), Some("Place"));
        assert_eq!(place.address.unwrap().kind.as_deref(), Some("PostalAddress"));
    }
}
