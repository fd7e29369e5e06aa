//! F8 → purchase orders: each supplier with purchase suggestions, and the open purchase
//! orders. `n` on a supplier makes a purchase order of its suggestions; `r` on an order
//! receives everything still to come (the waiting orders are filled, or offered, as a plain
//! receipt fills or offers them); both ask first, No by default. Enter shows either as
//! text.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::fill_waiting::{FillWaiting, could_fill, stock_in_lines};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, moved};
use super::text::TextView;
use crate::domain::purchasing::PoStatus;
use crate::domain::sale::grouped;
use crate::present::purchasing::{print_po, print_suggestions};
use crate::present::reports::Format;
use crate::store::purchasing::{NewPo, PoSummary, Suggestion};
use crate::ui::Theme;
use crate::ui::widgets::{popup, text_row};

/// One row of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurchasingRow {
    /// A supplier with suggestions: its code, the products and units to order.
    Supplier {
        code: String,
        products: usize,
        units: i64,
    },
    /// An open purchase order.
    Po(PoSummary),
}

#[derive(Debug, Clone)]
pub struct Purchasing {
    pub location: String,
    pub suggestions: Vec<Suggestion>,
    pub rows: Vec<PurchasingRow>,
    pub cursor: usize,
}

impl Purchasing {
    pub fn open(ctx: &Ctx) -> Result<Purchasing, AppError> {
        let mut screen = Purchasing {
            location: ctx.counter.location().to_string(),
            suggestions: Vec::new(),
            rows: Vec::new(),
            cursor: 0,
        };
        screen.load(ctx)?;
        Ok(screen)
    }

    /// Reads the suggestions and the open orders again, keeping the cursor in range.
    fn load(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let store = &ctx.counter.store;
        self.suggestions = store.po_suggestions(&self.location, None)?;
        let mut rows: Vec<PurchasingRow> = Vec::new();
        for s in &self.suggestions {
            match rows.last_mut() {
                Some(PurchasingRow::Supplier {
                    code,
                    products,
                    units,
                }) if *code == s.supplier => {
                    *products += 1;
                    *units += s.qty;
                }
                _ => rows.push(PurchasingRow::Supplier {
                    code: s.supplier.clone(),
                    products: 1,
                    units: s.qty,
                }),
            }
        }
        let mut open = store.purchase_orders(Some(PoStatus::Open))?;
        open.reverse();
        rows.extend(open.into_iter().map(PurchasingRow::Po));
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn selected(&self) -> Option<&PurchasingRow> {
        self.rows.get(self.cursor)
    }

    /// The text of a table written by `print`, as lines.
    fn text_of(
        print: impl FnOnce(&mut Vec<u8>) -> Result<(), crate::present::reports::ReportError>,
    ) -> Result<Vec<String>, AppError> {
        let mut out = Vec::new();
        print(&mut out).map_err(|e| AppError::Report(e.to_string()))?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(String::from)
            .collect())
    }

    fn show(&self, ctx: &Ctx) -> Result<Transition, AppError> {
        Ok(match self.selected() {
            Some(PurchasingRow::Supplier { code, .. }) => {
                let rows: Vec<Suggestion> = self
                    .suggestions
                    .iter()
                    .filter(|s| s.supplier == *code)
                    .cloned()
                    .collect();
                let lines = Self::text_of(|out| print_suggestions(out, Format::Table, &rows))?;
                Transition::push(TextView::new(format!("Suggestions: {code}"), lines))
            }
            Some(PurchasingRow::Po(po)) => {
                let po = ctx.counter.store.purchase_order(po.number)?;
                let lines = Self::text_of(|out| {
                    print_po(out, Format::Table, &po, ctx.counter.store.zone())
                })?;
                Transition::push(TextView::new(
                    format!("Purchase order {}", po.number),
                    lines,
                ))
            }
            None => Transition::Stay,
        })
    }

    /// `n`: asks before making a purchase order of the suggestions of the supplier under
    /// the cursor, naming its lines and units (figures already on screen: no store read).
    fn ask_create(&mut self, ctx: &mut Ctx) -> Transition {
        let Some(PurchasingRow::Supplier {
            code,
            products,
            units,
        }) = self.selected().cloned()
        else {
            ctx.info("n makes a purchase order for the supplier under the cursor");
            return Transition::Stay;
        };
        Transition::push(Confirm::new(
            "Make a purchase order",
            format!(
                "Make a purchase order to {code}: {}, {}? y: yes · Enter: no",
                counted(i64::try_from(products).unwrap_or(i64::MAX), "line"),
                counted(units, "unit")
            ),
            Confirmed::MakePo { supplier: code },
            "No purchase order made",
        ))
    }

    fn create(&mut self, ctx: &mut Ctx, code: &str) -> Result<(), AppError> {
        let user = ctx.counter.user.name.clone();
        let today = ctx.counter.store.today();
        let number = ctx.counter.store.create_po(
            &NewPo {
                supplier: code,
                location: &self.location,
                expected: None,
                from_suggestions: true,
                user: &user,
            },
            today,
        )?;
        let po = ctx.counter.store.purchase_order(number)?;
        self.load(ctx)?;
        ctx.info(format!(
            "Purchase order {number} for {code}: {} line(s), expected {}",
            po.lines.len(),
            po.expected
        ));
        Ok(())
    }

