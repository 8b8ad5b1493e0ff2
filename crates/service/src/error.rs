use coopfed_db::DbError;

/// Why a use-case failed. `Invalid`, `NotFound`, `Conflict`, `Unauthorized` and
/// `Forbidden` carry messages fit for the user; the rest are internal.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A field of the input is wrong.
    #[error("{field}: {problem}")]
    Invalid { field: &'static str, problem: coopfed_core::records::Problem },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// Missing or wrong credentials.
    #[error("authentication required")]
    Unauthorized,
    /// Authenticated, but not allowed.
    #[error("not allowed")]
    Forbidden,
    /// Too many attempts: try again after this many seconds.
    #[error("too many attempts; retry in {0} s")]
    TooMany(u64),
    /// Too busy right now (e.g. every password check slot is taken).
    #[error("busy; retry shortly")]
    Busy,
    /// The stored instance does not match the configuration.
    #[error("{0}")]
    Setup(String),
    #[error("cryptography failed: {0}")]
    Crypto(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ServiceError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Db(error.into())
    }
}

impl ServiceError {
    /// A field is wrong in a way no form of the web interface can cause
    /// (its message stays English there).
    pub fn invalid(field: &'static str, message: impl ToString) -> Self {
        Self::Invalid { field, problem: coopfed_core::records::Problem::Other(message.to_string()) }
    }

    /// A field is wrong.
    pub fn problem(field: &'static str, problem: impl Into<coopfed_core::records::Problem>) -> Self {
        Self::Invalid { field, problem: problem.into() }
    }
}
