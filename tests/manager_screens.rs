//! Snapshots of the manager's screens over a real (in-memory) store: orders in process with
//! one backorder that stock here can fill (green, `*`) and one that only the YARD can fill
//! (blue, `@`), an order, and the F8 menu; then the colours and markers cell by cell.
//! Order dates are fixed in the database so the text is the same every run.

mod common;

use common::screen::{buffer_text, context, draw, press, render, snapshot_both, typed};
use common::{config, ring, store};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use ringup::app::{App, Counter, Keymap, Screen};
use ringup::domain::sale::Payment;
use ringup::domain::{Role, User};
use ringup::store::params;
use ringup::store::stock::MovementKind;
use ringup::ui::Theme;

/// Two open orders, signed in as the manager:
/// 1. Dunmore Plumbing, 4 VALVE with 2 on hand (2 backordered), prepaid; then 2 VALVE
///    come in and wait, uncommitted: the backorder can be filled here (green).
/// 2. Harbor Builders, 2 CONC, none at MAIN (all 30 are at YARD): blue.
fn app() -> App {
    let mut store = store();
    let config = config();
    ring(
        &mut store,
        &config,
        Some("C1"),
        &[("VALVE", 4, 0)],
        Payment::WhenInvoiced,
    );
    ring(
        &mut store,
        &config,
        Some("C3"),
        &[("CONC", 2, 0)],
        Payment::WhenReceived,
    );
    store
        .receive(
            "VALVE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "supplier delivery",
            "morgan",
        )
        .unwrap();
    // Fixed dates keep the screens the same from day to day: order 2 was due in April
    // 2026, so it is overdue from then on.
    for (number, at) in [
        (1, "2026-03-02T09:15:00.000Z"),
        (2, "2026-03-03T14:40:00.000Z"),
    ] {
        store
            .conn()
            .execute(
                "UPDATE orders SET ordered_at = ?2 WHERE number = ?1",
                params![number, at],
            )
            .unwrap();
    }
    store.set_due(2, Some("2026-04-15"), "morgan", &[]).unwrap();
    let user = User {
        id: 1,
        name: "morgan".into(),
        role: Role::Manager,
    };
    let counter = Counter::new(store, config, user);
    App::new(context(), Keymap::defaults(), counter, None)
}

fn orders_in_process() -> App {
    let mut app = app();
    press(&mut app, KeyCode::F(7));
    assert_eq!(app.screen(), Screen::Orders);
    app
}

/// The row of the buffer that contains `text`, and the cell of the first `marker` in it
/// (searched from the right, where the backordered column is).
fn marker_cell(buffer: &Buffer, text: &str, marker: &str) -> (u16, u16) {
    let width = buffer.area.width;
    for y in 0..buffer.area.height {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        if row.contains(text) {
            let x = (0..width)
                .rev()
                .find(|&x| buffer[(x, y)].symbol() == marker)
                .unwrap_or_else(|| panic!("no {marker} on the row of {text}: {row}"));
            return (x, y);
        }
    }
    panic!("{text} is not on the screen:\n{}", buffer_text(buffer));
}

