//! Pieces several pages share: form fields, pagers, skill chips, the
//! address of a network, texts in the reader's language.

use coopfed_core::{skills::Taxonomy, translations::Translations};
use maud::{Markup, PreEscaped, html};

use crate::i18n::{Arg, Tr};

/// `text` for a query string value.
pub(crate) fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A query string from pairs, leaving out empty values.
pub(crate) fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", query_escape(v))))
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// The link to the page after `before` of a listing newest first: its
/// filters (`pairs`), the page size asked for, and the cursor.
pub(crate) fn next_page(path: &str, filters: Vec<(&str, Option<&str>)>, limit: Option<i64>, before: &str) -> String {
    let limit = limit.map(|n| n.to_string());
    let mut pairs: Vec<(&str, Option<&str>)> = filters;
    pairs.push(("limit", limit.as_deref()));
    pairs.push(("before", Some(before)));
    format!("{path}{}", query_string(&pairs))
}

/// A listing's filter form: the main filters always shown, the others in a
/// disclosure, open when one of them is set or wrong, so that a phone shows
/// the results without scrolling past every filter.
pub(crate) fn filter_form(tr: &Tr, action: &str, label: &str, main: Markup, more: Markup, open: bool) -> Markup {
    html! {
        form.filters method="get" action=(action) role="search" aria-label=(label) {
            (main)
            details.more-filters open[open] {
                summary { (tr.t("filter-more")) }
                (more)
            }
            div.actions {
                button type="submit" { (tr.t("filter-apply")) }
                " " a href=(action) { (tr.t("filter-reset")) }
            }
        }
    }
}

/// Whether any of the values is given (not empty).
pub(crate) fn any_given(values: &[&Option<String>]) -> bool {
    values.iter().any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
}

/// A labelled text input of a GET filter form; `error` shows beside it.
pub(crate) fn text_field(id: &str, label: &str, value: Option<&str>, error: Option<&str>) -> Markup {
    let error_id = format!("{id}-error");
    html! {
        div.field {
            label for=(id) { (label) }
            input type="text" id=(id) name=(id) value=[value]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
            @if let Some(error) = error {
                p.error id=(error_id) { (error) }
            }
        }
    }
}

/// A labelled select; `options` are (value, label); the first option is
/// "any" (empty value); `error` shows beside it.
pub(crate) fn select_field(
    tr: &Tr,
    id: &str,
    label: &str,
    value: Option<&str>,
    options: &[(String, String)],
    error: Option<&str>,
) -> Markup {
    let error_id = format!("{id}-error");
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                option value="" { (tr.t("filter-any")) }
                @for (option, text) in options {
                    option value=(option) selected[value == Some(option.as_str())] { (text) }
                }
            }
            @if let Some(error) = error {
                p.error id=(error_id) { (error) }
            }
        }
    }
}

/// "Next page" (keyset paging keeps the filters).
pub(crate) fn pager(tr: &Tr, next: Option<String>) -> Markup {
    html! {
        @if let Some(next) = next {
            nav.pager aria-label=(tr.t("pager-label")) {
                a rel="next" href=(next) { (tr.t("pager-next")) }
            }
        }
    }
}

/// Skills as links back to a filtered listing (`base` is `/jobs` or
/// `/members`), labelled in the reader's language.
pub(crate) fn skill_chips(tr: &Tr, taxonomy: &Taxonomy, skills: &[String], base: &str) -> Markup {
    html! {
        @if !skills.is_empty() {
            ul.chips {
                @for slug in skills {
                    @let label = taxonomy.resolve(slug).map_or(slug.as_str(), |s| s.label(tr.lang.code()));
                    li { a href=(format!("{base}?skill={}", query_escape(slug))) { (label) } }
                }
            }
        }
    }
}

/// The host of an id (`https://cotech.example/groups/jobs` → `cotech.example`).
pub(crate) fn host_of(id: &str) -> String {
    url::Url::parse(id).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| id.to_owned())
}

/// A text in the reader's language where the record has it, else the
/// original; with the language it is in.
pub(crate) struct Localized<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    /// Sanitised HTML.
    pub content: &'a str,
    /// The language of the title.
    pub lang: &'a str,
    /// The languages of the summary and of the content: a translation may
    /// give some texts and leave the others in the original language.
    pub summary_lang: &'a str,
    pub content_lang: &'a str,
}

impl<'a> Localized<'a> {
    /// Texts all in the language `lang`.
    pub(crate) fn original(title: &'a str, summary: Option<&'a str>, content: &'a str, lang: &'a str) -> Self {
        Localized { title, summary, content, lang, summary_lang: lang, content_lang: lang }
    }
}

