//! Screen snapshots on a TestBackend: the text of every cell, one line per row.

mod common;

use common::screen::{app_over, press_with as press, render, typed};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ringup::app::{App, Keymap};
use ringup::store::Store;
use ringup::store::import::ImportRules;

/// A hammer in stock here and at NORTH, screws only at NORTH, and a tool with a wide
/// (CJK) description.
const PRODUCTS: &str = "\
sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class
HAM-16,0101,\"Claw hammer 16 oz, fibreglass handle\",24.99,,14,MAIN,2,6,Keystone,standard
SCR-8X1-1000,0102,\"Wood screws #8 x 1\"\" zinc, box of 1000\",10.00,,2,MAIN,5,20,Keystone,standard
SAW-JP,0103,両刃のこぎり 240mm pull saw,39.00,,3,MAIN,1,2,Keystone,standard
";

const CUSTOMERS: &str = "\
account,name,phone,email,credit_limit,price_level_pct
ACE001,Ace Builders Ltd,555-0199,,5000.00,0
";

fn store() -> Store {
    let mut store = common::empty_store();
    let rules = ImportRules {
        default_location: "MAIN".into(),
        tax_classes: vec!["standard".into(), "reduced".into(), "exempt".into()],
        skip_bad: false,
        user: "morgan".into(),
    };
    assert!(
        store
            .import_products(PRODUCTS.as_bytes(), &rules)
            .unwrap()
            .committed
    );
    assert!(
        store
            .import_customers(CUSTOMERS.as_bytes(), &rules)
            .unwrap()
            .committed
    );
    store
}

fn app() -> App {
    app_over(store(), Keymap::defaults())
}

/// Ace Builders buys 2 hammers and 4 boxes of screws (2 here: 2 backordered).
fn two_line_sale() -> App {
    let mut app = app();
    press(&mut app, KeyCode::F(2), KeyModifiers::NONE);
    typed(&mut app, "Ace");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut app, "2*HAM-16");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut app, "4*SCR-8X1-1000");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    app
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
    let mut app = two_line_sale();
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    for c in "4*".chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    insta::assert_snapshot!("sale_two_lines_80x24", render(&app, 80, 24));
}

#[test]
fn sale_with_two_lines_120x40() {
    let app = two_line_sale();
    insta::assert_snapshot!("sale_two_lines_120x40", render(&app, 120, 40));
}

#[test]
fn quit_question_over_a_sale_80x24() {
    let mut app = two_line_sale();
    press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("quit_question_80x24", render(&app, 80, 24));
}

#[test]
fn long_descriptions_are_cut_at_80_columns() {
    let app = two_line_sale();
    let text = render(&app, 80, 24);
    // At least 24 columns of description at 80.
    assert!(text.contains("Claw hammer 16 oz, fibr…"), "{text}");
    // The SKU is whole: the description gives way first.
    assert!(text.contains("SCR-8X1-1000 Wood"), "{text}");
    // The whole description is still there, for the line under the cursor.
    assert!(text.contains("Line 1 of 2: HAM-16 Claw hammer 16 oz, fibreglass handle"));
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    let with_sale = two_line_sale;
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

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let mut app = two_line_sale();
    typed(&mut app, "SAW-JP");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    for (width, height) in [(80, 24), (120, 40)] {
        let text = render(&app, width, height);
        // One string per cell: a wide character's second cell is a blank of its own, so
        // counting characters counts terminal columns.
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  HAM-16") || l.starts_with("▶ SAW-JP"))
            .collect();
        assert_eq!(rows.len(), 2, "{text}");
        let ends: Vec<usize> = rows.iter().map(|l| l.chars().count()).collect();
        assert_eq!(ends[0], ends[1], "the money columns line up:\n{text}");
    }
    // At 80 columns the wide description is cut to its column, with the mark.
    let text = render(&app, 80, 24);
    assert!(text.contains("240mm pull…"), "{text}");
}
