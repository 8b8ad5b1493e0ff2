//! Job offers as ActivityPub `Page`s with schema.org `JobPosting` properties,
//! both ways.

use chrono::NaiveDate;
use coopfed_db::jobs::JobRow;
use serde_json::{Map, Value, json};

use crate::{
    actors::timestamp,
    values::{id_of, ids_of, str_of, type_of},
};

/// The context of a job `Page`.
pub fn job_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        { "schema": "http://schema.org#", "coopfed": "https://coopfed.org/ns#", "Hashtag": "as:Hashtag" }
    ])
}

/// schema.org's employment type for ours (contract and freelance are both CONTRACTOR).
pub fn schema_employment_type(value: &str) -> &'static str {
    match value {
        "full_time" => "FULL_TIME",
        "part_time" => "PART_TIME",
        "contract" | "freelance" => "CONTRACTOR",
        "volunteer" => "VOLUNTEER",
        "internship" => "INTERN",
        _ => "OTHER",
    }
}

fn from_schema_employment_type(value: &str) -> Option<&'static str> {
    Some(match value {
        "FULL_TIME" => "full_time",
        "PART_TIME" => "part_time",
        "CONTRACTOR" => "contract",
        "VOLUNTEER" => "volunteer",
        "INTERN" => "internship",
        _ => return None,
    })
}

/// The `Page` of a job (without `@context`); `cc` lists the groups and collections it is addressed to.
pub fn job_page(job: &JobRow, author: &str, cc: &[String]) -> Value {
    let mut page = json!({
        "id": job.ap_id,
        "type": "Page",
        "name": job.title,
        "content": job.content,
        "mediaType": "text/html",
        "url": job.ap_id,
        "attributedTo": author,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": cc,
        "published": timestamp(job.created_at),
        "updated": timestamp(job.updated_at),
        "schema:datePosted": job.posted_on.to_string(),
        "schema:validThrough": job.valid_through.to_string(),
        "schema:employmentType": schema_employment_type(&job.employment_type),
        "coopfed:employmentType": job.employment_type,
    });
    if let Some(map) = page.as_object_mut() {
        let translations = coopfed_core::translations::from_json(&job.translations);
        let main = coopfed_core::translations::Translation {
            title: Some(job.title.clone()),
            summary: job.summary.clone(),
            content: Some(job.content.clone()),
        };
        add_language_maps(map, &job.lang, &main, &translations);
        if let Some(summary) = &job.summary {
            map.insert("summary".into(), Value::String(coopfed_core::text::escape(summary)));
        }
        if let Some(audience) = &job.audience {
            map.insert("audience".into(), Value::String(audience.clone()));
        }
        if job.remote {
            map.insert("schema:jobLocationType".into(), Value::String("TELECOMMUTE".into()));
        }
        if job.location_city.is_some() || job.location_country.is_some() {
            let mut place = Map::new();
            place.insert("type".into(), Value::String("Place".into()));
            if let Some(city) = &job.location_city {
                place.insert("name".into(), Value::String(city.clone()));
                place.insert("schema:addressLocality".into(), Value::String(city.clone()));
            }
            if let Some(country) = &job.location_country {
                place.insert("schema:addressCountry".into(), Value::String(country.clone()));
            }
            map.insert("schema:jobLocation".into(), Value::Object(place));
        }
        let mut contact = Map::new();
        if let Some(url) = &job.apply_url {
            contact.insert("schema:url".into(), Value::String(url.clone()));
        }
        if let Some(email) = &job.apply_email {
            contact.insert("schema:email".into(), Value::String(email.clone()));
        }
        if !contact.is_empty() {
            map.insert("schema:applicationContact".into(), Value::Object(contact));
        }
        if let (Some(min), Some(max), Some(currency), Some(period)) =
            (job.salary_min, job.salary_max, &job.salary_currency, &job.salary_period)
        {
            map.insert(
                "schema:baseSalary".into(),
                json!({
                    "type": "schema:MonetaryAmount",
                    "schema:currency": currency,
                    "schema:value": {
                        "type": "schema:QuantitativeValue",
                        "schema:minValue": min,
                        "schema:maxValue": max,
                        "schema:unitText": period.to_uppercase(),
                    }
                }),
            );
        }
    }
    page
}

