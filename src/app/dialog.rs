//! Small yes/no questions stacked over a screen.

/// What happens when the user answers yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Quit although a sale is on screen.
    QuitLosingSale,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDialog {
    pub title: String,
    pub question: String,
    pub on_yes: Confirmed,
}

impl ConfirmDialog {
    pub fn quit_losing_sale() -> ConfirmDialog {
        ConfirmDialog {
            title: "Quit".to_string(),
            question: "Quit and lose this sale? y/n".to_string(),
            on_yes: Confirmed::QuitLosingSale,
        }
    }
}
