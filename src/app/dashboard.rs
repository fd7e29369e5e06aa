//! F8, g: the manager's dashboard, charts of what waits (read again as other terminals
//! change the store).

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Block, Clear, Widget};

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use crate::domain::Money;
use crate::domain::aging::BucketTotal;
use crate::store::dashboard::Dashboard;
use crate::ui::widgets::row;
use crate::ui::{Theme, first_that_fits, fit, width_of};

#[derive(Debug, Clone)]
pub struct DashboardView {
    pub figures: Dashboard,
}

impl DashboardView {
    pub fn open(ctx: &Ctx) -> Result<DashboardView, AppError> {
        Ok(DashboardView {
            figures: ctx.counter.store.dashboard()?,
        })
    }
}

impl Layer for DashboardView {
    fn keys(&self) -> Screen {
        Screen::Dashboard
    }

    fn name(&self) -> String {
        "dashboard".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Back | Action::Confirm => Transition::pop(),
            other => ctx.common(Screen::Dashboard, other),
        })
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.figures = ctx.counter.store.dashboard()?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, &self.figures, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the manager's dashboard: four horizontal bar charts (ratatui's `BarChart`) that
// fit 80×24 — the value of backorders by days waited, the deposits they hold by the same
// ages, the ten most backordered products, and what open purchase orders bring by expected
// week and supplier. Every bar carries its figure as text, so it reads the same under
// NO_COLOR. A figure is never cut: where room is short, the words and labels give way.

/// A bar's length for an amount of money: its minor units (never negative).
fn height(amount: Money) -> u64 {
    u64::try_from(amount.to_minor()).unwrap_or(0)
}

/// One bar: its label, its length and the figure written on it.
struct BarRow {
    label: String,
    length: u64,
    figure: String,
}

/// A chart's frame and title: the first of `titles` (longest first) that fits.
fn block<'a>(titles: &[String], width: u16, theme: &Theme) -> Block<'a> {
    let title = first_that_fits(titles, usize::from(width.saturating_sub(2)));
    Block::bordered().title(Line::styled(title, theme.popup_title))
}

/// Horizontal bars in `area`, `gap` rows apart, each with its figure whole. The labels
/// take what the widest figure leaves, `most` columns at most, cut only to make room.
fn bars(
    buf: &mut Buffer,
    area: Rect,
    block: Block<'_>,
    rows: Vec<BarRow>,
    most: usize,
    gap: u16,
    theme: &Theme,
) {
    let inside = usize::from(area.width.saturating_sub(2));
    let widest = rows.iter().map(|r| width_of(&r.figure)).max().unwrap_or(0);
    // A column between the labels and the bars.
    let room = inside.saturating_sub(widest + 1).min(most);
    let bars: Vec<Bar<'_>> = rows
        .into_iter()
        .map(|r| {
            let bar = Bar::default().value(r.length).text_value(r.figure);
            match room {
                0 => bar,
                _ => bar.label(Line::from(fit(&r.label, room))),
            }
        })
        .collect();
    BarChart::horizontal(bars)
        .block(block)
        .bar_width(1)
        .bar_gap(gap)
        .value_style(theme.column_heads)
        .render(area, buf);
}

/// The four age buckets as bars, each with its amount; a line inside the frame instead
/// when every amount is zero.
fn by_age(
    buf: &mut Buffer,
    area: Rect,
    titles: &[String],
    aging: &[BucketTotal],
    amount: impl Fn(&BucketTotal) -> Money,
    empty: &str,
    theme: &Theme,
) {
    let block = block(titles, area.width, theme);
    if aging.iter().all(|b| amount(b).is_zero()) {
        return nothing(buf, area, block, empty, theme);
    }
    let rows = aging
        .iter()
        .map(|b| BarRow {
            label: b.bucket.label().to_string(),
            length: height(amount(b)),
            figure: amount(b).to_string(),
        })
        .collect();
    bars(buf, area, block, rows, usize::MAX, 1, theme);
}

