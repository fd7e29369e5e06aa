//! The state of each dialog of the counter flow. Each is a layer on the screen stack;
//! their keys are handled in `flow.rs`, their drawing is in `ui/dialogs.rs`.

use tui_input::Input;

use crate::domain::sale::{Payment, TenderKind};
use crate::domain::{Customer, Money};
use crate::store::catalog::ItemHit;

/// Sign-in, and a manager's approval inside a dialog: a name and a PIN.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub name: Input,
    pub pin: Input,
    /// 0: the name has the cursor, 1: the PIN.
    pub field: usize,
    pub message: Option<String>,
}

/// What a manager's approval lets happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approved {
    OverrideIgnore { line: usize },
    OverrideRelease { line: usize },
    FillAll,
}

impl Approved {
    pub fn title(&self) -> &'static str {
        match self {
            Approved::OverrideIgnore { .. } => "Override: deliver anyway",
            Approved::OverrideRelease { .. } => "Override: release from another order",
            Approved::FillAll => "Fill all backorders",
        }
    }
}

/// Where a picked customer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerFor {
    /// Bill To of the sale.
    Sale,
    /// Bill To, then back to the Backorders Found dialog.
    BackordersFound,
    /// Bill To, then hold back on this line.
    HoldBack { line: usize },
}

#[derive(Debug, Clone)]
pub struct CustomerSearch {
    pub input: Input,
    pub results: Vec<Customer>,
    pub cursor: usize,
    pub then: CustomerFor,
}

#[derive(Debug, Clone)]
pub struct ItemSearch {
    pub input: Input,
    pub hits: Vec<ItemHit>,
    pub cursor: usize,
    /// Units to ring when an item is chosen (from a `4*` typed before F3).
    pub qty: u32,
}

/// What a one-number prompt sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberFor {
    Quantity {
        line: usize,
    },
    HoldBack {
        line: usize,
    },
    Backordered {
        line: usize,
    },
    Release {
        line: usize,
        order: i64,
        line_no: i64,
        max: u32,
    },
}

#[derive(Debug, Clone)]
pub struct NumberPrompt {
    pub title: String,
    pub label: String,
    pub input: Input,
    pub purpose: NumberFor,
}

/// What a choice dialog decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceFor {
    /// F6 on a line: ignore, or release from another order.
    Override {
        line: usize,
    },
    /// Which order to release units from: (order, line_no, customer, committed).
    ReleaseFrom {
        line: usize,
        candidates: Vec<(i64, i64, String, i64)>,
    },
    BackordersFound,
    /// Pay when received / when invoiced, after "create customer order".
    Payment,
    /// The warning before clearing backorders.
    ConfirmClear,
    /// The warning before filling all backorders.
    ConfirmFillAll,
    /// Which report to show (F8 menu).
    Report,
    /// After a receipt: fill the waiting orders?
    FillWaiting {
        sku: String,
        location: String,
        qty: i64,
    },
}

/// A dialog of lettered options, chosen by letter or arrows + Enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub title: String,
    /// Text above the options.
    pub body: Vec<String>,
    /// (letter, label); Esc is always "back".
    pub options: Vec<(char, String)>,
    pub cursor: usize,
    pub purpose: ChoiceFor,
}

impl Choice {
    /// The index of the option with this letter (either case).
    pub fn option_for(&self, c: char) -> Option<usize> {
        let c = c.to_ascii_lowercase();
        self.options.iter().position(|(k, _)| *k == c)
    }

    pub fn letter(&self) -> Option<char> {
        self.options.get(self.cursor).map(|(k, _)| *k)
    }
}

/// Taking payment for the sale.
#[derive(Debug, Clone)]
pub struct Tender {
    pub input: Input,
    pub due: Money,
    pub tenders: Vec<(TenderKind, Money)>,
    pub payment: Payment,
    /// Backordered or held-back units become a customer order with this sale.
    pub creates_order: bool,
    pub purpose: super::manager::TenderFor,
}

impl Tender {
    pub fn paid(&self) -> Money {
        self.tenders.iter().map(|(_, m)| *m).sum()
    }

    pub fn remaining(&self) -> Money {
        // With the places of the amount due: nothing left shows as "0.00", not "0".
        (self.due - self.paid())
            .max(Money::ZERO)
            .round(self.due.amount().scale())
    }

    pub fn on_account(&self) -> Money {
        self.tenders
            .iter()
            .filter(|(k, _)| *k == TenderKind::Account)
            .map(|(_, m)| *m)
            .sum()
    }
}
