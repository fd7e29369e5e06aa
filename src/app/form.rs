//! A form of a few text fields: a new customer at the counter, and the manager's receive,
//! transfer and due-date forms. Enter moves from field to field and submits on the last.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::AppError;
use super::customer_search::save_customer;
use super::draw::Ui;
use super::fill_waiting::after_stock_in;
use super::keymap::{Action, Screen, TextEdit};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, edit_number, edit_selected};
use crate::store::orders::ReceiptOutcome;
use crate::store::stock::{MovementKind, parse_quantity};
use crate::ui::widgets::{FOCUS_MARK, NO_FOCUS_MARK, popup, row};
use crate::ui::{Theme, width_of};

/// What a form's field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Text,
    /// A whole number of units.
    Count,
    /// A whole number of units, negative for a correction.
    SignedCount,
    Money,
}

/// What a form's values are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFor {
    /// A customer created in place at the counter (the search beneath bills to them).
    NewCustomer,
    Receive,
    Transfer,
    Count,
    DueDate {
        order: i64,
    },
    /// Why the drawer is opened without a sale.
    NoSale,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub labels: Vec<&'static str>,
    pub fields: Vec<Input>,
    pub field: usize,
    /// The current field's value was filled in and is selected: the first key typed
    /// replaces it.
    pub selected: bool,
    pub purpose: FormFor,
    /// What the fields held when the form opened: anything else was typed.
    initial: Vec<String>,
    /// Esc was pressed with something typed: Esc again or `y` throws it away; any other
    /// key keeps it (Enter too: it does not save).
    pub discarding: bool,
}

impl Form {
    fn new(title: &str, labels: Vec<&'static str>, fields: Vec<Input>, purpose: FormFor) -> Form {
        let selected = fields.first().is_some_and(|f| !f.value().is_empty());
        let initial = fields.iter().map(|f| f.value().to_string()).collect();
        Form {
            title: title.to_string(),
            labels,
            fields,
            field: 0,
            selected,
            purpose,
            initial,
            discarding: false,
        }
    }

