//! F8, end of day: the X report of this location's day so far; `z` closes the day. The cash
//! counted in the drawer goes in a money box (digits and one decimal point; a scan is
//! refused), the close asks first with the expected cash and what the count is over or
//! short (No is the default), then the Z report is stored, printed and shown. The no-sale
//! key of the sale screen is here too: the drawer opened without a sale, recorded.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit_number, moved};
use super::text::TextView;
use crate::domain::Money;
use crate::domain::day::over_short;
use crate::domain::sale::{SaleError, parse_amount};
use crate::store::days::DayReport;
use crate::ui::widgets::{Field, popup, row, text_row};
use crate::ui::{Theme, fit};

/// The X report on screen.
#[derive(Debug, Clone)]
pub struct DayScreen {
    pub report: DayReport,
    pub lines: Vec<String>,
    pub scroll: usize,
}

fn x_report(ctx: &Ctx) -> Result<DayReport, AppError> {
    let float = ctx.counter.config.opening_float();
    Ok(ctx.counter.store.day_report(&ctx.context.location, float)?)
}

impl DayScreen {
    pub fn open(ctx: &Ctx) -> Result<DayScreen, AppError> {
        let report = x_report(ctx)?;
        Ok(DayScreen {
            lines: crate::present::day::table(&report, ctx.counter.store.zone())
                .lines()
                .map(str::to_string)
                .collect(),
            report,
            scroll: 0,
        })
    }

    fn refresh(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let scroll = self.scroll;
        *self = DayScreen::open(ctx)?;
        self.scroll = scroll.min(self.lines.len().saturating_sub(1));
        Ok(())
    }
}

impl Layer for DayScreen {
    fn keys(&self) -> Screen {
        Screen::Day
    }

    fn name(&self) -> String {
        "end of day".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.scroll = moved(self.scroll, action, self.lines.len());
                Transition::Stay
            }
            Action::CloseDay => {
                ctx.manager_only("Closing the day")?;
                Transition::push(CountedCash::new(&self.report))
            }
            Action::Back => Transition::pop(),
            other => ctx.common(Screen::Day, other),
        })
    }

    /// Back from the count or the Z report: the figures again (a closed day starts anew).
    fn resume(&mut self, ctx: &mut Ctx, _outcome: Outcome) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
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

/// The money box for the cash counted in the drawer.
#[derive(Debug, Clone)]
pub struct CountedCash {
    pub input: Input,
    /// What the drawer should hold, from the X report the count was started on.
    pub expected: Money,
}

impl CountedCash {
    fn new(report: &DayReport) -> CountedCash {
        CountedCash {
            input: Input::default(),
            expected: report.figures.expected_cash,
        }
    }

    /// Enter or F10: the amount, then the question before the day closes.
    fn ask(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let typed = self.input.value().trim().to_string();
        if typed.is_empty() {
            return Err(AppError::Required {
                field: "Counted cash",
            });
        }
        let counted = match parse_amount(&typed) {
            Ok(amount) => amount,
            Err(e) => {
                if matches!(e, SaleError::ScanInAmount(_)) {
                    self.input.reset();
                }
                return Err(e.into());
            }
        };
        // The expected cash now: another terminal may have sold since the X report.
        let expected = x_report(ctx)?.figures.expected_cash;
        self.expected = expected;
        let diff = over_short(expected, counted);
        let verdict = match diff {
            d if d.is_positive() => format!("over {d}"),
            d if d.is_negative() => format!("short {}", -d),
            _ => "exact".to_string(),
        };
        let limit = Money::new(ctx.counter.config.counter.cash_over_due_confirm);
        let title = if counted > expected + limit {
            "Large count: close the day"
        } else {
            "Close the day"
        };
        Ok(Transition::push(Confirm::new(
            title,
            format!(
                "Counted {counted}, expected {expected}: {verdict}. Close the day? y: yes · Enter: no"
            ),
            Confirmed::CloseDay { counted },
            "The day is still open",
        )))
    }