/// `nameMap`, `summaryMap` and `contentMap`: the main text under its
/// language, then each translation's (a part a translation lacks is left
/// out of that language).
pub fn add_language_maps(
    object: &mut Map<String, Value>,
    lang: &str,
    main: &coopfed_core::translations::Translation,
    translations: &coopfed_core::translations::Translations,
) {
    type Part = fn(&coopfed_core::translations::Translation) -> Option<&String>;
    let parts: [(&str, Part); 3] = [
        ("nameMap", |t| t.title.as_ref()),
        ("summaryMap", |t| t.summary.as_ref()),
        ("contentMap", |t| t.content.as_ref()),
    ];
    for (key, part) in parts {
        // A summary is plain text here and HTML in ActivityStreams.
        let wire = |text: &String| {
            Value::String(if key == "summaryMap" { coopfed_core::text::escape(text) } else { text.clone() })
        };
        let mut by_lang = Map::new();
        if let Some(text) = part(main) {
            by_lang.insert(lang.to_owned(), wire(text));
        }
        for (other, translation) in translations {
            if let Some(text) = part(translation) {
                by_lang.entry(other.clone()).or_insert_with(|| wire(text));
            }
        }
        if !by_lang.is_empty() {
            object.insert(key.into(), Value::Object(by_lang));
        }
    }
}

/// Reads `nameMap`, `summaryMap` and `contentMap` (each a JSON object from
/// language to text): the languages other than `main_lang`, with their
/// title, summary and (sanitised) content, each cut to `limits` characters.
pub fn read_language_maps(
    object: &Value,
    main_lang: &str,
    limits: [usize; 3],
) -> coopfed_core::translations::Translations {
    let mut out = coopfed_core::translations::Translations::new();
    for (i, key) in ["nameMap", "summaryMap", "contentMap"].into_iter().enumerate() {
        let Some(by_lang) = object.get(key).and_then(Value::as_object) else { continue };
        for (lang, text) in by_lang.iter().take(20) {
            let lang = lang.trim().to_lowercase();
            let Some(text) = text.as_str() else { continue };
            if lang == main_lang || !coopfed_core::codes::is_language(&lang) {
                continue;
            }
            let cut: String = text.chars().take(limits.get(i).copied().unwrap_or(500)).collect();
            let entry = out.entry(lang).or_default();
            match i {
                0 => entry.title = Some(coopfed_core::text::plain(&cut)),
                1 => entry.summary = Some(coopfed_core::text::plain(&cut)),
                _ => entry.content = Some(crate::html::sanitize(&cut)),
            }
        }
    }
    out.retain(|_, t| !t.is_empty());
    out
}

/// Most skill names read from one object.
const MAX_SKILL_NAMES: usize = 30;

/// The skills an object names: `coopfed:skills` (slugs) when there, else
/// what other software writes: `Hashtag` tags (`#rust`) and `schema:skills`
/// (a comma-separated text). Names are mapped to the taxonomy (slugs,
/// labels, aliases) by the caller; unknown ones are dropped there.
pub fn skill_names(object: &Value) -> Vec<String> {
    let ours: Vec<String> = object
        .get("coopfed:skills")
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    if !ours.is_empty() {
        return ours.into_iter().take(MAX_SKILL_NAMES).collect();
    }
    let tags = match object.get("tag") {
        Some(Value::Array(tags)) => tags.iter().collect(),
        Some(tag @ Value::Object(_)) => vec![tag],
        _ => Vec::new(),
    };
    let hashtags = tags
        .into_iter()
        .filter(|tag| crate::values::type_of(tag) == Some("Hashtag"))
        .filter_map(|tag| tag.get("name").and_then(Value::as_str))
        .map(|name| name.trim_start_matches('#').to_owned());
    let listed = object
        .get("schema:skills")
        .or_else(|| object.get("skills"))
        .and_then(Value::as_str)
        .into_iter()
        .flat_map(|text| text.split(','))
        .map(|name| name.trim().to_owned());
    let mut names: Vec<String> = Vec::new();
    // The listed skills first: a post's many general hashtags must not push them out.
    for name in listed.chain(hashtags) {
        if !name.is_empty() && name.chars().count() <= 100 && !names.contains(&name) {
            names.push(name);
        }
    }
    names.truncate(MAX_SKILL_NAMES);
    names
}