/// The texts in the reader's language where a translation gives them, each
/// marked with its language.
pub(crate) fn localized<'a>(tr: &Tr, original: Localized<'a>, translations: &'a Translations) -> Localized<'a> {
    let code = tr.lang.code();
    if original.lang == code {
        return original;
    }
    let Some(t) = translations.get(code) else { return original };
    let pick = |translated: Option<&'a String>, text: &'a str, lang: &'a str| match translated {
        Some(translated) => (translated.as_str(), code),
        None => (text, lang),
    };
    let (title, lang) = pick(t.title.as_ref(), original.title, original.lang);
    let (content, content_lang) = pick(t.content.as_ref(), original.content, original.content_lang);
    let (summary, summary_lang) = match (&t.summary, original.summary) {
        (Some(summary), _) => (Some(summary.as_str()), code),
        (None, summary) => (summary, original.summary_lang),
    };
    Localized { title, summary, content, lang, summary_lang, content_lang }
}

/// A link target from stored data, only when it is an http(s) address:
/// anything else (`javascript:`, `data:`) shows as text without a link.
pub(crate) fn web_address(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

/// A `mailto:` link target for a stored address (no header injection: the
/// address may not carry `?` or line breaks).
pub(crate) fn mail_address(email: &str) -> Option<String> {
    (email.contains('@') && !email.contains(['?', '\r', '\n', ' '])).then(|| format!("mailto:{email}"))
}

/// Sanitised HTML stored by coopfed, inserted as is.
pub(crate) fn stored_html(html: &str) -> PreEscaped<&str> {
    PreEscaped(html)
}

/// A country code as the reader's language names it.
pub(crate) fn country(tr: &Tr, code: &str) -> String {
    let key = format!("country-{}", code.to_ascii_lowercase());
    let name = tr.t(&key);
    if name == key { code.to_owned() } else { name }
}

/// "Leeds, United Kingdom", "Leeds", "United Kingdom", or nothing.
pub(crate) fn city_country(tr: &Tr, city: Option<&str>, code: Option<&str>) -> Option<String> {
    match (city, code) {
        (Some(city), Some(code)) => Some(format!("{city}, {}", country(tr, code))),
        (Some(city), None) => Some(city.to_owned()),
        (None, Some(code)) => Some(country(tr, code)),
        (None, None) => None,
    }
}

/// "3 co-ops", "1 job offer": counted nouns.
pub(crate) fn count(tr: &Tr, key: &str, n: usize) -> String {
    tr.t_with(key, &[("count", Arg::from(n))])
}

/// A fediverse handle with a button-like copy field (selectable text; no
/// script needed).
pub(crate) fn handle(tr: &Tr, label: &str, handle: &str) -> Markup {
    let id = format!("handle-{}", handle.trim_start_matches('@').replace(['@', '.'], "-"));
    html! {
        div.handle {
            label for=(id) { (label) }
            input id=(id) type="text" readonly value=(handle) title=(tr.t("handle-copy"));
        }
    }
}

/// A form of one button that posts `fields` (and the CSRF token) to
/// `action`; `label` names what it does for screen readers (it starts with
/// the button's `text`).
pub(crate) fn post_button(csrf: &str, action: &str, fields: &[(&str, &str)], text: &str, label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            @for (name, value) in fields { input type="hidden" name=(name) value=(value); }
            button type="submit" aria-label=(label) { (text) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(web_address("https://coop.example/jobs"), Some("https://coop.example/jobs"));
        assert_eq!(web_address("HTTP://coop.example/"), Some("HTTP://coop.example/"));
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address(" data:text/html,x"), None);
        assert_eq!(mail_address("jobs@coop.example").as_deref(), Some("mailto:jobs@coop.example"));
        assert_eq!(mail_address("a@b.example?bcc=x@y.example"), None);
        assert_eq!(query_escape("/jobs?skill=a b&x"), "/jobs%3Fskill%3Da%20b%26x");
    }

    #[test]
    fn each_text_keeps_its_own_language() {
        let mut translations = Translations::new();
        translations.insert(
            "de".into(),
            coopfed_core::translations::Translation { title: Some("Entwickler:in".into()), ..Default::default() },
        );
        let original = Localized::original("Developer", Some("Join us"), "<p>Text</p>", "en");
        let shown = localized(&Tr::new(crate::i18n::Lang::De), original, &translations);
        assert_eq!((shown.title, shown.lang), ("Entwickler:in", "de"));
        assert_eq!((shown.summary, shown.summary_lang), (Some("Join us"), "en"));
        assert_eq!((shown.content, shown.content_lang), ("<p>Text</p>", "en"));
        let original = Localized::original("Developer", None, "", "en");
        assert_eq!(localized(&Tr::new(crate::i18n::Lang::Fr), original, &translations).lang, "en");
    }
}
