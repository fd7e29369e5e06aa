//! Ctrl-R on an empty sale: the parked sales and quotes of every terminal, newest first.
//! Enter recalls the one under the cursor into the sale; a parked sale leaves the list,
//! a quote stays for another time.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, moved};
use crate::domain::calendar::minute_of;
use crate::domain::parked::price_changes_text;
use crate::store::parked::ParkedSale;
use crate::ui::widgets::row;
use crate::ui::{fit, padded, width_of};

#[derive(Debug, Clone)]
pub struct ParkedList {
    pub rows: Vec<ParkedSale>,
    pub cursor: usize,
}

impl ParkedList {
    pub fn open(ctx: &Ctx) -> Result<ParkedList, AppError> {
        Ok(ParkedList {
            rows: ctx.counter.store.parked_sales()?,
            cursor: 0,
        })
    }

    /// Lists them afresh (another terminal may have parked or recalled one), the cursor
    /// staying on the same one while it is listed.
    fn refresh(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let selected = self.rows.get(self.cursor).map(|s| s.id);
        self.rows = ctx.counter.store.parked_sales()?;
        self.cursor = selected
            .and_then(|id| self.rows.iter().position(|s| s.id == id))
            .unwrap_or(self.cursor)
            .min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn recall(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let Some(chosen) = self.rows.get(self.cursor) else {
            ctx.info("Nothing is parked");
            return Ok(Transition::Stay);
        };
        let id = chosen.id;
        let (parked, changes) = match ctx.counter.recall(id) {
            Ok(recalled) => recalled,
            Err(e) => {
                // Gone already (another terminal) or not ringable now: show the list as it is.
                self.refresh(ctx)?;
                return Err(e);
            }
        };
        let prices = price_changes_text(&changes)
            .unwrap_or_else(|| "prices as in the catalog today, none changed".into());
        let kept = match parked.number {
            Some(_) => "; the quote stays listed",
            None => "",
        };
        ctx.info(format!(
            "Recalled {} of {} ({} line(s)): {prices}{kept}",
            parked.label(),
            parked.user,
            parked.lines.len()
        ));
        Ok(Transition::Pop(Outcome::Line(0)))
    }
}

impl Layer for ParkedList {
    fn keys(&self) -> Screen {
        Screen::Parked
    }

    fn name(&self) -> String {
        "parked".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.rows.len());
                Transition::Stay
            }
            Action::Confirm | Action::Total => return self.recall(ctx),
            Action::Back => Transition::pop(),
            other => ctx.common(Screen::Parked, other),
        })
    }

    /// Other terminals park and recall too: list them afresh.
    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: parked sales and quotes: one row each (when, what, who parked it, customer,
// lines, total), newest first, and below the list the lines of the one under the cursor.

/// Columns of a row other than the customer, with their spaces: cursor, when, kind, who,
/// lines, total.
const FIXED: usize = 2 + 17 + 9 + 9 + 6 + 11;
/// Columns of a line of the one under the cursor other than the description.
const LINE_FIXED: usize = 2 + 13 + 7 + 10 + 9 + 11;

fn kind(sale: &ParkedSale) -> String {
    match sale.number {
        Some(n) => format!("quote {n}"),
        None => "parked".into(),
    }
}

fn render(buf: &mut Buffer, area: Rect, screen: &ParkedList, ui: &Ui) {
    let theme = ui.theme;
    Clear.render(area, buf);
    let width = usize::from(area.width);
    let title = format!(
        " Parked sales and quotes: {}, newest first · Enter recalls one into the sale",
        screen.rows.len()
    );
    row(buf, area, 0, Line::styled(fit(&title, width), theme.header));
    let customer_width = width.saturating_sub(FIXED).clamp(10, 40);
    let heads = format!(
        "  {:<16} {:<8} {:<8} {:<customer_width$} {:>5} {:>10}",
        "Parked", "Kind", "By", "Customer", "Lines", "Total"
    );
    row(
        buf,
        area,
        1,
        Line::styled(fit(&heads, width), theme.column_heads),
    );
    if screen.rows.is_empty() {
        row(
            buf,
            area,
            2,
            Line::styled(
                "  Nothing is parked. Ctrl-K on a sale parks it, Ctrl-E keeps it as a quote.",
                theme.placeholder,
            ),
        );
        return;
    }
    let selected = screen.rows.get(screen.cursor);
    let detail_rows = selected.map_or(0, |s| s.lines.len() + 2);
    let room = usize::from(area.height.saturating_sub(2));
    // The list keeps at least a third of the room; the lines under the cursor take the rest.
    let list_height = room
        .saturating_sub(detail_rows)
        .max(room / 3)
        .min(screen.rows.len());
    let first = screen.cursor.saturating_sub(list_height.saturating_sub(1));
    for (i, sale) in screen.rows.iter().enumerate().skip(first).take(list_height) {
        let is_cursor = i == screen.cursor;
        let style = if is_cursor {
            theme.selected_row
        } else {
            Style::default()
        };
        let customer = match (&sale.account, &sale.customer) {
            (Some(account), Some(name)) => format!("{name} ({account})"),
            _ => "cash sale".into(),
        };
        let text = format!(
            "{}{:<16} {:<8} {} {} {:>5} {:>10}",
            if is_cursor { "▶ " } else { "  " },
            minute_of(&sale.at, ui.app.zone()),
            kind(sale),
            padded(&fit(&sale.user, 8), 8),
            padded(&fit(&customer, customer_width), customer_width),
            sale.lines.len(),
            sale.total
        );
        row(
            buf,
            area,
            2 + (i - first) as u16,
            Line::from(Span::styled(text, style)),
        );
    }
    let Some(sale) = selected else {
        return;
    };
    let mut y = 2 + list_height as u16 + 1;
    if y >= area.height {
        return;
    }
    // Every SKU shows whole: the description gives way.
    let sku_width = sale
        .lines
        .iter()
        .map(|l| width_of(&l.sku))
        .max()
        .unwrap_or(0)
        .max(12);
    let description_width = width.saturating_sub(LINE_FIXED - 12 + sku_width).max(8);
    let heads = format!(
        "  {:<sku_width$} {:<description_width$} {:>6} {:>9} {:>8} {:>10}",
        "SKU", "Description", "Qty", "Held", "B/O set", "As parked"
    );
    row(
        buf,
        area,
        y,
        Line::styled(fit(&heads, width), theme.column_heads),
    );
    for line in &sale.lines {
        y += 1;
        if y >= area.height {
            break;
        }
        let text = format!(
            "  {} {} {:>6} {:>9} {:>8} {:>10}",
            padded(&line.sku, sku_width),
            padded(
                &fit(&line.description, description_width),
                description_width
            ),
            line.ordered,
            line.held_back,
            line.manual_backorder,
            line.amount
        );
        row(buf, area, y, Line::raw(text));
    }
}