/// A job's skills as `Hashtag` tags and `schema:skills`, from their slugs.
pub fn add_skills(page: &mut Value, skills: &[String], base: &str) {
    if skills.is_empty() {
        return;
    }
    let Some(map) = page.as_object_mut() else { return };
    let tags: Vec<Value> = skills
        .iter()
        .map(|slug| {
            let name = slug.replace('-', "");
            json!({ "type": "Hashtag", "name": format!("#{name}"), "href": format!("{base}/api/v1/jobs?skill={slug}") })
        })
        .collect();
    map.insert("tag".into(), Value::Array(tags));
    map.insert("schema:skills".into(), Value::String(skills.join(", ")));
    map.insert("coopfed:skills".into(), json!(skills));
}

/// A schema.org property, with or without the `schema:` prefix.
fn schema<'a>(page: &'a Value, name: &str) -> Option<&'a Value> {
    page.get(format!("schema:{name}")).or_else(|| page.get(name))
}

fn date_of(value: Option<&Value>) -> Option<NaiveDate> {
    let text = value?.as_str()?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The language of an object's main text: the key of the language map `key`
/// (like `contentMap`) whose text is `text`, else its first key, else `en`.
pub fn main_language(object: &Value, key: &str, text: &str) -> String {
    let map = object.get(key).and_then(Value::as_object);
    let lang = map
        .and_then(|m| m.iter().find(|(_, v)| v.as_str() == Some(text)).or_else(|| m.iter().next()))
        .map(|(k, _)| k.trim().to_lowercase())
        .filter(|k| coopfed_core::codes::is_language(k));
    lang.unwrap_or_else(|| "en".into())
}

/// Why a remote `Page` is not a usable job.
#[derive(Debug, thiserror::Error)]
#[error("not a usable job offer: {0}")]
pub struct BadJob(pub &'static str);

/// Reads a remote job `Page` into the fields of a row (ids and ownership are the caller's).
pub fn job_from_page(page: &Value, today: NaiveDate) -> Result<JobFields, BadJob> {
    if type_of(page) != Some("Page") {
        return Err(BadJob("not a Page"));
    }
    let ap_id = str_of(page, "id").ok_or(BadJob("no id"))?.to_owned();
    let title = str_of(page, "name").and_then(|n| one_line(n, 200)).ok_or(BadJob("no name"))?;
    let content = page
        .get("content")
        .and_then(Value::as_str)
        .or_else(|| page.get("contentMap").and_then(Value::as_object).and_then(|m| m.values().find_map(Value::as_str)))
        .unwrap_or_default();
    let lang = main_language(page, "contentMap", content);
    let employment_type = page
        .get("coopfed:employmentType")
        .and_then(Value::as_str)
        .filter(|t| coopfed_service::jobs::EMPLOYMENT_TYPES.contains(t))
        .map(str::to_owned)
        .or_else(|| {
            schema(page, "employmentType")
                .and_then(Value::as_str)
                .and_then(from_schema_employment_type)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "full_time".into());
    let posted_on = date_of(schema(page, "datePosted")).or_else(|| date_of(page.get("published"))).unwrap_or(today);
    let valid_through = date_of(schema(page, "validThrough")).unwrap_or(posted_on + chrono::Duration::days(30));
    let location = schema(page, "jobLocation");
    let contact = schema(page, "applicationContact");
    let salary = schema(page, "baseSalary").and_then(|amount| {
        let value = schema(amount, "value")?;
        let currency = schema(amount, "currency")?.as_str()?.to_owned();
        let min = schema(value, "minValue")?.as_f64()?;
        let max = schema(value, "maxValue")?.as_f64()?;
        let period = schema(value, "unitText")?.as_str()?.to_lowercase();
        Some((min, max, currency, period))
    });
    let skills = skill_names(page);
    Ok(JobFields {
        salary,
        skills,
        ap_id,
        author: page.get("attributedTo").and_then(id_of).map(str::to_owned),
        audience: page.get("audience").and_then(id_of).map(str::to_owned),
        addressed: ids_of(page.get("to")).into_iter().chain(ids_of(page.get("cc"))).map(str::to_owned).collect(),
        title,
        summary: str_of(page, "summary").and_then(plain_summary),
        content: crate::html::sanitize(content),
        translations: read_language_maps(page, &lang, [200, 500, 20_000]),
        lang,
        employment_type,
        remote: schema(page, "jobLocationType").and_then(Value::as_str) == Some("TELECOMMUTE"),
        posted_on,
        valid_through,
        city: location
            .and_then(|l| schema(l, "addressLocality").or_else(|| l.get("name")))
            .and_then(Value::as_str)
            .and_then(|c| one_line(c, 100)),
        country: location.and_then(|l| schema(l, "addressCountry")).and_then(Value::as_str).and_then(checked_country),
        apply_url: contact.and_then(|c| schema(c, "url")).and_then(Value::as_str).and_then(checked_url),
        apply_email: contact
            .and_then(|c| schema(c, "email"))
            .and_then(Value::as_str)
            .map(|e| e.trim().trim_start_matches("mailto:"))
            .filter(|e| coopfed_core::records::check_email(e).is_ok())
            .map(str::to_owned),
    })
}

/// A remote URL, kept only when it passes the checks of local input (an
/// http(s) URL with a host, at most 2,000 characters): no `javascript:`.
fn checked_url(url: &str) -> Option<String> {
    let url = url.trim();
    (url.len() <= 2000 && coopfed_core::records::check_url(url).is_ok()).then(|| url.to_owned())
}

/// A remote country, kept only as an ISO 3166-1 alpha-2 code.
fn checked_country(country: &str) -> Option<String> {
    let code = country.trim().to_ascii_uppercase();
    coopfed_core::codes::is_country(&code).then_some(code)
}

/// A remote one-line text: control characters (line breaks included) become
/// spaces, cut to `max` characters; empty gives nothing.
fn one_line(text: &str, max: usize) -> Option<String> {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect();
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

/// A remote summary (HTML in ActivityStreams) as the plain text every
/// summary is here, at most 500 characters.
fn plain_summary(html: &str) -> Option<String> {
    let cut: String = html.chars().take(5000).collect();
    let text: String =
        coopfed_core::text::plain(&cut).chars().filter(|c| !c.is_control() || *c == '\n').take(500).collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The fields of a remote job offer.
#[derive(Debug, Clone)]
pub struct JobFields {
    /// Salary: (min, max, currency, period in lower case).
    pub salary: Option<(f64, f64, String, String)>,
    /// Skill slugs as the sender named them (checked against our taxonomy by the caller).
    pub skills: Vec<String>,
    pub ap_id: String,
    pub author: Option<String>,
    pub audience: Option<String>,
    /// Every id in `to` and `cc`.
    pub addressed: Vec<String>,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub lang: String,
    /// The offer in other languages.
    pub translations: coopfed_core::translations::Translations,
    pub employment_type: String,
    pub remote: bool,
    pub posted_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub city: Option<String>,
    pub country: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
}

impl JobFields {
    /// Writes these fields over a row.
    pub fn apply_to(self, row: &mut JobRow) {
        row.title = self.title;
        row.summary = self.summary;
        row.content = self.content;
        row.lang = self.lang;
        row.translations = coopfed_core::translations::to_json(&self.translations);
        row.employment_type = self.employment_type;
        row.remote = self.remote;
        row.posted_on = self.posted_on;
        row.valid_through = self.valid_through;
        row.location_city = self.city;
        row.location_country = self.country;
        row.apply_url = self.apply_url;
        row.apply_email = self.apply_email;
        row.audience = self.audience;
        row.salary_min = self.salary.as_ref().map(|s| s.0);
        row.salary_max = self.salary.as_ref().map(|s| s.1);
        row.salary_currency = self.salary.as_ref().map(|s| s.2.clone());
        row.salary_period = self.salary.map(|s| s.3);
        row.updated_at = coopfed_db::now();
    }
}

/// The context of news (`Article`) and events (`Event`, Mobilizon-compatible).
pub fn announcement_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "mz": "https://joinmobilizon.org/ns#",
            "schema": "http://schema.org#",
            "coopfed": "https://coopfed.org/ns#",
            "timezone": { "@id": "mz:timezone", "@type": "schema:Text" },
            "isOnline": { "@id": "mz:isOnline", "@type": "schema:Boolean" },
            "address": { "@id": "schema:address", "@type": "schema:PostalAddress" },
            "PostalAddress": "schema:PostalAddress",
            "addressLocality": "schema:addressLocality",
            "addressCountry": "schema:addressCountry"
        }
    ])
}

/// An `Article` (news) or `Event`, without `@context`.
pub fn announcement_object(row: &coopfed_db::announcements::AnnouncementRow, author: &str, cc: &[String]) -> Value {
    let is_event = row.kind == coopfed_db::announcements::kind::EVENT;
    let mut object = json!({
        "id": row.ap_id,
        "type": if is_event { "Event" } else { "Article" },
        "name": row.title,
        "content": row.content,
        "mediaType": "text/html",
        "contentMap": { row.lang.clone(): row.content },
        "url": row.ap_id,
        "attributedTo": author,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": cc,
        "published": timestamp(row.published_at),
        "updated": timestamp(row.updated_at),
    });
    let Some(map) = object.as_object_mut() else { return object };
    if let Some(summary) = &row.summary {
        map.insert("summary".into(), Value::String(coopfed_core::text::escape(summary)));
    }
    if let Some(audience) = &row.audience {
        map.insert("audience".into(), Value::String(audience.clone()));
    }
    if is_event {
        if let Some(start) = row.starts_at {
            map.insert("startTime".into(), Value::String(timestamp(start)));
        }
        if let Some(end) = row.ends_at {
            map.insert("endTime".into(), Value::String(timestamp(end)));
        }
        if let Some(zone) = &row.timezone {
            map.insert("timezone".into(), Value::String(zone.clone()));
        }
        map.insert("isOnline".into(), Value::Bool(row.location_name.is_none() && row.location_city.is_none()));
        if row.location_name.is_some() || row.location_city.is_some() {
            let mut address = Map::new();
            address.insert("type".into(), Value::String("PostalAddress".into()));
            if let Some(city) = &row.location_city {
                address.insert("addressLocality".into(), Value::String(city.clone()));
            }
            if let Some(country) = &row.location_country {
                address.insert("addressCountry".into(), Value::String(country.clone()));
            }
            let name = row.location_name.clone().or_else(|| row.location_city.clone()).unwrap_or_default();
            map.insert("location".into(), json!({ "type": "Place", "name": name, "address": address }));
        }
        if let Some(online) = &row.online_url {
            map.insert("attachment".into(), json!([{ "type": "Link", "name": "Online", "href": online }]));
            map.insert("coopfed:onlineUrl".into(), Value::String(online.clone()));
        }
    }
    object
}

/// The fields of a remote `Article`, `Note` (news) or `Event`.
#[derive(Debug, Clone)]
pub struct AnnouncementFields {
    pub ap_id: String,
    pub kind: &'static str,
    pub author: Option<String>,
    pub audience: Option<String>,
    pub addressed: Vec<String>,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    pub lang: String,
    pub published_at: Option<chrono::NaiveDateTime>,
    pub starts_at: Option<chrono::NaiveDateTime>,
    pub ends_at: Option<chrono::NaiveDateTime>,
    pub timezone: Option<String>,
    pub location_name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub online_url: Option<String>,
}

fn datetime_of(value: Option<&Value>) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(value?.as_str()?).ok().map(|t| t.naive_utc())
}

