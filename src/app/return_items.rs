//! A return without an invoice (Enter on the empty invoice box of Ctrl-T): a manager
//! approves first, then the goods are scanned or typed (`3*SKU` for three), each priced as
//! today's sale of that quantity to the sale's customer (or a cash sale). Tab chooses how the
//! money goes back, F5 whether the goods came back damaged; F10 (or Enter on the empty box)
//! asks, and the return slip prints.
//!
//! Letters always go into the item box here: a SKU may start with any letter.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, edit_selected, moved};
use super::number::ring_large;
use super::returns::{Refund, item_row, print_slip, say_damaged};
use super::sale::split_quantity;
use crate::domain::Money;
use crate::domain::sale::{SaleLine, quantity_needs_confirm};
use crate::domain::tender::TenderKind;
use crate::store::returns::{ReturnOf, ReturnRequest, ReturnSource, refund_total, unlinked_source};
use crate::ui::widgets::{Field, popup, text_row};

#[derive(Debug, Clone)]
pub struct ReturnItems {
    /// The item box: a SKU or barcode, `3*` first for three.
    pub code: Input,
    /// The goods rung so far, priced for the customer.
    rung: Vec<SaleLine>,
    /// What they refund, line by line.
    pub source: ReturnSource,
    pub cursor: usize,
    pub refund_by: TenderKind,
    pub damaged: bool,
    /// A refused entry stays in the item box, selected: the next key (or scan) replaces it.
    pub selected: bool,
}

impl ReturnItems {
    pub fn new(ctx: &Ctx) -> ReturnItems {
        let tax_included = ctx.counter.config.tax.prices_include_tax;
        ReturnItems {
            code: Input::default(),
            rung: Vec::new(),
            source: unlinked_source(ctx.counter.sale.customer.as_ref(), Vec::new(), tax_included),
            cursor: 0,
            refund_by: TenderKind::Cash,
            damaged: false,
            selected: false,
        }
    }

    fn rebuild(&mut self, ctx: &Ctx) {
        self.source = unlinked_source(
            ctx.counter.sale.customer.as_ref(),
            self.rung.clone(),
            ctx.counter.config.tax.prices_include_tax,
        );
        self.cursor = self.cursor.min(self.source.lines.len().saturating_sub(1));
    }

    /// Enter with something typed: rings it; the same product again adds to its line.
    fn add(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let typed = self.code.value().trim().to_string();
        self.code.reset();
        let (qty, code) = split_quantity(&typed)?;
        if code.is_empty() {
            ctx.info(format!(
                "{qty}* then scan or type the SKU to take back {qty}"
            ));
            return Ok(Transition::Stay);
        }
        let code = code.to_string();
        // As at the sale: a quantity far beyond the usual is asked about first.
        if quantity_needs_confirm(qty, ctx.counter.config.counter.large_quantity) {
            self.code = Input::new(typed.clone());
            return Ok(Transition::push(ring_large("Take back", code, qty, qty)));
        }
        self.ring(ctx, &code, qty)
    }

    /// Rings `qty` of `code` onto the return.
    fn ring(&mut self, ctx: &mut Ctx, code: &str, qty: u32) -> Result<Transition, AppError> {
        self.code.reset();
        let line = ctx.counter.store.ring_line(
            code,
            qty,
            ctx.counter.sale.customer.as_ref(),
            &ctx.context.location,
            &ctx.counter.config.tax.rates,
        )?;
        let product = line.product_id;
        self.rung.push(line);
        self.rebuild(ctx);
        self.cursor = self
            .source
            .lines
            .iter()
            .position(|l| l.product_id == product)
            .unwrap_or(0);
        let l = &self.source.lines[self.cursor];
        ctx.info(format!(
            "{} x {} back at {}; F10 returns them all",
            l.delivered, l.sku, l.charge.charged
        ));
        Ok(Transition::Stay)
    }

    /// Ctrl-D asks before a line goes, as on the sale.
    fn ask_remove(&mut self, ctx: &mut Ctx) -> Transition {
        let Some(line) = self.source.lines.get(self.cursor) else {
            ctx.info("Nothing to remove: scan or type what comes back");
            return Transition::Stay;
        };
        Transition::push(Confirm::new(
            "Remove line",
            format!(
                "Remove {} x {} from the return? y: remove · Enter: no",
                line.delivered, line.sku
            ),
            Confirmed::RemoveLine { line: self.cursor },
            "Line kept",
        ))
    }

    fn remove(&mut self, ctx: &mut Ctx, index: usize) {
        let Some(line) = self.source.lines.get(index) else {
            return;
        };
        let (product, sku) = (line.product_id, line.sku.clone());
        self.rung.retain(|l| l.product_id != product);
        self.rebuild(ctx);
        ctx.info(format!("{sku} removed from the return"));
    }

    pub fn total_now(&self) -> Money {
        self.source
            .refunds(&self.source.all_lines())
            .map_or(Money::ZERO.round(), |r| {
                refund_total(&r, self.source.tax_included)
            })
    }

