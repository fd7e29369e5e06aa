//! Snapshots of the counter over a real (in-memory) store: the sale with a backordered
//! line, the Backorders Found dialog, the override dialog, the tender and the sign-in.
//! The data is fixed and these screens show no dates, so the text is the same every run.

mod common;

use common::screen::{context, press, render, snapshot_both, typed};
use common::{config, store};
use ratatui::crossterm::event::KeyCode;
use ringup::app::{App, Counter, Keymap};
use ringup::domain::{Role, User};

/// The counter signed in as a clerk; `sign_in` starts on the sign-in form instead.
fn app(sign_in: Option<&str>) -> App {
    let user = User {
        id: 2,
        name: "casey".into(),
        role: Role::Clerk,
    };
    let counter = Counter::new(store(), config(), user);
    App::new(
        context(),
        Keymap::defaults(),
        counter,
        sign_in.map(String::from),
    )
}

/// Dunmore Plumbing buys 4 VALVE (2 on hand: 2 backordered) and 3 SCREW; the cursor is on
/// the VALVE line.
fn sale_with_a_backorder() -> App {
    let mut app = app(None);
    press(&mut app, KeyCode::F(2));
    typed(&mut app, "Dunmore");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "4*VALVE");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "3*SCREW");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Up);
    app
}

#[test]
fn sale_with_a_backordered_line() {
    let app = sale_with_a_backorder();
    let text = render(&app, 80, 24);
    assert!(text.contains("Bill To: Dunmore Plumbing (C1)"), "{text}");
    snapshot_both!("counter_sale_backordered", &app);
}

#[test]
fn backorders_found_dialog() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(10));
    let text = render(&app, 80, 24);
    assert!(text.contains("Backorders Found"), "{text}");
    assert!(text.contains("[c] Create customer order"), "{text}");
    snapshot_both!("counter_backorders_found", &app);
}

#[test]
fn override_dialog() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(6));
    let text = render(&app, 80, 24);
    assert!(text.contains("Override backorder"), "{text}");
    snapshot_both!("counter_override", &app);
}

#[test]
fn manager_approval_over_the_override() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Char('i'));
    typed(&mut app, "morgan");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "12");
    let text = render(&app, 80, 24);
    assert!(text.contains("Manager approval"), "{text}");
    assert!(text.contains("••"), "the PIN is masked: {text}");
    assert!(!text.contains("12"), "{text}");
    insta::assert_snapshot!("counter_approval_80x24", text);
}

#[test]
fn tender_screen() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(10));
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('i'));
    // Card chosen, 20.00 taken by Enter; then cash chosen and 50 typed, not yet taken.
    press(&mut app, KeyCode::Char('k'));
    typed(&mut app, "20");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('c'));
    typed(&mut app, "50");
    let text = render(&app, 80, 24);
    assert!(text.contains("Tender"), "{text}");
    snapshot_both!("counter_tender", &app);
}

#[test]
fn sign_in_screen() {
    let mut app = app(Some("casey"));
    typed(&mut app, "13");
    let text = render(&app, 80, 24);
    assert!(text.contains("Sign in"), "{text}");
    assert!(text.contains("casey"), "{text}");
    snapshot_both!("counter_sign_in", &app);
}

#[test]
fn number_prompt_with_its_value_selected() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(5));
    let text = render(&app, 80, 24);
    assert!(text.contains("Units to backorder: 2"), "{text}");
    assert!(text.contains("A whole number from 0 to 4"), "{text}");
    assert!(text.contains("Type to replace"), "{text}");
    insta::assert_snapshot!("counter_number_selected_80x24", text);
}

#[test]
fn remove_line_question() {
    let mut app = sale_with_a_backorder();
    common::screen::press_with(
        &mut app,
        KeyCode::Char('d'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    let text = render(&app, 80, 24);
    assert!(text.contains("Remove the line of 4 VALVE"), "{text}");
    assert!(text.contains("Enter No"), "{text}");
    insta::assert_snapshot!("counter_remove_line_80x24", text);
}

#[test]
fn large_tender_question() {
    let mut app = sale_with_a_backorder();
    press(&mut app, KeyCode::F(10));
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "2000");
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("Large tender"), "{text}");
    insta::assert_snapshot!("counter_large_tender_80x24", text);
}

#[test]
fn a_huge_line_shows_every_figure_whole() {
    let mut app = app(None);
    typed(&mut app, "999999*VALVE");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    typed(&mut app, "SCREW");
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("999999"), "{text}");
    assert!(text.contains("8333325.00"), "{text}");
    insta::assert_snapshot!("counter_huge_line_80x24", text);
}

#[test]
fn new_customer_form_with_the_next_account() {
    let mut app = app(None);
    press(&mut app, KeyCode::F(2));
    typed(&mut app, "Nora");
    common::screen::press_with(
        &mut app,
        KeyCode::Char('n'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    let text = render(&app, 80, 24);
    assert!(text.contains("Account     : C4"), "{text}");
    assert!(text.contains("Credit limit: 0.00"), "{text}");
    insta::assert_snapshot!("counter_new_customer_80x24", text);
}

#[test]
fn customer_search_by_phone_digits_shows_every_figure() {
    let mut app = app(None);
    press(&mut app, KeyCode::F(2));
    typed(&mut app, "5550103");
    let text = render(&app, 80, 24);
    assert!(text.contains("Harbor Builders"), "{text}");
    assert!(text.contains("limit 5000.00"), "the limit is whole: {text}");
    insta::assert_snapshot!("counter_customer_search_80x24", text);
}
