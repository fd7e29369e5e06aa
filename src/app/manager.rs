//! The manager's side on screen (SPEC section 5): orders in process (F7), one order with
//! its actions, and the F8 menu (receive stock, transfer, reports, users).

use tui_input::Input;

use super::counter::Counter;
use super::dialogs::Tender;
use super::flow::edit;
use super::{Action, App, Layer};
use crate::domain::sale::TenderKind;
use crate::domain::tender::settle;
use crate::store::orders::{OrderFilter, OrderInProcess, OrderRules, StatusFilter};
use crate::store::stock::MovementKind;

#[derive(Debug, Clone)]
pub struct OrdersScreen {
    pub filter: Input,
    pub status: StatusFilter,
    pub rows: Vec<OrderInProcess>,
    pub cursor: usize,
}

#[derive(Debug, Clone)]
pub struct OrderScreen {
    pub order: OrderInProcess,
    pub cursor: usize,
}

/// A form of a few text fields for the manager's menu.
#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub labels: Vec<&'static str>,
    pub fields: Vec<Input>,
    pub field: usize,
    pub purpose: FormFor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFor {
    /// A customer created in place at the counter.
    NewCustomer {
        then: super::dialogs::CustomerFor,
    },
    Receive,
    Transfer,
    DueDate {
        order: i64,
    },
}

/// Read-only text: a report, the users, what a receipt filled.
#[derive(Debug, Clone)]
pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// What a tender pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TenderFor {
    #[default]
    Sale,
    /// The final invoice of a customer order.
    Convert { order: i64 },
}

/// Money with the currency's places: an order that never held a deposit shows 0.00, not 0.
fn with_places(mut rows: Vec<OrderInProcess>, minor_units: u32) -> Vec<OrderInProcess> {
    for row in &mut rows {
        row.doc.deposit = row.doc.deposit.round(minor_units);
    }
    rows
}

impl App {
    fn order_rules(&self) -> Option<OrderRules> {
        self.counter.as_ref().map(|c| c.config.order_rules())
    }

    fn user_name(&self) -> String {
        self.counter
            .as_ref()
            .map(|c| c.user.name.clone())
            .unwrap_or_default()
    }

    fn manager_only(&mut self, what: &str) -> bool {
        let ok = self.counter.as_ref().is_some_and(Counter::is_manager);
        if !ok {
            self.set_error(format!("{what} is for managers: sign in as a manager"));
        }
        ok
    }

    pub(crate) fn open_orders(&mut self) {
        let mut screen = OrdersScreen {
            filter: Input::default(),
            status: StatusFilter::All,
            rows: Vec::new(),
            cursor: 0,
        };
        self.refresh_orders(&mut screen);
        self.push(Layer::Orders(screen));
    }

    fn refresh_orders(&mut self, screen: &mut OrdersScreen) {
        let Some(counter) = self.counter.as_ref() else {
            return;
        };
        let filter = OrderFilter {
            status: screen.status,
            text: screen.filter.value().to_string(),
            ..OrderFilter::default()
        };
        match counter.store.orders(&filter) {
            Ok(rows) => screen.rows = with_places(rows, counter.config.store.minor_units),
            Err(e) => self.set_error(e.to_string()),
        }
        screen.cursor = screen.cursor.min(screen.rows.len().saturating_sub(1));
    }

    pub(crate) fn update_orders(&mut self, mut screen: OrdersScreen, action: Action) {
        match action {
            Action::Edit(e) => {
                edit(&mut screen.filter, e);
                screen.cursor = 0;
                self.refresh_orders(&mut screen);
            }
            Action::NextField => {
                screen.status = screen.status.cycle();
                screen.cursor = 0;
                self.refresh_orders(&mut screen);
                self.set_info(format!("Showing {} orders", screen.status.as_str()));
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                screen.cursor = super::flow::moved(screen.cursor, action, screen.rows.len());
            }
            Action::Confirm => {
                if let Some(order) = screen.rows.get(screen.cursor).cloned() {
                    self.set_top(Layer::Orders(screen));
                    self.push(Layer::Order(OrderScreen { order, cursor: 0 }));
                    return;
                }
                self.set_info("No order matches the filter");
            }
            Action::Back => return self.pop(),
            other => return self.common_dialog_key(other),
        }
        self.set_top(Layer::Orders(screen));
    }

