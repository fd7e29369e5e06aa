//! What can go wrong behind a screen, as one type: the domain's refusals, the store's
//! failures, and the app's own business refusals. A screen never panics on one; the
//! router shows it in the status line and the screen stays as it was.

use crate::domain::MoneyError;
use crate::domain::sale::{SaleError, TenderError};
use crate::store::StoreError;
use crate::store::sales::CommitError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Sale(#[from] SaleError),
    #[error(transparent)]
    Tender(#[from] TenderError),
    #[error("Amount: {0}")]
    Money(#[from] MoneyError),
    #[error("{0}")]
    Adjust(#[from] crate::domain::pricing::adjust::AdjustError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", describe_commit_error(.0))]
    Commit(#[from] CommitError),
    #[error("receipt for invoice {invoice}: {source}")]
    Receipt {
        invoice: i64,
        source: std::io::Error,
    },
    #[error("the copy could not be printed: {0}")]
    Reprint(std::io::Error),
    #[error("quote {number} was kept but could not be printed: {source}")]
    Quote { number: i64, source: std::io::Error },
    /// A report could not be read or laid out.
    #[error("{0}")]
    Report(String),
    #[error("{0} is for managers: sign in as a manager")]
    ManagersOnly(&'static str),
    #[error("A cash sale cannot become a customer order: Change Bill To (b) first")]
    CashSaleCannotOrder,
    #[error("No pending order holds committed units of this product here")]
    NothingToRelease,
    #[error("{field} is required")]
    Required { field: &'static str },
    #[error("{label} {source}")]
    BadCount { label: String, source: SaleError },
    #[error("Quantity '{0}': a whole number from -1,000,000 to 1,000,000, not 0")]
    BadReceiveQuantity(String),
    #[error("A sale is in progress: finish, park or void it before signing out")]
    SignOutWithSale,
    #[error("Type your user name")]
    NoUserName,
    #[error("No user named '{0}'")]
    UnknownUser(String),
    #[error("{0} is locked out for a minute after three wrong PINs")]
    LockedOut(String),
    #[error("{0} is disabled: a manager can enable them with `ringup user enable`")]
    Disabled(String),
    #[error("Wrong PIN for {name}: {attempts_left} more tries before a minute's lock-out")]
    WrongPin { name: String, attempts_left: i64 },
    #[error("{0} is not a manager")]
    NotAManager(String),
    #[error(
        "Approval refused: {why}; {tries_left} more tries before approvals lock on this terminal for a minute"
    )]
    ApprovalRefused { why: String, tries_left: i64 },
    #[error(
        "Approvals are locked on this terminal after three refusals: try again in {seconds} s (the manager can still sign in)"
    )]
    ApprovalLocked { seconds: u64 },
}

/// What the clerk reads when a sale could not be written: nothing was, and the sale is
/// still on screen. The store reports a database failure as one variant; a busy or full
/// database is described with it rather than by its SQLite code.
fn describe_commit_error(e: &CommitError) -> String {
    match e {
        CommitError::Store(StoreError::Sqlite(source)) => format!(
            "the database could not be written ({source}); nothing was written, the sale is still here: press F10 to try again"
        ),
        other => format!("{other}; nothing was written, the sale is still here"),
    }
}

impl From<crate::domain::returns::PickError> for Error {
    fn from(e: crate::domain::returns::PickError) -> Self {
        Error::Store(e.into())
    }
}
