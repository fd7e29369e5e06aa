//! What every screen and dialog is to the router: a [`Layer`] on a stack, like gitui's
//! popup stack. The layer on top gets each [`Action`] and answers with a [`Transition`];
//! a layer that closes may hand an [`Outcome`] to the one beneath.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::{Input, InputRequest};

use super::counter::Counter;
use super::draw::Ui;
use super::help::Help;
use super::keymap::{Action, Key, Keymap, Screen, TextEdit};
use super::{AppContext, AppError, Status, StatusKind};
use crate::domain::Customer;

/// One screen or dialog: its state, what its keys do, and how it is drawn.
pub trait Layer: Any {
    /// The part of the keymap that applies while this layer is on top.
    fn keys(&self) -> Screen;

    /// A short name: "sale", "tender", a choice's title... (for tests and logs).
    fn name(&self) -> String;

    /// Overlays are drawn over the layer beneath; full screens replace it.
    fn is_overlay(&self) -> bool {
        true
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError>;

    /// The layer above closed and handed back `outcome`.
    fn resume(&mut self, _ctx: &mut Ctx, _outcome: Outcome) -> Result<Transition, AppError> {
        Ok(Transition::Stay)
    }

    /// Time passed with no key (every few seconds while the terminal is idle), or the
    /// layer above closed with nothing to hand back: a screen that shows what other
    /// terminals change reads the store again, keeping its cursor and filter. Only the
    /// layer on top is told, so a dialog or a field being typed in is never disturbed.
    fn tick(&mut self, _ctx: &mut Ctx) -> Result<Transition, AppError> {
        Ok(Transition::Stay)
    }

    /// The lettered options, for dialogs that are a choice.
    fn choice(&self) -> Option<&super::choice::Choice> {
        None
    }

    /// The actions the footer shows at this moment, most important first; None: every
    /// hinted key of the screen, in keymap order.
    fn footer(&self, _app: &super::App) -> Option<&'static [Action]> {
        None
    }

    /// Draws the layer; returns where the text cursor belongs, if it has a field.
    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position>;

    fn as_any(&self) -> &dyn Any;
}

/// What the router does after a key.
pub enum Transition {
    Stay,
    Push(Box<dyn Layer>),
    /// Close this layer; the one beneath resumes with the outcome.
    Pop(Outcome),
    /// Close this layer and open another in its place.
    Replace(Box<dyn Layer>),
    /// Close every layer above the sale; the sale resumes with the outcome.
    ToSale(Outcome),
    Quit,
}

impl Transition {
    pub fn push(layer: impl Layer) -> Transition {
        Transition::Push(Box::new(layer))
    }

    pub fn replace(layer: impl Layer) -> Transition {
        Transition::Replace(Box::new(layer))
    }

    pub fn pop() -> Transition {
        Transition::Pop(Outcome::Nothing)
    }
}

/// What a closing layer hands to the one beneath.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Nothing,
    /// Put the sale's cursor on this line.
    Line(usize),
    /// Total the sale again (after clearing or filling the backorders).
    Total,
    /// Take payment for the sale; `creates_order`: the backorders become an order.
    Tender {
        creates_order: bool,
    },
    /// A manager approved by name and PIN.
    Approved(Approved),
    /// The Bill To changed (to this customer, or to a cash sale).
    BillTo,
    /// A customer was just created: bill to them.
    Created(Customer),
    /// Something beneath changed: read it again.
    Refresh,
    /// The user answered yes to a question this layer asked.
    Confirmed(super::confirm::Confirmed),
}

/// What a manager's approval lets happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approved {
    OverrideIgnore {
        line: usize,
    },
    OverrideRelease {
        line: usize,
    },
    FillAll,
    /// Put `amount` on account although it is over the customer's credit limit, making
    /// `on_account` in all on this sale (what the manager approves).
    OverCreditLimit {
        amount: crate::domain::Money,
        on_account: crate::domain::Money,
    },
    /// A price cut or discount beyond the configured limit.
    PriceChange,
    /// What the policy asked a manager to approve when the user committed; the layer
    /// beneath commits again with the approval.
    Policy(crate::domain::policy::Approve),
}

impl Approved {
    /// What the manager is asked to approve, as the policy names it.
    pub fn asks(&self) -> crate::domain::policy::Approve {
        use crate::domain::policy::Approve;
        let ask = |action, amount, why: &str| Approve {
            action,
            amount,
            why: why.to_string(),
        };
        match self {
            Approved::Policy(asked) => asked.clone(),
            Approved::OverrideIgnore { .. } | Approved::OverrideRelease { .. } => {
                ask("override", None, "an override of what is on the shelf")
            }
            Approved::FillAll => ask("override", None, "filling every backorder"),
            Approved::OverCreditLimit { on_account, .. } => ask(
                "over_credit_limit",
                Some(*on_account),
                "on account over the credit limit",
            ),
            Approved::PriceChange => ask("price_override", None, "a price cut beyond the limit"),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Approved::OverrideIgnore { .. } => "Override: deliver anyway",
            Approved::OverrideRelease { .. } => "Override: release from another order",
            Approved::FillAll => "Fill all backorders",
            Approved::OverCreditLimit { .. } => "Over the credit limit",
            Approved::PriceChange => "Price override or discount",
            Approved::Policy(asked) => policy_title(asked.action),
        }
    }
}

