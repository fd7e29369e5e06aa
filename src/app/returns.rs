//! A return at the counter (Ctrl-T on an empty sale): type the invoice number, type the
//! units coming back on each of its lines, choose how the money goes back (the invoice's
//! own way preselected), confirm (Enter alone is no), and the return slip prints. Enter on
//! the empty number box is a return without an invoice ([`super::return_items`]).
//!
//! When the policy asks a manager for the refund (above the limit, or cash back for money
//! paid otherwise), the manager's name and PIN are asked as it is written. The number
//! box takes digits only and refuses a scan (8+ digits that are no invoice's number); the
//! quantity boxes take digits only, and a letter chooses the refund way only while the box
//! under the cursor is empty.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, edit_number, moved};
use super::return_items::ReturnItems;
use super::{AppError, StatusKind};
use crate::domain::Money;
use crate::domain::tender::TenderKind;
use crate::store::StoreError;
use crate::store::returns::{ReturnOf, ReturnRequest, ReturnSource, ReturnableLine, refund_total};
use crate::ui::widgets::{FOCUS_MARK, Field, NO_FOCUS_MARK, popup, text_row};
use crate::ui::width_of;

/// A number this long with no invoice behind it is a barcode scanned into the wrong box.
const SCAN_DIGITS: usize = 8;

#[derive(Debug, Clone)]
pub struct ReturnGoods {
    /// The invoice number box, until an invoice is found.
    pub number: Input,
    pub source: Option<ReturnSource>,
    /// Units coming back, one box per line of the invoice.
    pub qty: Vec<Input>,
    pub cursor: usize,
    pub refund_by: TenderKind,
    /// The units came back damaged: counted apart, not back on hand.
    pub damaged: bool,
    /// A refused entry stays in the box under the cursor, selected: the next key replaces it.
    pub selected: bool,
}

/// Ctrl-T on the sale screen: refused while a sale is on screen.
pub fn start(ctx: &mut Ctx) -> Result<Transition, AppError> {
    if !ctx.counter.sale.lines.is_empty() {
        ctx.info("A return is taken on an empty sale: finish or clear this one first");
        return Ok(Transition::Stay);
    }
    ctx.info("Return: type the number of the invoice the goods came on, then Enter");
    Ok(Transition::push(ReturnGoods::default()))
}

/// An invoice scanned from its receipt at the item entry: the return opens on its lines.
pub fn recall(ctx: &mut Ctx, invoice: i64) -> Result<Transition, AppError> {
    let mut screen = ReturnGoods {
        number: Input::new(invoice.to_string()),
        ..ReturnGoods::default()
    };
    screen.find(ctx)?;
    if screen.source.is_none() {
        return Ok(Transition::Stay);
    }
    Ok(Transition::push(screen))
}

/// Prints the slip of return `number` written just now and says so after `text`; back to
/// the sale either way (the return is written).
pub(super) fn print_slip(ctx: &mut Ctx, number: i64, text: &str) -> Transition {
    let config = ctx.counter.config.clone();
    match crate::counter::print::print_invoice(&mut ctx.counter.store, &config, number) {
        Ok(path) => ctx.info(format!("{text}; slip: {}", path.display())),
        Err(e) => ctx.error(format!(
            "{text}, but the slip failed: {e} (ringup invoice show {number})"
        )),
    }
    Transition::ToSale(Outcome::Nothing)
}

/// Says where the units of a return go: counted damaged, or back on hand.
pub(super) fn say_damaged(ctx: &mut Ctx, damaged: bool) {
    ctx.info(if damaged {
        "Damaged: the units are counted apart, not back on hand"
    } else {
        "Back to stock: the units go back on hand"
    });
}

/// Enter on the empty number box: the goods came without their invoice. They are rung
/// first; the policy asks for a manager on the refund they come to, at F10.
fn without_invoice(ctx: &mut Ctx) -> Transition {
    ctx.info("Return without an invoice: scan or type what comes back, F10 to return");
    Transition::replace(ReturnItems::new(ctx))
}

impl Default for ReturnGoods {
    fn default() -> Self {
        ReturnGoods {
            number: Input::default(),
            source: None,
            qty: Vec::new(),
            cursor: 0,
            refund_by: TenderKind::Cash,
            damaged: false,
            selected: false,
        }
    }
}

