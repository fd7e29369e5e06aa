//! The store's errors: the database's, and the refusals a caller can match.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The server's own words (not a `source`: the driver's wrapping says them twice).
    #[error("database: {}", postgres_message(.0))]
    Postgres(postgres::Error),
    #[error("database: the query found no row")]
    NoRows,
    #[error("stored value in column {index} cannot be read: {reason}")]
    Column { index: usize, reason: String },
    #[error(
        "the database {path} was written by a newer ringup (schema version {found}, this ringup knows up to {known}); upgrade ringup to open it"
    )]
    TooNew {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("cannot create the directory for {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the database is busy: another terminal or job held it for more than {seconds} s; nothing was written, try again"
    )]
    Busy { seconds: u64 },
    #[error("cannot make {path} private to this user: {source}")]
    Private {
        path: String,
        source: std::io::Error,
    },
    #[error("unknown SKU or barcode '{0}'")]
    UnknownSku(String),
    #[error("unknown customer account '{0}'")]
    UnknownCustomer(String),
    #[error(transparent)]
    Payment(#[from] crate::domain::payment::PaymentError),
    #[error("{field} = '{value}': {reason}")]
    BadInput {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("{path} is not a ringup database: {reason}; nothing was changed")]
    NotAStore { path: String, reason: String },
    /// Nothing at the path: only `init` and `--demo` make a store.
    #[error(
        "no database at {path} (create one with `ringup init` or `ringup --demo`); nothing was created"
    )]
    NoStore { path: String },
    /// A store that this user may not write to; it is left as it is.
    #[error(
        "the database {path} is read-only ({why}); ringup does not make it writable and changed nothing (`ringup check` reads it as it is)"
    )]
    ReadOnly { path: String, why: String },
    /// A store whose tables are not those its schema version says.
    #[error(
        "the database {path} says schema version {found}, but bringing it up to version {known} failed ({reason}): it was not written by a ringup of version {found}; nothing was changed"
    )]
    Migration {
        path: String,
        found: u32,
        known: u32,
        reason: String,
    },
    #[error(
        "the database {path} has schema version {found} and this ringup writes {known}; open it with ringup once to bring it up to date, then check it"
    )]
    TooOld {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("stored value in {column} is not valid: '{value}'")]
    Corrupt { column: &'static str, value: String },
    /// The policy asks a manager to approve this; nothing was written.
    #[error("{}; nothing was written", .0.why)]
    NeedsApproval(crate::domain::policy::Approve),
    /// The policy refuses this, whoever asks; nothing was written.
    #[error("{0}; nothing was written")]
    Refused(String),
}

impl From<crate::domain::stock::QuantityError> for StoreError {
    fn from(e: crate::domain::stock::QuantityError) -> Self {
        StoreError::bad_input(e.field, e.text, e.problem.reason())
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}

/// Checks free text before it is written, by the one rule of all free text (see
/// [`crate::domain::text`]): a refusal names the field and quotes the start of the value.
pub fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    crate::domain::text::check_text(value, max)
        .map_err(|why| StoreError::bad_input(field, crate::domain::text::excerpt(value), why))
}

impl StoreError {
    pub fn bad_input(field: &'static str, value: impl ToString, reason: impl ToString) -> Self {
        StoreError::BadInput {
            field,
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// True when another connection held the write lock past the busy timeout.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            StoreError::Postgres(e) => {
                e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
            }
            _ => false,
        }
    }

    /// True when SQLite found the file itself damaged (a corrupt page, not a database).
    pub fn is_damaged(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        )
    }

    /// True when the store named could not be opened as it is (none there, not a store, of
    /// another version, read-only): the caller named the wrong thing, and nothing changed.
    pub fn is_unusable_store(&self) -> bool {
        matches!(
            self,
            StoreError::NoStore { .. }
                | StoreError::NotAStore { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::TooNew { .. }
                | StoreError::Migration { .. }
        )
    }

    /// True when the error is the caller's input rather than the database's state.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::UnknownSku(_)
                | StoreError::UnknownCustomer(_)
                | StoreError::NeedsApproval(_)
                | StoreError::Refused(_)
                | StoreError::Payment(_)
                | StoreError::BadInput { .. }
        )
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A single row that may be missing: [`StoreError::NoRows`] becomes `None`.
pub(crate) fn optional<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NoRows) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What the server said, without the driver's wrapping ("db error: ERROR: …").
fn postgres_message(e: &postgres::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(db) = err.downcast_ref::<postgres::error::DbError>() {
            return match db.detail() {
                Some(detail) => format!("{} ({detail})", db.message()),
                None => db.message().to_string(),
            };
        }
        source = err.source();
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text = format!("{text}: {c}");
        cause = c.source();
    }
    text
}
