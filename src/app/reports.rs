//! The reports of the manager menu: which report, then the report itself, whole values in
//! columns that fit the screen. The least important columns give way first when the screen
//! is narrow; Left and Right bring the others into view; `l` switches between this
//! location and all of them.

use std::any::Any;
use std::cell::Cell;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, moved};
use crate::present::reports::{Cells, ReportName, heading, report_cells};
use crate::store::Store;
use crate::store::reports::Scope;
use crate::ui::widgets::{popup, text_row};
use crate::ui::{Theme, width_of};

const OPTIONS: [Action; 6] = [
    Action::ReportBackorders,
    Action::ReportBacklog,
    Action::ReportReorder,
    Action::ReportDeposits,
    Action::ReportPurchase,
    Action::ReportAging,
];

/// Space between two columns.
pub const GAP: usize = 2;

#[derive(Debug, Clone)]
pub struct Reports {
    pub choice: Choice,
}

impl Reports {
    pub fn open(ctx: &Ctx) -> Reports {
        Reports {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::Reports,
                "Reports",
                vec!["Which report?".into()],
                &OPTIONS,
            ),
        }
    }
}

impl Layer for Reports {
    fn keys(&self) -> Screen {
        Screen::Reports
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let name = match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => return Ok(t),
            Pick::Option(i) => match self.choice.action(i) {
                Some(Action::ReportBackorders) => ReportName::Backorders,
                Some(Action::ReportBacklog) => ReportName::Backlog,
                Some(Action::ReportReorder) => ReportName::Reorder,
                Some(Action::ReportDeposits) => ReportName::Deposits,
                Some(Action::ReportPurchase) => ReportName::Purchase,
                Some(Action::ReportAging) => ReportName::Aging,
                _ => return Ok(Transition::Stay),
            },
        };
        let here = ctx.counter.location().to_string();
        let view = ReportView::open(&ctx.counter.store, name, here)?;
        // Over the menu, so Esc on the report comes back to it for the next report.
        Ok(Transition::push(view))
    }

    choice_layer!();
}

/// A report's columns, most important first; the first `pinned` stay in view while the
/// others scroll.
fn priority(name: ReportName) -> (usize, &'static [&'static str]) {
    match name {
        ReportName::Backorders => (
            1,
            &[
                "order",
                "customer",
                "sku",
                "backordered",
                "value",
                "days_waiting",
                "eta",
                "due",
                "po",
                "date",
                "ordered",
                "shipped",
                "description",
            ],
        ),
        ReportName::Aging => (1, &["bucket", "lines", "units", "value", "deposits"]),
        ReportName::Backlog => (
            1,
            &[
                "sku",
                "backordered",
                "available",
                "on_hand",
                "on_hand_elsewhere",
                "orders_waiting",
                "committed",
                "description",
            ],
        ),
        ReportName::Reorder => (
            1,
            &[
                "sku",
                "transfer",
                "purchase",
                "transfer_from",
                "on_hand",
                "on_hand_elsewhere",
                "available",
                "backordered",
                "elsewhere",
                "min_stock",
                "reorder_qty",
                "description",
            ],
        ),
        ReportName::Deposits => (1, &["order", "deposit", "customer", "invoice"]),
        ReportName::Purchase => (
            2,
            &[
                "supplier",
                "sku",
                "qty",
                "on_order",
                "transfer",
                "transfer_from",
                "on_hand",
                "on_hand_elsewhere",
                "available",
                "backordered",
                "min_stock",
                "description",
            ],
        ),
    }
}

/// Which columns are in view at a width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InView {
    /// Indices into the report's columns, in the order drawn.
    pub columns: Vec<usize>,
    /// Scrolling columns out of view to the left and to the right.
    pub left: usize,
    pub right: usize,
}

/// One report on screen.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub name: ReportName,
    pub scope: Scope,
    /// This terminal's location, what `l` switches back to.
    pub here: String,
    pub cells: Cells,
    /// Each column's width: its widest value or its heading.
    pub widths: Vec<usize>,
    /// The columns in priority order (indices into `cells.columns`).
    pub order: Vec<usize>,
    pub pinned: usize,
    /// Scrolling columns out of view to the left.
    pub left: usize,
    /// The first row in view.
    pub scroll: usize,
    /// The width the last drawing had for columns, so Right knows when all are in view.
    pub drawn_width: Cell<usize>,
    /// The rows the last drawing had for the report's body, so End shows a whole page.
    pub drawn_body: Cell<usize>,
}

impl ReportView {
    pub fn open(store: &Store, name: ReportName, here: String) -> Result<ReportView, AppError> {
        let scope = Scope::At(here.clone());
        let mut view = ReportView {
            name,
            scope,
            here,
            cells: Cells::default(),
            widths: Vec::new(),
            order: Vec::new(),
            pinned: 0,
            left: 0,
            scroll: 0,
            drawn_width: Cell::new(usize::MAX),
            drawn_body: Cell::new(1),
        };
        view.load(store)?;
        Ok(view)
    }

