//! The counter flow on the screen stack: what each key does in the sale and in each
//! dialog. Decisions are the counter's (`counter.rs`); this file only moves between
//! screens and reports what happened.

use ratatui::crossterm::event::KeyCode;
use tui_input::{Input, InputRequest};

use super::counter::Counter;
use super::dialogs::{
    Approved, Choice, ChoiceFor, Credentials, CustomerFor, CustomerSearch, ItemSearch, NumberFor,
    NumberPrompt, Tender,
};
use super::manager::{Form, FormFor};
use super::{Action, App, Layer, TextEdit};
use crate::domain::sale::{Payment, TenderKind, parse_qty};
use crate::domain::{Money, Role};
use crate::store::catalog::NewCustomer;
use crate::store::users::SignIn;

/// Rows a search list shows at most.
const SEARCH_LIMIT: usize = 50;

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

/// Like [`edit`], but only digits (and, for money, one decimal point) go in.
fn edit_number(input: &mut Input, e: TextEdit, money: bool) {
    if let TextEdit::Insert(c) = e
        && !(c.is_ascii_digit() || (money && c == '.' && !input.value().contains('.')))
    {
        return;
    }
    edit(input, e);
}

/// Splits what was typed at the item entry into a quantity and a code: `4*123` rings 4.
pub fn split_quantity(typed: &str) -> Result<(u32, &str), String> {
    match typed.split_once('*') {
        Some((qty, code)) => Ok((parse_qty(qty).map_err(|e| e.to_string())?, code.trim())),
        None => Ok((1, typed)),
    }
}

pub(crate) fn moved(cursor: usize, action: Action, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(10),
        Action::PageDown => (cursor + 10).min(last),
        _ => cursor,
    }
}

fn choice(title: &str, body: Vec<String>, options: &[(char, &str)], purpose: ChoiceFor) -> Choice {
    Choice {
        title: title.to_string(),
        body,
        options: options
            .iter()
            .map(|(k, l)| (*k, (*l).to_string()))
            .collect(),
        cursor: 0,
        purpose,
    }
}

impl App {
    fn counter_ref(&self) -> Option<&Counter> {
        self.counter.as_ref()
    }

    /// Replaces the top layer (a dialog's new state after a key).
    pub(crate) fn set_top(&mut self, layer: Layer) {
        if let Some(top) = self.layers.last_mut() {
            *top = layer;
        }
    }

    /// Back to the sale screen, closing every dialog.
    fn back_to_sale(&mut self) {
        self.layers.truncate(1);
        self.sync_view();
    }

    /// Recomputes what the sale screen shows from the counter.
    pub(crate) fn sync_view(&mut self) {
        if let Some(counter) = &self.counter {
            self.sale = counter.view();
            self.context.user_name.clone_from(&counter.user.name);
            let signing_in = self.layers.iter().any(|l| matches!(l, Layer::SignIn(_)));
            // With no users at all the store runs as an implicit manager (id 0): say so.
            self.context.role = if signing_in {
                self.context.user_name = "not signed in".into();
                "sign in first".to_string()
            } else if counter.user.id == 0 {
                "manager: no users yet".to_string()
            } else {
                counter.user.role.as_str().to_string()
            };
            self.cursor = self.cursor.min(self.sale.lines.len().saturating_sub(1));
        }
    }

    /// Runs `f` on the counter and shows its error, if any.
    fn on_counter<T>(&mut self, f: impl FnOnce(&mut Counter) -> Result<T, String>) -> Option<T> {
        let Some(counter) = self.counter.as_mut() else {
            self.set_error("no store is open");
            return None;
        };
        match f(counter) {
            Ok(v) => {
                self.sync_view();
                Some(v)
            }
            Err(e) => {
                self.sync_view();
                self.set_error(e);
                None
            }
        }
    }

    // ---- the sale screen -------------------------------------------------------------