/// An empty chart: its frame, and `text` on its first line.
fn nothing(buf: &mut Buffer, area: Rect, block: Block<'_>, text: &str, theme: &Theme) {
    let inside = block.inner(area);
    block.render(area, buf);
    let line = Rect::new(
        inside.x + 1,
        inside.y,
        inside.width.saturating_sub(2),
        inside.height.min(1),
    );
    row(
        buf,
        line,
        0,
        Line::styled(text.to_string(), theme.placeholder),
    );
}

/// The dashboard's first line: the totals in the longest wording that fits `width`.
fn headline(aging: &[BucketTotal], deposits: Money, width: u16) -> String {
    let lines: i64 = aging.iter().map(|b| b.lines).sum();
    let units: i64 = aging.iter().map(|b| b.units).sum();
    let value: Money = aging.iter().map(|b| b.value).sum::<Money>().round();
    let wordings = [
        format!(
            " Dashboard  {units} unit(s) backordered on {lines} line(s), value {value}; deposits held {deposits}"
        ),
        format!(
            " Dashboard  {units} backordered on {lines} line(s), value {value}; deposits {deposits}"
        ),
        format!(" Dashboard  {units} units, {lines} lines, value {value}, deposits {deposits}"),
        format!(" {units} units, {lines} lines, value {value}, deposits {deposits}"),
        format!(" {units} u, {lines} l, {value}, dep. {deposits}"),
    ];
    first_that_fits(&wordings, usize::from(width))
}

fn render(buf: &mut Buffer, area: Rect, d: &Dashboard, theme: &Theme) {
    Clear.render(area, buf);
    let title = headline(&d.aging, d.deposits_held, area.width);
    row(buf, area, 0, Line::styled(title, theme.header));
    let [top, bottom] =
        Layout::vertical([Constraint::Length(9), Constraint::Min(0)]).areas(Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        ));
    let halves = || Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]);
    let [aging, deposits] = halves().areas(top);
    let [products, incoming] = halves().areas(bottom);
    by_age(
        buf,
        aging,
        &[
            " Backorders by days waited (value) ".into(),
            " Backorders by days (value) ".into(),
        ],
        &d.aging,
        |b| b.value,
        "Nothing backordered.",
        theme,
    );
    let held: Money = d.aging.iter().map(|b| b.deposits).sum::<Money>().round();
    by_age(
        buf,
        deposits,
        &[
            format!(" Deposits on them: {held} "),
            format!(" Deposits: {held} "),
            format!(" {held} "),
        ],
        &d.aging,
        |b| b.deposits,
        "No deposits held on backorders.",
        theme,
    );
    let top_block = block(&[" Top backordered (units) ".into()], products.width, theme);
    if d.top.is_empty() {
        nothing(buf, products, top_block, "Nothing backordered.", theme);
    } else {
        let rows = d
            .top
            .iter()
            .map(|p| BarRow {
                label: p.sku.clone(),
                length: u64::try_from(p.units).unwrap_or(0),
                figure: format!("{} ({})", p.units, p.value),
            })
            .collect();
        let most = usize::from(products.width / 3);
        bars(buf, products, top_block, rows, most, 0, theme);
    }
    let po_block = block(
        &[" Open POs by week (units) ".into()],
        incoming.width,
        theme,
    );
    if d.incoming.is_empty() {
        nothing(buf, incoming, po_block, "No open purchase orders.", theme);
    } else {
        let rows = d
            .incoming
            .iter()
            .map(|i| BarRow {
                label: format!(
                    "{} {}",
                    &i.week[i.week.len().saturating_sub(3)..],
                    i.supplier
                ),
                length: u64::try_from(i.units).unwrap_or(0),
                figure: i.units.to_string(),
            })
            .collect();
        let most = usize::from(incoming.width / 2);
        bars(buf, incoming, po_block, rows, most, 0, theme);
    }
}