    /// Reads the report again for the current scope.
    fn load(&mut self, store: &Store) -> Result<(), AppError> {
        let cells = report_cells(store, self.name, &self.scope)
            .map_err(|e| AppError::Report(e.to_string()))?;
        self.widths = (0..cells.columns.len())
            .map(|i| {
                cells
                    .rows
                    .iter()
                    .chain(cells.total.iter())
                    .filter_map(|r| r.get(i))
                    .map(|c| width_of(c))
                    .chain([width_of(&heading(cells.columns[i]))])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let (pinned, names) = priority(self.name);
        let position = |c: &str| cells.columns.iter().position(|n| *n == c);
        self.order = names.iter().filter_map(|c| position(c)).collect();
        // A column the priority list forgot still shows, last.
        for i in 0..cells.columns.len() {
            if !self.order.contains(&i) {
                self.order.push(i);
            }
        }
        self.pinned = pinned.min(self.order.len());
        self.cells = cells;
        self.scroll = self.scroll.min(self.cells.rows.len().saturating_sub(1));
        Ok(())
    }

    /// The columns in view at `width`: the pinned ones, then from the first scrolled one
    /// as many whole columns as fit; none is ever cut.
    pub fn in_view(&self, width: usize) -> InView {
        let mut used = 0;
        let mut columns = Vec::new();
        let fits = |used: usize, column: usize| {
            let gap = if used == 0 { 0 } else { GAP };
            used + gap + self.widths[column] <= width
        };
        for &c in &self.order[..self.pinned] {
            if fits(used, c) {
                used += if used == 0 { 0 } else { GAP } + self.widths[c];
                columns.push(c);
            }
        }
        let scrolling = &self.order[self.pinned..];
        let left = self.left.min(scrolling.len().saturating_sub(1));
        let mut shown = 0;
        for &c in &scrolling[left..] {
            if !fits(used, c) {
                break;
            }
            used += if used == 0 { 0 } else { GAP } + self.widths[c];
            columns.push(c);
            shown += 1;
        }
        InView {
            columns,
            left,
            right: scrolling.len() - left - shown,
        }
    }

    /// The first row of the last page when `body` rows fit: the last row, and the total
    /// under its rule, at the bottom.
    fn last_page(&self, body: usize) -> usize {
        let total = if self.cells.total.is_some() { 2 } else { 0 };
        (self.cells.rows.len().max(1) + total).saturating_sub(body)
    }

    /// What the report is of: its name and the stock it looks at.
    pub fn title(&self) -> String {
        if self.name.by_location() {
            format!("Report: {} · {}", self.name, self.scope)
        } else {
            format!("Report: {} · every location", self.name)
        }
    }
}

impl Layer for ReportView {
    fn keys(&self) -> Screen {
        Screen::Report
    }

    fn name(&self) -> String {
        format!("report: {}", self.name)
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        // The first row as the last drawing showed it: never past the last page.
        self.scroll = self.scroll.min(self.last_page(self.drawn_body.get()));
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First => {
                self.scroll = moved(self.scroll, action, self.cells.rows.len());
            }
            // The last page in view, its total included: the drawing stops at it.
            Action::Last => self.scroll = usize::MAX,
            Action::ScrollLeft => {
                self.left = self.in_view(self.drawn_width.get()).left.saturating_sub(1);
            }
            Action::ScrollRight => {
                if self.in_view(self.drawn_width.get()).right > 0 {
                    self.left += 1;
                }
            }
            Action::SwitchLocation if !self.name.by_location() => {
                ctx.info(format!("The {} report covers every location", self.name));
            }
            Action::SwitchLocation => {
                self.scope = match self.scope {
                    Scope::At(_) => Scope::All,
                    Scope::All => Scope::At(self.here.clone()),
                };
                self.load(&ctx.counter.store)?;
                ctx.info(format!("{}: {}", self.name, self.scope));
            }
            Action::Back | Action::Confirm => return Ok(Transition::pop()),
            other => return Ok(ctx.common(Screen::Report, other)),
        }
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: one report on screen: whole values in the columns that fit, a hint when more
// columns are out of view.

fn render(buf: &mut Buffer, area: Rect, view: &ReportView, theme: &Theme) {
    let inner = popup(buf, area, area.width, area.height, &view.title(), theme);
    let width = usize::from(inner.width);
    view.drawn_width.set(width);
    let in_view = view.in_view(width);
    let numeric = view.cells.numeric();
    let line = |cells: &[String]| -> String {
        in_view
            .columns
            .iter()
            .map(|&i| {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = " ".repeat(view.widths[i].saturating_sub(width_of(cell)));
                if numeric[i] {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP))
    };
    let headings: Vec<String> = view.cells.columns.iter().map(|c| heading(c)).collect();
    text_row(buf, inner, 0, &line(&headings), theme.column_heads);
    let rule: Vec<String> = view.widths.iter().map(|w| "-".repeat(*w)).collect();
    text_row(buf, inner, 1, &line(&rule), theme.placeholder);
    let body = inner.height.saturating_sub(3);
    view.drawn_body.set(usize::from(body));
    let mut rows: Vec<String> = view.cells.rows.iter().map(|r| line(r)).collect();
    if rows.is_empty() {
        rows.push("(none)".into());
    }
    if let Some(total) = &view.cells.total {
        rows.push(line(&rule));
        rows.push(line(total));
    }
    let first = view.scroll.min(view.last_page(usize::from(body)));
    for (i, text) in rows.iter().skip(first).take(usize::from(body)).enumerate() {
        text_row(
            buf,
            inner,
            2 + i as u16,
            text,
            ratatui::style::Style::default(),
        );
    }
    text_row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        &hint(in_view.left, in_view.right, rows.len(), first, body),
        theme.placeholder,
    );
}

/// Says what is out of view: columns to either side, rows below.
fn hint(left: usize, right: usize, rows: usize, scroll: usize, body: u16) -> String {
    let mut parts = Vec::new();
    if left > 0 {
        parts.push(format!("◀ {left} more column(s): Left"));
    }
    if right > 0 {
        parts.push(format!("{right} more column(s): Right ▶"));
    }
    if rows > scroll + usize::from(body) {
        parts.push(format!(
            "{} more row(s): Down",
            rows - scroll - usize::from(body)
        ));
    }
    if parts.is_empty() {
        "All columns in view".into()
    } else {
        parts.join(" · ")
    }
}
