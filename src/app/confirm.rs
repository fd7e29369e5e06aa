//! A yes/no question stacked over a screen, for whatever loses or voids something:
//! quitting with a sale on screen, dropping tenders taken, removing a line, taking a
//! figure far beyond the usual, or making or receiving a purchase order. No is the default:
//! only `y` says yes; Enter, `n` and Esc say no, so a scanner's Enter after a stray key
//! never confirms anything.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition};
use crate::domain::Money;
use crate::domain::sale::TenderKind;
use crate::ui::{Theme, centered, width_of, wrap};

/// What happens when the user answers yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// Quit although a sale is on screen.
    QuitLosingSale,
    /// Leave the tender, handing back what was taken.
    DropTenders,
    /// Take this much cash although it is far above what is due.
    LargeTender { kind: TenderKind, amount: Money },
    /// Void the sale on screen (audited; nothing else is written).
    VoidSale,
    /// Remove this line of the sale.
    RemoveLine { line: usize },
    /// Ring `qty` of `code` although it is far beyond the usual.
    RingLarge { code: String, qty: u32 },
    /// Set the quantity of a line to `qty` although it is far beyond the usual.
    SetLargeQuantity { line: usize, qty: u32 },
    /// Void the order on screen, the money going back `refund_by` (None: none goes back).
    VoidOrder { refund_by: Option<TenderKind> },
    /// Cancel `qty` backordered units of this line of the order on screen.
    CancelBackorder {
        line_no: i64,
        qty: i64,
        refund_by: Option<TenderKind>,
    },
    /// Release to the order on screen although older orders wait for the same stock.
    JumpQueue,
    /// Close the day with this much cash counted in the drawer.
    CloseDay { counted: Money },
    /// A manager signed in puts this much on account over the credit limit.
    OverCreditLimit { amount: Money },
    /// Take back the goods picked on the return screen, refunding this much.
    ReturnGoods { total: Money },
    /// Bill the sale to another customer than the one named on it (None: a cash sale).
    ChangeCustomer(Option<Box<crate::domain::Customer>>),
    /// Take a unit price far above the catalog's (the price dialog keeps which).
    HighPrice,
    /// Take a payment on account of this much, handed over this way.
    PayOnAccount {
        tender: crate::domain::payment::PaymentTender,
        amount: Money,
    },
    /// Make a purchase order of this supplier's suggestions (its code).
    MakePo { supplier: String },
    /// Receive everything still to come on this purchase order.
    ReceivePo { number: i64 },
}

/// A yes/no question; No is the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub question: String,
    pub on_yes: Confirmed,
    /// Said when the answer is no.
    pub on_no: String,
}

impl Confirm {
    pub fn new(
        title: impl Into<String>,
        question: impl Into<String>,
        on_yes: Confirmed,
        on_no: impl Into<String>,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            question: question.into(),
            on_yes,
            on_no: on_no.into(),
        }
    }

    pub fn quit_losing_sale() -> Confirm {
        Confirm::new(
            "Quit",
            "Quit and lose this sale? y: quit · Enter: no",
            Confirmed::QuitLosingSale,
            "Not quitting: the sale is still here",
        )
    }

    /// Quitting from the tender with money taken: the money goes back to the customer.
    pub fn quit_handing_back(taken: &str) -> Confirm {
        Confirm::new(
            "Quit",
            format!("Quit and lose this sale? Hand back the {taken} taken. y: quit · Enter: no"),
            Confirmed::QuitLosingSale,
            "Not quitting: the sale and the tenders taken are still here",
        )
    }

    fn yes(&self) -> Transition {
        match self.on_yes {
            Confirmed::QuitLosingSale => Transition::Quit,
            ref other => Transition::Pop(Outcome::Confirmed(other.clone())),
        }
    }
}

impl Layer for Confirm {
    fn keys(&self) -> Screen {
        Screen::Dialog
    }

    fn name(&self) -> String {
        "confirm".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Yes => self.yes(),
            // Enter and F10 alone never say yes: they are the no they default to.
            Action::Back | Action::Confirm | Action::Total => {
                ctx.info(self.on_no.clone());
                Transition::pop()
            }
            Action::Quit => {
                ctx.info(format!("{}: press y for yes, n for no", self.title));
                Transition::Stay
            }
            other => ctx.common(Screen::Dialog, other),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: a yes/no question drawn over the screen beneath.

fn render(buf: &mut Buffer, area: Rect, dialog: &Confirm, theme: &Theme) {
    // The question is wrapped, never cut: its y/Enter hint is how it is answered.
    let question_width = u16::try_from(width_of(&dialog.question)).unwrap_or(u16::MAX);
    let width = question_width.saturating_add(8).max(30).min(area.width);
    let lines = wrap(&dialog.question, usize::from(width.saturating_sub(4)));
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let popup = centered(area, width, rows.saturating_add(4));
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(Line::styled(
            format!(" {} ", dialog.title),
            theme.popup_title,
        ))
        .style(theme.popup);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let text: Vec<Line> = lines.into_iter().map(Line::from).collect();
    Paragraph::new(text)
        .centered()
        .render(inner.centered_vertically(Constraint::Length(rows)), buf);
}