/// Reads a remote `Article` or `Event` (a `Note` with a name counts as news).
pub fn announcement_from_object(object: &Value) -> Result<AnnouncementFields, BadJob> {
    let kind = match type_of(object) {
        Some("Event") => coopfed_db::announcements::kind::EVENT,
        Some("Article" | "Note") => coopfed_db::announcements::kind::NEWS,
        _ => return Err(BadJob("not an Article or Event")),
    };
    let ap_id = str_of(object, "id").ok_or(BadJob("no id"))?.to_owned();
    let title = str_of(object, "name").and_then(|n| one_line(n, 200)).ok_or(BadJob("no name"))?;
    let content = object
        .get("content")
        .and_then(Value::as_str)
        .or_else(|| {
            object.get("contentMap").and_then(Value::as_object).and_then(|m| m.values().find_map(Value::as_str))
        })
        .unwrap_or_default();
    let lang = object
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_else(|| "en".into());
    let location = object.get("location").filter(|l| l.is_object());
    let address = location.and_then(|l| l.get("address").or_else(|| l.get("schema:address")));
    let online_url = object.get("coopfed:onlineUrl").and_then(Value::as_str).and_then(checked_url).or_else(|| {
        ids_of(object.get("attachment"))
            .into_iter()
            .find_map(checked_url)
            .filter(|_| object.get("isOnline").and_then(Value::as_bool).unwrap_or(location.is_none()))
    });
    Ok(AnnouncementFields {
        ap_id,
        kind,
        author: object.get("attributedTo").and_then(id_of).map(str::to_owned),
        audience: object.get("audience").and_then(id_of).map(str::to_owned),
        addressed: ids_of(object.get("to")).into_iter().chain(ids_of(object.get("cc"))).map(str::to_owned).collect(),
        title,
        summary: str_of(object, "summary").and_then(plain_summary),
        content: crate::html::sanitize(content),
        lang: lang.chars().take(8).collect(),
        published_at: datetime_of(object.get("published")),
        starts_at: datetime_of(object.get("startTime")),
        ends_at: datetime_of(object.get("endTime")),
        timezone: str_of(object, "timezone")
            .or_else(|| str_of(object, "mz:timezone"))
            .map(|z| z.chars().take(64).collect()),
        location_name: location.and_then(|l| str_of(l, "name")).and_then(|n| one_line(n, 200)),
        city: address
            .and_then(|a| str_of(a, "addressLocality").or_else(|| str_of(a, "schema:addressLocality")))
            .and_then(|c| one_line(c, 100)),
        country: address
            .and_then(|a| str_of(a, "addressCountry").or_else(|| str_of(a, "schema:addressCountry")))
            .and_then(checked_country),
        online_url,
    })
}

