//! The report screen on a TestBackend at 80×24 and 120×40: whole values only, the least
//! important columns out of view first, Left/Right to bring the others in with a hint
//! that they exist, and `l` to switch between this location and all of them.

mod common;

use common::screen::{app_over, press, render, typed};
use common::{ring_three_orders, store};
use ratatui::crossterm::event::KeyCode;
use ringup::app::{App, Keymap};
use ringup::store::reports::{ReorderRow, Scope};
use ringup::store::stock::MovementKind;

/// The three orders of the report tests at MAIN (TAPE and VALVE backordered) and 15 TAPE
/// at the yard, with the reorder report open from F8.
fn reorder_on_screen() -> App {
    let mut store = store();
    ring_three_orders(&mut store);
    store
        .receive_and_fill(
            "TAPE",
            15,
            "YARD",
            MovementKind::Receipt,
            "t",
            "boss",
            false,
        )
        .unwrap();
    let mut app = app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    typed(&mut app, "po");
    app
}

/// The report's rows as the store gives them, to find on screen.
fn reorder_rows(app: &App) -> Vec<ReorderRow> {
    app.counter()
        .store
        .reorder_report(&Scope::At("MAIN".into()))
        .unwrap()
}

/// The lines inside the report's frame, borders cut.
fn inside(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_start_matches('│')
                .trim_end()
                .trim_end_matches('│')
                .to_string()
        })
        .collect()
}

/// The headings on screen, left to right, read from the heading line: separated by two
/// spaces or more.
fn headings(lines: &[String]) -> Vec<String> {
    lines[0]
        .split("  ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(String::from)
        .collect()
}

/// Every value of `row` under a heading on screen is on the row's line whole: the line's
/// words, taken in order, are exactly those values.
fn assert_whole(lines: &[String], row: &ReorderRow, text: &str) {
    let line = lines
        .iter()
        .find(|l| l.starts_with(&format!("{} ", row.sku)))
        .unwrap_or_else(|| panic!("no line for {}: {text}", row.sku));
    let value = |heading: &str| -> String {
        match heading {
            "Sku" => row.sku.clone(),
            "Description" => row.description.clone(),
            "On hand" => row.on_hand.to_string(),
            "On hand elsewhere" => row.on_hand_elsewhere.to_string(),
            "Available" => row.available.to_string(),
            "Elsewhere" => row.elsewhere.to_string(),
            "Min stock" => row.min_stock.to_string(),
            "Reorder qty" => row.reorder_qty.to_string(),
            "Backordered" => row.backordered.to_string(),
            "Transfer from" => row.transfer_from.clone(),
            "Transfer" => row.transfer.to_string(),
            "Purchase" => row.purchase.to_string(),
            other => panic!("unknown heading {other}"),
        }
    };
    let expected: Vec<String> = headings(lines)
        .iter()
        .map(|h| value(h))
        .filter(|v| !v.is_empty())
        .collect();
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        words.join(" "),
        expected.join(" "),
        "{}: values cut or missing\n{text}",
        row.sku
    );
    assert!(!line.contains('…'), "{text}");
}

#[test]
fn at_80x24_the_report_shows_whole_values_and_says_more_columns_exist() {
    let app = reorder_on_screen();
    let text = render(&app, 80, 24);
    assert!(text.contains("Report: reorder · MAIN"), "{text}");
    let lines = inside(&text);
    let shown = headings(&lines);
    // The figures that matter most are in view; the description gives way first.
    assert_eq!(
        &shown[..4],
        ["Sku", "Transfer", "Purchase", "Transfer from"],
        "{text}"
    );
    assert!(!shown.contains(&"Description".to_string()), "{text}");
    for row in reorder_rows(&app) {
        assert_whole(&lines, &row, &text);
    }
    assert!(text.contains("more column(s): Right ▶"), "{text}");
    // The footer names the keys for the columns and the location.
    let footer = text.lines().last().unwrap();
    for hint in ["Right More columns", "Left Back columns", "l Location"] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
}

