//! What can be wrong with a field of a record or a form: one English sentence
//! for the API and the command line (`Display`), and a message id with its
//! arguments for the language files of the web interface (`message_id`,
//! `args`).

use std::fmt;

use crate::names::NameError;

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Required,
    NotText,
    Empty,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    ForbiddenCharacters,
    NotList,
    TooMany {
        max: usize,
    },
    EntryTooLong {
        max: usize,
    },
    NotTextList,
    Between {
        min: i64,
        max: i64,
    },
    NotWholeNumber,
    AtLeast {
        min: f64,
    },
    NotNumber,
    NotTrueOrFalse,
    NotMapping,
    NotHttpUrl,
    NotUrl,
    NotEmail,
    NotDate {
        text: String,
    },
    NotDateTime {
        text: String,
    },
    NotLanguage {
        code: String,
    },
    NotCountry {
        code: String,
    },
    NotCurrency {
        code: String,
    },
    NotTimeZone,
    /// `value` is not one of `allowed` (listed with commas).
    NotOneOf {
        value: String,
        allowed: String,
    },
    UnknownSkills {
        names: String,
    },
    UnknownSector {
        name: String,
    },
    UnknownMember {
        slug: String,
    },
    Name(NameError),
    /// A translation in the record's main language.
    MainLanguage {
        code: String,
    },
    TranslationNotMapping {
        code: String,
    },
    NotTranslatedField,
    TranslationEmpty {
        code: String,
    },
    MinAboveMax,
    LocationRequired,
    LocationShape,
    ExpiresBeforePosted,
    ApplyMissing,
    EndNotAfterStart,
    EventNeedsTimes,
    EventNeedsTimeZone,
    EventNeedsPlace,
    Coordinates,
    SocialLinks,
    WrongPassword,
    CurrentPasswordNeeded,
    /// A part of a nested field (like `city` of `location`) is wrong.
    Within {
        part: String,
        problem: Box<Problem>,
    },
    /// Anything else, in English only (checks of machine input that no form
    /// of the web interface can produce).
    Other(String),
}