impl AnnouncementFields {
    /// Writes these fields over a row.
    pub fn apply_to(self, row: &mut coopfed_db::announcements::AnnouncementRow) {
        row.kind = self.kind.to_owned();
        row.title = self.title;
        row.summary = self.summary;
        row.content = self.content;
        row.lang = self.lang;
        if let Some(published) = self.published_at {
            row.published_at = published;
        }
        row.starts_at = self.starts_at;
        row.ends_at = self.ends_at;
        row.timezone = self.timezone;
        row.location_name = self.location_name;
        row.location_city = self.city;
        row.location_country = self.country;
        row.online_url = self.online_url;
        row.audience = self.audience;
        row.updated_at = coopfed_db::now();
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    #[test]
    fn remote_fields_are_checked_like_local_input() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let page = json!({
            "id": "https://evil.example/jobs/1",
            "type": "Page",
            "name": "Rust\rDTSTART:1",
            "summary": "<p>Great <img src=x onerror=alert(1)> job &amp; more</p>",
            "schema:applicationContact": { "schema:url": "javascript:alert(1)", "schema:email": "a@@b" },
            "schema:jobLocation": { "schema:addressLocality": "Paris\nX", "schema:addressCountry": "Evilland" },
        });
        let fields = job_from_page(&page, today).unwrap();
        assert_eq!(fields.title, "Rust DTSTART:1");
        assert_eq!(fields.summary.as_deref(), Some("Great  job & more"));
        assert_eq!((fields.apply_url, fields.apply_email, fields.country), (None, None, None));
        assert_eq!(fields.city.as_deref(), Some("Paris X"));
        let good = json!({
            "id": "https://ok.example/jobs/1",
            "type": "Page",
            "name": "Rust",
            "schema:applicationContact": { "schema:url": "https://ok.example/apply", "schema:email": "mailto:jobs@ok.example" },
            "schema:jobLocation": { "schema:addressCountry": "fr" },
        });
        let fields = job_from_page(&good, today).unwrap();
        assert_eq!(fields.apply_url.as_deref(), Some("https://ok.example/apply"));
        assert_eq!(fields.apply_email.as_deref(), Some("jobs@ok.example"));
        assert_eq!(fields.country.as_deref(), Some("FR"));

        let event = json!({
            "id": "https://evil.example/events/1",
            "type": "Event",
            "name": "Party",
            "isOnline": true,
            "coopfed:onlineUrl": "javascript:alert(1)",
            "attachment": [{ "type": "Link", "href": "data:text/html,x" }, { "type": "Link", "href": "https://meet.example/room" }],
        });
        let fields = announcement_from_object(&event).unwrap();
        assert_eq!(fields.online_url.as_deref(), Some("https://meet.example/room"));
        // A summary goes out as escaped HTML and comes back as the same text.
        let mut map = Map::new();
        let main = coopfed_core::translations::Translation { summary: Some("A < B & C".into()), ..Default::default() };
        add_language_maps(&mut map, "en", &main, &coopfed_core::translations::Translations::new());
        assert_eq!(map["summaryMap"]["en"], "A &lt; B &amp; C");
        assert_eq!(plain_summary("A &lt; B &amp; C").as_deref(), Some("A < B & C"));
    }

