//! The sale screen, at the bottom of the stack: the item entry, the lines and the keys
//! of SPEC section 6 that start every counter decision.

mod draw;

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::backorders_found::BackordersFound;
use super::confirm::{Confirm, Confirmed};
use super::customer_search::{CustomerFor, CustomerSearch};
use super::draw::Ui;
use super::item_search::ItemSearch;
use super::layer::{Ctx, Layer, Outcome, Transition, edit_selected};
use super::manager_menu::ManagerMenu;
use super::number::{NumberFor, NumberPrompt, ring_large};
use super::orders::{Orders, with_places};
use super::override_backorder::OverrideBackorder;
use super::parked::ParkedList;
use super::price_change::{PriceDialog, PriceFor};
use super::tender::Tender;
use super::{Action, AppError, Screen};
use crate::domain::doc_code::DocCode;
use crate::domain::parked::ParkKind;
use crate::domain::sale::{parse_qty, quantity_needs_confirm};
use crate::store::StoreError;

/// Lines moved by PgUp/PgDn on the sale screen.
const PAGE_LINES: isize = 10;

#[derive(Debug, Default)]
pub struct Sale {
    /// The SKU/barcode entry line.
    pub input: Input,
    /// The line under the cursor (clamped to the lines there are).
    pub cursor: usize,
    /// A refused entry stays, selected: the next key (or scan) replaces it, never appends.
    pub selected: bool,
}

/// Splits what was typed at the item entry into a quantity and a code: `4*123` rings 4.
pub fn split_quantity(typed: &str) -> Result<(u32, &str), AppError> {
    match typed.split_once('*') {
        Some((qty, code)) => Ok((parse_qty(qty)?, code.trim())),
        None => Ok((1, typed)),
    }
}

impl Sale {
    /// The line under the cursor, if the sale has `lines` lines.
    pub fn selected(&self, lines: usize) -> Option<usize> {
        Some(self.cursor.min(lines.checked_sub(1)?))
    }

    fn current_line(&self, ctx: &mut Ctx) -> Option<usize> {
        let line = self.selected(ctx.counter.sale.lines.len());
        if line.is_none() {
            ctx.info("Ring an item first: this works on the line under the cursor");
        }
        line
    }

    fn move_cursor(&mut self, ctx: &Ctx, by: isize) {
        if let Some(current) = self.selected(ctx.counter.sale.lines.len()) {
            let last = ctx.counter.sale.lines.len() - 1;
            self.cursor = current.saturating_add_signed(by).min(last);
        }
    }

    fn ring_typed(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let typed = self.input.value().trim().to_string();
        if typed.is_empty() {
            ctx.info("Type or scan a SKU or barcode, then Enter (4* first rings 4)");
            return Ok(Transition::Stay);
        }
        if let Some(doc) = DocCode::parse(&typed)
            && ctx.counter.store.product_by_code(&typed)?.is_none()
        {
            return self.recall_document(ctx, doc);
        }
        let (qty, code) = split_quantity(&typed)?;
        if code.is_empty() {
            ctx.info(format!("{qty}* then scan or type the SKU to ring {qty}"));
            return Ok(Transition::Stay);
        }
        let code = code.to_string();
        let line_qty = ctx.counter.quantity_after_ringing(&code, qty);
        if quantity_needs_confirm(line_qty, ctx.counter.config.counter.large_quantity) {
            return Ok(Transition::push(ring_large("Ring", code, qty, line_qty)));
        }
        self.ring_code(ctx, &code, qty)
    }

    /// A receipt's code scanned at the item entry: the invoice opens for a return, the order
    /// for pickup (convert it to an invoice there). Only on an empty sale.
    fn recall_document(&mut self, ctx: &mut Ctx, doc: DocCode) -> Result<Transition, AppError> {
        // Cleared either way, so the next scan starts clean.
        self.input.reset();
        if !ctx.counter.sale.lines.is_empty() {
            ctx.error(format!(
                "{} is a receipt's code: finish or park this sale first, then scan it",
                doc.text()
            ));
            return Ok(Transition::Stay);
        }
        match doc {
            DocCode::Invoice(number) => super::returns::recall(ctx, number),
            DocCode::Order(number) => {
                let order = ctx
                    .counter
                    .store
                    .order_in_process(number)?
                    .ok_or_else(|| StoreError::bad_input("order", number, "no such order"))?;
                ctx.info(format!(
                    "Order {number} for pickup: i converts what is ready to an invoice"
                ));
                Ok(Transition::push(super::order::Order::new(
                    with_places(vec![order]).remove(0),
                )))
            }
        }
    }

