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
use crate::ui::{Theme, fit};

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

// Drawing: the manager's dashboard: four bar charts (ratatui's `BarChart`) that fit 80×24 —
// the value of backorders by days waited, the deposits they hold by the same ages, the ten
// most backordered products, and what open purchase orders bring by expected week and
// supplier. Every bar carries its figure as text, so it reads the same under NO_COLOR.

/// A bar's length for an amount of money: its minor units (never negative).
fn height(amount: Money) -> u64 {
    u64::try_from(amount.to_minor()).unwrap_or(0)
}

fn block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::bordered().title(Line::styled(title, theme.popup_title))
}

/// Four vertical bars, one per age bucket.
fn by_age<'a>(
    title: String,
    aging: &[BucketTotal],
    amount: impl Fn(&BucketTotal) -> Money,
    theme: &Theme,
) -> BarChart<'a> {
    let bars: Vec<Bar<'a>> = aging
        .iter()
        .map(|b| {
            Bar::default()
                .value(height(amount(b)))
                .text_value(amount(b).to_string())
                .label(Line::from(b.bucket.label()))
        })
        .collect();
    BarChart::vertical(bars)
        .block(block(title, theme))
        .bar_width(8)
        .bar_gap(1)
        .value_style(theme.column_heads)
}

/// Horizontal bars of counts, labelled.
fn counts<'a>(title: String, rows: Vec<(String, u64, String)>, theme: &Theme) -> BarChart<'a> {
    let bars: Vec<Bar<'a>> = rows
        .into_iter()
        .map(|(label, value, text)| {
            Bar::default()
                .value(value)
                .text_value(text)
                .label(Line::from(label))
        })
        .collect();
    BarChart::horizontal(bars)
        .block(block(title, theme))
        .bar_width(1)
        .bar_gap(0)
        .value_style(theme.column_heads)
}

fn render(buf: &mut Buffer, area: Rect, d: &Dashboard, theme: &Theme) {
    Clear.render(area, buf);
    let lines: i64 = d.aging.iter().map(|b| b.lines).sum();
    let units: i64 = d.aging.iter().map(|b| b.units).sum();
    let value: Money = d.aging.iter().map(|b| b.value).sum();
    let title = format!(
        " Dashboard  {units} unit(s) backordered on {lines} line(s), value {}; deposits held {}",
        value.round(),
        d.deposits_held
    );
    row(
        buf,
        area,
        0,
        Line::styled(fit(&title, usize::from(area.width)), theme.header),
    );
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
        " Backorders by days waited (value) ".into(),
        &d.aging,
        |b| b.value,
        theme,
    )
    .render(aging, buf);
    let deposits_held: Money = d.aging.iter().map(|b| b.deposits).sum();
    by_age(
        format!(" Deposits on them: {} ", deposits_held.round()),
        &d.aging,
        |b| b.deposits,
        theme,
    )
    .render(deposits, buf);
    let label_width = usize::from(products.width / 3);
    let top_rows = d
        .top
        .iter()
        .map(|p| {
            (
                fit(&p.sku, label_width).to_string(),
                u64::try_from(p.units).unwrap_or(0),
                format!("{} ({})", p.units, p.value),
            )
        })
        .collect();
    counts(" Top backordered (units) ".into(), top_rows, theme).render(products, buf);
    let label_width = usize::from(incoming.width / 2);
    let incoming_rows = d
        .incoming
        .iter()
        .map(|i| {
            let label = format!(
                "{} {}",
                &i.week[i.week.len().saturating_sub(3)..],
                i.supplier
            );
            (
                fit(&label, label_width).to_string(),
                u64::try_from(i.units).unwrap_or(0),
                i.units.to_string(),
            )
        })
        .collect();
    counts(" Open POs by week (units) ".into(), incoming_rows, theme).render(incoming, buf);
    let nothing = |buf: &mut Buffer, chart: Rect, empty: bool, text: &str| {
        let inside = Rect::new(chart.x + 2, chart.y + 1, chart.width.saturating_sub(4), 1);
        if empty && chart.height > 2 {
            row(
                buf,
                inside,
                0,
                Line::styled(text.to_string(), theme.placeholder),
            );
        }
    };
    let no_value = d.aging.iter().all(|b| b.value.is_zero());
    let no_deposit = d.aging.iter().all(|b| b.deposits.is_zero());
    nothing(buf, aging, no_value, "Nothing backordered.");
    nothing(buf, deposits, no_deposit, "No deposits held on backorders.");
    nothing(buf, products, d.top.is_empty(), "Nothing backordered.");
    nothing(
        buf,
        incoming,
        d.incoming.is_empty(),
        "No open purchase orders.",
    );
}