    #[test]
    fn language_maps_both_ways() {
        let mut object = Map::new();
        let main = coopfed_core::translations::Translation {
            title: Some("Developer".into()),
            summary: None,
            content: Some("<p>Join us</p>".into()),
        };
        let mut others = coopfed_core::translations::Translations::new();
        others.insert(
            "de".into(),
            coopfed_core::translations::Translation { title: Some("Entwickler:in".into()), ..Default::default() },
        );
        add_language_maps(&mut object, "en", &main, &others);
        let object = Value::Object(object);
        assert_eq!(object["nameMap"], json!({"en": "Developer", "de": "Entwickler:in"}));
        assert_eq!(object["contentMap"], json!({"en": "<p>Join us</p>"}));
        assert!(object.get("summaryMap").is_none());
        assert_eq!(main_language(&object, "contentMap", "<p>Join us</p>"), "en");
        let back = read_language_maps(&object, "en", [200, 500, 20_000]);
        assert_eq!(back, others);
        let hostile = json!({"contentMap": {"fr": "<script>x</script><p>Salut</p>", "zz": "no", "en": "main"}});
        let back = read_language_maps(&hostile, "en", [200, 500, 20_000]);
        assert_eq!(back.len(), 1);
        assert_eq!(back["fr"].content.as_deref(), Some("<p>Salut</p>"));
    }

