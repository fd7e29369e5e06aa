//! The terminal: raw mode and the alternate screen while the counter screen runs, and
//! the event loop that feeds keys to the [`App`].
//!
//! The terminal is put back on a normal quit, on an error and on a panic, so a clerk
//! is never left with a dead shell.

use std::io::{self, Stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::App;
use crate::ui::{self, Theme};

/// Set while the terminal is in raw mode on the alternate screen, so that the panic
/// hook restores only a terminal that needs it.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Runs the counter screen until the user quits.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    install_panic_hook();
    let mut terminal = enter().context("cannot set up the terminal")?;
    let outcome = event_loop(&mut terminal, &mut app, &theme);
    let restored = leave().context("cannot restore the terminal");
    outcome?;
    restored
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    theme: &Theme,
) -> anyhow::Result<()> {
    while !app.should_quit() {
        // draw() resizes to the terminal first, so a resize needs nothing but a redraw.
        terminal
            .draw(|frame| ui::draw(frame, app, theme))
            .context("cannot draw the screen")?;
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

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    if let Err(error) = execute!(io::stdout(), EnterAlternateScreen) {
        let _ = leave();
        return Err(error);
    }
    match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(terminal) => Ok(terminal),
        Err(error) => {
            let _ = leave();
            Err(error)
        }
    }
}

/// Puts the terminal back; does nothing if it is not ours any more.
fn leave() -> anyhow::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    // Both steps are tried even if the first fails: half a restore beats none.
    let screen = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let raw = disable_raw_mode();
    screen?;
    raw?;
    Ok(())
}

/// Restores the terminal before the panic message is printed, so the message is
/// readable and the shell usable. Installed once; later panics with the terminal
/// already restored go straight to the previous hook.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = leave();
            previous(info);
        }));
    });
}