impl Problem {
    /// The id of the message in the web interface's language files; `None`
    /// for [`Problem::Other`] (shown in English).
    pub fn message_id(&self) -> Option<&'static str> {
        use Problem::*;
        Some(match self {
            Required => "problem-required",
            NotText => "problem-not-text",
            Empty => "problem-empty",
            TooLong { .. } => "problem-too-long",
            TooShort { .. } => "problem-too-short",
            ForbiddenCharacters => "problem-forbidden-characters",
            NotList => "problem-not-list",
            TooMany { .. } => "problem-too-many",
            EntryTooLong { .. } => "problem-entry-too-long",
            NotTextList => "problem-not-text-list",
            Between { .. } => "problem-between",
            NotWholeNumber => "problem-not-whole-number",
            AtLeast { .. } => "problem-at-least",
            NotNumber => "problem-not-number",
            NotTrueOrFalse => "problem-not-true-or-false",
            NotMapping => "problem-not-mapping",
            NotHttpUrl => "problem-not-http-url",
            NotUrl => "problem-not-url",
            NotEmail => "problem-not-email",
            NotDate { .. } => "problem-not-date",
            NotDateTime { .. } => "problem-not-date-time",
            NotLanguage { .. } => "problem-not-language",
            NotCountry { .. } => "problem-not-country",
            NotCurrency { .. } => "problem-not-currency",
            NotTimeZone => "problem-not-time-zone",
            NotOneOf { .. } => "problem-not-one-of",
            UnknownSkills { .. } => "problem-unknown-skills",
            UnknownSector { .. } => "problem-unknown-sector",
            UnknownMember { .. } => "problem-unknown-member",
            Name(NameError::Empty) => "problem-empty",
            Name(NameError::TooLong { .. }) => "problem-too-long",
            Name(NameError::BadSlug) => "problem-bad-slug",
            Name(NameError::BadUsername) => "problem-bad-username",
            Name(NameError::Reserved) => "problem-reserved",
            Name(NameError::BadDomain) => "problem-bad-domain",
            MainLanguage { .. } => "problem-main-language",
            TranslationNotMapping { .. } => "problem-translation-not-mapping",
            NotTranslatedField => "problem-not-translated-field",
            TranslationEmpty { .. } => "problem-translation-empty",
            MinAboveMax => "problem-min-above-max",
            LocationRequired => "problem-location-required",
            LocationShape => "problem-location-shape",
            ExpiresBeforePosted => "problem-expires-before-posted",
            ApplyMissing => "problem-apply-missing",
            EndNotAfterStart => "problem-end-not-after-start",
            EventNeedsTimes => "problem-event-needs-times",
            EventNeedsTimeZone => "problem-event-needs-time-zone",
            EventNeedsPlace => "problem-event-needs-place",
            Coordinates => "problem-coordinates",
            SocialLinks => "problem-social-links",
            WrongPassword => "problem-wrong-password",
            CurrentPasswordNeeded => "problem-current-password-needed",
            Within { .. } => "problem-within",
            Other(_) => return None,
        })
    }

    /// The arguments of the message: texts, and numbers (which the web
    /// interface formats in the reader's language). `Within` gives its part;
    /// its inner problem is put in by the caller (`inner`).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use Problem::*;
        match self {
            TooLong { max } | TooMany { max } | EntryTooLong { max } | Name(NameError::TooLong { max }) => {
                vec![("max", Arg::Number(*max as f64))]
            }
            TooShort { min } => vec![("min", Arg::Number(*min as f64))],
            Between { min, max } => vec![("min", Arg::Number(*min as f64)), ("max", Arg::Number(*max as f64))],
            AtLeast { min } => vec![("min", Arg::Number(*min))],
            NotDate { text } | NotDateTime { text } => vec![("value", Arg::Text(text.clone()))],
            NotLanguage { code }
            | NotCountry { code }
            | NotCurrency { code }
            | MainLanguage { code }
            | TranslationNotMapping { code }
            | TranslationEmpty { code } => vec![("value", Arg::Text(code.clone()))],
            NotOneOf { value, allowed } => {
                vec![("value", Arg::Text(value.clone())), ("allowed", Arg::Text(allowed.clone()))]
            }
            UnknownSkills { names } => vec![("value", Arg::Text(names.clone()))],
            UnknownSector { name } => vec![("value", Arg::Text(name.clone()))],
            UnknownMember { slug } => vec![("value", Arg::Text(slug.clone()))],
            Within { part, .. } => vec![("part", Arg::Text(part.clone()))],
            _ => Vec::new(),
        }
    }

    /// The problem inside a [`Problem::Within`].
    pub fn inner(&self) -> Option<&Problem> {
        match self {
            Problem::Within { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// One problem of every kind (for checking that every language has a
    /// message for each).
    pub fn examples() -> Vec<Problem> {
        use Problem::*;
        let code = || "xx".to_owned();
        let mut all = vec![
            Required,
            NotText,
            Empty,
            TooLong { max: 200 },
            TooShort { min: 12 },
            ForbiddenCharacters,
            NotList,
            TooMany { max: 50 },
            EntryTooLong { max: 100 },
            NotTextList,
            Between { min: 1, max: 10_000 },
            NotWholeNumber,
            AtLeast { min: 0.0 },
            NotNumber,
            NotTrueOrFalse,
            NotMapping,
            NotHttpUrl,
            NotUrl,
            NotEmail,
            NotDate { text: "2027-13-01".into() },
            NotDateTime { text: "tomorrow".into() },
            NotLanguage { code: code() },
            NotCountry { code: code() },
            NotCurrency { code: code() },
            NotTimeZone,
            NotOneOf { value: "x".into(), allowed: "a, b".into() },
            UnknownSkills { names: "knitting".into() },
            UnknownSector { name: "knitting".into() },
            UnknownMember { slug: "nobody".into() },
            MainLanguage { code: code() },
            TranslationNotMapping { code: code() },
            NotTranslatedField,
            TranslationEmpty { code: code() },
            MinAboveMax,
            LocationRequired,
            LocationShape,
            ExpiresBeforePosted,
            ApplyMissing,
            EndNotAfterStart,
            EventNeedsTimes,
            EventNeedsTimeZone,
            EventNeedsPlace,
            Coordinates,
            SocialLinks,
            WrongPassword,
            CurrentPasswordNeeded,
            Within { part: "city".into(), problem: Box::new(Required) },
        ];
        all.extend(
            [
                NameError::Empty,
                NameError::TooLong { max: 64 },
                NameError::BadSlug,
                NameError::BadUsername,
                NameError::Reserved,
                NameError::BadDomain,
            ]
            .map(Name),
        );
        all
    }
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            Required => f.write_str("is required"),
            NotText => f.write_str("must be text"),
            Empty => f.write_str("must not be empty"),
            TooLong { max } => write!(f, "is too long (at most {max} characters)"),
            TooShort { min } => write!(f, "must be at least {min} characters long"),
            ForbiddenCharacters => f.write_str("contains control or text-direction characters"),
            NotList => f.write_str("must be a list"),
            TooMany { max } => write!(f, "has too many entries (at most {max})"),
            EntryTooLong { max } => {
                write!(f, "has an entry that is too long or holds control characters (at most {max} characters)")
            }
            NotTextList => f.write_str("must be a list of texts"),
            Between { min, max } => write!(f, "must be between {min} and {max}"),
            NotWholeNumber => f.write_str("must be a whole number"),
            AtLeast { min } => write!(f, "must be at least {min}"),
            NotNumber => f.write_str("must be a number"),
            NotTrueOrFalse => f.write_str("must be true or false"),
            NotMapping => f.write_str("must be a mapping"),
            NotHttpUrl => f.write_str("must be an http(s) URL"),
            NotUrl => f.write_str("is not a valid URL"),
            NotEmail => f.write_str("is not a valid e-mail address"),
            NotDate { text } => write!(f, "`{text}` is not a valid date (YYYY-MM-DD)"),
            NotDateTime { text } => {
                write!(f, "`{text}` is not a date-time with a UTC offset, like 2027-01-29T10:00:00+00:00")
            }
            NotLanguage { code } => write!(f, "`{}` is not an ISO 639-1 language code", code.escape_debug()),
            NotCountry { code } => write!(f, "country `{code}` must be an ISO 3166-1 alpha-2 code, like `NL`"),
            NotCurrency { code } => write!(f, "currency `{code}` is not an ISO 4217 code, like `EUR`"),
            NotTimeZone => f.write_str("must be an IANA time zone, like `Europe/Paris`"),
            NotOneOf { value, allowed } => write!(f, "`{value}` must be one of {allowed}"),
            UnknownSkills { names } => write!(f, "unknown skill {names}"),
            UnknownSector { name } => write!(f, "unknown sector `{name}`"),
            UnknownMember { slug } => write!(f, "no member co-op `{slug}`"),
            Name(error) => write!(f, "{error}"),
            MainLanguage { code } => write!(f, "`{code}` is the main language (`lang`)"),
            TranslationNotMapping { code } => write!(f, "`{code}` must be a mapping of title, summary and description"),
            NotTranslatedField => f.write_str("is not a translated field (title, summary and the text)"),
            TranslationEmpty { code } => write!(f, "`{code}` gives no text"),
            MinAboveMax => f.write_str("min must not be more than max"),
            LocationRequired => f.write_str("is required (`remote` or a city and country)"),
            LocationShape => f.write_str("must be `remote` or a mapping with city and country"),
            ExpiresBeforePosted => f.write_str("must not be before posted"),
            ApplyMissing => f.write_str("give an application URL (apply_url) or e-mail address (apply_email)"),
            EndNotAfterStart => f.write_str("must be after start"),
            EventNeedsTimes => f.write_str("an event needs start and end"),
            EventNeedsTimeZone => f.write_str("an event needs the IANA time zone of its place"),
            EventNeedsPlace => f.write_str("an event needs a location or an online_url"),
            Coordinates => f.write_str("must be `{lat: -90…90, lon: -180…180}`"),
            SocialLinks => f.write_str("must be a list of http(s) URLs"),
            WrongPassword => f.write_str("is not right"),
            CurrentPasswordNeeded => f.write_str("is needed to change the password"),
            Within { part, problem } => write!(f, "{part}: {problem}"),
            Other(text) => f.write_str(text),
        }
    }
}

impl From<String> for Problem {
    fn from(text: String) -> Self {
        Problem::Other(text)
    }
}

impl From<&str> for Problem {
    fn from(text: &str) -> Self {
        Problem::Other(text.to_owned())
    }
}

impl From<NameError> for Problem {
    fn from(error: NameError) -> Self {
        Problem::Name(error)
    }
}
