//! The terminal: raw mode and the alternate screen while the counter screen runs, and
//! the event loop that feeds keys to the [`App`], and a tick when the keyboard has been
//! idle for a few seconds.
//!
//! ratatui's own `try_init` sets the terminal up and installs a panic hook that puts it
//! back before the panic message is printed; `try_restore` puts it back on a normal quit
//! and on an error, so a clerk is never left with a dead shell.

use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::app::{App, draw};
use crate::ui::Theme;

/// Runs the counter screen until the user quits.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            // Half a set-up is undone as well as it can be.
            let _ = ratatui::try_restore();
            return Err(error).context("cannot set up the terminal");
        }
    };
    let outcome = event_loop(&mut terminal, &mut app, &theme);
    let restored = ratatui::try_restore().context("cannot restore the terminal");
    outcome?;
    restored
}

/// How long the keyboard may stay idle before the screen on top reads the store again
/// (other terminals share it).
const IDLE_TICK: Duration = Duration::from_secs(5);

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, theme: &Theme) -> anyhow::Result<()> {
    let mut idle_since = Instant::now();
    while !app.should_quit() {
        // draw() resizes to the terminal first, so a resize needs nothing but a redraw.
        terminal
            .draw(|frame| draw(frame, app, theme))
            .context("cannot draw the screen")?;
        let wait = IDLE_TICK.saturating_sub(idle_since.elapsed());
        if !event::poll(wait).context("cannot read the keyboard")? {
            app.tick();
            idle_since = Instant::now();
            continue;
        }
        idle_since = Instant::now();
        match event::read().context("cannot read the keyboard")? {
            // Release and repeat events (kitty protocol, Windows) would act twice.
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if let Some(action) = app.handle_key(key) {
                    app.update(action);
                }
            }
            _ => {}
        }
    }
    Ok(())
}