/// The approval dialog's title for what the policy asked.
fn policy_title(action: &str) -> &'static str {
    match action {
        "return_without_invoice" => "Return without an invoice",
        "return_over_limit" => "Return above the limit",
        "refund_other_way" => "Refund another way",
        "over_credit_limit" => "Over the credit limit",
        "credit_limit" => "Credit limit",
        "queue_jump" => "Release ahead of an older order",
        "due_date" => "Due date",
        "price_override" => "Price override or discount",
        _ => "A manager's work",
    }
}

/// What every layer may use: the counter (store, config, user, sale), the keymap, the
/// header, and the status line.
pub struct Ctx {
    pub counter: Counter,
    pub keymap: Keymap,
    pub context: AppContext,
    /// The manager who approved a decision in this sale by PIN.
    pub approved_by: Option<String>,
    /// Approvals refused on this terminal (never the manager's own sign-in).
    pub approval_lock: super::approval::ApprovalLock,
    /// The approvals managers gave in the flow under way (the store checks each against what
    /// it writes); cleared when the flow ends.
    pub approvals: Vec<crate::store::policy::Approval>,
    pub(crate) status: Option<Status>,
}

impl Ctx {
    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    /// A manager approved a decision on the sale under way: the approval stays with the
    /// sale until it is written (the store checks it there). Returns who approved.
    pub fn sale_approver(&mut self) -> String {
        self.counter.approvals.append(&mut self.approvals);
        self.approver()
    }

    /// Who approves a manager's decision: the manager who just gave their PIN, or the
    /// manager signed in.
    pub fn approver(&self) -> String {
        self.approved_by
            .clone()
            .unwrap_or_else(|| self.counter.user.name.clone())
    }

    /// Quits at once unless that would lose a sale in progress.
    pub fn request_quit(&self) -> Transition {
        if self.counter.sale.lines.is_empty() {
            Transition::Quit
        } else {
            Transition::push(super::confirm::Confirm::quit_losing_sale())
        }
    }

    /// A key that does nothing here gets a pointer to the help instead of silence.
    pub fn unbound(&mut self, screen: Screen, key: Key) -> Transition {
        let help = self
            .keymap
            .key_for(screen, Action::Help)
            .map(|help| format!("; {help} lists the keys"))
            .unwrap_or_default();
        self.info(format!("{key} does nothing here{help}"));
        Transition::Stay
    }

    /// Keys every layer shares: help, quit, and the hint for an unbound key.
    pub fn common(&mut self, screen: Screen, action: Action) -> Transition {
        match action {
            Action::Help => Transition::push(Help::new(screen)),
            Action::Quit => self.request_quit(),
            Action::Unbound(key) => self.unbound(screen, key),
            _ => Transition::Stay,
        }
    }

    /// Refuses what the policy gives to a manager alone.
    pub fn manager_only(&self, what: &'static str) -> Result<(), AppError> {
        if self.counter.may(what) {
            Ok(())
        } else {
            Err(AppError::ManagersOnly(what))
        }
    }
}

/// Applies a text edit to a field.
pub(crate) fn edit(input: &mut Input, edit: TextEdit) {
    let request = match edit {
        TextEdit::Insert(c) => InputRequest::InsertChar(c),
        TextEdit::DeleteBack => InputRequest::DeletePrevChar,
        TextEdit::DeleteForward => InputRequest::DeleteNextChar,
        TextEdit::Left => InputRequest::GoToPrevChar,
        TextEdit::Right => InputRequest::GoToNextChar,
        TextEdit::Home => InputRequest::GoToStart,
        TextEdit::End => InputRequest::GoToEnd,
        TextEdit::Clear => InputRequest::DeleteLine,
    };
    input.handle(request);
}

/// Applies an edit to a field whose value may be selected (filled in for the user): the
/// first character typed, or a deletion, replaces the whole value; a movement keeps it.
/// Either way the selection ends.
pub(crate) fn edit_selected(input: &mut Input, selected: &mut bool, e: TextEdit) {
    if std::mem::take(selected) {
        match e {
            TextEdit::Insert(_) => input.reset(),
            TextEdit::DeleteBack | TextEdit::DeleteForward | TextEdit::Clear => {
                input.reset();
                return;
            }
            TextEdit::Left | TextEdit::Right | TextEdit::Home | TextEdit::End => {}
        }
    }
    edit(input, e);
}

/// What a number box refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refused(pub char);

/// Like [`edit_selected`], but only digits (and, for money, one decimal point) go in;
/// anything else is refused and named, so nothing is dropped silently (`-3` is not 3).
pub(crate) fn edit_number(
    input: &mut Input,
    selected: &mut bool,
    e: TextEdit,
    money: bool,
) -> Result<(), Refused> {
    if let TextEdit::Insert(c) = e {
        let replacing = *selected;
        let has_point = !replacing && input.value().contains('.');
        if !(c.is_ascii_digit() || (money && c == '.' && !has_point)) {
            return Err(Refused(c));
        }
    }
    edit_selected(input, selected, e);
    Ok(())
}

/// A list cursor after a movement action.
pub(crate) fn moved(cursor: usize, action: Action, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(10),
        Action::PageDown => (cursor + 10).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => cursor,
    }
}
