//! F2: the customer (Bill To), searched incrementally by name, phone or account; Ctrl-N
//! creates one in place, F2 again goes back to a cash sale.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::form::Form;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit, moved};
use super::number::{NumberFor, NumberPrompt};
use crate::counter::view::AccountView;
use crate::domain::sale::parse_amount;
use crate::domain::{Customer, Money};
use crate::store::catalog::{CustomerAccount, NewCustomer};
use crate::ui::widgets::{Field, list, popup, text_row};
use crate::ui::{Theme, fit, padded, width_of};

/// Rows a search list shows at most.
pub const SEARCH_LIMIT: usize = 50;

/// Where a picked customer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerFor {
    /// Bill To of the sale.
    Sale,
    /// Bill To, then back to the Backorders Found dialog.
    BackordersFound,
    /// Bill To, then hold back on this line.
    HoldBack { line: usize },
    /// Not Bill To: the customer who pays on account.
    PayOnAccount,
}

#[derive(Debug, Clone)]
pub struct CustomerSearch {
    pub input: Input,
    /// The customers found, each with what they owe on account (read with them).
    pub results: Vec<CustomerAccount>,
    pub cursor: usize,
    pub then: CustomerFor,
    /// The cursor was moved by hand: Enter picks the row under it even with nothing typed.
    pub picked: bool,
}

impl CustomerSearch {
    pub fn open(ctx: &mut Ctx, then: CustomerFor) -> CustomerSearch {
        let mut search = CustomerSearch {
            input: Input::default(),
            results: Vec::new(),
            cursor: 0,
            then,
            picked: false,
        };
        search.refresh(ctx);
        search
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        match ctx
            .counter
            .store
            .search_customer_accounts(self.input.value(), SEARCH_LIMIT)
        {
            Ok(found) => self.results = found,
            Err(e) => ctx.error(e.to_string()),
        }
        self.cursor = self.cursor.min(self.results.len().saturating_sub(1));
    }

    /// A sale with lines billed to a named customer: dropping or changing them asks first
    /// (prices, held-back units and the account change with the customer).
    fn ask_to_change(&self, ctx: &Ctx, to: Option<&Customer>) -> Option<Transition> {
        let sale = &ctx.counter.sale;
        let named = sale.customer.as_ref()?;
        if sale.lines.is_empty() || to.is_some_and(|c| c.id == named.id) {
            return None;
        }
        let now = format!("{} ({})", named.name, named.account);
        let question = match to {
            Some(c) => format!(
                "Bill this sale to {} ({}) instead of {now}? y: yes · Enter: no",
                c.name, c.account
            ),
            None => format!("Drop {now} and make this a cash sale? y: yes · Enter: no"),
        };
        Some(Transition::push(Confirm::new(
            "Change Bill To",
            question,
            Confirmed::ChangeCustomer(to.cloned().map(Box::new)),
            format!("Bill To kept: {now}"),
        )))
    }

    /// Bills the sale to `customer`, then goes where the search was opened for.
    fn chosen(&self, ctx: &mut Ctx, customer: Customer) -> Result<Transition, AppError> {
        if self.then == CustomerFor::PayOnAccount {
            let pay = super::account_payment::AccountPayment::open(ctx, customer)?;
            return Ok(Transition::replace(pay));
        }
        if let Some(ask) = self.ask_to_change(ctx, Some(&customer)) {
            return Ok(ask);
        }
        self.bill_to(ctx, customer)
    }

    /// Back to a cash sale.
    fn cash_sale(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        ctx.counter.set_customer(None)?;
        ctx.info("Cash sale: no customer (held-back units were returned to the line)");
        Ok(match self.then {
            CustomerFor::BackordersFound => Transition::Pop(Outcome::BillTo),
            _ => Transition::pop(),
        })
    }

    /// What a customer found owes on account (a customer just created owes nothing).
    fn owed_by(&self, customer: &Customer) -> Money {
        self.results
            .iter()
            .find(|found| found.customer.id == customer.id)
            .map_or(Money::ZERO, |found| found.owed)
    }

    fn bill_to(&self, ctx: &mut Ctx, customer: Customer) -> Result<Transition, AppError> {
        let name = format!("{} ({})", customer.name, customer.account);
        ctx.counter.owed = Some((customer.id, self.owed_by(&customer)));
        ctx.counter.set_customer(Some(customer))?;
        ctx.info(format!("Bill To: {name}"));
        Ok(match self.then {
            // Taken above: the payment box replaces the search.
            CustomerFor::Sale | CustomerFor::PayOnAccount => Transition::pop(),
            CustomerFor::HoldBack { line } => {
                match NumberPrompt::new(ctx, NumberFor::HoldBack { line }) {
                    Some(prompt) => Transition::replace(prompt),
                    None => Transition::pop(),
                }
            }
            CustomerFor::BackordersFound => Transition::Pop(Outcome::BillTo),
        })
    }
}

