//! Screens drawn on a TestBackend and read back as text: the symbol of every cell, one line
//! per row, and keys pressed on the app as the terminal would send them.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ringup::app::{App, AppContext, Counter, Keymap};
use ringup::domain::{Role, User};
use ringup::store::Store;
use ringup::ui::Theme;

/// The two sizes every screen snapshot is taken at: the smallest allowed, and a large one.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The store these screens show, with no one signed in yet.
pub fn context() -> AppContext {
    AppContext {
        store_name: "Main Street Hardware".into(),
        location: "MAIN".into(),
        user_name: String::new(),
        role: String::new(),
        currency: "CAD".into(),
    }
}

/// The app over `store`, signed in as `manager`, with the tax of the default config.
pub fn app_over(store: Store, keymap: Keymap) -> App {
    let user = User {
        id: 1,
        name: "manager".into(),
        role: Role::Manager,
    };
    let config = ringup::config::Config::defaults(std::env::temp_dir());
    App::new(context(), keymap, Counter::new(store, config, user), None)
}

pub fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = app.handle_key(KeyEvent::new(code, modifiers)) {
        app.update(action);
    }
}

/// A key as a keyboard sends it: capitals come with Shift.
pub fn press(app: &mut App, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    press_with(app, code, modifiers);
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn draw(app: &App, width: u16, height: u16, theme: &Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| ringup::app::draw(frame, app, theme))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The app drawn in monochrome, as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    buffer_text(&draw(app, width, height, &Theme::monochrome()))
}

/// The symbols of the buffer, trailing blanks cut so the snapshot files stay clean.
pub fn buffer_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    if width == 0 {
        return String::new();
    }
    buffer
        .content()
        .chunks(width)
        .map(|row| {
            let line: String = row.iter().map(|cell| cell.symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Snapshots the app at each of `SIZES`, named `{name}_{width}x{height}`. A macro, so that
/// the snapshots are named after the test file that takes them.
#[allow(unused_macros)]
macro_rules! snapshot_both {
    ($name:expr, $app:expr) => {
        for (width, height) in $crate::common::screen::SIZES {
            insta::assert_snapshot!(
                format!("{}_{width}x{height}", $name),
                $crate::common::screen::render($app, width, height)
            );
        }
    };
}
#[allow(unused_imports)]
pub(crate) use snapshot_both;