    /// Keys on the sale screen that need the store. Returns false when there is no
    /// counter (screen tests), so the shell can answer instead.
    pub(crate) fn sale_action(&mut self, action: Action) -> bool {
        if self.counter.is_none() {
            return false;
        }
        match action {
            Action::Confirm => self.ring_typed(),
            Action::Customer => self.open_customer_search(CustomerFor::Sale),
            Action::ItemSearch => self.open_item_search(),
            Action::HoldBack => self.start_hold_back(),
            Action::SetBackordered => {
                self.number_prompt_for_line(|line| NumberFor::Backordered { line })
            }
            Action::EditQuantity => {
                self.number_prompt_for_line(|line| NumberFor::Quantity { line })
            }
            Action::Override => self.start_override(),
            Action::Total => self.total(),
            Action::Reprint => self.reprint(),
            Action::OrdersInProcess => self.open_orders(),
            Action::ManagerMenu => {
                if self.counter_ref().is_some_and(Counter::is_manager) {
                    self.open_manager_menu();
                } else {
                    self.set_error("The manager menu is for managers: sign in as a manager");
                }
            }
            Action::DeleteLine => self.remove_current_line(),
            _ => return false,
        }
        true
    }

    fn ring_typed(&mut self) {
        let typed = self.input.value().trim().to_string();
        if typed.is_empty() {
            self.set_info("Type or scan a SKU or barcode, then Enter (4* first rings 4)");
            return;
        }
        let (qty, code) = match split_quantity(&typed) {
            Ok(parts) => parts,
            Err(e) => return self.set_error(e),
        };
        if code.is_empty() {
            return self.set_info(format!("{qty}* then scan or type the SKU to ring {qty}"));
        }
        let code = code.to_string();
        if let Some(index) = self.on_counter(|c| c.add_item(&code, qty)) {
            self.input.reset();
            self.cursor = index;
            let line = &self.sale.lines[index];
            self.set_info(format!(
                "{} {}: {} on the line",
                line.sku, line.description, line.ordered
            ));
        } else {
            // A wrong scan is cleared so the next one starts clean; the message names it.
            self.input.reset();
        }
    }

    fn remove_current_line(&mut self) {
        let Some(index) = self.selected_line() else {
            return self.set_info("No line to remove");
        };
        if let Some(line) = self.counter.as_mut().and_then(|c| c.remove_line(index)) {
            self.sync_view();
            self.set_info(format!("Removed {} {}", line.sku, line.description));
        }
    }

    fn open_customer_search(&mut self, then: CustomerFor) {
        let mut search = CustomerSearch {
            input: Input::default(),
            results: Vec::new(),
            cursor: 0,
            then,
        };
        self.refresh_customers(&mut search);
        self.push(Layer::CustomerSearch(search));
    }

    fn refresh_customers(&mut self, search: &mut CustomerSearch) {
        if let Some(counter) = self.counter_ref() {
            match counter
                .store
                .search_customers(search.input.value(), SEARCH_LIMIT)
            {
                Ok(found) => search.results = found,
                Err(e) => self.set_error(e.to_string()),
            }
        }
        search.cursor = search.cursor.min(search.results.len().saturating_sub(1));
    }

    fn open_item_search(&mut self) {
        let typed = self.input.value().trim().to_string();
        let (qty, words) = match split_quantity(&typed) {
            Ok(parts) => parts,
            Err(e) => return self.set_error(e),
        };
        let mut search = ItemSearch {
            input: Input::new(words.to_string()),
            hits: Vec::new(),
            cursor: 0,
            qty,
        };
        self.input.reset();
        self.refresh_items(&mut search);
        self.push(Layer::ItemSearch(search));
    }

    fn refresh_items(&mut self, search: &mut ItemSearch) {
        if let Some(counter) = self.counter_ref() {
            let location = counter.config.store.location.clone();
            match counter
                .store
                .search_items(search.input.value(), &location, SEARCH_LIMIT)
            {
                Ok(hits) => search.hits = hits,
                Err(e) => self.set_error(e.to_string()),
            }
        }
        search.cursor = search.cursor.min(search.hits.len().saturating_sub(1));
    }