impl ReturnGoods {
    /// Enter on the number box: the invoice and what can still come back of it.
    fn find(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let typed = self.number.value().trim().to_string();
        if typed.is_empty() {
            return Ok(without_invoice(ctx));
        }
        let Ok(invoice) = typed.parse::<i64>() else {
            ctx.error("Type the invoice number, digits only");
            return Ok(Transition::Stay);
        };
        let exists = ctx.counter.store.invoice(invoice)?.is_some();
        if !exists && typed.len() >= SCAN_DIGITS {
            self.number.reset();
            ctx.error(format!(
                "'{typed}' looks like a scan, not an invoice number: type the number on the receipt"
            ));
            return Ok(Transition::Stay);
        }
        let basis = ctx.counter.config.backorders.price_break_basis;
        let source = ctx.counter.store.return_source(invoice, basis)?;
        if source.lines.iter().all(|l| l.left() == 0) {
            ctx.error(format!(
                "Everything invoice {invoice} delivered is back already"
            ));
            return Ok(Transition::Stay);
        }
        self.refund_by = source.original_tender();
        self.qty = vec![Input::default(); source.lines.len()];
        self.cursor = source.lines.iter().position(|l| l.left() > 0).unwrap_or(0);
        self.source = Some(source);
        ctx.info(format!(
            "Invoice {invoice}: type the units coming back on each line (Up/Down), F10 to return"
        ));
        Ok(Transition::Stay)
    }

    /// The first quantity typed that cannot come back, in the screen's words: (its line on
    /// screen, why). Nothing typed at all is refused too.
    fn refused_quantity(&self) -> Option<(usize, String)> {
        let source = self.source.as_ref()?;
        let mut any = false;
        for (i, (line, input)) in source.lines.iter().zip(&self.qty).enumerate() {
            let typed = input.value().trim();
            if typed.is_empty() {
                continue;
            }
            any = true;
            let left = line.left();
            let fits = typed
                .parse::<u32>()
                .is_ok_and(|qty| (0..=left).contains(&qty));
            if !fits {
                return Some((
                    i,
                    format!(
                        "{}: {typed} coming back is more than the {left} left to return",
                        line.sku
                    ),
                ));
            }
        }
        (!any).then(|| {
            (
                self.cursor,
                "Type the units coming back on a line (Up/Down picks it), then F10".to_string(),
            )
        })
    }

    /// (line number, units) of every line with a quantity typed.
    fn picks(&self) -> Result<Vec<(i64, u32)>, AppError> {
        let Some(source) = &self.source else {
            return Ok(Vec::new());
        };
        let mut picks = Vec::new();
        for (line, input) in source.lines.iter().zip(&self.qty) {
            let typed = input.value().trim();
            if typed.is_empty() {
                continue;
            }
            let qty = typed.parse::<u32>().map_err(|_| {
                StoreError::bad_input("qty", format!("{}:{typed}", line.sku), "not a quantity")
            })?;
            if qty > 0 {
                picks.push((line.line_no, qty));
            }
        }
        Ok(picks)
    }

    /// F10 or Enter on the lines: the refund and the question (a manager, if the policy
    /// asks for one on it, when it is written).
    fn ask(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        if let Some((line, why)) = self.refused_quantity() {
            // The box refused gets the cursor, its entry selected for the next key.
            self.cursor = line;
            self.selected = true;
            ctx.error(why);
            return Ok(Transition::Stay);
        }
        let Some(source) = &self.source else {
            return Ok(Transition::Stay);
        };
        let picks = self.picks()?;
        let refunds = source.refunds(&picks)?;
        let total = refund_total(&refunds, source.tax_included);
        let units: u32 = refunds.iter().map(|(_, q, _)| q).sum();
        Ok(Transition::push(Confirm::new(
            "Return goods",
            format!(
                "Take back {units} unit(s) of {}{} and refund {total} by {}? y: yes · Enter: no",
                source.label(),
                if self.damaged { ", damaged," } else { "" },
                self.refund_by.as_str()
            ),
            Confirmed::ReturnGoods { total },
            "Nothing returned: correct the quantities, or Esc",
        )))
    }