#[test]
fn orders_in_process_with_green_and_blue_backorders() {
    let app = orders_in_process();
    let text = render(&app, 80, 24);
    assert!(text.contains("Orders in process [all]"), "{text}");
    let dunmore = text
        .lines()
        .find(|l| l.contains("Dunmore Plumbing"))
        .unwrap_or_else(|| panic!("{text}"));
    // At 80 columns the days waited stand in for the order date; wider screens show both.
    assert!(
        dunmore.trim_end().ends_with("2*   0d     16.66"),
        "fillable here, waiting, its value: {dunmore}"
    );
    let wide = render(&app, 120, 40);
    assert!(wide.contains("2026-03-02"), "{wide}");
    let harbor = text
        .lines()
        .find(|l| l.contains("Harbor Builders"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(harbor.contains("2026-04-15"), "the due date: {harbor}");
    assert!(harbor.contains(" 2@ "), "only at YARD: {harbor}");
    snapshot_both!("manager_orders", &app);
}

#[test]
fn orders_in_process_filtered_by_back() {
    let mut app = orders_in_process();
    press(&mut app, KeyCode::Tab);
    let text = render(&app, 80, 24);
    assert!(text.contains("Orders in process [back]"), "{text}");
    assert!(text.contains("Showing back orders"), "{text}");
    insta::assert_snapshot!("manager_orders_back_80x24", text);
}

#[test]
fn orders_in_process_with_no_match() {
    let mut app = orders_in_process();
    typed(&mut app, "nobody");
    let text = render(&app, 80, 24);
    assert!(text.contains("Filter: nobody"), "{text}");
    assert!(text.contains("No order matches"), "{text}");
    insta::assert_snapshot!("manager_orders_no_match_80x24", text);
}

#[test]
fn order_screen_fillable_here() {
    let mut app = orders_in_process();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Order);
    let text = render(&app, 80, 24);
    assert!(text.contains("Order 1"), "{text}");
    assert!(text.contains("Dunmore Plumbing (C1)"), "{text}");
    assert!(text.contains("Deposit held 16.66"), "{text}");
    let valve = text
        .lines()
        .find(|l| l.contains("VALVE"))
        .unwrap_or_else(|| panic!("{text}"));
    let figures: Vec<&str> = valve.split_whitespace().collect();
    assert!(
        figures.ends_with(&["4", "2", "0", "0", "2*", "0d"]),
        "ordered, delivered, committed, cancelled, backordered: {valve}"
    );
    snapshot_both!("manager_order", &app);
}

#[test]
fn order_screen_other_location() {
    let mut app = orders_in_process();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("Order 2"), "{text}");
    let conc = text
        .lines()
        .find(|l| l.contains("CONC"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(conc.trim_end().ends_with("2@   0d"), "{conc}");
    insta::assert_snapshot!("manager_order_elsewhere_80x24", text);
}

#[test]
fn manager_menu() {
    let mut app = app();
    press(&mut app, KeyCode::F(8));
    assert_eq!(app.screen(), Screen::Manager);
    let text = render(&app, 80, 24);
    for entry in [
        "[r] Receive stock",
        "[t] Transfer stock",
        "[p] Reports",
        "[u] Users",
    ] {
        assert!(text.contains(entry), "{entry}: {text}");
    }
    snapshot_both!("manager_menu", &app);
}

#[test]
fn receive_form() {
    let mut app = app();
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "VALVE");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    let text = render(&app, 80, 24);
    assert!(text.contains("Receive stock"), "{text}");
    assert!(text.contains("VALVE"), "{text}");
    insta::assert_snapshot!("manager_receive_form_80x24", text);
}

#[test]
fn monochrome_keeps_the_markers() {
    let app = orders_in_process();
    // NO_COLOR=1 gives the monochrome theme.
    let theme = Theme::for_no_color(Some(std::ffi::OsStr::new("1")));
    assert_eq!(theme, Theme::monochrome());
    let buffer = draw(&app, 80, 24, &theme);
    let text = buffer_text(&buffer);
    for (customer, marker) in [("Dunmore Plumbing", "*"), ("Harbor Builders", "@")] {
        let (x, y) = marker_cell(&buffer, customer, marker);
        let cell = &buffer[(x, y)];
        assert!(
            !cell.fg.is_colour() && !cell.bg.is_colour(),
            "no colour under NO_COLOR: {customer} {cell:?}"
        );
        assert_eq!(buffer[(x - 1, y)].symbol(), "2", "{text}");
    }
    // The markers tell the two apart by more than colour in the styles, too.
    assert_ne!(theme.fillable_here, theme.other_location);

    // The order screen explains them.
    let mut app = app;
    press(&mut app, KeyCode::Enter);
    let text = buffer_text(&draw(&app, 80, 24, &theme));
    assert!(
        text.contains("* stock here can fill the backorder"),
        "{text}"
    );
    assert!(text.contains("@ only another location has stock"), "{text}");
}

#[test]
fn colours_mark_fillable_here_green_and_other_location_blue() {
    let app = orders_in_process();
    let theme = Theme::coloured();
    let buffer = draw(&app, 120, 40, &theme);
    for (customer, marker, style) in [
        ("Dunmore Plumbing", "*", theme.fillable_here),
        ("Harbor Builders", "@", theme.other_location),
    ] {
        let (x, y) = marker_cell(&buffer, customer, marker);
        // The quantity and its marker both carry the style.
        for cell in [&buffer[(x - 1, y)], &buffer[(x, y)]] {
            assert_eq!(Some(cell.fg), style.fg, "{customer}: {cell:?}");
            assert!(
                cell.modifier.contains(style.add_modifier),
                "{customer}: {cell:?}"
            );
        }
    }
    assert_eq!(theme.fillable_here.fg, Some(ratatui::style::Color::Green));
    assert_eq!(theme.other_location.fg, Some(ratatui::style::Color::Blue));
    // Only the backordered column is: the committed figure beside it is not.
    let (x, y) = marker_cell(&buffer, "Harbor Builders", "@");
    let committed = &buffer[(x - 7, y)];
    assert_eq!(committed.symbol(), "0", "{}", buffer_text(&buffer));
    assert_ne!(Some(committed.fg), theme.other_location.fg);

    // On the order screen too.
    let mut app = app;
    press(&mut app, KeyCode::Enter);
    let buffer = draw(&app, 80, 24, &theme);
    let (x, y) = marker_cell(&buffer, "VALVE", "*");
    assert_eq!(Some(buffer[(x, y)].fg), theme.fillable_here.fg);
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

/// A colour counts when it is set and not the terminal's default.
trait IsColour {
    fn is_colour(&self) -> bool;
}

impl IsColour for ratatui::style::Color {
    fn is_colour(&self) -> bool {
        !matches!(self, ratatui::style::Color::Reset)
    }
}

/// The cell of the first `text` on the row of `row_text`.
fn cell_of(buffer: &Buffer, row_text: &str, text: &str) -> (u16, u16) {
    let width = buffer.area.width;
    for y in 0..buffer.area.height {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        if let (true, Some(at)) = (row.contains(row_text), row.find(text)) {
            // Columns count characters, not bytes (the cursor mark is wider in UTF-8).
            return (row[..at].chars().count() as u16, y);
        }
    }
    panic!(
        "{text} not on the row of {row_text}:\n{}",
        buffer_text(buffer)
    );
}

#[test]
fn an_overdue_order_is_marked_under_no_color_and_coloured_otherwise() {
    let app = orders_in_process();
    let mono = Theme::for_no_color(Some(std::ffi::OsStr::new("1")));
    let buffer = draw(&app, 80, 24, &mono);
    let text = buffer_text(&buffer);
    let harbor = text.lines().find(|l| l.contains("Harbor")).unwrap();
    assert!(
        harbor.contains("2026-04-15!"),
        "due in April 2026: {harbor}"
    );
    let dunmore = text.lines().find(|l| l.contains("Dunmore")).unwrap();
    assert!(!dunmore.contains('!'), "no due date: {dunmore}");
    let (x, y) = cell_of(&buffer, "Harbor", "2026-04-15!");
    let mark = &buffer[(x + 10, y)];
    assert_eq!(mark.symbol(), "!");
    assert!(!mark.fg.is_colour() && !mark.bg.is_colour(), "{mark:?}");

    let theme = Theme::coloured();
    let buffer = draw(&app, 80, 24, &theme);
    for dx in [0, 10] {
        let cell = &buffer[(x + dx, y)];
        assert_eq!(Some(cell.bg), theme.status_error.bg, "{cell:?}");
    }

    // The order screen says so in words.
    let mut app = app;
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("Due 2026-04-15! OVERDUE"), "{text}");
}

/// One order whose VALVE line stock here can fill and whose CONC line only YARD can.
fn mixed_order() -> App {
    let mut store = store();
    ring(
        &mut store,
        &config(),
        Some("C1"),
        &[("VALVE", 4, 0), ("CONC", 3, 0)],
        Payment::WhenReceived,
    );
    store
        .receive(
            "VALVE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
    let mut app = common::screen::app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(7));
    app
}

#[test]
fn a_mixed_order_shows_both_markers_and_each_line_its_own() {
    let mut app = mixed_order();
    for theme in [Theme::monochrome(), Theme::coloured()] {
        let buffer = draw(&app, 80, 24, &theme);
        let text = buffer_text(&buffer);
        let row = text.lines().find(|l| l.contains("Dunmore")).unwrap();
        // 2 of the 5 are here (the VALVE line, all of it), and the CONC line is at YARD.
        assert!(row.contains(" 2/5*@ "), "both kinds: {row}");
        let (x, y) = cell_of(&buffer, "Dunmore", "5*@");
        for (dx, style) in [(1, theme.fillable_here), (2, theme.other_location)] {
            let cell = &buffer[(x + dx, y)];
            assert_eq!(cell.fg, style.fg.unwrap_or(ratatui::style::Color::Reset));
            assert!(cell.modifier.contains(style.add_modifier), "{cell:?}");
        }
    }

    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Order);
    let theme = Theme::coloured();
    let buffer = draw(&app, 80, 24, &theme);
    let text = buffer_text(&buffer);
    for (sku, figure, style) in [
        ("VALVE", "2*", theme.fillable_here),
        ("CONC", "3@", theme.other_location),
    ] {
        let line = text.lines().find(|l| l.contains(sku)).unwrap();
        assert!(line.contains(&format!(" {figure} ")), "{sku}: {line}");
        let (x, y) = marker_cell(&buffer, sku, &figure[1..]);
        assert_eq!(buffer[(x, y)].fg, style.fg.unwrap(), "{sku}");
    }
}