    /// Something was typed since the form opened.
    pub fn has_typed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(field, initial)| field.value() != initial)
    }

    /// Esc: leaves at once if nothing was typed; else asks first (No by default).
    fn back(&mut self, ctx: &mut Ctx) -> Transition {
        if !self.has_typed() {
            return Transition::pop();
        }
        self.discarding = true;
        ctx.info("Esc again or y throws away what was typed; any other key keeps it");
        Transition::Stay
    }

    /// The key after Esc asked: Esc or `y` leave; Enter keeps what was typed (without
    /// saving); any other key keeps it and acts as usual. None: the key acts as usual.
    fn answer_discard(&mut self, ctx: &mut Ctx, action: Action) -> Option<Transition> {
        if !std::mem::take(&mut self.discarding) {
            return None;
        }
        match action {
            Action::Back | Action::Edit(TextEdit::Insert('y' | 'Y')) => {
                ctx.info(format!("{}: nothing saved", self.title));
                Some(Transition::pop())
            }
            Action::Confirm | Action::Total => {
                ctx.info("Kept: go on typing; Enter on the last field saves");
                Some(Transition::Stay)
            }
            _ => None,
        }
    }

    /// What a field takes, key by key.
    fn kind(&self, field: usize) -> FieldKind {
        match (self.purpose, field) {
            (FormFor::Receive, 1) => FieldKind::SignedCount,
            (FormFor::Transfer, 1) | (FormFor::Count, 2) => FieldKind::Count,
            (FormFor::NewCustomer, 4) => FieldKind::Money,
            _ => FieldKind::Text,
        }
    }

    /// A key typed into the field under the cursor: a quantity or money field refuses, as
    /// it is typed, what is no part of its figure (a letter, a `-` where none may go).
    fn type_key(&mut self, ctx: &mut Ctx, e: TextEdit) {
        let kind = self.kind(self.field);
        let input = &mut self.fields[self.field];
        let refused = match kind {
            FieldKind::Text => {
                edit_selected(input, &mut self.selected, e);
                None
            }
            // A count correction is negative: `-` leads it, once.
            FieldKind::SignedCount if e == TextEdit::Insert('-') => {
                let leads = self.selected
                    || (input.visual_cursor() == 0 && !input.value().starts_with('-'));
                if leads {
                    edit_selected(input, &mut self.selected, e);
                    None
                } else {
                    Some('-')
                }
            }
            FieldKind::SignedCount | FieldKind::Count => {
                edit_number(input, &mut self.selected, e, false)
                    .err()
                    .map(|r| r.0)
            }
            FieldKind::Money => edit_number(input, &mut self.selected, e, true)
                .err()
                .map(|r| r.0),
        };
        if let Some(c) = refused {
            ctx.info(match kind {
                FieldKind::Money => {
                    format!("'{c}' is not part of an amount: digits and one decimal point")
                }
                FieldKind::SignedCount => {
                    format!("'{c}' is not part of a quantity: digits, and - first for a correction")
                }
                _ => format!("'{c}' is not part of a quantity: digits only"),
            });
        }
    }

    /// A refused save: the field the refusal names (by its label or its value) gets the
    /// cursor, its entry selected, so the next key replaces it.
    fn refused(&mut self, why: &str) {
        let why = why.to_lowercase();
        let named = self
            .labels
            .iter()
            .zip(&self.fields)
            .position(|(label, input)| {
                let first = label
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                let value = input.value().trim().to_lowercase();
                why.starts_with(&first)
                    || (!value.is_empty() && why.contains(&format!("'{value}'")))
            });
        self.go_to(named.unwrap_or(self.field));
    }

    /// Moves to a field; a value already there is selected.
    fn go_to(&mut self, field: usize) {
        self.field = field;
        self.selected = !self.fields[field].value().is_empty();
    }

    /// The new-customer form: the next account number filled in, the name searched for, and
    /// a credit limit of none. It starts on the name (the account is rarely changed, and a
    /// first key must not overwrite it).
    pub fn new_customer(name: String, account: String) -> Form {
        let mut form = Form::new(
            "New customer",
            vec!["Account", "Name", "Phone", "Email", "Credit limit"],
            vec![
                Input::new(account),
                Input::new(name),
                Input::default(),
                Input::default(),
                Input::new("0.00".into()),
            ],
            FormFor::NewCustomer,
        );
        form.go_to(1);
        form
    }

    pub fn receive(location: String) -> Form {
        Form::new(
            "Receive stock",
            vec![
                "SKU or barcode",
                "Quantity (negative: count correction)",
                "Location",
                "Reference",
            ],
            vec![
                Input::default(),
                Input::default(),
                Input::new(location),
                Input::new("supplier delivery".into()),
            ],
            FormFor::Receive,
        )
    }

    pub fn transfer(location: String) -> Form {
        Form::new(
            "Transfer stock",
            vec!["SKU or barcode", "Quantity", "From location", "To location"],
            vec![
                Input::default(),
                Input::default(),
                Input::default(),
                Input::new(location),
            ],
            FormFor::Transfer,
        )
    }

    /// The count form: what was counted, where (this terminal's location filled in), and
    /// how many.
    pub fn count(location: String) -> Form {
        Form::new(
            "Count stock",
            vec!["SKU or barcode", "Location", "Counted quantity"],
            vec![Input::default(), Input::new(location), Input::default()],
            FormFor::Count,
        )
    }

    /// The no-sale's reason: the drawer opens once it is given (audited).
    pub fn no_sale() -> Form {
        Form::new(
            "No sale: open the drawer",
            vec!["Reason (e.g. change for the float)"],
            vec![Input::default()],
            FormFor::NoSale,
        )
    }

    pub fn due_date(order: i64, due: String) -> Form {
        Form {
            title: format!("Due date of order {order}"),
            ..Form::new(
                "",
                vec!["Due (YYYY-MM-DD, blank: none)"],
                vec![Input::new(due)],
                FormFor::DueDate { order },
            )
        }
    }

    fn submit(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let values: Vec<String> = self
            .fields
            .iter()
            .map(|f| f.value().trim().to_string())
            .collect();
        match self.purpose {
            FormFor::NewCustomer => {
                let created = save_customer(ctx, &values)?;
                Ok(Transition::Pop(Outcome::Created(created)))
            }
            FormFor::DueDate { order } => due_date(ctx, order, &values[0]),
            FormFor::Transfer => transfer(ctx, &values),
            FormFor::Receive => receive(ctx, &values),
            FormFor::Count => super::count::check(ctx, &values),
            FormFor::NoSale => super::day::open_drawer_for(ctx, &values[0]),
        }
    }
}

fn due_date(ctx: &mut Ctx, order: i64, value: &str) -> Result<Transition, AppError> {
    let due = (!value.is_empty()).then_some(value);
    let user = ctx.counter.user.name.clone();
    ctx.counter
        .store
        .set_due(order, due, &user, &ctx.approvals)?;
    ctx.approvals.clear();
    ctx.info(format!("Order {order} due {}", due.unwrap_or("(none)")));
    Ok(Transition::Pop(Outcome::Refresh))
}