    fn ring_code(&mut self, ctx: &mut Ctx, code: &str, qty: u32) -> Result<Transition, AppError> {
        // A wrong scan is cleared too, so the next one starts clean; the message names it.
        self.input.reset();
        let index = ctx.counter.add_item(code, qty)?;
        self.cursor = index;
        let line = &ctx.counter.sale.lines[index];
        ctx.info(format!(
            "{} {}: {} on the line",
            line.sku, line.description, line.ordered
        ));
        Ok(open_price(ctx, index))
    }

    /// Asks before a line goes: No is the default.
    fn ask_remove_line(&self, ctx: &mut Ctx) -> Transition {
        let Some(index) = self.selected(ctx.counter.sale.lines.len()) else {
            ctx.info("No line to remove");
            return Transition::Stay;
        };
        let line = &ctx.counter.sale.lines[index];
        Transition::push(Confirm::new(
            "Remove line",
            format!(
                "Remove the line of {} {}? y: yes · Enter: no",
                line.ordered, line.sku
            ),
            Confirmed::RemoveLine { line: index },
            "Line kept",
        ))
    }

    fn remove_line(&mut self, ctx: &mut Ctx, index: usize) {
        if let Some(line) = ctx.counter.sale.remove(index) {
            self.cursor = index.min(ctx.counter.sale.lines.len().saturating_sub(1));
            ctx.info(format!("Removed {} {}", line.sku, line.description));
        }
    }

    fn open_item_search(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let typed = self.input.value().trim().to_string();
        let (qty, words) = split_quantity(&typed)?;
        let search = ItemSearch::open(ctx, words, qty);
        self.input.reset();
        Ok(Transition::push(search))
    }

    fn start_hold_back(&self, ctx: &mut Ctx) -> Transition {
        let Some(line) = self.current_line(ctx) else {
            return Transition::Stay;
        };
        if ctx.counter.sale.customer.is_some() {
            NumberPrompt::open(ctx, NumberFor::HoldBack { line })
        } else {
            let search = CustomerSearch::open(ctx, CustomerFor::HoldBack { line });
            ctx.info("Holding back needs a named customer: pick one (Ctrl-N creates one)");
            Transition::push(search)
        }
    }

    fn prompt_for_line(
        &self,
        ctx: &mut Ctx,
        purpose: impl FnOnce(usize) -> NumberFor,
    ) -> Transition {
        match self.current_line(ctx) {
            Some(line) => NumberPrompt::open(ctx, purpose(line)),
            None => Transition::Stay,
        }
    }

    fn start_override(&self, ctx: &mut Ctx) -> Transition {
        let Some(line) = self.current_line(ctx) else {
            return Transition::Stay;
        };
        if ctx.counter.sale.backordered(line, &ctx.counter.rules()) == 0 {
            ctx.info("Override works on a backordered line; this one has none");
            return Transition::Stay;
        }
        Transition::push(OverrideBackorder::open(ctx, line))
    }

    /// Asks before the sale on screen is voided: No is the default.
    fn ask_void(ctx: &mut Ctx) -> Transition {
        let lines = ctx.counter.sale.lines.len();
        if lines == 0 {
            ctx.info("No sale to void");
            return Transition::Stay;
        }
        let total = ctx.counter.totals().due.round();
        Transition::push(Confirm::new(
            "Void sale",
            format!("Void this sale of {lines} line(s), {total} due? y: void · Enter: no"),
            Confirmed::VoidSale,
            "Not voided: the sale is still here",
        ))
    }