    fn current_line_or_say(&mut self) -> Option<usize> {
        let line = self.selected_line();
        if line.is_none() {
            self.set_info("Ring an item first: this works on the line under the cursor");
        }
        line
    }

    fn start_hold_back(&mut self) {
        let Some(line) = self.current_line_or_say() else {
            return;
        };
        let has_customer = self
            .counter_ref()
            .is_some_and(|c| c.sale.customer.is_some());
        if has_customer {
            self.number_prompt(NumberFor::HoldBack { line });
        } else {
            self.open_customer_search(CustomerFor::HoldBack { line });
            self.set_info("Holding back needs a named customer: pick one (Ctrl-N creates one)");
        }
    }

    fn number_prompt_for_line(&mut self, purpose: impl FnOnce(usize) -> NumberFor) {
        if let Some(line) = self.current_line_or_say() {
            self.number_prompt(purpose(line));
        }
    }

    fn number_prompt(&mut self, purpose: NumberFor) {
        let line_index = match &purpose {
            NumberFor::Quantity { line }
            | NumberFor::HoldBack { line }
            | NumberFor::Backordered { line }
            | NumberFor::Release { line, .. } => *line,
        };
        let Some(line) = self.sale.lines.get(line_index) else {
            return;
        };
        let (title, label, value) = match &purpose {
            NumberFor::Quantity { .. } => ("Quantity", "Quantity ordered", line.ordered),
            NumberFor::HoldBack { .. } => {
                ("Hold back", "Units to hold back for pickup", line.held_back)
            }
            NumberFor::Backordered { .. } => ("Backorder", "Units to backorder", line.backordered),
            NumberFor::Release { max, .. } => {
                ("Release", "Units to move to this sale", i64::from(*max))
            }
        };
        self.push(Layer::Number(NumberPrompt {
            title: format!("{title}: {} {}", line.sku, line.description),
            label: label.to_string(),
            input: Input::new(value.to_string()),
            purpose,
        }));
    }

    fn start_override(&mut self) {
        let Some(line) = self.current_line_or_say() else {
            return;
        };
        if self.sale.lines[line].backordered == 0 {
            return self.set_info("Override works on a backordered line; this one has none");
        }
        let l = &self.sale.lines[line];
        self.push(Layer::Choice(choice(
            "Override backorder",
            vec![format!(
                "{} {}: {} backordered",
                l.sku, l.description, l.backordered
            )],
            &[
                ('i', "Ignore: deliver anyway, as if in stock"),
                ('r', "Release units from another customer's order"),
            ],
            ChoiceFor::Override { line },
        )));
    }

    fn total(&mut self) {
        let Some(counter) = self.counter_ref() else {
            return;
        };
        if counter.sale.lines.is_empty() {
            return self.set_info("Nothing to total: ring an item first");
        }
        if counter.needs_order() {
            self.open_backorders_found();
        } else {
            self.open_tender(false);
        }
    }

    fn open_backorders_found(&mut self) {
        let mut body = vec!["These lines are not delivered in full today:".to_string()];
        for l in &self.sale.lines {
            if l.backordered > 0 || l.held_back > 0 {
                // The figures before the description, so a narrow dialog cuts only words.
                body.push(format!(
                    "  {}: ordered {}, delivered {}, held {}, backordered {} · {}",
                    l.sku, l.ordered, l.delivered, l.held_back, l.backordered, l.description
                ));
            }
        }
        body.push(format!("Bill To: {}", self.sale.bill_to()));
        self.push(Layer::Choice(choice(
            "Backorders Found",
            body,
            &[
                ('c', "Create customer order"),
                ('b', "Change Bill To"),
                ('l', "Clear backorders"),
                ('f', "Fill all backorders"),
                ('s', "Back to the sale"),
            ],
            ChoiceFor::BackordersFound,
        )));
    }