    /// Writes the return and prints its slip; back to the sale.
    fn take(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let Some(source) = &self.source else {
            return Ok(Transition::Stay);
        };
        let picks = self.picks()?;
        let user = ctx.counter.user.name.clone();
        let location = ctx.context.location.clone();
        let Some(invoice) = source.invoice else {
            return Ok(Transition::Stay);
        };
        let done = ctx.counter.store.commit_return(&ReturnRequest {
            of: ReturnOf::Invoice(invoice),
            picks: &picks,
            refund_by: self.refund_by,
            damaged: self.damaged,
            location: &location,
            user: &user,
            approvals: &ctx.approvals,
            basis: ctx.counter.config.backorders.price_break_basis,
        })?;
        ctx.approved_by = None;
        ctx.approvals.clear();
        let text = format!(
            "Return {} done: {} back by {} for invoice {invoice}",
            done.number,
            done.refund,
            done.refund_by.as_str(),
        );
        Ok(print_slip(ctx, done.number, &text))
    }

    /// A letter acts only while the box under the cursor is empty; otherwise says so.
    fn letters_allowed(&self, ctx: &mut Ctx) -> bool {
        let typed = self
            .qty
            .get(self.cursor)
            .map(|i| i.value().trim().to_string())
            .unwrap_or_default();
        if !typed.is_empty() {
            ctx.error(format!(
                "Letters do nothing while a quantity is typed ({typed}); move to an empty line first"
            ));
            return false;
        }
        true
    }

    /// `d`: the goods came back damaged (kept apart), or back to stock.
    fn toggle_damaged(&mut self, ctx: &mut Ctx) {
        if !self.letters_allowed(ctx) {
            return;
        }
        self.damaged = !self.damaged;
        say_damaged(ctx, self.damaged);
    }

    /// `c`, `k` or `a`: how the money goes back, only while the box under the cursor is empty.
    fn choose(&mut self, ctx: &mut Ctx, way: TenderKind) {
        if !self.letters_allowed(ctx) {
            return;
        }
        if way == TenderKind::Account
            && self
                .source
                .as_ref()
                .is_some_and(|s| s.account.as_deref().is_none_or(|a| a.trim().is_empty()))
        {
            ctx.error("A cash sale cannot be refunded on account: cash or card");
            return;
        }
        self.refund_by = way;
        ctx.info(format!("The refund goes back by {}", way.as_str()));
    }

    pub fn total_now(&self) -> Option<Money> {
        let source = self.source.as_ref()?;
        let picks = self.picks().ok()?;
        if picks.is_empty() {
            return Some(Money::ZERO.round());
        }
        let refunds = source.refunds(&picks).ok()?;
        Some(refund_total(&refunds, source.tax_included))
    }
}

impl Layer for ReturnGoods {
    fn keys(&self) -> Screen {
        Screen::Return
    }

    fn name(&self) -> String {
        "return".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                let input = match self.source {
                    None => &mut self.number,
                    Some(_) => match self.qty.get_mut(self.cursor) {
                        Some(input) => input,
                        None => return Ok(Transition::Stay),
                    },
                };
                if let Err(refused) = edit_number(input, &mut self.selected, e, false) {
                    let what = if self.source.is_none() {
                        "an invoice number"
                    } else {
                        "a quantity"
                    };
                    ctx.info(format!(
                        "'{}' is not part of {what}: digits only",
                        refused.0
                    ));
                }
            }
            Action::Confirm | Action::Total if self.source.is_none() => {
                let found = self.find(ctx);
                // Refused: the number stays, selected, for the next key to replace.
                let refused = found.is_err()
                    || ctx
                        .status
                        .as_ref()
                        .is_some_and(|s| s.kind == StatusKind::Error);
                self.selected = refused && self.source.is_none() && !self.number.value().is_empty();
                return found;
            }
            Action::Confirm | Action::Total => return self.ask(ctx),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.qty.len());
                self.selected = false;
            }
            Action::Cash | Action::Card | Action::Account | Action::Damaged
                if self.source.is_none() =>
            {
                ctx.info("The invoice number is digits only");
            }
            Action::Cash => self.choose(ctx, TenderKind::Cash),
            Action::Card => self.choose(ctx, TenderKind::Card),
            Action::Account => self.choose(ctx, TenderKind::Account),
            Action::Damaged => self.toggle_damaged(ctx),
            Action::Back => {
                ctx.info("Nothing returned");
                ctx.approved_by = None;
                return Ok(Transition::pop());
            }
            other => return Ok(ctx.common(Screen::Return, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            // A manager approved what the policy asked: the return is written again.
            Outcome::Approved(Approved::Policy(_))
            | Outcome::Confirmed(Confirmed::ReturnGoods { .. }) => self.take(ctx),
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

// Drawing: a return: the invoice number box, then the invoice's lines with what can come
// back, the units typed, the refund so far and how it goes back.

/// A line's SKU and description, then its figures at the right edge: the description gives
/// way, the figures are never cut.
pub(super) fn item_row(line: &ReturnableLine, figures: &str, width: usize) -> String {
    let room = width.saturating_sub(width_of(figures));
    let name = crate::present::receipt::fit(&format!("{} {}", line.sku, line.description), room)
        .to_string();
    let pad = room.saturating_sub(width_of(&name));
    format!("{name}{}{figures}", " ".repeat(pad))
}

/// The refund so far and how it goes back, over the screen's two key lines, at the foot.
pub(super) struct Refund<'a> {
    pub(super) total: &'a str,
    pub(super) by: &'a str,
    pub(super) damaged: bool,
}

impl Refund<'_> {
    pub(super) fn render(&self, buf: &mut Buffer, inner: Rect, keys: [&str; 2], ui: &Ui) {
        let currency = ui.app.context().currency.as_str();
        let goods = if self.damaged {
            " · damaged"
        } else {
            " · to stock"
        };
        let foot = inner.height.saturating_sub(3);
        let refund = format!("Refund ({currency}) {} by {}{goods}", self.total, self.by);
        text_row(buf, inner, foot, &refund, ui.theme.total);
        for (row, text) in (foot + 1..).zip(keys) {
            text_row(buf, inner, row, text, ui.theme.placeholder);
        }
    }
}