/// Orders the stock here covers part of, or none of:
/// 1. Dunmore Plumbing, 5 VALVE with 2 on hand (3 backordered); then 1 VALVE comes in and
///    waits, uncommitted: 1 of the 3 is here.
/// 2. Harbor Builders, 2 CONC, none at MAIN (all 30 are at YARD).
/// 3. Pat Walker, 3 TAPE, none anywhere.
fn partly_here_app() -> App {
    let mut store = store();
    let config = config();
    for (account, line, payment) in [
        ("C1", ("VALVE", 5, 0), Payment::WhenInvoiced),
        ("C3", ("CONC", 2, 0), Payment::WhenReceived),
        ("C2", ("TAPE", 3, 0), Payment::WhenReceived),
    ] {
        ring(&mut store, &config, Some(account), &[line], payment);
    }
    store
        .receive(
            "VALVE",
            1,
            "MAIN",
            MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
    let mut app = common::screen::app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(7));
    assert_eq!(app.screen(), Screen::Orders);
    app
}

#[test]
fn an_order_the_stock_here_covers_in_part_shows_how_much_of_it() {
    let app = partly_here_app();
    let text = render(&app, 80, 24);
    let row = |text: &str, who: &str| -> String {
        let found = text.lines().find(|l| l.contains(who));
        found.unwrap_or_else(|| panic!("{text}")).to_string()
    };
    assert!(
        row(&text, "Dunmore").contains(" 1/3   0d "),
        "1 of its 3 here: {text}"
    );
    assert!(row(&text, "Harbor").contains(" 2@ "), "{text}");
    assert!(
        row(&text, "Walker").contains(" 3   0d "),
        "none anywhere: {text}"
    );
    // The line under the list says what the markers on the page mean.
    let legend = row(&text, "B/O here");
    assert_eq!(
        legend.trim_end(),
        " 1/3: 1 of 3 B/O here  @ at another location",
        "{text}"
    );
    insta::assert_snapshot!("manager_orders_partly_here_80x24", text);

    // In colour: the figure its own colour; without: the same text.
    let theme = Theme::coloured();
    let buffer = draw(&app, 80, 24, &theme);
    let (x, y) = cell_of(&buffer, "Dunmore", "1/3");
    for dx in 0..3 {
        let cell = &buffer[(x + dx, y)];
        assert_eq!(Some(cell.fg), theme.partly_here.fg, "{cell:?}");
    }
    assert_eq!(theme.partly_here.fg, Some(ratatui::style::Color::Yellow));
    let mono = Theme::monochrome();
    let buffer = draw(&app, 80, 24, &mono);
    let (x, y) = cell_of(&buffer, "Dunmore", "1/3");
    assert!(!buffer[(x, y)].fg.is_colour(), "{:?}", buffer[(x, y)]);

    // The order says so on its line, and in words under it.
    let mut app = app;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Order);
    let text = render(&app, 80, 24);
    assert!(row(&text, "VALVE").contains(" 1/3 "), "{text}");
    assert!(
        text.contains("VALVE: 3 B/O worth 25.00, 1 of them in stock here, waited 0d"),
        "{text}"
    );
}