    fn close(&self, ctx: &mut Ctx, counted: Money) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let location = ctx.context.location.clone();
        let float = ctx.counter.config.opening_float();
        let report = ctx
            .counter
            .store
            .close_day(&location, counted, float, &user)?;
        let number = report.number.unwrap_or_default();
        let printed = match crate::counter::print::print_day(&ctx.counter.config, &report) {
            Ok(path) => format!("Z report printed to {}", path.display()),
            Err(e) => format!("the Z report's slip failed: {e}"),
        };
        let diff = report.over_short.unwrap_or(Money::ZERO);
        ctx.info(format!("Day {number} closed, over/short {diff}; {printed}"));
        let width = ctx.counter.config.receipt.width;
        let slip = crate::present::day::slip(&report, width, &ctx.counter.config.store);
        Ok(Transition::replace(TextView::new(
            format!("Day {number} closed"),
            slip.lines().map(str::to_string).collect(),
        )))
    }
}

impl Layer for CountedCash {
    fn keys(&self) -> Screen {
        Screen::Prompt
    }

    /// A blind count: the X report (and the cash it expects) is not on screen while the
    /// drawer is counted; the close shows expected and over/short after the count.
    fn is_overlay(&self) -> bool {
        false
    }

    fn name(&self) -> String {
        "counted cash".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Edit(e) => {
                if let Err(refused) = edit_number(&mut self.input, &mut false, e, true) {
                    ctx.info(format!(
                        "'{}' is not part of an amount: digits and one decimal point",
                        refused.0
                    ));
                }
                Transition::Stay
            }
            Action::Confirm | Action::Total => return self.ask(ctx),
            Action::Back => {
                ctx.info("The day is still open");
                Transition::pop()
            }
            other => ctx.common(Screen::Prompt, other),
        })
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Confirmed(Confirmed::CloseDay { counted }) => self.close(ctx, counted),
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render_count(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The no-sale key: the drawer opened without a sale, recorded and audited. Refused while
/// a sale is on screen (its tender opens the drawer).
pub fn no_sale(ctx: &mut Ctx) -> Result<Transition, AppError> {
    if !ctx.counter.sale.lines.is_empty() {
        ctx.info("No sale is for an empty sale: finish or clear this one first");
        return Ok(Transition::Stay);
    }
    Ok(Transition::push(super::form::Form::no_sale()))
}

/// The no-sale with its reason: recorded (audited with the reason), then the drawer opens.
pub fn open_drawer_for(ctx: &mut Ctx, reason: &str) -> Result<Transition, AppError> {
    if reason.trim().is_empty() {
        ctx.error("Reason: type why the drawer is opened (e.g. change for the float)");
        return Ok(Transition::Stay);
    }
    let reason = crate::domain::pricing::adjust::check_reason(reason)?;
    let user = ctx.counter.user.name.clone();
    let location = ctx.context.location.clone();
    let today = ctx.counter.store.no_sale(&location, &user, &reason)?;
    // Recorded first: a printer that fails is reported, the no-sale still counts.
    match crate::counter::print::open_drawer(&ctx.counter.config) {
        Ok(_) => ctx.info(format!("No sale: drawer opened, recorded ({today} today)")),
        Err(e) => ctx.error(format!(
            "No sale recorded ({today} today), but the drawer did not open: {e}"
        )),
    }
    Ok(Transition::pop())
}

// Drawing: F8, end of day: the X report, and the box for the cash counted.

fn render(buf: &mut Buffer, area: Rect, day: &DayScreen, theme: &Theme) {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(2).min(60),
        area.height,
        "End of day",
        theme,
    );
    let height = usize::from(inner.height.saturating_sub(1));
    for (i, line) in day.lines.iter().skip(day.scroll).take(height).enumerate() {
        row(
            buf,
            inner,
            i as u16,
            Line::raw(fit(line, usize::from(inner.width))),
        );
    }
    text_row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        "z: close the day (count the drawer) · Up/Down scroll · Esc: back",
        theme.placeholder,
    );
}

fn render_count(
    buf: &mut Buffer,
    area: Rect,
    count: &CountedCash,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 6, "Close the day", theme);
    let cursor = Field::new("Cash counted", &count.input).render(buf, inner, 1, theme);
    text_row(
        buf,
        inner,
        2,
        "Count the drawer, float included: what it should hold is shown after",
        theme.placeholder,
    );
    text_row(
        buf,
        inner,
        3,
        "Enter: close (asks first) · Esc: cancel",
        theme.placeholder,
    );
    cursor
}