/// Creates the customer typed into the new-customer form (account, name, phone, email,
/// credit limit).
pub fn save_customer(ctx: &mut Ctx, values: &[String]) -> Result<Customer, AppError> {
    let [account, name, phone, email, limit] = values else {
        return Err(AppError::Required { field: "Account" });
    };
    for (field, value) in [("Account", account), ("Name", name)] {
        if value.is_empty() {
            return Err(AppError::Required { field });
        }
    }
    let credit_limit = if limit.is_empty() {
        Money::ZERO
    } else {
        parse_amount(limit).map_err(|source| AppError::BadCount {
            label: "Credit limit".into(),
            source,
        })?
    };
    let new = NewCustomer {
        account: account.clone(),
        name: name.clone(),
        phone: phone.clone(),
        email: email.clone(),
        credit_limit,
        price_level_pct: rust_decimal::Decimal::ZERO,
    };
    let user = ctx.counter.user.name.clone();
    let created = ctx
        .counter
        .store
        .create_customer(&new, &user, &ctx.approvals)?;
    ctx.approvals.clear();
    Ok(created)
}

impl Layer for CustomerSearch {
    fn keys(&self) -> Screen {
        Screen::Search
    }

    fn name(&self) -> String {
        "customer search".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                edit(&mut self.input, e);
                self.cursor = 0;
                self.refresh(ctx);
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.results.len());
                self.picked = true;
            }
            // Enter with nothing typed or picked chooses no one.
            Action::Confirm if self.input.value().trim().is_empty() && !self.picked => {
                ctx.info("Type a name, phone or account, or ↓ to pick from the list, then Enter");
                return Ok(Transition::Stay);
            }
            Action::Confirm => {
                let Some(customer) = self.results.get(self.cursor).map(|f| f.customer.clone())
                else {
                    ctx.info("No customer found: Ctrl-N creates one");
                    return Ok(Transition::Stay);
                };
                return self.chosen(ctx, customer);
            }
            Action::Customer if self.then == CustomerFor::PayOnAccount => {
                ctx.info("No payment taken");
                return Ok(Transition::pop());
            }
            Action::Customer => {
                if let Some(ask) = self.ask_to_change(ctx, None) {
                    return Ok(ask);
                }
                return self.cash_sale(ctx);
            }
            Action::NewCustomer => {
                let typed = self.input.value().trim().to_string();
                // A number typed to search is not a name.
                let name = if typed.chars().any(char::is_alphabetic) {
                    typed
                } else {
                    String::new()
                };
                let account = ctx.counter.store.next_account_number()?;
                return Ok(Transition::push(Form::new_customer(name, account)));
            }
            Action::Back => return Ok(Transition::pop()),
            other => return Ok(ctx.common(Screen::Search, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Created(customer) => self.chosen(ctx, customer),
            Outcome::Confirmed(Confirmed::ChangeCustomer(Some(customer))) => {
                self.bill_to(ctx, *customer)
            }
            Outcome::Confirmed(Confirmed::ChangeCustomer(None)) => self.cash_sale(ctx),
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the customer search (Bill To) list.

fn render(
    buf: &mut Buffer,
    area: Rect,
    search: &CustomerSearch,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(4),
        "Customer (Bill To)",
        theme,
    );
    let cursor = Field::new("Name, phone or account", &search.input).render(buf, inner, 0, theme);
    // The name gives way; the account, phone and what is owed are never cut.
    let width = usize::from(inner.width).saturating_sub(2);
    let rows: Vec<String> = search
        .results
        .iter()
        .map(|found| {
            let c = &found.customer;
            let fixed = format!("{} ", padded(&c.account, 10));
            let tail = format!(" {} owes {:>9}", padded(&c.phone, 14), found.owed.round());
            let room = width.saturating_sub(width_of(&fixed) + width_of(&tail));
            let name = fit(&c.name, room);
            let pad = room.saturating_sub(width_of(&name));
            format!("{fixed}{name}{}{tail}", " ".repeat(pad))
        })
        .collect();
    // The customer under the cursor: their whole account, on the last row.
    if let Some(found) = search.results.get(search.cursor) {
        let account = AccountView::new(found.owed, found.customer.credit_limit).describe();
        let who = format!("{} ({})", found.customer.name, found.customer.account);
        let who = fit(
            &who,
            usize::from(inner.width).saturating_sub(width_of(&account) + 2),
        );
        text_row(
            buf,
            inner,
            inner.height.saturating_sub(1),
            &format!("{who}: {account}"),
            theme.total,
        );
    }
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "No customer matches. Ctrl-N creates a new one.",
            theme.placeholder,
        );
    }
    let above_account = Rect {
        height: inner.height.saturating_sub(2),
        ..inner
    };
    list(buf, above_account, 2, &rows, search.cursor, theme);
    cursor
}