    fn void(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let (lines, total) = ctx.counter.void_sale()?;
        ctx.approved_by = None;
        self.cursor = 0;
        self.input.reset();
        ctx.info(format!(
            "Sale voided: {lines} line(s), {total}; nothing was sold"
        ));
        Ok(Transition::Stay)
    }

    /// Parks the sale on screen (or keeps it as a quote, printed) for any terminal to
    /// recall, and clears the screen for the next customer.
    fn park(&mut self, ctx: &mut Ctx, kind: ParkKind) -> Result<Transition, AppError> {
        if ctx.counter.sale.lines.is_empty() {
            ctx.info("Nothing to park: ring an item first");
            return Ok(Transition::Stay);
        }
        let overrides = ctx
            .counter
            .sale
            .lines
            .iter()
            .any(|l| !l.overrides.is_empty());
        let parked = ctx.counter.park(kind)?;
        ctx.approved_by = None;
        self.cursor = 0;
        self.input.reset();
        let recall = ctx
            .keymap
            .key_for(Screen::Sale, Action::Recall)
            .map(|k| format!("; {k} recalls it on any terminal"))
            .unwrap_or_default();
        // An override was approved against the stock of this moment: it is asked again.
        // Price changes are kept.
        let kept = if overrides {
            "; stock overrides are not kept (asked again after recall)"
        } else {
            ""
        };
        let total = match &parked.terms {
            Some(terms) => format!("{} with tax, valid until {}", terms.due, terms.valid_until),
            None => format!("{} before tax", parked.total),
        };
        let what = format!("{} line(s), {total}{kept}", parked.lines.len());
        match kind {
            ParkKind::Parked => ctx.info(format!("Sale parked: {what}{recall}")),
            ParkKind::Quote => {
                let path = ctx.counter.print_quote(&parked)?;
                ctx.info(format!(
                    "Quote {} printed to {}: {what}{recall}",
                    parked.number.unwrap_or_default(),
                    path.display()
                ));
            }
        }
        Ok(Transition::Stay)
    }

    fn open_recall(ctx: &mut Ctx) -> Result<Transition, AppError> {
        if !ctx.counter.sale.lines.is_empty() {
            let park = ctx
                .keymap
                .key_for(Screen::Sale, Action::Park)
                .map(|k| format!(" ({k} parks it)"))
                .unwrap_or_default();
            ctx.info(format!(
                "A sale is on screen: finish, park{park} or void it before recalling another"
            ));
            return Ok(Transition::Stay);
        }
        let list = ParkedList::open(ctx)?;
        if list.rows.is_empty() {
            ctx.info("Nothing is parked and there is no quote to recall");
            return Ok(Transition::Stay);
        }
        Ok(Transition::push(list))
    }

    fn reprint(ctx: &mut Ctx) -> Result<Transition, AppError> {
        let Some(invoice) = ctx.counter.last_invoice else {
            ctx.info("No receipt to reprint yet");
            return Ok(Transition::Stay);
        };
        let path = ctx.counter.reprint_receipt(invoice)?;
        ctx.info(format!(
            "Receipt of invoice {invoice} reprinted to {}",
            path.display()
        ));
        Ok(Transition::Stay)
    }
}

/// An open-price item (priced 0.00 in the catalog) asks for its price when rung.
fn open_price(ctx: &mut Ctx, index: usize) -> Transition {
    match ctx.counter.sale.lines.get(index) {
        Some(line) if line.prices.regular.is_zero() && line.adjust.line.is_none() => {
            ctx.info(format!("{}: an open-price item, type its price", line.sku));
            PriceDialog::open(ctx, PriceFor::OpenPrice { line: index })
        }
        _ => Transition::Stay,
    }
}

/// F10: Backorders Found when units are left for an order, else the tender.
pub fn total(ctx: &mut Ctx) -> Transition {
    if ctx.counter.sale.lines.is_empty() {
        ctx.info("Nothing to total: ring an item first");
        return Transition::Stay;
    }
    if ctx.counter.needs_order() {
        Transition::push(BackordersFound::open(ctx))
    } else {
        Transition::push(Tender::for_sale(ctx, false))
    }
}

impl Layer for Sale {
    fn keys(&self) -> Screen {
        Screen::Sale
    }