    use super::*;

    #[test]
    fn skills_are_read_from_other_software_too() {
        let ours = json!({"coopfed:skills": ["rust"], "tag": [{"type": "Hashtag", "name": "#go"}]});
        assert_eq!(skill_names(&ours), ["rust"]);
        let theirs = json!({
            "tag": [{"type": "Hashtag", "name": "#Rust"}, {"type": "Mention", "name": "@a@b"}, {"type": "Hashtag", "name": "#Rust"}],
            "schema:skills": "Webentwicklung, PostgreSQL,  ",
        });
        assert_eq!(skill_names(&theirs), ["Webentwicklung", "PostgreSQL", "Rust"]);
        let single = json!({"tag": {"type": "Hashtag", "name": "#django"}});
        assert_eq!(skill_names(&single), ["django"]);
        let taxonomy = coopfed_core::skills::Taxonomy::builtin();
        assert_eq!(taxonomy.known_slugs(&skill_names(&theirs)), ["web-development", "postgresql", "rust"]);
        // Hashtags cannot hold spaces or hyphens: ours and others' still match.
        let tags = json!({"tag": [{"type": "Hashtag", "name": "#WebDevelopment"}, {"type": "Hashtag", "name": "#webdevelopment"}]});
        assert_eq!(taxonomy.known_slugs(&skill_names(&tags)), ["web-development"]);
    }

    #[test]
    fn pages_round_trip() {
        let job = JobRow {
            title: "Rust developer".into(),
            summary: Some("Build federation".into()),
            content: "<p>Hi</p>".into(),
            employment_type: "freelance".into(),
            remote: true,
            valid_through: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            apply_url: Some("https://coop.example/apply".into()),
            publish_to_all: true,
            audience: Some("https://cotech.test/groups/jobs".into()),
            location_city: Some("Leeds".into()),
            location_country: Some("GB".into()),
            ..JobRow::new(
                "https://cotech.test/jobs/1".into(),
                "m".into(),
                true,
                NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            )
        };
        let page = job_page(&job, "https://cotech.test/members/outlandish", &["https://fr.test/groups/jobs".into()]);
        assert_eq!(page["schema:employmentType"], "CONTRACTOR");
        assert_eq!(page["schema:jobLocationType"], "TELECOMMUTE");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let fields = job_from_page(&page, today).unwrap();
        assert_eq!(fields.employment_type, "freelance");
        assert_eq!(fields.valid_through, job.valid_through);
        assert_eq!(fields.city.as_deref(), Some("Leeds"));
        assert_eq!(fields.apply_url, job.apply_url);
        assert!(fields.addressed.contains(&"https://fr.test/groups/jobs".to_owned()));
        assert_eq!(fields.author.as_deref(), Some("https://cotech.test/members/outlandish"));
        // Compacted forms and unprefixed schema terms are read too.
        let compact = json!({"id": "x", "type": "Page", "name": "T", "employmentType": "INTERN", "to": "as:Public"});
        let fields = job_from_page(&compact, today).unwrap();
        assert_eq!(fields.employment_type, "internship");
        assert_eq!(fields.addressed, vec!["as:Public".to_owned()]);
    }
}
