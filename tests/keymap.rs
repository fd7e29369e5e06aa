//! The keymap, and the promise that the footer and the F1 help say exactly what it says.

mod common;

use std::collections::BTreeMap;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ringup::app::keymap::{EMPTY_SALE_FOOTER, SALE_FOOTER};
use ringup::app::{
    Action, App, Key, KeyParseError, Keymap, KeymapError, Screen, draw, footer_hints,
    footer_hints_for,
};
use ringup::ui::Theme;

fn app(keymap: Keymap) -> App {
    common::screen::app_over(common::store(), keymap)
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = app.handle_key(KeyEvent::new(code, modifiers)) {
        app.update(action);
    }
}

fn screen_lines(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw(frame, app, &Theme::monochrome()))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(usize::from(width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

fn overrides(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(action, key)| (action.to_string(), key.to_string()))
        .collect()
}

/// The (key, description) rows of the help box as drawn: the text between the box's
/// side borders, split at the gap after the key column.
fn help_rows_on_screen(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|line| {
            let start = line.find('│')?;
            let end = line.rfind('│')?;
            let inside = line.get(start + '│'.len_utf8()..end)?.trim();
            let (key, description) = inside.split_once("  ")?;
            Some((key.trim().to_string(), description.trim().to_string()))
        })
        .collect()
}

/// Every row of the help on top, scrolling down one row at a time (Down) until the last
/// binding shows: a screen with more keys than rows lists the rest below.
fn all_help_rows(app: &mut App, width: u16, height: u16) -> Vec<(String, String)> {
    let mut rows = help_rows_on_screen(&screen_lines(app, width, height));
    loop {
        press(app, KeyCode::Down, KeyModifiers::NONE);
        let page = help_rows_on_screen(&screen_lines(app, width, height));
        let shown = rows.len().min(page.len());
        if page.is_empty() || page[..shown] == rows[rows.len() - shown..] {
            return rows;
        }
        rows.push(page[page.len() - 1].clone());
    }
}

fn keymap_rows(keymap: &Keymap, screen: Screen) -> Vec<(String, String)> {
    keymap
        .bindings_for(screen)
        .map(|b| (b.key.label(), b.description.to_string()))
        .collect()
}

/// The sale screen's help: its bindings, then what the item entry reads besides a SKU.
fn sale_help_rows(keymap: &Keymap) -> Vec<(String, String)> {
    let typed = [
        (
            "4*SKU",
            "ring 4 at once: a quantity and * before the SKU or scan",
        ),
        (
            "INV-000123",
            "a receipt's code, scanned on an empty sale: return from it",
        ),
        (
            "ORD-000045",
            "an order's code, scanned on an empty sale: its pickup",
        ),
    ];
    let mut rows = keymap_rows(keymap, Screen::Sale);
    rows.extend(typed.map(|(t, d)| (t.to_string(), d.to_string())));
    rows
}