#[test]
fn right_and_left_scroll_the_columns_that_do_not_fit() {
    let mut app = reorder_on_screen();
    let before = headings(&inside(&render(&app, 80, 24)));
    press(&mut app, KeyCode::Right);
    let text = render(&app, 80, 24);
    let lines = inside(&text);
    let after = headings(&lines);
    assert_eq!(after[0], "Sku", "the SKU stays: {text}");
    assert!(!after.contains(&"Transfer".to_string()), "{text}");
    let new: Vec<&String> = after.iter().filter(|h| !before.contains(h)).collect();
    assert!(!new.is_empty(), "a column came into view: {text}");
    assert!(text.contains("◀ 1 more column(s): Left"), "{text}");
    for row in reorder_rows(&app) {
        assert_whole(&lines, &row, &text);
    }
    // Right as far as it goes: the last column, the description, comes into view.
    for _ in 0..20 {
        press(&mut app, KeyCode::Right);
        render(&app, 80, 24);
    }
    let text = render(&app, 80, 24);
    let lines = inside(&text);
    assert!(
        headings(&lines).contains(&"Description".to_string()),
        "{text}"
    );
    assert!(
        !text.contains("Right ▶"),
        "nothing more to the right: {text}"
    );
    for row in reorder_rows(&app) {
        assert_whole(&lines, &row, &text);
    }
    for _ in 0..20 {
        press(&mut app, KeyCode::Left);
        render(&app, 80, 24);
    }
    assert_eq!(headings(&inside(&render(&app, 80, 24))), before);
}

#[test]
fn at_120x40_more_columns_fit_and_every_value_is_whole() {
    let app = reorder_on_screen();
    let narrow = headings(&inside(&render(&app, 80, 24)));
    let text = render(&app, 120, 40);
    let lines = inside(&text);
    let wide = headings(&lines);
    assert!(wide.len() > narrow.len(), "{text}");
    assert_eq!(wide[..narrow.len()], narrow[..], "{text}");
    for row in reorder_rows(&app) {
        assert_whole(&lines, &row, &text);
    }
}

#[test]
fn l_switches_between_this_location_and_all() {
    let mut app = reorder_on_screen();
    let text = render(&app, 80, 24);
    assert!(
        inside(&text).iter().any(|l| l.starts_with("TAPE ")),
        "{text}"
    );
    typed(&mut app, "l");
    let text = render(&app, 80, 24);
    assert!(text.contains("Report: reorder · all locations"), "{text}");
    // The whole store has 15 TAPE, above its minimum of 5, covering the 3 backordered.
    let lines = inside(&text);
    assert!(!lines.iter().any(|l| l.starts_with("TAPE ")), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("VALVE ")), "{text}");
    typed(&mut app, "l");
    let text = render(&app, 80, 24);
    assert!(text.contains("Report: reorder · MAIN"), "{text}");
    assert!(
        inside(&text).iter().any(|l| l.starts_with("TAPE ")),
        "{text}"
    );
}

#[test]
fn reports_of_orders_cover_every_location_and_l_says_so() {
    let mut app = reorder_on_screen();
    press(&mut app, KeyCode::Esc);
    typed(&mut app, "b");
    let text = render(&app, 80, 24);
    assert!(
        text.contains("Report: backorders · every location"),
        "{text}"
    );
    typed(&mut app, "l");
    let text = render(&app, 80, 24);
    assert!(
        text.contains("The backorders report covers every location"),
        "{text}"
    );
    assert!(
        text.contains("Report: backorders · every location"),
        "{text}"
    );
}

#[test]
fn the_backorders_report_shows_the_customer_at_80_columns_and_ends_with_a_total() {
    let mut app = reorder_on_screen();
    press(&mut app, KeyCode::Esc);
    typed(&mut app, "b");
    let text = render(&app, 80, 24);
    let lines = inside(&text);
    let heads = headings(&lines);
    assert_eq!(&heads[..3], ["Order", "Customer", "Sku"], "{text}");
    // Orders 1 (VALVE, 2 for 16.66) and 2 (TAPE, 3 for 3.00) are backordered.
    let total = lines
        .iter()
        .find(|l| l.starts_with("TOTAL"))
        .unwrap_or_else(|| panic!("{text}"));
    let figures: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(figures, ["TOTAL", "5", "19.66"], "{text}");
}

#[test]
fn home_and_end_jump_to_the_first_row_and_the_last_page_with_its_total() {
    let mut store = store();
    ring_three_orders(&mut store);
    let c = common::config();
    for _ in 0..30 {
        common::ring(
            &mut store,
            &c,
            Some("C2"),
            &[("TAPE", 1, 0)],
            ringup::domain::sale::Payment::WhenReceived,
        );
    }
    let mut app = app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    typed(&mut app, "pb");
    press(&mut app, KeyCode::End);
    let text = render(&app, 80, 24);
    let lines = inside(&text);
    // A whole last page: the last order's row, the rule and the total fill the body.
    assert!(lines[lines.len() - 2].starts_with("TOTAL"), "{text}");
    assert!(lines[2].trim_start().starts_with("19 "), "{text}");
    assert!(!text.contains("row(s): Down"), "{text}");
    press(&mut app, KeyCode::Home);
    let text = render(&app, 80, 24);
    let lines = inside(&text);
    assert!(lines[2].trim_start().starts_with("2 "), "{text}");
    assert!(text.contains("17 more row(s): Down"), "{text}");
}
