//! The interface's languages: one Fluent message file per language under
//! `crates/web/locales/`, compiled into the binary. A request's language
//! comes from the `lang` cookie (set by the language switcher), then
//! `Accept-Language`, then the network's main language, then English.
//! Dates and numbers are written the way each language writes them.

use std::sync::OnceLock;

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};
use chrono::{Datelike, NaiveDate};
use coopfed_core::{problems, records::Problem};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};

use crate::AppState;

/// The cookie that remembers the reader's choice.
pub(crate) const LANG_COOKIE: &str = "lang";

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Nl,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Nl, Lang::Fr];

    /// ISO 639-1.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Nl => "nl",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Nl => "Nederlands",
            Lang::Fr => "Français",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::De => include_str!("../locales/de.ftl"),
            Lang::Nl => include_str!("../locales/nl.ftl"),
            Lang::Fr => include_str!("../locales/fr.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::De => 1,
            Lang::Nl => 2,
            Lang::Fr => 3,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 4] {
    static BUNDLES: OnceLock<[Bundle; 4]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(bundle))
}

/// One language's messages. The files are ours and checked by the tests; a
/// message that does not parse is left out (and shows as its key).
fn bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Our pages escape every value; the isolation marks would only show up
    // as stray characters in titles and attributes.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            tracing::error!(lang = lang.code(), ?errors, "a message file has errors");
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(lang = lang.code(), ?errors, "a message file repeats a message");
    }
    bundle
}

/// The messages of one request's language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with its variables.
    pub fn t_with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &bundles()[self.lang.index()];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = self.lang.code(), "a message is missing");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// What is wrong with a field, in this language (in English for the
    /// few problems that only machine input can cause).
    pub fn problem(&self, problem: &Problem) -> String {
        let Some(id) = problem.message_id() else { return problem.to_string() };
        let mut args: Vec<(&str, Arg)> = problem
            .args()
            .into_iter()
            .map(|(name, arg)| match arg {
                problems::Arg::Text(text) => (name, Arg::Text(text)),
                problems::Arg::Number(n) => (name, Arg::Text(self.number(n))),
            })
            .collect();
        if let Some(inner) = problem.inner() {
            args.push(("detail", Arg::Text(self.problem(inner))));
        }
        self.t_with(id, &args)
    }

    /// A day, as the language writes it (`4 December 2026`, `4. Dezember 2026`).
    pub fn date(&self, day: NaiveDate) -> String {
        let month = self.t(&format!("month-{}", day.month()));
        self.t_with(
            "date-long",
            &[
                ("day", Arg::Number(f64::from(day.day()))),
                ("month", Arg::Text(month)),
                ("year", Arg::Text(day.year().to_string())),
            ],
        )
    }

    /// A number with the language's grouping and decimal marks, and at most
    /// two decimals (`45,000.5`, `45.000,5`, `45 000,5`).
    pub fn number(&self, n: f64) -> String {
        let (group, decimal) = match self.lang {
            Lang::En => (",", "."),
            Lang::De | Lang::Nl => (".", ","),
            Lang::Fr => ("\u{202f}", ","),
        };
        let negative = n < 0.0;
        let cents = (n.abs() * 100.0).round();
        // Amounts shown here are salaries: far below 2^53.
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "rounded, non-negative, bounded")]
        let cents = cents.min(9e15) as u64;
        let (whole, fraction) = (cents / 100, cents % 100);
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
        let sign = if negative { "-" } else { "" };
        match fraction {
            0 => format!("{sign}{grouped}"),
            f if f % 10 == 0 => format!("{sign}{grouped}{decimal}{}", f / 10),
            f => format!("{sign}{grouped}{decimal}{f:02}"),
        }
    }
}

/// A value for a message's variable.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "counts shown on pages")]
        Arg::Number(n as f64)
    }
}