fn render(buf: &mut Buffer, area: Rect, ret: &ReturnGoods, ui: &Ui) -> Option<Position> {
    let theme = ui.theme;
    let Some(source) = &ret.source else {
        let inner = popup(buf, area, 60, 8, "Return goods", theme);
        let cursor = Field::new("Invoice number", &ret.number)
            .selected(ret.selected)
            .render(buf, inner, 1, theme);
        text_row(buf, inner, 3, "Enter: find the invoice", theme.placeholder);
        text_row(
            buf,
            inner,
            4,
            "Enter on the empty box: no invoice (a manager's)",
            theme.placeholder,
        );
        text_row(
            buf,
            inner,
            5,
            "Esc: back, nothing returned",
            theme.placeholder,
        );
        return cursor;
    };
    let height = (source.lines.len() as u16 + 8).min(area.height);
    let inner = popup(
        buf,
        area,
        70,
        height,
        &format!("Return goods from {}", source.label()),
        theme,
    );
    let width = usize::from(inner.width);
    text_row(
        buf,
        inner,
        0,
        &format!("{:<w$} left  back", "Item", w = width.saturating_sub(11)),
        theme.column_heads,
    );
    let mut cursor = None;
    let rows = usize::from(inner.height.saturating_sub(4));
    let first = ret.cursor.saturating_sub(rows.saturating_sub(1));
    for (shown, (i, line)) in source
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let row = 1 + shown as u16;
        let typed = ret.qty.get(i).map_or("", |q| q.value());
        // The description gives way; the quantities are never cut.
        let figures = format!(" {:>4}  {:>4}", line.left(), typed);
        let style = if i == ret.cursor {
            theme.selected_row
        } else {
            theme.label
        };
        // The line with the keyboard is marked, as a form's field is.
        let mark = if i == ret.cursor {
            FOCUS_MARK
        } else {
            NO_FOCUS_MARK
        };
        let text = format!(
            "{mark}{}",
            item_row(line, &figures, width.saturating_sub(width_of(mark)))
        );
        text_row(buf, inner, row, &text, style);
        if i == ret.cursor {
            let x =
                inner.x + u16::try_from(width.saturating_sub(4 - typed.len().min(4))).unwrap_or(0);
            cursor = Some(Position::new(
                x.min(inner.x + inner.width.saturating_sub(1)),
                inner.y + row,
            ));
        }
    }
    let total = ret
        .total_now()
        .map_or_else(|| "?".to_string(), |t| t.to_string());
    let refund = Refund {
        total: &total,
        by: ret.refund_by.as_str(),
        damaged: ret.damaged,
    };
    refund.render(
        buf,
        inner,
        [
            if ret.selected {
                "Refused: type to replace it · F10: return (asks first)"
            } else {
                "F10: return (asks first) · c/k/a: cash/card/account · d: damaged"
            },
            "Esc: back, nothing returned",
        ],
        ui,
    );
    cursor
}