    fn name(&self) -> String {
        "sale".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let transition = match action {
            Action::Confirm => {
                let rung = self.ring_typed(ctx);
                self.selected = rung.is_err() && !self.input.value().is_empty();
                return rung;
            }
            Action::Customer => Transition::push(CustomerSearch::open(ctx, CustomerFor::Sale)),
            Action::ItemSearch => return self.open_item_search(ctx),
            Action::HoldBack => self.start_hold_back(ctx),
            Action::SetBackordered => {
                self.prompt_for_line(ctx, |line| NumberFor::Backordered { line })
            }
            Action::EditQuantity => self.prompt_for_line(ctx, |line| NumberFor::Quantity { line }),
            Action::Override => self.start_override(ctx),
            // An item typed but not rung is never left behind by F10.
            Action::Total if !self.input.value().trim().is_empty() => {
                ctx.error(format!(
                    "'{}' is typed but not rung: Enter rings it, Ctrl-U clears it; then F10",
                    self.input.value().trim()
                ));
                Transition::Stay
            }
            Action::Total => total(ctx),
            Action::Reprint => return Self::reprint(ctx),
            Action::NoSale => return super::day::no_sale(ctx),
            Action::PayOnAccount => return super::account_payment::start(ctx),
            Action::Park => return self.park(ctx, ParkKind::Parked),
            Action::Quote => return self.park(ctx, ParkKind::Quote),
            Action::Recall => return Self::open_recall(ctx),
            Action::VoidSale => Self::ask_void(ctx),
            Action::ReturnGoods => return super::returns::start(ctx),
            Action::LinePrice => match self.current_line(ctx) {
                Some(line) => PriceDialog::open(ctx, PriceFor::Line { line }),
                None => Transition::Stay,
            },
            Action::SaleDiscount => {
                if ctx.counter.sale.lines.is_empty() {
                    ctx.info("Ring an item first: the discount goes on every line");
                    Transition::Stay
                } else {
                    PriceDialog::open(ctx, PriceFor::Sale)
                }
            }
            Action::OrdersInProcess => Transition::push(Orders::open(ctx)?),
            Action::ManagerMenu => Transition::push(ManagerMenu::open(ctx)),
            Action::DeleteLine => self.ask_remove_line(ctx),
            Action::Up => {
                self.move_cursor(ctx, -1);
                Transition::Stay
            }
            Action::Down => {
                self.move_cursor(ctx, 1);
                Transition::Stay
            }
            Action::PageUp => {
                self.move_cursor(ctx, -PAGE_LINES);
                Transition::Stay
            }
            Action::PageDown => {
                self.move_cursor(ctx, PAGE_LINES);
                Transition::Stay
            }
            Action::Back => {
                if self.input.value().is_empty() {
                    ctx.info("Nothing to clear");
                } else {
                    self.input.reset();
                }
                Transition::Stay
            }
            Action::Edit(e) => {
                edit_selected(&mut self.input, &mut self.selected, e);
                Transition::Stay
            }
            other => ctx.common(Screen::Sale, other),
        };
        Ok(transition)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        Ok(match outcome {
            Outcome::Line(index) => {
                self.cursor = index;
                open_price(ctx, index)
            }
            Outcome::Total => total(ctx),
            Outcome::Tender { creates_order } => {
                Transition::push(Tender::for_sale(ctx, creates_order))
            }
            Outcome::Confirmed(Confirmed::RemoveLine { line }) => {
                self.remove_line(ctx, line);
                Transition::Stay
            }
            Outcome::Confirmed(Confirmed::VoidSale) => return self.void(ctx),
            Outcome::Confirmed(Confirmed::RingLarge { code, qty }) => {
                return self.ring_code(ctx, &code, qty);
            }
            _ => Transition::Stay,
        })
    }

    fn footer(&self, app: &super::App) -> Option<&'static [Action]> {
        Some(if app.sale().lines.is_empty() {
            super::keymap::EMPTY_SALE_FOOTER
        } else {
            super::keymap::SALE_FOOTER
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        draw::render(frame, area, ui, self);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