fn transfer(ctx: &mut Ctx, values: &[String]) -> Result<Transition, AppError> {
    let qty = parse_quantity("Quantity", &values[1])?;
    let (sku, from, to) = (&values[0], &values[2], &values[3]);
    let auto = ctx.counter.config.backorders.auto_commit_on_receipt;
    let user = ctx.counter.user.name.clone();
    let store = &mut ctx.counter.store;
    store.transfer(sku, qty, from, to, &user)?;
    let product = store.require_product(sku)?;
    let filled = if auto {
        store.fill_waiting(product.id, to, qty, &user)?
    } else {
        Vec::new()
    };
    let level = store.stock_level(product.id, to)?;
    let outcome = ReceiptOutcome {
        on_hand: level.on_hand,
        committed: level.committed,
        available: level.available(),
        filled,
        unpromised: Vec::new(),
        waiting: store.waiting_for(product.id, to)?,
    };
    ctx.info(format!(
        "Moved {qty} of {} from {from} to {to}",
        product.sku
    ));
    Ok(after_stock_in(
        ctx,
        "Transferred",
        &product.sku,
        to,
        qty,
        &outcome,
    ))
}

/// Receives stock (or corrects a count), then offers to fill the orders waiting for it.
fn receive(ctx: &mut Ctx, values: &[String]) -> Result<Transition, AppError> {
    let qty = crate::domain::stock::parse_correction("Quantity", &values[1])
        .map_err(|_| AppError::BadReceiveQuantity(values[1].clone()))?;
    let kind = if qty > 0 {
        MovementKind::Receipt
    } else {
        MovementKind::Count
    };
    let auto = ctx.counter.config.backorders.auto_commit_on_receipt;
    let user = ctx.counter.user.name.clone();
    let outcome = ctx
        .counter
        .store
        .receive_and_fill(&values[0], qty, &values[2], kind, &values[3], &user, auto)?;
    Ok(after_stock_in(
        ctx, "Received", &values[0], &values[2], qty, &outcome,
    ))
}

impl Layer for Form {
    fn keys(&self) -> Screen {
        Screen::Prompt
    }

    fn name(&self) -> String {
        match self.purpose {
            FormFor::NewCustomer => "customer form".into(),
            _ => format!("form: {}", self.title),
        }
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        if let Some(answer) = self.answer_discard(ctx, action) {
            return Ok(answer);
        }
        match action {
            Action::Edit(e) => self.type_key(ctx, e),
            Action::Up => self.go_to(self.field.saturating_sub(1)),
            Action::Down | Action::NextField => self.go_to((self.field + 1) % self.fields.len()),
            Action::Confirm if self.field + 1 < self.fields.len() => self.go_to(self.field + 1),
            Action::Confirm | Action::Total => {
                let saved = self.submit(ctx);
                // Refused: the entry named stays, selected, to be replaced by the next key.
                if let Err(why) = &saved {
                    self.refused(&why.to_string());
                }
                return saved;
            }
            Action::Back => return Ok(self.back(ctx)),
            other => return Ok(ctx.common(Screen::Prompt, other)),
        }
        Ok(Transition::Stay)
    }

    /// A manager approved what the policy asked when the form was saved: saved again.
    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Approved(Approved::Policy(_)) => self.submit(ctx),
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

// Drawing: a form of a few text fields over the screen beneath.

fn render(buf: &mut Buffer, area: Rect, form: &Form, theme: &Theme) -> Option<Position> {
    let label_width = form.labels.iter().map(|l| width_of(l)).max().unwrap_or(0);
    let inner = popup(
        buf,
        area,
        72,
        form.fields.len() as u16 + 5,
        &form.title,
        theme,
    );
    let mut cursor = None;
    for (i, (label, input)) in form.labels.iter().zip(&form.fields).enumerate() {
        let y = i as u16 + 1;
        let focused = i == form.field;
        let (mark, label_style) = if focused {
            (FOCUS_MARK, theme.label.add_modifier(Modifier::BOLD))
        } else {
            (NO_FOCUS_MARK, theme.label)
        };
        let prefix = format!("{mark}{label:<label_width$}: ");
        row(
            buf,
            inner,
            y,
            Line::from(vec![
                Span::styled(prefix.clone(), label_style),
                if i == form.field && form.selected {
                    Span::styled(input.value().to_string(), Modifier::REVERSED)
                } else {
                    Span::raw(input.value().to_string())
                },
            ]),
        );
        if i == form.field {
            let x = inner.x + width_of(&prefix) as u16 + input.visual_cursor() as u16;
            cursor = Some(Position::new(
                x.min(inner.right().saturating_sub(1)),
                inner.y + y,
            ));
        }
    }
    row(
        buf,
        inner,
        form.fields.len() as u16 + 2,
        if form.discarding {
            Line::styled(
                "Throw away what was typed? Esc or y: yes · Enter: no, keep it",
                theme.status_error,
            )
        } else {
            Line::styled(
                "Enter: next field, then save · Esc: cancel",
                theme.placeholder,
            )
        },
    );
    cursor
}