    /// Re-reads an order after a change, and the list beneath it.
    fn refresh_order(&mut self, number: i64, cursor: usize) {
        let Some(counter) = self.counter.as_ref() else {
            return;
        };
        let filter = OrderFilter {
            status: StatusFilter::Any,
            text: number.to_string(),
            ..OrderFilter::default()
        };
        let found = counter
            .store
            .orders(&filter)
            .ok()
            .map(|rows| with_places(rows, counter.config.store.minor_units))
            .and_then(|rows| rows.into_iter().find(|o| o.doc.number == number));
        if let Some(order) = found {
            self.set_top(Layer::Order(OrderScreen { order, cursor }));
        }
        if let Some(Layer::Orders(mut list)) = self.layers.iter().rev().nth(1).cloned() {
            self.refresh_orders(&mut list);
            let at = self.layers.len() - 2;
            self.layers[at] = Layer::Orders(list);
        }
    }

    pub(crate) fn update_order(&mut self, mut screen: OrderScreen, action: Action) {
        let number = screen.order.doc.number;
        let user = self.user_name();
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                screen.cursor =
                    super::flow::moved(screen.cursor, action, screen.order.doc.lines.len());
                self.set_top(Layer::Order(screen));
            }
            Action::Release => {
                let result = self
                    .counter
                    .as_mut()
                    .map(|c| c.store.release_backorders(number, &user));
                match result {
                    Some(Ok(released)) if released.is_empty() => self
                        .set_info("Nothing released: no stock available here for its backorders"),
                    Some(Ok(released)) => {
                        let units: i64 = released.iter().map(|r| r.qty).sum();
                        self.set_info(format!("Released {units} unit(s) to order {number}: i converts them to an invoice"));
                    }
                    Some(Err(e)) => self.set_error(e.to_string()),
                    None => {}
                }
                self.refresh_order(number, screen.cursor);
            }
            Action::Invoice => self.start_convert(number),
            Action::CancelLine => {
                if !self.manager_only("Cancel backorder") {
                    return;
                }
                let Some(line) = screen.order.doc.lines.get(screen.cursor).map(|l| l.line_no)
                else {
                    return;
                };
                let Some(rules) = self.order_rules() else {
                    return;
                };
                let result = self
                    .counter
                    .as_mut()
                    .map(|c| c.store.cancel_backorder(number, line, None, &user, &rules));
                match result {
                    Some(Ok(done)) => self.set_info(format!(
                        "Cancelled {} backordered unit(s); refund {}{}",
                        done.cancelled,
                        done.refund,
                        done.refund_invoice
                            .map(|n| format!(" on refund {n}"))
                            .unwrap_or_default()
                    )),
                    Some(Err(e)) => self.set_error(e.to_string()),
                    None => {}
                }
                self.refresh_order(number, screen.cursor);
            }
            Action::Void => {
                if !self.manager_only("Void") {
                    return;
                }
                let Some(rules) = self.order_rules() else {
                    return;
                };
                let result = self
                    .counter
                    .as_mut()
                    .map(|c| c.store.void_order(number, &user, &rules));
                match result {
                    Some(Ok(done)) => self.set_info(format!(
                        "Order {number} void: {} unit(s) released to stock, refund {}",
                        done.released, done.refund
                    )),
                    Some(Err(e)) => self.set_error(e.to_string()),
                    None => {}
                }
                self.refresh_order(number, screen.cursor);
            }
            Action::DueDate => {
                let due = screen.order.doc.due.clone().unwrap_or_default();
                self.push(Layer::Form(Form {
                    title: format!("Due date of order {number}"),
                    labels: vec!["Due (YYYY-MM-DD, blank: none)"],
                    fields: vec![Input::new(due)],
                    field: 0,
                    purpose: FormFor::DueDate { order: number },
                }));
            }
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    fn start_convert(&mut self, number: i64) {
        let Some(rules) = self.order_rules() else {
            return;
        };
        let preview = match self
            .counter
            .as_ref()
            .map(|c| c.store.preview_convert(number, &rules))
        {
            Some(Ok(p)) => p,
            Some(Err(e)) => return self.set_error(e.to_string()),
            None => return,
        };
        if preview.lines.is_empty() {
            return self.set_info("Nothing committed to invoice: r releases available stock first");
        }
        // Nothing due, or a deposit larger than the charge (a refund): no tender to take.
        if !preview.due.is_positive() {
            self.convert(number, &[]);
        } else {
            self.set_info(format!(
                "Final invoice for order {number}: {} due",
                preview.due
            ));
            self.push(Layer::Tender(Tender {
                input: Input::default(),
                due: preview.due,
                tenders: Vec::new(),
                payment: preview.payment,
                creates_order: false,
                purpose: TenderFor::Convert { order: number },
            }));
        }
    }