    /// `r`: asks before receiving everything still to come on the purchase order under the
    /// cursor, naming its supplier, lines and units as they stand now.
    fn ask_receive(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let Some(PurchasingRow::Po(po)) = self.selected().cloned() else {
            ctx.info("r receives the purchase order under the cursor");
            return Ok(Transition::Stay);
        };
        // Read again: another terminal may have received part of it since.
        let po = ctx.counter.store.purchase_order(po.number)?;
        let to_come: Vec<i64> = po
            .lines
            .iter()
            .map(|l| l.outstanding())
            .filter(|&q| q > 0)
            .collect();
        let lines = i64::try_from(to_come.len()).unwrap_or(i64::MAX);
        let units: i64 = to_come.iter().sum();
        Ok(Transition::push(Confirm::new(
            "Receive a purchase order",
            format!(
                "Receive purchase order {} from {}: {}, {}? y: yes · Enter: no",
                po.number,
                po.supplier,
                counted(lines, "line"),
                counted(units, "unit")
            ),
            Confirmed::ReceivePo { number: po.number },
            "Nothing received",
        )))
    }

    /// Receives everything still to come on purchase order `number`; the waiting orders are
    /// filled at once (`auto_commit_on_receipt`), or offered as a plain receipt offers them.
    fn receive(&mut self, ctx: &mut Ctx, number: i64) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let fill = ctx.counter.config.backorders.auto_commit_on_receipt;
        let (status, receipts) = ctx.counter.store.receive_po(number, &[], &user, fill)?;
        let units: i64 = receipts.iter().map(|r| r.qty).sum();
        let filled: i64 = receipts
            .iter()
            .flat_map(|r| &r.outcome.filled)
            .map(|f| f.qty)
            .sum();
        self.load(ctx)?;
        ctx.info(format!(
            "Purchase order {number}: received {units} unit(s), {filled} committed to waiting orders; {}",
            status.as_str()
        ));
        if !receipts.iter().any(|r| could_fill(&r.outcome)) {
            return Ok(Transition::Stay);
        }
        let location = ctx.counter.store.purchase_order(number)?.location;
        let body = receipts
            .iter()
            .flat_map(|r| stock_in_lines(&r.sku, &location, &r.outcome))
            .collect();
        let items = receipts.iter().map(|r| (r.sku.clone(), r.qty)).collect();
        Ok(Transition::push(FillWaiting::open(
            ctx,
            &format!("Purchase order {number}"),
            body,
            items,
            &location,
        )))
    }
}

/// `n` things, in words: "1 line", "1,232 units".
fn counted(n: i64, thing: &str) -> String {
    let figure = u32::try_from(n).map_or_else(|_| n.to_string(), grouped);
    match n {
        1 => format!("{figure} {thing}"),
        _ => format!("{figure} {thing}s"),
    }
}

impl Layer for Purchasing {
    fn keys(&self) -> Screen {
        Screen::Purchasing
    }

    fn name(&self) -> String {
        "purchasing".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.rows.len());
            }
            Action::Confirm => return self.show(ctx),
            Action::CreatePo => return Ok(self.ask_create(ctx)),
            Action::ReceivePo => return self.ask_receive(ctx),
            Action::Back => return Ok(Transition::pop()),
            other => return Ok(ctx.common(Screen::Purchasing, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Confirmed(Confirmed::MakePo { supplier }) => {
                self.create(ctx, &supplier)?;
                Ok(Transition::Stay)
            }
            Outcome::Confirmed(Confirmed::ReceivePo { number }) => self.receive(ctx, number),
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the purchasing screen: suppliers with suggestions, then the open purchase
// orders.

/// A row's text: the figures first and the supplier last, so that on a narrow screen the
/// name gives way, never a figure.
fn row_text(row: &PurchasingRow) -> String {
    match row {
        PurchasingRow::Supplier {
            code,
            products,
            units,
        } => format!("{units:>7} unit(s) of {products:>3} product(s)  {code}"),
        PurchasingRow::Po(po) => format!(
            "PO {:<5} {:>11} received {:>3} line(s)  expected {}  {}",
            po.number,
            format!("{}/{}", po.received, po.qty),
            po.lines,
            po.expected,
            po.supplier
        ),
    }
}

fn render(buf: &mut Buffer, area: Rect, view: &Purchasing, theme: &Theme) {
    let title = format!("Purchase orders · {}", view.location);
    let inner = popup(buf, area, area.width, area.height, &title, theme);
    let mut lines: Vec<(String, Style, Option<usize>)> = Vec::new();
    let suppliers = view
        .rows
        .iter()
        .filter(|r| matches!(r, PurchasingRow::Supplier { .. }))
        .count();
    lines.push((
        "To order (n: make a PO of a supplier's suggestions)".into(),
        theme.column_heads,
        None,
    ));
    if suppliers == 0 {
        lines.push(("  (nothing suggested)".into(), theme.placeholder, None));
    }
    for (i, row) in view.rows.iter().enumerate() {
        if i == suppliers {
            lines.push((String::new(), Style::default(), None));
            lines.push((
                "Open purchase orders (r: receive all still to come)".into(),
                theme.column_heads,
                None,
            ));
        }
        lines.push((row_text(row), Style::default(), Some(i)));
    }
    if suppliers == view.rows.len() {
        lines.push((String::new(), Style::default(), None));
        lines.push((
            "Open purchase orders (r: receive all still to come)".into(),
            theme.column_heads,
            None,
        ));
        lines.push(("  (none)".into(), theme.placeholder, None));
    }
    let body = usize::from(inner.height);
    let cursor_line = lines
        .iter()
        .position(|l| l.2 == Some(view.cursor))
        .unwrap_or(0);
    let skip = (cursor_line + 1).saturating_sub(body);
    for (n, (text, style, index)) in lines.iter().skip(skip).take(body).enumerate() {
        let selected = *index == Some(view.cursor);
        let (marker, style) = match selected {
            true => ("▶ ", theme.selected_row),
            false => ("  ", *style),
        };
        let text = match index {
            Some(_) => format!("{marker}{text}"),
            None => text.clone(),
        };
        text_row(buf, inner, n as u16, &text, style);
    }
}