fn footer(lines: &[String]) -> String {
    lines
        .last()
        .cloned()
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn help_lists_exactly_the_sale_screens_bindings_and_what_the_entry_reads() {
    let keymap = Keymap::defaults();
    let mut app = app(keymap.clone());
    press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    let lines = screen_lines(&app, 80, 24);
    assert_eq!(
        all_help_rows(&mut app, 80, 24),
        sale_help_rows(&keymap),
        "{}",
        lines.join("\n")
    );
}

/// The footer of `moment` on the sale screen, as drawn when every hint fits.
fn moment_footer(keymap: &Keymap, moment: &[Action]) -> String {
    moment
        .iter()
        .filter_map(|&action| keymap.binding(Screen::Sale, action))
        .filter_map(|b| b.hint.map(|hint| format!("{} {hint}", b.key.label())))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn footer_shows_the_keys_of_the_moment_in_their_order() {
    let keymap = Keymap::defaults();
    let mut app = app(keymap.clone());

    // Wide enough for every hint: the keys of an empty sale, in their order.
    let wide = footer(&screen_lines(&app, 200, 40));
    assert_eq!(wide, moment_footer(&keymap, EMPTY_SALE_FOOTER));

    // At 80 columns the first that fit, then the help key for the rest.
    let narrow = footer(&screen_lines(&app, 80, 24));
    assert_eq!(
        narrow,
        hints_text(footer_hints_for(
            &keymap,
            Screen::Sale,
            Some(EMPTY_SALE_FOOTER),
            80
        ))
    );
    assert!(narrow.chars().count() <= 80);
    assert!(narrow.starts_with("Ctrl-R Recall"), "{narrow}");
    assert!(narrow.ends_with("F1 more"), "{narrow}");

    // A sale on screen: total first.
    for c in "0002".chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let wide = footer(&screen_lines(&app, 200, 40));
    assert_eq!(wide, moment_footer(&keymap, SALE_FOOTER));
    let narrow = footer(&screen_lines(&app, 80, 24));
    assert!(narrow.starts_with("F10 Total"), "{narrow}");
    assert!(narrow.ends_with("F1 more"), "{narrow}");

    // No hinted key of the sale screen is left out of both moments.
    for binding in keymap.bindings_for(Screen::Sale) {
        if binding.hint.is_some() {
            assert!(
                EMPTY_SALE_FOOTER.contains(&binding.action)
                    || SALE_FOOTER.contains(&binding.action),
                "{:?} is in no footer",
                binding.action
            );
        }
    }
}

fn hints_text(hints: Vec<(String, &'static str)>) -> String {
    hints
        .iter()
        .map(|(key, hint)| format!("{key} {hint}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn overrides_change_footer_help_and_behaviour() {
    let keymap = Keymap::with_overrides(&overrides(&[("total", "F12"), ("item_search", "Ctrl-F")]))
        .expect("valid overrides");
    assert_eq!(
        keymap.action(Screen::Sale, Key::plain(KeyCode::F(12))),
        Some(Action::Total)
    );
    assert_eq!(
        keymap.action(Screen::Sale, Key::plain(KeyCode::F(10))),
        None
    );
    assert_eq!(
        keymap.action(Screen::Sale, Key::ctrl('f')),
        Some(Action::ItemSearch)
    );
    // F10 confirms in dialogs as total's key, so it moves along with total.
    assert_eq!(
        keymap.action(Screen::Dialog, Key::plain(KeyCode::F(12))),
        Some(Action::Total)
    );

    let mut app = app(keymap.clone());
    let wide = footer(&screen_lines(&app, 200, 40));
    let with_lines = hints_text(footer_hints_for(
        &keymap,
        Screen::Sale,
        Some(SALE_FOOTER),
        200,
    ));
    assert!(with_lines.contains("F12 Total"), "{with_lines}");
    assert!(wide.contains("Ctrl-F Find"), "{wide}");
    assert!(!wide.contains("F10"), "{wide}");
    assert!(!wide.contains("F3"), "{wide}");

    press(&mut app, KeyCode::F(12), KeyModifiers::NONE);
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert_eq!(status, "Nothing to total: ring an item first");
    press(&mut app, KeyCode::F(10), KeyModifiers::NONE);
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert_eq!(status, "F10 does nothing here; F1 lists the keys");

    press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    let rows = all_help_rows(&mut app, 80, 24);
    assert_eq!(rows, sale_help_rows(&keymap));
    assert!(
        rows.iter()
            .any(|(key, d)| key == "F12" && d.starts_with("total"))
    );
    assert!(
        rows.iter()
            .any(|(key, d)| key == "Ctrl-F" && d.starts_with("item search"))
    );
    assert!(!rows.iter().any(|(key, _)| key == "F10" || key == "F3"));
}

#[test]
fn every_screen_has_help_and_quit_and_its_footer_fits() {
    let keymap = Keymap::defaults();
    for screen in Screen::all() {
        assert!(
            keymap
                .bindings_for(screen)
                .any(|b| b.action == Action::Help),
            "{screen:?} has no help key"
        );
        assert!(
            keymap
                .bindings_for(screen)
                .any(|b| b.action == Action::Quit),
            "{screen:?} has no quit key"
        );
        let hints = footer_hints(&keymap, screen, 80);
        assert!(
            hints.iter().any(|(key, _)| key == "F1"),
            "{screen:?}: {hints:?}"
        );
    }
}

#[test]
fn spec_default_keys() {
    let keymap = Keymap::defaults();
    let sale = |key: Key| keymap.action(Screen::Sale, key);
    let f = |n| Key::plain(KeyCode::F(n));
    assert_eq!(sale(f(1)), Some(Action::Help));
    assert_eq!(sale(f(2)), Some(Action::Customer));
    assert_eq!(sale(f(3)), Some(Action::ItemSearch));
    assert_eq!(sale(f(4)), Some(Action::HoldBack));
    assert_eq!(sale(f(5)), Some(Action::SetBackordered));
    assert_eq!(sale(f(6)), Some(Action::Override));
    assert_eq!(sale(f(7)), Some(Action::OrdersInProcess));
    assert_eq!(sale(f(8)), Some(Action::ManagerMenu));
    assert_eq!(sale(f(10)), Some(Action::Total));
    assert_eq!(sale(Key::plain(KeyCode::Enter)), Some(Action::Confirm));
    assert_eq!(sale(Key::plain(KeyCode::Up)), Some(Action::Up));
    assert_eq!(sale(Key::plain(KeyCode::Down)), Some(Action::Down));
    assert_eq!(sale(Key::plain(KeyCode::PageUp)), Some(Action::PageUp));
    assert_eq!(sale(Key::plain(KeyCode::PageDown)), Some(Action::PageDown));
    // Del edits the item entry; removing a line is a key of its own, asked about first.
    assert_eq!(sale(Key::plain(KeyCode::Delete)), None);
    assert_eq!(sale(Key::ctrl('d')), Some(Action::DeleteLine));
    assert_eq!(sale(Key::plain(KeyCode::Esc)), Some(Action::Back));
    assert_eq!(sale(Key::ctrl('q')), Some(Action::Quit));
    assert_eq!(sale(Key::ctrl('c')), Some(Action::Quit));
    assert_eq!(
        sale(Key::plain(KeyCode::Char('4'))),
        None,
        "digits are typed"
    );
}

#[test]
fn sale_in_progress_keys() {
    let keymap = Keymap::defaults();
    let sale = |key: Key| keymap.action(Screen::Sale, key);
    assert_eq!(sale(Key::ctrl('x')), Some(Action::VoidSale));
    assert_eq!(sale(Key::ctrl('k')), Some(Action::Park));
    assert_eq!(sale(Key::ctrl('r')), Some(Action::Recall));
    assert_eq!(sale(Key::ctrl('e')), Some(Action::Quote));
    let parked = |key: Key| keymap.action(Screen::Parked, key);
    assert_eq!(parked(Key::plain(KeyCode::Enter)), Some(Action::Confirm));
    assert_eq!(parked(Key::plain(KeyCode::Esc)), Some(Action::Back));
    // Void asks first: its question is a dialog where Enter is no.
    assert_eq!(
        keymap.action(Screen::Dialog, Key::plain(KeyCode::Enter)),
        Some(Action::Confirm)
    );
}

#[test]
fn key_texts_parse() {
    let parse = |text: &str| Key::parse(text);
    assert_eq!(parse("F1"), Ok(Key::plain(KeyCode::F(1))));
    assert_eq!(parse("f12"), Ok(Key::plain(KeyCode::F(12))));
    assert_eq!(parse("Ctrl-X"), Ok(Key::ctrl('x')));
    assert_eq!(parse("ctrl+x"), Ok(Key::ctrl('x')));
    assert_eq!(
        parse("Alt-X"),
        Ok(Key::new(KeyCode::Char('x'), KeyModifiers::ALT))
    );
    assert_eq!(
        parse("Ctrl-Alt-Del"),
        Ok(Key::new(
            KeyCode::Delete,
            KeyModifiers::CONTROL | KeyModifiers::ALT
        ))
    );
    assert_eq!(
        parse("Shift-F2"),
        Ok(Key::new(KeyCode::F(2), KeyModifiers::SHIFT))
    );
    assert_eq!(parse("Enter"), Ok(Key::plain(KeyCode::Enter)));
    assert_eq!(parse("Esc"), Ok(Key::plain(KeyCode::Esc)));
    assert_eq!(parse("Del"), Ok(Key::plain(KeyCode::Delete)));
    assert_eq!(parse("Up"), Ok(Key::plain(KeyCode::Up)));
    assert_eq!(parse("PgDn"), Ok(Key::plain(KeyCode::PageDown)));
    assert_eq!(parse("PageUp"), Ok(Key::plain(KeyCode::PageUp)));
    assert_eq!(parse("y"), Ok(Key::plain(KeyCode::Char('y'))));
    assert_eq!(parse("-"), Ok(Key::plain(KeyCode::Char('-'))));
    assert_eq!(parse("Ctrl--"), Ok(Key::ctrl('-')));
    assert_eq!(parse("Space"), Ok(Key::plain(KeyCode::Char(' '))));

    assert_eq!(parse(""), Err(KeyParseError::Empty));
    assert_eq!(
        parse("F13"),
        Err(KeyParseError::NoSuchFunctionKey("F13".into()))
    );
    assert_eq!(
        parse("Ctrl-"),
        Err(KeyParseError::MissingKey("Ctrl-".into()))
    );
    assert_eq!(
        parse("Hyper-Q"),
        Err(KeyParseError::UnknownKey("Hyper-Q".into()))
    );
}

#[test]
fn labels_read_like_keycaps_and_parse_back() {
    let keymap = Keymap::defaults();
    for binding in keymap.bindings() {
        let label = binding.key.label();
        assert_eq!(Key::parse(&label), Ok(binding.key), "{label}");
    }
    assert_eq!(Key::plain(KeyCode::F(10)).label(), "F10");
    assert_eq!(Key::ctrl('q').label(), "Ctrl-Q");
    assert_eq!(Key::plain(KeyCode::PageDown).label(), "PgDn");
    assert_eq!(Key::plain(KeyCode::Delete).label(), "Del");
}

#[test]
fn terminal_keys_match_config_keys() {
    // Terminals report Ctrl-Q as 'q' with CONTROL, and sometimes with SHIFT too.
    let from_terminal = |code, modifiers| Key::from_event(&KeyEvent::new(code, modifiers));
    assert_eq!(
        from_terminal(
            KeyCode::Char('Q'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT
        ),
        Key::ctrl('q')
    );
    assert_eq!(
        from_terminal(KeyCode::Char('A'), KeyModifiers::SHIFT),
        Key::plain(KeyCode::Char('A'))
    );
    assert_eq!(
        from_terminal(KeyCode::BackTab, KeyModifiers::SHIFT),
        Key::parse("Shift-Tab").expect("parses")
    );
}

#[test]
fn bad_overrides_name_the_entry() {
    let error = |entries: &[(&str, &str)]| {
        Keymap::with_overrides(&overrides(entries)).expect_err("should be refused")
    };

    let unknown = error(&[("totl", "F12")]);
    assert!(matches!(unknown, KeymapError::UnknownAction { .. }));
    let message = unknown.to_string();
    assert!(
        message.contains("totl") && message.contains("F12"),
        "{message}"
    );
    assert!(
        message.contains("item_search"),
        "lists the known names: {message}"
    );

    let bad_key = error(&[("total", "F13")]);
    assert!(matches!(bad_key, KeymapError::BadKey { .. }));
    let message = bad_key.to_string();
    assert!(
        message.contains("total") && message.contains("F13"),
        "{message}"
    );

    let garbage = error(&[("help", "Wibble")]);
    assert!(garbage.to_string().contains("Wibble"), "{garbage}");

    let plain = error(&[("total", "t")]);
    assert!(matches!(plain, KeymapError::PlainCharacter { .. }));

    let clash = error(&[("total", "F1")]);
    assert!(matches!(clash, KeymapError::Conflict { .. }));
    let message = clash.to_string();
    assert!(
        message.contains("total") && message.contains("help"),
        "{message}"
    );
}

#[test]
fn overrides_can_swap_keys_and_keep_extras() {
    let keymap = Keymap::with_overrides(&overrides(&[("help", "F10"), ("total", "F1")]))
        .expect("a swap is fine");
    assert_eq!(
        keymap.action(Screen::Sale, Key::plain(KeyCode::F(10))),
        Some(Action::Help)
    );
    assert_eq!(
        keymap.action(Screen::Sale, Key::plain(KeyCode::F(1))),
        Some(Action::Total)
    );

    let keymap = Keymap::with_overrides(&overrides(&[("confirm", "Ctrl-J"), ("quit", "Ctrl-C")]))
        .expect("valid overrides");
    // y still answers yes in a dialog; Enter is free.
    assert_eq!(
        keymap.action(Screen::Dialog, Key::plain(KeyCode::Char('y'))),
        Some(Action::Yes)
    );
    assert_eq!(
        keymap.action(Screen::Dialog, Key::ctrl('j')),
        Some(Action::Confirm)
    );
    assert_eq!(
        keymap.action(Screen::Sale, Key::plain(KeyCode::Enter)),
        None
    );
    // Quit moved onto Ctrl-C, which already quit: one binding, not two.
    let quits = keymap
        .bindings_for(Screen::Sale)
        .filter(|b| b.action == Action::Quit)
        .count();
    assert_eq!(quits, 1);
}