    /// F10, or Enter on the empty box: the question, then the return.
    fn ask(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        if self.source.lines.is_empty() {
            ctx.info("Scan or type what comes back first, then F10");
            return Ok(Transition::Stay);
        }
        let units: u32 = self.source.lines.iter().map(|l| l.delivered).sum();
        Ok(Transition::push(Confirm::new(
            "Return without an invoice",
            format!(
                "Take back {units} unit(s){} and refund {} by {}? y: yes · Enter: no",
                if self.damaged { ", damaged," } else { "" },
                self.total_now(),
                self.refund_by.as_str()
            ),
            Confirmed::ReturnGoods {
                total: self.total_now(),
            },
            "Nothing returned: correct the lines, or Esc",
        )))
    }

    fn take(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let location = ctx.context.location.clone();
        let done = ctx.counter.store.commit_return(&ReturnRequest {
            of: ReturnOf::NoInvoice(&self.source),
            picks: &self.source.all_lines(),
            refund_by: self.refund_by,
            damaged: self.damaged,
            location: &location,
            user: &user,
            approvals: &ctx.approvals,
            basis: ctx.counter.config.backorders.price_break_basis,
        })?;
        let approved_by = ctx.approver();
        ctx.approved_by = None;
        ctx.approvals.clear();
        let text = format!(
            "Return {} done (no invoice, approved by {approved_by}): {} back by {}",
            done.number,
            done.refund,
            done.refund_by.as_str()
        );
        Ok(print_slip(ctx, done.number, &text))
    }

    /// Tab: cash, card, on account (a named customer only), in turn.
    fn next_way(&mut self, ctx: &mut Ctx) {
        let named = self.source.account.is_some();
        self.refund_by = match self.refund_by {
            TenderKind::Cash => TenderKind::Card,
            TenderKind::Card if named => TenderKind::Account,
            _ => TenderKind::Cash,
        };
        ctx.info(format!(
            "The refund goes back by {}{}",
            self.refund_by.as_str(),
            if named {
                ""
            } else {
                " (on account: Bill To on the sale first)"
            }
        ));
    }
}

impl Layer for ReturnItems {
    fn keys(&self) -> Screen {
        Screen::ReturnItems
    }

    fn name(&self) -> String {
        "return without invoice".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => edit_selected(&mut self.code, &mut self.selected, e),
            Action::Confirm if !self.code.value().trim().is_empty() => {
                let typed = self.code.value().to_string();
                let added = self.add(ctx);
                // Refused: the entry stays, selected, so the next scan replaces it.
                if added.is_err() {
                    self.code = Input::new(typed);
                    self.selected = true;
                }
                return added;
            }
            Action::Confirm | Action::Total => return self.ask(ctx),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.source.lines.len());
            }
            Action::DeleteLine => return Ok(self.ask_remove(ctx)),
            Action::NextField => self.next_way(ctx),
            Action::Damaged => {
                self.damaged = !self.damaged;
                say_damaged(ctx, self.damaged);
            }
            Action::Back => {
                ctx.info("Nothing returned");
                ctx.approved_by = None;
                return Ok(Transition::pop());
            }
            other => return Ok(ctx.common(Screen::ReturnItems, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            // A manager approved what the policy asked: the return is written again.
            Outcome::Approved(Approved::Policy(_))
            | Outcome::Confirmed(Confirmed::ReturnGoods { .. }) => self.take(ctx),
            Outcome::Confirmed(Confirmed::RingLarge { code, qty }) => self.ring(ctx, &code, qty),
            Outcome::Confirmed(Confirmed::RemoveLine { line }) => {
                self.remove(ctx, line);
                Ok(Transition::Stay)
            }
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A return without an invoice: the item box, the goods rung with what each refunds, the
/// refund and how it goes back.
fn render(buf: &mut Buffer, area: Rect, ret: &ReturnItems, ui: &Ui) -> Option<Position> {
    let theme = ui.theme;
    let lines = &ret.source.lines;
    let height = (lines.len().max(1) as u16 + 9).min(area.height);
    let title = "Return without an invoice (a manager approves the refund)";
    let inner = popup(buf, area, 70, height, title, theme);
    let cursor = Field::new("Item", &ret.code)
        .selected(ret.selected)
        .render(buf, inner, 0, theme);
    let width = usize::from(inner.width);
    text_row(
        buf,
        inner,
        2,
        &format!("{:<w$} qty   refund", "Item", w = width.saturating_sub(15)),
        theme.column_heads,
    );
    let rows = usize::from(inner.height.saturating_sub(6)).max(1);
    let first = ret.cursor.saturating_sub(rows.saturating_sub(1));
    if lines.is_empty() {
        text_row(
            buf,
            inner,
            3,
            "Scan or type what comes back, then Enter",
            theme.placeholder,
        );
    }
    for (shown, (i, line)) in lines.iter().enumerate().skip(first).take(rows).enumerate() {
        let figures = format!(" {:>4} {:>8}", line.delivered, line.charge.charged);
        let style = if i == ret.cursor {
            theme.selected_row
        } else {
            theme.label
        };
        let text = item_row(line, &figures, width);
        text_row(buf, inner, 3 + shown as u16, &text, style);
    }
    let refund = Refund {
        total: &ret.total_now().to_string(),
        by: ret.refund_by.as_str(),
        damaged: ret.damaged,
    };
    refund.render(
        buf,
        inner,
        [
            "F10: return (asks first) · Tab: refund by · F5: damaged",
            "Ctrl-D: remove a line · Esc: back, nothing returned",
        ],
        ui,
    );
    cursor
}