    /// Writes the final invoice of an order and prints it.
    pub(crate) fn convert(&mut self, number: i64, tenders: &[(TenderKind, crate::domain::Money)]) {
        let Some(rules) = self.order_rules() else {
            return;
        };
        let user = self.user_name();
        let Some(counter) = self.counter.as_mut() else {
            return;
        };
        let settlement = match counter
            .store
            .preview_convert(number, &rules)
            .map_err(|e| e.to_string())
            .and_then(|p| settle(p.due, tenders).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => return self.set_error(e),
        };
        let change = settlement.change;
        match counter
            .store
            .convert_to_invoice(number, &user, tenders, change, &rules)
        {
            Ok(invoice) => {
                counter.last_invoice = Some(invoice);
                let receipt = counter.print_receipt(invoice);
                let mut text = format!("Final invoice {invoice} for order {number}");
                if !change.is_zero() {
                    text += &format!(": change {change}");
                }
                if !settlement.refund.is_zero() {
                    text += &format!(": refund {}", settlement.refund);
                }
                match receipt {
                    Ok(path) => text += &format!("; receipt: {}", path.display()),
                    Err(e) => text += &format!("; the receipt failed: {e}"),
                }
                // Back to the order (under the tender, if any).
                while !matches!(
                    self.layers.last(),
                    Some(Layer::Order(_)) | Some(Layer::Sale)
                ) {
                    self.pop();
                }
                self.refresh_order(number, 0);
                self.set_info(text);
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    pub(crate) fn open_manager_menu(&mut self) {
        self.push(Layer::Manager(0));
    }

    pub(crate) fn update_manager(&mut self, cursor: usize, action: Action) {
        const ENTRIES: [Action; 4] = [
            Action::Receive,
            Action::Transfer,
            Action::Reports,
            Action::Users,
        ];
        let chosen = match action {
            Action::Up | Action::Down => {
                let at = super::flow::moved(cursor, action, ENTRIES.len());
                return self.set_top(Layer::Manager(at));
            }
            Action::Confirm => ENTRIES[cursor.min(ENTRIES.len() - 1)],
            Action::Back => return self.pop(),
            other => other,
        };
        match chosen {
            Action::Receive => self.push(Layer::Form(Form {
                title: "Receive stock".into(),
                labels: vec![
                    "SKU or barcode",
                    "Quantity (negative: count correction)",
                    "Location",
                    "Reference",
                ],
                fields: vec![
                    Input::default(),
                    Input::default(),
                    Input::new(self.context.location.clone()),
                    Input::new("supplier delivery".into()),
                ],
                field: 0,
                purpose: FormFor::Receive,
            })),
            Action::Transfer => self.push(Layer::Form(Form {
                title: "Transfer stock".into(),
                labels: vec!["SKU or barcode", "Quantity", "From location", "To location"],
                fields: vec![
                    Input::default(),
                    Input::default(),
                    Input::default(),
                    Input::new(self.context.location.clone()),
                ],
                field: 0,
                purpose: FormFor::Transfer,
            })),
            Action::Reports => self.push(Layer::Choice(super::dialogs::Choice {
                title: "Reports".into(),
                body: vec!["Which report?".into()],
                options: vec![
                    ('b', "Backorders: orders with backordered lines".into()),
                    ('l', "Backlog: open demand by product".into()),
                    ('o', "Reorder: below minimum stock".into()),
                    ('d', "Deposits: outstanding by order".into()),
                    ('p', "Purchase: suggested quantities by supplier".into()),
                ],
                cursor: 0,
                purpose: super::dialogs::ChoiceFor::Report,
            })),
            Action::Users => {
                let lines = match self.counter.as_ref().map(|c| c.store.users()) {
                    Some(Ok(users)) if users.is_empty() => vec!["No users yet.".to_string()],
                    Some(Ok(users)) => users
                        .iter()
                        .map(|u| format!("{:<24} {}", u.name, u.role.as_str()))
                        .collect(),
                    Some(Err(e)) => vec![e.to_string()],
                    None => Vec::new(),
                };
                let mut lines = lines;
                lines.push(String::new());
                lines.push("Add or reset a user: ringup user add NAME --role clerk|manager".into());
                self.push(Layer::Text(TextView {
                    title: "Users".into(),
                    lines,
                    scroll: 0,
                }));
            }
            other => self.common_dialog_key(other),
        }
    }

    /// Commits received stock to the orders waiting for it, oldest first.
    pub(crate) fn fill_waiting(&mut self, sku: &str, location: &str, qty: i64) {
        let user = self.user_name();
        let Some(counter) = self.counter.as_mut() else {
            return;
        };
        let result = counter
            .store
            .require_product(sku)
            .and_then(|p| counter.store.fill_waiting(p.id, location, qty, &user));
        match result {
            Ok(filled) => {
                let lines: Vec<String> = filled
                    .iter()
                    .map(|f| {
                        format!(
                            "Committed {} of {} to order {} line {}",
                            f.qty, f.sku, f.order, f.line_no
                        )
                    })
                    .collect();
                self.pop();
                self.push(Layer::Text(TextView {
                    title: "Filled".into(),
                    lines,
                    scroll: 0,
                }));
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Shows a report as text on screen.
    pub(crate) fn show_report(&mut self, letter: char) {
        let Some(counter) = self.counter.as_ref() else {
            return;
        };
        let location = counter.config.store.location.clone();
        let name = match letter {
            'b' => "backorders",
            'l' => "backlog",
            'o' => "reorder",
            'd' => "deposits",
            _ => "purchase",
        };
        match crate::cli::manager::report_table(&counter.store, name, &location) {
            Ok(text) => {
                self.pop();
                self.push(Layer::Text(TextView {
                    title: format!("Report: {name}"),
                    lines: text.lines().map(str::to_string).collect(),
                    scroll: 0,
                }));
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    pub(crate) fn update_text(&mut self, mut view: TextView, action: Action) {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                view.scroll = super::flow::moved(view.scroll, action, view.lines.len());
                self.set_top(Layer::Text(view));
            }
            Action::Back | Action::Confirm => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    pub(crate) fn update_form(&mut self, mut form: Form, action: Action) {
        match action {
            Action::Edit(e) => {
                edit(&mut form.fields[form.field], e);
                self.set_top(Layer::Form(form));
            }
            Action::Up => {
                form.field = form.field.saturating_sub(1);
                self.set_top(Layer::Form(form));
            }
            Action::Down | Action::NextField => {
                form.field = (form.field + 1) % form.fields.len();
                self.set_top(Layer::Form(form));
            }
            Action::Confirm if form.field + 1 < form.fields.len() => {
                form.field += 1;
                self.set_top(Layer::Form(form));
            }
            Action::Confirm | Action::Total => self.submit_form(form),
            Action::Back => self.pop(),
            other => self.common_dialog_key(other),
        }
    }

    fn submit_form(&mut self, form: Form) {
        let values: Vec<String> = form
            .fields
            .iter()
            .map(|f| f.value().trim().to_string())
            .collect();
        if let FormFor::NewCustomer { then } = form.purpose {
            return self.save_customer(values, then);
        }
        let user = self.user_name();
        let Some(counter) = self.counter.as_mut() else {
            return;
        };
        let auto = counter.config.backorders.auto_commit_on_receipt;
        match form.purpose {
            FormFor::NewCustomer { .. } => {}
            FormFor::DueDate { order } => {
                let due = (!values[0].is_empty()).then_some(values[0].as_str());
                match counter.store.set_due(order, due, &user) {
                    Ok(()) => {
                        self.pop();
                        self.refresh_order(order, 0);
                        self.set_info(format!("Order {order} due {}", due.unwrap_or("(none)")));
                    }
                    Err(e) => self.set_error(e.to_string()),
                }
            }
            FormFor::Transfer => {
                let qty = match crate::store::stock::parse_quantity("Quantity", &values[1]) {
                    Ok(q) => q,
                    Err(e) => return self.set_error(e.to_string()),
                };
                match counter
                    .store
                    .transfer(&values[0], qty, &values[2], &values[3])
                {
                    Ok(()) => {
                        self.pop();
                        self.set_info(format!(
                            "Moved {qty} of {} from {} to {}",
                            values[0], values[2], values[3]
                        ));
                    }
                    Err(e) => self.set_error(e.to_string()),
                }
            }
            FormFor::Receive => {
                let qty = match values[1].parse::<i64>() {
                    Ok(q) if q != 0 && q.abs() <= 1_000_000 => q,
                    _ => {
                        return self.set_error(format!(
                            "Quantity '{}': a whole number from -1,000,000 to 1,000,000, not 0",
                            values[1]
                        ));
                    }
                };
                let kind = if qty > 0 {
                    MovementKind::Receipt
                } else {
                    MovementKind::Count
                };
                let result = counter
                    .store
                    .receive_and_fill(&values[0], qty, &values[2], kind, &values[3], &user, auto);
                match result {
                    Ok(outcome) => {
                        let mut lines = vec![format!(
                            "{} {}: on hand {}, committed {}, available {}",
                            values[2],
                            values[0],
                            outcome.on_hand,
                            outcome.committed,
                            outcome.available
                        )];
                        for f in &outcome.filled {
                            lines.push(format!(
                                "Committed {} to order {} line {}",
                                f.qty, f.order, f.line_no
                            ));
                        }
                        self.pop();
                        let can_fill = outcome.waiting.iter().any(|w| w.could_take > 0);
                        if outcome.waiting.is_empty() {
                            lines.push("No order is waiting for this product.".into());
                        } else {
                            lines.push("Orders waiting, oldest first: order, customer, backordered, could take".into());
                            for w in &outcome.waiting {
                                lines.push(format!(
                                    "  order {:<6} {:<28} {:>5} {:>5}",
                                    w.order, w.customer, w.backordered, w.could_take
                                ));
                            }
                        }
                        if can_fill {
                            self.push(Layer::Choice(super::dialogs::Choice {
                                title: "Received: fill waiting orders?".into(),
                                body: lines,
                                options: vec![(
                                    'f',
                                    "Fill the waiting orders, oldest first".into(),
                                )],
                                cursor: 0,
                                purpose: super::dialogs::ChoiceFor::FillWaiting {
                                    sku: values[0].clone(),
                                    location: values[2].clone(),
                                    qty,
                                },
                            }));
                        } else {
                            self.push(Layer::Text(TextView {
                                title: "Received".into(),
                                lines,
                                scroll: 0,
                            }));
                        }
                    }
                    Err(e) => self.set_error(e.to_string()),
                }
            }
        }
    }
}
