//! Switching users at one terminal: F8 offers a clerk the sign-out only (a manager has it
//! as the last entry), signing out never loses a sale on screen, and every document
//! records the user signed in when it was written.

mod common;

use common::till::{CLERK_PIN, MANAGER_PIN, Till, till, till_as, till_at_sign_in};
use ringup::app::Screen;
use ringup::app::manager_menu::ManagerMenu;

fn sign_in(t: &mut Till, name: &str, pin: &str) {
    t.typed(name);
    t.enter();
    t.typed(pin);
    t.enter();
}

/// F8 s: the sign-in form, with no one signed in on the header.
fn sign_out(t: &mut Till) {
    t.f(8);
    t.typed("s");
    assert_eq!(t.top_title(), "sign-in", "{}", t.status());
    assert_eq!(t.app.screen(), Screen::SignIn);
    assert_eq!(t.app.context().user_name, "not signed in");
}

#[test]
fn a_clerk_signs_out_and_a_manager_rings_the_next_sale() {
    let mut t = till_at_sign_in(Some("casey"));
    t.typed(CLERK_PIN);
    t.enter();
    t.ring("SCREW");
    t.f(10);
    t.enter();

    // A clerk's F8 menu holds one entry: sign out.
    t.f(8);
    let menu = t.app.top::<ManagerMenu>().expect("the menu");
    assert_eq!(menu.entries(), [ringup::app::Action::SignOut]);
    // Its footer and F1 offer the clerk's keys only; a manager's entry is refused by name.
    assert_eq!(t.app.screen(), Screen::ClerkMenu);
    let hints: Vec<&str> = ringup::app::footer_hints(t.app.keymap(), Screen::ClerkMenu, 80)
        .into_iter()
        .map(|(_, hint)| hint)
        .collect();
    assert_eq!(hints, ["Help", "Sign out", "Choose", "Back", "Quit"]);
    t.typed("r");
    assert!(t.status().contains("Receive stock"), "{}", t.status());
    assert!(t.status_is_error(), "{}", t.status());
    t.esc();
    sign_out(&mut t);
    assert_eq!(t.status(), "casey signed out");
    assert!(
        t.audit_actions()
            .contains(&("casey".to_string(), "sign_out".to_string())),
        "{:?}",
        t.audit_actions()
    );

    // A wrong PIN is refused and audited, as at any sign-in.
    sign_in(&mut t, "morgan", "0000");
    assert!(
        t.status().starts_with("Wrong PIN for morgan"),
        "{}",
        t.status()
    );
    assert!(
        t.audit_actions()
            .contains(&("morgan".to_string(), "sign_in_failed".to_string())),
        "{:?}",
        t.audit_actions()
    );
    t.typed(MANAGER_PIN);
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.status(), "Signed in as morgan");
    assert_eq!(t.app.context().role, "manager");

    t.ring("SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.store().invoice(1).unwrap().unwrap().user, "casey");
    assert_eq!(t.store().invoice(2).unwrap().unwrap().user, "morgan");
    assert!(t.receipt(1).contains("Clerk: casey"), "{}", t.receipt(1));
    assert!(t.receipt(2).contains("Clerk: morgan"), "{}", t.receipt(2));
    t.assert_invariants();
}

#[test]
fn signing_out_with_a_sale_on_screen_is_refused_until_it_is_parked() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.f(8);
    t.typed("s");
    assert!(t.status_is_error());
    assert_eq!(
        t.status(),
        "A sale is in progress: finish, park or void it before signing out"
    );
    t.esc();
    t.assert_on_sale_screen();
    assert_eq!(t.lines().len(), 1);

    // Parked, the sale waits under the clerk's name; then the sign-out goes through.
    t.ctrl('k');
    assert!(t.lines().is_empty(), "{}", t.status());
    sign_out(&mut t);
    sign_in(&mut t, "morgan", MANAGER_PIN);
    t.assert_on_sale_screen();
    let parked = t.store().parked_sales().unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].user, "casey");
}

#[test]
fn a_manager_signs_out_from_the_last_entry_of_the_menu() {
    let mut t = till();
    t.f(8);
    for _ in 0..8 {
        t.key(ratatui::crossterm::event::KeyCode::Down);
    }
    t.enter();
    assert_eq!(t.top_title(), "sign-in", "{}", t.status());
    assert_eq!(t.status(), "morgan signed out");
    sign_in(&mut t, "casey", CLERK_PIN);
    t.assert_on_sale_screen();
    assert_eq!(t.app.context().role, "clerk");
    // The clerk's menu refuses a manager's entry.
    t.f(8);
    t.typed("d");
    assert_eq!(
        t.status(),
        "End of day is for managers: sign in as a manager"
    );
}

#[test]
fn signing_out_leaves_no_bill_to_for_the_next_user() {
    let mut t = till_at_sign_in(Some("casey"));
    t.typed(CLERK_PIN);
    t.enter();
    t.bill_to("Dunmore");
    assert!(t.app.counter().sale.customer.is_some(), "{}", t.status());
    sign_out(&mut t);
    sign_in(&mut t, "morgan", MANAGER_PIN);
    assert!(
        t.app.counter().sale.customer.is_none(),
        "{:?}",
        t.app.counter().sale.customer
    );
    t.ring("SCREW");
    assert!(t.app.counter().sale.customer.is_none());
}
