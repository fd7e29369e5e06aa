//! Screen snapshots on a TestBackend: the text of every cell, one line per row.

mod common;

use common::screen::{context, press_with as press, render};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ringup::app::{App, AppContext, Keymap, SaleLineView, SaleView, TotalsView};

fn app() -> App {
    App::new(
        AppContext {
            user_name: "manager".into(),
            role: "manager".into(),
            ..context()
        },
        Keymap::defaults(),
    )
}

fn two_line_sale() -> SaleView {
    SaleView {
        customer: Some("Ace Builders Ltd (ACE001)".into()),
        lines: vec![
            SaleLineView {
                sku: "HAM-16".into(),
                description: "Claw hammer 16 oz, fibreglass handle".into(),
                ordered: 2,
                delivered: 2,
                held_back: 0,
                backordered: 0,
                unit_price: "24.99".into(),
                extension: "49.98".into(),
                availability: Some("MAIN 14 available · NORTH 3".into()),
            },
            SaleLineView {
                sku: "SCR-8X1-1000".into(),
                description: "Wood screws #8 x 1\" zinc, box of 1000".into(),
                ordered: 4,
                delivered: 2,
                held_back: 0,
                backordered: 2,
                unit_price: "10.00".into(),
                extension: "35.00".into(),
                availability: Some("MAIN 0 available · NORTH 6 @".into()),
            },
        ],
        totals: TotalsView {
            subtotal: "84.98".into(),
            tax: "11.05".into(),
            total: "96.03".into(),
            deposit: None,
            pending: None,
        },
    }
}

#[test]
fn empty_sale_80x24() {
    insta::assert_snapshot!("empty_sale_80x24", render(&app(), 80, 24));
}

#[test]
fn empty_sale_120x40() {
    insta::assert_snapshot!("empty_sale_120x40", render(&app(), 120, 40));
}

#[test]
fn help_overlay_80x24() {
    let mut app = app();
    press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    insta::assert_snapshot!("help_80x24", render(&app, 80, 24));
}

#[test]
fn too_small_60x20() {
    let text = render(&app(), 60, 20);
    assert!(text.contains("Please enlarge the terminal to at least 80×24 (now 60×20)"));
    insta::assert_snapshot!("too_small_60x20", text);
}

#[test]
fn sale_with_two_lines_80x24() {
    let mut app = app();
    *app.sale_mut() = two_line_sale();
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    for c in "4*".chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    insta::assert_snapshot!("sale_two_lines_80x24", render(&app, 80, 24));
}

#[test]
fn sale_with_two_lines_120x40() {
    let mut app = app();
    *app.sale_mut() = two_line_sale();
    insta::assert_snapshot!("sale_two_lines_120x40", render(&app, 120, 40));
}

#[test]
fn quit_question_over_a_sale_80x24() {
    let mut app = app();
    *app.sale_mut() = two_line_sale();
    press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("quit_question_80x24", render(&app, 80, 24));
}

#[test]
fn not_available_yet_shows_in_the_status_line() {
    let mut app = app();
    press(&mut app, KeyCode::F(2), KeyModifiers::NONE);
    let text = render(&app, 80, 24);
    let status = text.lines().nth(22).unwrap_or_default();
    assert_eq!(status, "F2 customer: not available yet");
}

#[test]
fn long_descriptions_are_cut_at_80_columns() {
    let mut app = app();
    *app.sale_mut() = two_line_sale();
    let text = render(&app, 80, 24);
    assert!(text.contains("Claw hammer 16 oz,…"), "{text}");
    // The whole description is still there, for the line under the cursor.
    assert!(text.contains("Line 1 of 2: HAM-16 Claw hammer 16 oz, fibreglass handle"));
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    let with_sale = || {
        let mut app = app();
        *app.sale_mut() = two_line_sale();
        app
    };
    let sale = with_sale();
    let mut help = with_sale();
    press(&mut help, KeyCode::F(1), KeyModifiers::NONE);
    let mut quit = with_sale();
    press(&mut quit, KeyCode::Char('q'), KeyModifiers::CONTROL);
    let sizes = [
        (0, 0),
        (1, 1),
        (0, 24),
        (80, 0),
        (2, 3),
        (10, 40),
        (79, 24),
        (80, 23),
        (80, 24),
        (81, 25),
        (300, 24),
        (80, 200),
        (500, 200),
    ];
    for (width, height) in sizes {
        for app in [&app(), &sale, &help, &quit] {
            let text = render(app, width, height);
            if width > 0 && height > 0 && (width < 80 || height < 24) {
                assert!(
                    text.contains("Please") || width < 10,
                    "{width}×{height}: {text}"
                );
            }
        }
    }
}

#[test]
fn long_item_entry_keeps_the_end_visible() {
    let mut app = app();
    for c in "0123456789".repeat(9).chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    let text = render(&app, 80, 24);
    let entry = text
        .lines()
        .find(|l| l.starts_with("Item: "))
        .unwrap_or_default();
    assert!(entry.starts_with("Item: "), "{entry}");
    assert!(entry.contains("789"), "{entry}");
}