    fn open_tender(&mut self, creates_order: bool) {
        let Some(counter) = self.counter_ref() else {
            return;
        };
        let totals = counter.totals();
        let payment = counter.sale.payment;
        // Rounded so that nothing due shows as "0.00" like every other amount.
        let due = totals.due.round(counter.config.store.minor_units);
        self.push(Layer::Tender(Tender {
            input: Input::default(),
            due,
            tenders: Vec::new(),
            payment,
            creates_order,
            purpose: super::manager::TenderFor::Sale,
        }));
        if totals.due.is_zero() {
            self.set_info("Nothing is due now: Enter finishes the sale");
        }
    }

    fn reprint(&mut self) {
        let Some(invoice) = self.counter_ref().and_then(|c| c.last_invoice) else {
            return self.set_info("No receipt to reprint yet");
        };
        if let Some(path) = self.on_counter(|c| c.print_receipt(invoice)) {
            self.set_info(format!(
                "Receipt of invoice {invoice} reprinted to {}",
                path.display()
            ));
        }
    }

    // ---- dialogs ---------------------------------------------------------------------

    pub(crate) fn update_customer_search(&mut self, mut search: CustomerSearch, action: Action) {
        match action {
            Action::Edit(e) => {
                edit(&mut search.input, e);
                search.cursor = 0;
                self.refresh_customers(&mut search);
                self.set_top(Layer::CustomerSearch(search));
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                search.cursor = moved(search.cursor, action, search.results.len());
                self.set_top(Layer::CustomerSearch(search));
            }
            Action::Confirm => {
                let Some(customer) = search.results.get(search.cursor).cloned() else {
                    return self.set_info("No customer found: Ctrl-N creates one");
                };
                self.pop();
                self.customer_chosen(customer, search.then);
            }
            Action::Customer => {
                if self.on_counter(|c| c.set_customer(None)).is_some() {
                    self.pop();
                    self.set_info(
                        "Cash sale: no customer (held-back units were returned to the line)",
                    );
                    if search.then == CustomerFor::BackordersFound {
                        self.pop();
                        self.open_backorders_found();
                    }
                }
            }
            Action::NewCustomer => {
                let name = Input::new(search.input.value().to_string());
                self.push(Layer::Form(Form {
                    title: "New customer".into(),
                    labels: vec!["Account", "Name", "Phone", "Email"],
                    fields: vec![Input::default(), name, Input::default(), Input::default()],
                    field: 0,
                    purpose: FormFor::NewCustomer { then: search.then },
                }));
            }
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    fn customer_chosen(&mut self, customer: crate::domain::Customer, then: CustomerFor) {
        let name = format!("{} ({})", customer.name, customer.account);
        if self
            .on_counter(|c| c.set_customer(Some(customer)))
            .is_none()
        {
            return;
        }
        self.set_info(format!("Bill To: {name}"));
        match then {
            CustomerFor::Sale => {}
            CustomerFor::HoldBack { line } => self.number_prompt(NumberFor::HoldBack { line }),
            CustomerFor::BackordersFound => {
                // The dialog below shows the old Bill To and prices: open it afresh.
                self.pop();
                self.open_backorders_found();
            }
        }
    }

    /// Creates the customer typed into the new-customer form (account, name, phone, email).
    pub(crate) fn save_customer(&mut self, values: Vec<String>, then: CustomerFor) {
        let [account, name, phone, email]: [String; 4] = match values.try_into() {
            Ok(fields) => fields,
            Err(_) => return,
        };
        for (field, value) in [("Account", &account), ("Name", &name)] {
            if value.is_empty() {
                return self.set_error(format!("{field} is required"));
            }
        }
        let new = NewCustomer {
            account,
            name,
            phone,
            email,
            credit_limit: Money::ZERO,
            price_level_pct: rust_decimal::Decimal::ZERO,
        };
        let Some(created) =
            self.on_counter(|c| c.store.create_customer(&new).map_err(|e| e.to_string()))
        else {
            return;
        };
        // Close the form and the search beneath it.
        self.pop();
        self.pop();
        self.customer_chosen(created, then);
    }

    pub(crate) fn update_item_search(&mut self, mut search: ItemSearch, action: Action) {
        match action {
            Action::Edit(e) => {
                edit(&mut search.input, e);
                search.cursor = 0;
                self.refresh_items(&mut search);
                self.set_top(Layer::ItemSearch(search));
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                search.cursor = moved(search.cursor, action, search.hits.len());
                self.set_top(Layer::ItemSearch(search));
            }
            Action::Confirm => {
                let Some(hit) = search.hits.get(search.cursor) else {
                    return self.set_info("Type words of the description to find items");
                };
                let sku = hit.product.sku.clone();
                self.pop();
                if let Some(index) = self.on_counter(|c| c.add_item(&sku, search.qty)) {
                    self.cursor = index;
                    self.set_info(format!(
                        "{sku}: {} on the line",
                        self.sale.lines[index].ordered
                    ));
                }
            }
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    pub(crate) fn update_number(&mut self, mut prompt: NumberPrompt, action: Action) {
        match action {
            Action::Edit(e) => {
                edit_number(&mut prompt.input, e, false);
                self.set_top(Layer::Number(prompt));
            }
            Action::Confirm | Action::Total => {
                let text = prompt.input.value().trim().to_string();
                let n = match text.parse::<u32>() {
                    Ok(n) if n <= 1_000_000 => n,
                    _ => {
                        return self.set_error(format!(
                            "{} '{text}': must be a whole number from 0 to 1,000,000",
                            prompt.label
                        ));
                    }
                };
                let done = match prompt.purpose.clone() {
                    NumberFor::Quantity { line } => self.on_counter(|c| c.set_quantity(line, n)),
                    NumberFor::HoldBack { line } => self.on_counter(|c| c.hold_back(line, n)),
                    NumberFor::Backordered { line } => {
                        self.on_counter(|c| c.set_backordered(line, n))
                    }
                    NumberFor::Release {
                        line,
                        order,
                        line_no,
                        max,
                    } => {
                        if n == 0 || n > max {
                            return self.set_error(format!("Units to move '{n}': from 1 to {max}"));
                        }
                        let approver = self.approver();
                        self.on_counter(|c| c.override_release(line, order, line_no, n, &approver))
                    }
                };
                if done.is_some() {
                    self.back_to_sale();
                    self.set_info(format!("{} set to {n}", prompt.label));
                }
            }
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    /// Who approves a manager's decision: the manager signed in, or the one who just gave
    /// their PIN (kept in `approved_by`).
    fn approver(&self) -> String {
        self.approved_by
            .clone()
            .or_else(|| self.counter_ref().map(|c| c.user.name.clone()))
            .unwrap_or_default()
    }

    pub(crate) fn update_choice(&mut self, mut dialog: Choice, action: Action) {
        match action {
            Action::Up | Action::Down => {
                dialog.cursor = moved(dialog.cursor, action, dialog.options.len());
                self.set_top(Layer::Choice(dialog));
            }
            Action::Confirm | Action::Total => {
                if let Some(letter) = dialog.letter() {
                    self.chosen(dialog, letter);
                }
            }
            Action::Unbound(key) => match key.code {
                KeyCode::Char(c) if dialog.option_for(c).is_some() => {
                    self.chosen(dialog, c.to_ascii_lowercase())
                }
                _ => self.set_info("Press a letter shown, or arrows and Enter; Esc goes back"),
            },
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    fn chosen(&mut self, dialog: Choice, letter: char) {
        let is_manager = self.counter_ref().is_some_and(Counter::is_manager);
        match (dialog.purpose, letter) {
            (ChoiceFor::Override { line }, 'i') => {
                if is_manager {
                    self.pop();
                    self.approved(Approved::OverrideIgnore { line });
                } else {
                    self.ask_manager(Approved::OverrideIgnore { line });
                }
            }
            (ChoiceFor::Override { line }, 'r') => {
                let Some(candidates) = self.on_counter(|c| c.release_candidates(line)) else {
                    return;
                };
                if candidates.is_empty() {
                    return self
                        .set_error("No pending order holds committed units of this product here");
                }
                if is_manager {
                    self.pop();
                    self.approved(Approved::OverrideRelease { line });
                } else {
                    self.ask_manager(Approved::OverrideRelease { line });
                }
            }
            (ChoiceFor::ReleaseFrom { line, candidates }, c) => {
                let Some(index) = c.to_digit(10).and_then(|d| (d as usize).checked_sub(1)) else {
                    return;
                };
                let Some((order, line_no, _, committed)) = candidates.get(index).cloned() else {
                    return;
                };
                let backordered = self.sale.lines.get(line).map_or(0, |l| l.backordered);
                let max = u32::try_from(committed.min(backordered)).unwrap_or(0);
                self.pop();
                self.number_prompt(NumberFor::Release {
                    line,
                    order,
                    line_no,
                    max,
                });
            }
            (ChoiceFor::BackordersFound, 'c') => {
                if self
                    .counter_ref()
                    .is_some_and(|c| c.sale.customer.is_none())
                {
                    return self.set_error(
                        "A cash sale cannot become a customer order: Change Bill To (b) first",
                    );
                }
                let configured = self
                    .counter_ref()
                    .map_or(Payment::WhenReceived, |c| c.config.backorders.payment);
                let mut pay = choice(
                    "Create customer order: payment",
                    vec!["When does the customer pay for the units not delivered today?".into()],
                    &[
                        ('r', "Pay when received: pay now for what is delivered now"),
                        ('i', "Pay when invoiced: pay for everything now (deposit)"),
                    ],
                    ChoiceFor::Payment,
                );
                pay.cursor = usize::from(configured == Payment::WhenInvoiced);
                self.push(Layer::Choice(pay));
            }
            (ChoiceFor::BackordersFound, 'b') => {
                self.open_customer_search(CustomerFor::BackordersFound)
            }
            (ChoiceFor::BackordersFound, 'l') => self.push(Layer::Choice(choice(
                "Clear backorders",
                vec![
                    "Only what is delivered today is sold; the backordered units are dropped."
                        .into(),
                    "Warning: if the stock figure was wrong, this distorts stock counts.".into(),
                ],
                &[('l', "Clear the backorders")],
                ChoiceFor::ConfirmClear,
            ))),
            (ChoiceFor::BackordersFound, 'f') => self.push(Layer::Choice(choice(
                "Fill all backorders",
                vec![
                    "Sells every unit as if in stock (needs a manager).".into(),
                    "Warning: this is generally the wrong choice: it drives stock negative.".into(),
                ],
                &[('f', "Fill all backorders anyway")],
                ChoiceFor::ConfirmFillAll,
            ))),
            (ChoiceFor::BackordersFound, 's') => {
                self.back_to_sale();
                self.set_info("Back to the sale: nothing was written");
            }
            (ChoiceFor::Payment, c @ ('r' | 'i')) => {
                let payment = if c == 'i' {
                    Payment::WhenInvoiced
                } else {
                    Payment::WhenReceived
                };
                if let Some(counter) = self.counter.as_mut() {
                    counter.sale.payment = payment;
                }
                self.sync_view();
                self.layers.truncate(1);
                self.open_tender(true);
            }
            (ChoiceFor::ConfirmClear, 'l') => {
                if let Some(counter) = self.counter.as_mut() {
                    counter.clear_backorders();
                }
                self.back_to_sale();
                self.set_info("Backorders cleared: only what is delivered is sold");
                self.total();
            }
            (ChoiceFor::Report, c) => self.show_report(c),
            (ChoiceFor::FillWaiting { sku, location, qty }, 'f') => {
                self.fill_waiting(&sku, &location, qty)
            }
            (ChoiceFor::ConfirmFillAll, 'f') => {
                if is_manager {
                    self.layers.truncate(1);
                    self.approved(Approved::FillAll);
                } else {
                    self.ask_manager(Approved::FillAll);
                }
            }
            _ => {}
        }
    }

    fn ask_manager(&mut self, then: Approved) {
        self.push(Layer::Approval(
            Credentials {
                message: Some("A manager's name and PIN, please".into()),
                ..Credentials::default()
            },
            then,
        ));
    }

    /// Carries out what a manager approved (the dialogs asking for it are closed).
    fn approved(&mut self, what: Approved) {
        let approver = self.approver();
        match what {
            Approved::OverrideIgnore { line } => {
                if let Some(qty) = self.on_counter(|c| c.override_ignore(line, &approver, true)) {
                    self.back_to_sale();
                    self.set_info(format!(
                        "Override: {qty} delivered anyway, approved by {approver}"
                    ));
                }
            }
            Approved::OverrideRelease { line } => {
                let Some(candidates) = self.on_counter(|c| c.release_candidates(line)) else {
                    return;
                };
                let body = vec!["Pending orders holding this product, oldest first:".into()];
                let options: Vec<(char, String)> = candidates
                    .iter()
                    .take(9)
                    .enumerate()
                    .map(|(i, (order, _, name, committed))| {
                        (
                            char::from_digit(i as u32 + 1, 10).unwrap_or('9'),
                            format!("Order {order}  {name}  {committed} committed"),
                        )
                    })
                    .collect();
                self.push(Layer::Choice(Choice {
                    title: "Release from another order".into(),
                    body,
                    options,
                    cursor: 0,
                    purpose: ChoiceFor::ReleaseFrom { line, candidates },
                }));
            }
            Approved::FillAll => {
                let filled = self.counter.as_mut().map_or(0, |c| c.fill_all(&approver));
                self.back_to_sale();
                self.set_info(format!(
                    "{filled} backordered unit(s) filled, approved by {approver}"
                ));
                self.total();
            }
        }
    }

    pub(crate) fn update_credentials(
        &mut self,
        mut form: Credentials,
        then: Option<Approved>,
        action: Action,
    ) {
        let layer = |form: Credentials, then: &Option<Approved>| match then {
            Some(a) => Layer::Approval(form, a.clone()),
            None => Layer::SignIn(form),
        };
        match action {
            Action::Edit(e) => {
                if form.field == 0 {
                    edit(&mut form.name, e);
                } else {
                    edit_number(&mut form.pin, e, false);
                }
                self.set_top(layer(form, &then));
            }
            Action::Up | Action::Down => {
                form.field = 1 - form.field.min(1);
                self.set_top(layer(form, &then));
            }
            Action::Confirm | Action::Total if form.field == 0 => {
                if form.name.value().trim().is_empty() {
                    return self.set_error("Type your user name");
                }
                form.field = 1;
                self.set_top(layer(form, &then));
            }
            Action::Confirm | Action::Total => self.check_credentials(form, then),
            Action::Back if then.is_some() => self.pop(),
            Action::Back => {
                self.set_top(layer(Credentials::default(), &then));
            }
            Action::Help => self.push(Layer::Help(super::HelpState::new(super::Screen::SignIn))),
            Action::Quit if then.is_none() => self.quit = true,
            other => self.common_dialog_key(other),
        }
    }

    fn check_credentials(&mut self, mut form: Credentials, then: Option<Approved>) {
        let name = form.name.value().trim().to_string();
        let pin = form.pin.value().to_string();
        let Some(counter) = self.counter.as_mut() else {
            return;
        };
        let outcome = counter.store.sign_in(&name, &pin);
        form.pin.reset();
        let message = match outcome {
            Err(e) => e.to_string(),
            Ok(SignIn::UnknownUser) => format!("No user named '{name}'"),
            Ok(SignIn::LockedOut) => {
                format!("{name} is locked out for a minute after three wrong PINs")
            }
            Ok(SignIn::WrongPin { attempts_left }) => {
                format!(
                    "Wrong PIN for {name}: {attempts_left} more tries before a minute's lock-out"
                )
            }
            Ok(SignIn::Ok(user)) => match then {
                None => {
                    counter.user = user;
                    self.layers.truncate(1);
                    self.sync_view();
                    self.set_info(format!("Signed in as {}", self.context.user_name));
                    return;
                }
                Some(_) if user.role != Role::Manager => format!("{} is not a manager", user.name),
                Some(approved) => {
                    self.approved_by = Some(user.name);
                    // Close the approval and the dialog that asked for it.
                    self.pop();
                    self.pop();
                    self.approved(approved);
                    return;
                }
            },
        };
        form.message = Some(message.clone());
        form.field = 1;
        self.set_top(match then {
            Some(a) => Layer::Approval(form, a),
            None => Layer::SignIn(form),
        });
        self.set_error(message);
    }

    pub(crate) fn update_tender(&mut self, mut tender: Tender, action: Action) {
        let kind = match action {
            Action::Edit(e) => {
                edit_number(&mut tender.input, e, true);
                return self.set_top(Layer::Tender(tender));
            }
            Action::Back => {
                self.pop();
                return self.set_info("Payment cancelled: the sale is still here");
            }
            Action::Cash | Action::Confirm | Action::Total => TenderKind::Cash,
            Action::Card => TenderKind::Card,
            Action::Account => TenderKind::Account,
            other => return self.common_dialog_key(other),
        };
        let remaining = tender.remaining();
        if remaining.is_zero() {
            return self.finish_sale(&tender);
        }
        let typed = tender.input.value().trim().to_string();
        let amount = if typed.is_empty() {
            remaining
        } else {
            let mu = self.counter_ref().map_or(2, |c| c.config.store.minor_units);
            match Money::parse(&typed, mu) {
                Ok(m) => m,
                Err(e) => return self.set_error(format!("Amount: {e}")),
            }
        };
        let check = self
            .counter_ref()
            .map(|c| c.check_tender(kind, amount, remaining, tender.on_account()));
        if let Some(Err(e)) = check {
            return self.set_error(e);
        }
        tender.tenders.push((kind, amount));
        tender.input.reset();
        if tender.remaining().is_zero() {
            self.finish_sale(&tender);
        } else {
            self.set_info(format!(
                "{} {amount} taken; {} still due",
                kind.as_str(),
                tender.remaining()
            ));
            self.set_top(Layer::Tender(tender));
        }
    }

    fn finish_sale(&mut self, tender: &Tender) {
        if let super::manager::TenderFor::Convert { order } = tender.purpose {
            return self.convert(order, &tender.tenders);
        }
        let Some(counter) = self.counter.as_mut() else {
            return;
        };
        let result = counter.commit(&tender.tenders);
        self.approved_by = None;
        self.back_to_sale();
        match result {
            Ok(done) => {
                self.cursor = 0;
                let mut text = format!("Invoice {} done", done.committed.invoice);
                if !done.change.is_zero() {
                    text += &format!(": change {}", done.change);
                }
                if let Some(order) = done.committed.order {
                    text += &format!("; customer order {order} holds the backorders");
                }
                match done.receipt {
                    Ok(path) => text += &format!("; receipt: {}", path.display()),
                    Err(e) => {
                        return self.set_error(format!(
                            "{text}, but the receipt failed: {e} (Ctrl-P reprints)"
                        ));
                    }
                }
                self.set_info(text);
            }
            Err(e) => self.set_error(e),
        }
    }

    /// Keys every dialog shares: help and quit.
    pub(crate) fn common_dialog_key(&mut self, action: Action) {
        match action {
            Action::Help => self.push(Layer::Help(super::HelpState::new(self.screen()))),
            Action::Quit => self.request_quit(),
            Action::Unbound(key) => self.unbound(key),
            _ => {}
        }
    }
}