/// The language of a request: the reader's choice (cookie), else the first
/// of `Accept-Language` we speak, else `fallback`.
pub fn negotiate(headers: &HeaderMap, fallback: &str) -> Lang {
    if let Some(chosen) = crate::auth::cookie(headers, LANG_COOKIE).as_deref().and_then(Lang::from_code) {
        return chosen;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut ranked: Vec<(f32, usize, Lang)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(position, item)| {
            let mut parts = item.split(';');
            let lang = Lang::from_code(parts.next()?)?;
            let quality =
                parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (quality > 0.0).then_some((quality, position, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2).or_else(|| Lang::from_code(fallback)).unwrap_or(Lang::En)
}

impl FromRequestParts<AppState> for Tr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Tr::new(negotiate(&parts.headers, state.language())))
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let resource = FluentResource::try_new(lang.source().to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{}.ftl does not parse: {errors:?}", lang.code()));
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_message() {
        let english = keys(Lang::En);
        for lang in Lang::ALL {
            let theirs = keys(lang);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
            assert!(extra.is_empty(), "{}.ftl has messages English lacks: {extra:?}", lang.code());
        }
    }

    /// Every key the pages ask for (`t("…")`, `t_with("…"`) is in the files.
    #[test]
    fn every_message_used_exists() {
        let english = keys(Lang::En);
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for marker in [".t(\"", ".t_with(\""] {
                        for piece in text.split(marker).skip(1) {
                            if let Some(key) = piece.split('"').next() {
                                used.insert(key.to_owned());
                            }
                        }
                    }
                }
            }
        }
        let missing: Vec<_> = used.iter().filter(|k| !english.contains(*k)).collect();
        assert!(missing.is_empty(), "messages used but not defined: {missing:?}");
        assert!(used.len() > 50, "the scan found the pages' messages");
    }

    /// Every problem a form can show has its message in every language, with
    /// every argument filled in.
    #[test]
    fn every_problem_has_a_message() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for problem in Problem::examples() {
                let id = problem.message_id().unwrap();
                let text = tr.problem(&problem);
                assert!(
                    text != id && !text.contains("{$") && !text.contains('{'),
                    "{}: {id} gives {text}",
                    lang.code()
                );
            }
        }
        assert_eq!(Tr::new(Lang::De).problem(&Problem::TooLong { max: 20_000 }), "Zu lang: höchstens 20.000 Zeichen.");
        let nested = Problem::Within { part: "city".into(), problem: Box::new(Problem::Required) };
        assert_eq!(Tr::new(Lang::Fr).problem(&nested), "city : Ce champ est obligatoire.");
        assert_eq!(Tr::new(Lang::Nl).problem(&Problem::Other("is odd".into())), "is odd");
    }

    #[test]
    fn languages_come_from_the_cookie_then_the_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(negotiate(&headers, "nl"), Lang::Nl);
        headers.insert(header::ACCEPT_LANGUAGE, "es, fr-BE;q=0.8, de;q=0.9".parse().unwrap());
        assert_eq!(negotiate(&headers, "nl"), Lang::De);
        headers.insert(header::COOKIE, "lang=fr".parse().unwrap());
        assert_eq!(negotiate(&headers, "nl"), Lang::Fr);
    }

    #[test]
    fn dates_and_numbers_per_language() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(Tr::new(Lang::En).date(day), "4 December 2026");
        assert_eq!(Tr::new(Lang::De).date(day), "4. Dezember 2026");
        assert_eq!(Tr::new(Lang::Nl).date(day), "4 december 2026");
        assert_eq!(Tr::new(Lang::Fr).date(day), "4 décembre 2026");
        assert_eq!(Tr::new(Lang::Fr).date(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()), "1er décembre 2026");
        assert_eq!(Tr::new(Lang::Fr).t_with("count-coops", &[("count", Arg::from(0))]), "aucune coopérative");
        assert_eq!(Tr::new(Lang::En).number(45000.0), "45,000");
        assert_eq!(Tr::new(Lang::De).number(1234567.5), "1.234.567,5");
        assert_eq!(Tr::new(Lang::Fr).number(52.25), "52,25");
    }
}
