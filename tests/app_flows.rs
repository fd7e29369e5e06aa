//! The counter flow through the app: keys in (as the terminal would send them), screen
//! state and database rows out. Every test ends with the invariants of SPEC section 8.

mod common;

use std::path::Path;

use common::till::{CLERK_PIN, MANAGER_PIN, Till, till, till_as, till_at_sign_in, till_over};
use common::{config, load_catalog, money, ring, store};
use ratatui::crossterm::event::KeyCode;
use ringup::app::{SaleLineView, Screen};
use ringup::domain::sale::Payment;
use ringup::store::Store;
use tempfile::TempDir;

/// (sku, ordered, delivered, held back, backordered) of each line on screen.
fn quantities(lines: &[SaleLineView]) -> Vec<(&str, i64, i64, i64, i64)> {
    lines
        .iter()
        .map(|l| {
            (
                l.sku.as_str(),
                l.ordered,
                l.delivered,
                l.held_back,
                l.backordered,
            )
        })
        .collect()
}

// ---- plain sales -------------------------------------------------------------------

#[test]
fn plain_cash_sale_with_change() {
    let mut t = till();
    t.ring("2*SCREW");
    assert_eq!(quantities(&t.lines()), [("SCREW", 2, 2, 0, 0)]);
    assert_eq!(t.app.sale().totals.total, "10.00");
    t.f(10);
    assert_eq!(
        t.top_title(),
        "tender",
        "no backorders: straight to the tender"
    );
    assert_eq!(t.tender_remaining(), "10.00");
    t.typed("20");
    t.enter();

    t.assert_on_sale_screen();
    let status = t.status();
    assert!(
        status.starts_with("Invoice 1 done: change 10.00"),
        "{status}"
    );
    assert!(t.lines().is_empty(), "a fresh sale after the commit");
    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.customer, None);
    assert_eq!(invoice.total, money("10.00"));
    assert_eq!(invoice.change, money("10.00"));
    assert_eq!(invoice.tenders.len(), 1);
    assert_eq!(invoice.tenders[0].kind, "cash");
    assert_eq!(invoice.tenders[0].amount, money("20.00"));
    assert_eq!(invoice.order_number, None);
    assert_eq!(t.stock("SCREW"), (98, 0));
    assert!(t.receipt(1).contains("SCREW"));
    t.assert_invariants();
}

#[test]
fn ctrl_p_reprints_the_last_receipt() {
    let mut t = till();
    t.ctrl('p');
    assert_eq!(t.status(), "No receipt to reprint yet");
    t.ring("SCREW");
    t.f(10);
    t.enter();
    let first = t.receipt(1);
    t.ctrl('p');
    assert!(
        t.status().starts_with("Receipt of invoice 1 reprinted"),
        "{}",
        t.status()
    );
    let twice = t.receipt(1);
    // The reprint is appended, under a COPY banner.
    let copy = twice
        .strip_prefix(&first)
        .expect("the first print stays as it was");
    assert!(copy.trim_start().starts_with("*** COPY ***"), "{copy}");
    assert!(copy.ends_with(&first), "{copy}");
    assert_eq!(t.invoice_count(), 1, "a reprint writes no invoice");
    t.assert_invariants();
}

#[test]
fn sign_in_on_the_built_app_then_sell() {
    let mut t = till_at_sign_in(Some("casey"));
    assert_eq!(t.top_title(), "sign-in");
    assert_eq!(t.app.screen(), Screen::SignIn);
    // The name is filled in: what is typed goes into the PIN.
    t.typed("9999");
    t.enter();
    assert!(
        t.status().starts_with("Wrong PIN for casey"),
        "{}",
        t.status()
    );
    assert_eq!(t.top_title(), "sign-in");
    t.typed(CLERK_PIN);
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.status(), "Signed in as casey");
    assert_eq!(t.app.context().user_name, "casey");
    assert_eq!(t.app.context().role, "clerk");
    t.ring("SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.store().invoice(1).unwrap().unwrap().user, "casey");
    t.assert_invariants();
}

// ---- Backorders Found ----------------------------------------------------------------

/// A named customer (C1) and 4 VALVE with 2 on hand, totalled: Backorders Found is open.
fn backordered_valve_for_c1(t: &mut Till) {
    t.bill_to("Dunmore");
    assert_eq!(
        t.app.sale().customer.as_deref(),
        Some("Dunmore Plumbing (C1)")
    );
    t.ring("4*VALVE");
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 2, 0, 2)]);
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found");
}

#[test]
fn create_order_pay_when_received() {
    let mut t = till();
    backordered_valve_for_c1(&mut t);
    t.typed("c");
    assert_eq!(t.top_title(), "Create customer order: payment");
    t.typed("r");
    assert_eq!(t.top_title(), "tender");
    assert_eq!(t.tender_remaining(), "18.34");
    t.enter();

    t.assert_on_sale_screen();
    let status = t.status();
    assert!(
        status.starts_with("Invoice 1 done; customer order 1 holds the backorders"),
        "{status}"
    );
    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.total, money("18.34"));
    assert_eq!(invoice.deposit, money("0"));
    assert_eq!(invoice.order_number, Some(1));
    assert_eq!((invoice.lines[0].qty, invoice.lines[0].backordered), (2, 2));
    let order = t.store().order(1).unwrap().unwrap();
    assert_eq!(order.payment.as_str(), "when_received");
    assert_eq!(order.note, "");
    assert_eq!(order.deposit, money("0"));
    let line = &order.lines[0];
    assert_eq!(
        (
            line.ordered,
            line.delivered,
            line.committed,
            line.backordered
        ),
        (4, 2, 0, 2)
    );
    assert_eq!(t.stock("VALVE"), (0, 0));
    t.assert_invariants();
}

#[test]
fn create_order_pay_when_invoiced() {
    let mut t = till();
    backordered_valve_for_c1(&mut t);
    t.typed("c");
    t.typed("i");
    assert_eq!(t.tender_remaining(), "35.00");
    t.enter();

    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.goods, money("18.34"));
    assert_eq!(invoice.deposit, money("16.66"));
    assert_eq!(invoice.total, money("35.00"));
    let order = t.store().order(1).unwrap().unwrap();
    assert_eq!(order.payment.as_str(), "when_invoiced");
    assert_eq!(order.note, "Prepaid Order From Invoice Number 1");
    assert_eq!(order.deposit, money("16.66"));
    assert_eq!(order.lines[0].backordered, 2);
    t.assert_invariants();
}

#[test]
fn the_payment_choice_starts_on_the_configured_one() {
    let mut t = till_over(store(), "morgan", TempDir::new().unwrap(), |c| {
        c.backorders.payment = Payment::WhenInvoiced;
    });
    backordered_valve_for_c1(&mut t);
    t.typed("c");
    // Enter takes the option under the cursor: the configured "when invoiced".
    t.enter();
    assert_eq!(t.tender_remaining(), "35.00");
    t.enter();
    assert_eq!(
        t.store().order(1).unwrap().unwrap().payment.as_str(),
        "when_invoiced"
    );
    t.assert_invariants();
}

#[test]
fn a_cash_sale_must_change_bill_to_before_an_order() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found");
    t.typed("c");
    assert!(t.status_is_error());
    assert!(t.status().contains("Change Bill To"), "{}", t.status());
    assert_eq!(t.top_title(), "Backorders Found", "still in the dialog");

    t.typed("b");
    assert_eq!(t.top_title(), "customer search");
    t.typed("Dunmore");
    t.enter();
    assert_eq!(
        t.top_title(),
        "Backorders Found",
        "back to the dialog, opened afresh"
    );
    let body = t.choice_body();
    assert!(
        body.iter().any(|l| l == "Bill To: Dunmore Plumbing (C1)"),
        "{body:?}"
    );
    assert_eq!(
        t.app.layers().len(),
        2,
        "the old dialog is not left beneath"
    );
    t.typed("c");
    t.typed("r");
    t.enter();

    let order = t.store().order(1).unwrap().unwrap();
    assert_eq!(order.customer, "C1");
    assert_eq!(order.lines[0].backordered, 2);
    assert_eq!(
        t.store().invoice(1).unwrap().unwrap().customer.as_deref(),
        Some("C1")
    );
    t.assert_invariants();
}

#[test]
fn a_new_customer_made_in_place_can_take_the_order() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    t.typed("b");
    t.ctrl('n');
    assert_eq!(t.top_title(), "customer form");
    // It starts on the name; Up goes to the account (the next number, selected: typing
    // replaces it); Enter moves on through phone, email and credit limit, and saves on the
    // last.
    t.typed("Nora Quinn");
    t.key(KeyCode::Up);
    t.typed("N1");
    t.enter();
    t.enter();
    t.typed("555-0199");
    t.enter();
    t.enter();
    t.enter();
    assert_eq!(t.top_title(), "Backorders Found", "{}", t.status());
    assert_eq!(t.app.sale().customer.as_deref(), Some("Nora Quinn (N1)"));
    t.typed("c");
    t.typed("r");
    t.enter();
    assert_eq!(t.store().order(1).unwrap().unwrap().customer, "N1");
    t.assert_invariants();
}

#[test]
fn clear_backorders_sells_only_what_is_delivered() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    t.typed("l");
    assert_eq!(t.top_title(), "Clear backorders");
    t.typed("l");
    assert_eq!(
        t.top_title(),
        "tender",
        "nothing backordered: on to the tender"
    );
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);
    assert_eq!(t.tender_remaining(), "20.00", "two units alone cost T(2)");
    t.enter();

    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!((invoice.lines[0].qty, invoice.lines[0].backordered), (2, 0));
    assert_eq!(invoice.total, money("20.00"));
    assert_eq!(invoice.order_number, None);
    assert_eq!(t.count("SELECT count(*) FROM orders"), 0);
    assert_eq!(t.stock("VALVE"), (0, 0));
    assert!(
        t.audit().iter().any(|a| a.action == "clear_backorders"),
        "{:?}",
        t.audit()
    );
    t.assert_invariants();
}

#[test]
fn fill_all_backorders_by_a_signed_in_manager() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    t.typed("f");
    assert_eq!(t.top_title(), "Fill all backorders");
    t.typed("f");
    assert_eq!(t.top_title(), "tender", "a manager needs no PIN");
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 4, 0, 0)]);
    assert_eq!(t.tender_remaining(), "35.00");
    t.enter();

    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!((invoice.lines[0].qty, invoice.lines[0].backordered), (4, 0));
    assert_eq!(invoice.total, money("35.00"));
    assert_eq!(t.stock("VALVE"), (-2, 0), "filled beyond stock");
    let audit = t.audit();
    assert!(
        audit.iter().any(
            |a| a.action == "fill_all_backorders" && a.detail.starts_with("approved by morgan")
        ),
        "{audit:?}"
    );
    assert!(
        audit.iter().any(|a| a.action == "override_ignore"
            && a.sku.as_deref() == Some("VALVE")
            && a.qty == Some(2)),
        "{audit:?}"
    );
    t.assert_invariants();
}

#[test]
fn fill_all_backorders_by_a_clerk_needs_a_managers_pin() {
    let mut t = till_as("casey");
    t.ring("4*VALVE");
    t.f(10);
    t.typed("f");
    t.typed("f");
    assert_eq!(t.top_title(), "approval");

    // A wrong PIN is refused; nothing changes.
    t.approve("morgan", "1111");
    assert!(t.status_is_error());
    assert!(
        t.status()
            .starts_with("Approval refused: wrong name or PIN for 'morgan'; 2 more tries"),
        "{}",
        t.status()
    );
    assert_eq!(t.top_title(), "approval");
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 2, 0, 2)]);

    // A clerk's own PIN is no approval. Esc clears the name left in the box; Esc again
    // leaves the approval only.
    t.esc();
    assert_eq!(t.top_title(), "approval");
    t.esc();
    assert_eq!(
        t.top_title(),
        "Fill all backorders",
        "Esc leaves the approval only"
    );
    t.typed("f");
    t.approve("casey", CLERK_PIN);
    assert!(
        t.status()
            .starts_with("Approval refused: casey is not a manager; 1 more tries"),
        "{}",
        t.status()
    );
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 2, 0, 2)]);

    // The manager's PIN (the form keeps the PIN field after a refusal).
    t.esc();
    t.esc();
    t.typed("f");
    t.approve("morgan", MANAGER_PIN);
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 4, 0, 0)]);
    t.enter();

    assert_eq!(t.store().invoice(1).unwrap().unwrap().user, "casey");
    assert_eq!(t.stock("VALVE"), (-2, 0));
    let audit = t.audit();
    assert!(
        audit.iter().any(|a| a.user == "casey"
            && a.action == "fill_all_backorders"
            && a.detail.starts_with("approved by morgan")),
        "{audit:?}"
    );
    t.assert_invariants();
}

// ---- hold back, manual backorder, overrides ---------------------------------------

#[test]
fn hold_back_asks_for_a_customer_then_commits_the_units() {
    let mut t = till();
    t.ring("10*SCREW");
    t.f(4);
    assert_eq!(
        t.top_title(),
        "customer search",
        "holding back needs a customer"
    );
    t.typed("Dunmore");
    t.enter();
    assert_eq!(t.top_title(), "number: Hold back: SCREW Wood screw #8 box");
    t.answer("4");
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("SCREW", 10, 6, 4, 0)]);
    t.f(10);
    assert_eq!(
        t.top_title(),
        "Backorders Found",
        "held-back units need an order"
    );
    t.typed("c");
    t.typed("r");
    assert_eq!(t.tender_remaining(), "30.00");
    t.enter();

    let order = t.store().order(1).unwrap().unwrap();
    let line = &order.lines[0];
    assert_eq!(
        (
            line.ordered,
            line.delivered,
            line.committed,
            line.backordered
        ),
        (10, 6, 4, 0)
    );
    assert_eq!(
        t.stock("SCREW"),
        (94, 4),
        "held units stay on hand, committed"
    );
    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!((invoice.lines[0].qty, invoice.lines[0].held_back), (6, 4));
    t.assert_invariants();
}

#[test]
fn hold_back_more_than_in_stock_is_refused() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    t.f(4);
    t.answer("3");
    assert!(t.status_is_error());
    assert!(
        t.status().contains("only 2 can be held back"),
        "{}",
        t.status()
    );
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 2, 0, 2)]);
    t.assert_invariants();
}

#[test]
fn manual_backorder_with_f5() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("3*SCREW");
    t.f(5);
    assert_eq!(t.top_title(), "number: Backorder: SCREW Wood screw #8 box");
    t.answer("1");
    assert_eq!(quantities(&t.lines()), [("SCREW", 3, 2, 0, 1)]);
    t.f(10);
    t.typed("c");
    t.typed("r");
    assert_eq!(t.tender_remaining(), "10.00");
    t.enter();

    let order = t.store().order(1).unwrap().unwrap();
    assert_eq!(
        (order.lines[0].delivered, order.lines[0].backordered),
        (2, 1)
    );
    assert_eq!(t.stock("SCREW"), (98, 0));
    t.assert_invariants();
}

#[test]
fn f9_changes_the_quantity() {
    let mut t = till();
    t.ring("SCREW");
    t.f(9);
    t.answer("7");
    assert_eq!(quantities(&t.lines()), [("SCREW", 7, 7, 0, 0)]);
    t.f(9);
    t.answer("0");
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(quantities(&t.lines()), [("SCREW", 7, 7, 0, 0)]);
    t.assert_invariants();
}

#[test]
fn override_ignore_by_a_clerk_with_the_managers_pin() {
    let mut t = till_as("casey");
    assert!(!t.counter().config.backorders.allow_negative_inventory);
    t.ring("4*VALVE");
    t.f(6);
    assert_eq!(t.top_title(), "Override backorder");
    t.typed("i");
    t.approve("morgan", MANAGER_PIN);
    t.assert_on_sale_screen();
    assert!(t.status().contains("approved by morgan"), "{}", t.status());
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 4, 0, 0)]);
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    assert_eq!(t.tender_remaining(), "35.00");
    t.enter();

    assert_eq!(t.stock("VALVE"), (-2, 0), "on hand below zero, approved");
    let audit = t.audit();
    let row = audit
        .iter()
        .find(|a| a.action == "override_ignore")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert_eq!(row.user, "casey");
    assert_eq!(row.sku.as_deref(), Some("VALVE"));
    assert_eq!(row.qty, Some(2));
    assert!(
        audit
            .iter()
            .any(|a| a.action == "override_approved" && a.detail.starts_with("approved by morgan")),
        "{audit:?}"
    );
    t.assert_invariants();
}

#[test]
fn override_needs_a_backordered_line() {
    let mut t = till();
    t.f(6);
    assert!(
        t.status().starts_with("Ring an item first"),
        "{}",
        t.status()
    );
    t.ring("SCREW");
    t.f(6);
    t.assert_on_sale_screen();
    assert!(t.status().contains("has none"), "{}", t.status());
}

#[test]
fn override_release_from_another_order() {
    let mut t = till();
    // Sale 1: Dunmore holds back both VALVE on hand: order 1 has them committed.
    t.bill_to("Dunmore");
    t.ring("2*VALVE");
    t.f(4);
    t.answer("2");
    t.f(10);
    t.typed("c");
    t.typed("r");
    assert_eq!(t.tender_remaining(), "0.00");
    t.enter();
    assert!(t.status().starts_with("Invoice 1 done"), "{}", t.status());
    assert_eq!(t.stock("VALVE"), (2, 2));
    let before = t.store().order(1).unwrap().unwrap();
    assert_eq!(before.lines[0].committed, 2);

    // Sale 2: Pat wants 2; none available, so backordered; release from order 1.
    t.bill_to("Walker");
    t.ring("2*VALVE");
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 0, 0, 2)]);
    t.f(6);
    t.typed("r");
    assert_eq!(t.top_title(), "Release from another order");
    let options = &t.choice().options;
    assert_eq!(options.len(), 1);
    assert_eq!(options[0].0, "1");
    assert!(options[0].1.contains("Order 1"), "{options:?}");
    t.typed("1");
    assert_eq!(
        t.top_title(),
        "number: Release: VALVE Ball valve 3/4in brass"
    );
    t.answer("2");
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    t.enter();
    assert!(t.status().starts_with("Invoice 2 done"), "{}", t.status());

    let after = t.store().order(1).unwrap().unwrap();
    let line = &after.lines[0];
    assert_eq!(
        (
            line.ordered,
            line.delivered,
            line.committed,
            line.backordered
        ),
        (2, 0, 0, 2),
        "order 1's line is backordered again"
    );
    assert_eq!(
        line.queued_at, before.lines[0].queued_at,
        "it keeps its place"
    );
    assert_eq!(t.stock("VALVE"), (0, 0));
    let invoice = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(invoice.customer.as_deref(), Some("C2"));
    assert_eq!((invoice.lines[0].qty, invoice.lines[0].backordered), (2, 0));
    let audit = t.audit();
    let row = audit
        .iter()
        .find(|a| a.action == "override_release")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert_eq!(row.sku.as_deref(), Some("VALVE"));
    assert_eq!(row.qty, Some(2));
    assert_eq!(row.other_order, Some(1), "the audit row names order 1");
    t.assert_invariants();
}

#[test]
fn override_release_with_no_order_to_take_from() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(6);
    t.typed("r");
    assert!(t.status_is_error());
    assert!(t.status().contains("No pending order"), "{}", t.status());
    assert_eq!(t.top_title(), "Override backorder");
    t.esc();
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("VALVE", 4, 2, 0, 2)]);
}

// ---- the seed example ------------------------------------------------------------

#[test]
fn seed_example_on_the_screen_and_on_the_invoice() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    let line = &t.lines()[0];
    assert_eq!((line.delivered, line.backordered), (2, 2));
    assert_eq!(line.extension, "35.00", "the line is worth T(4)");
    let totals = &t.app.sale().totals;
    assert_eq!(totals.subtotal, "18.34", "charged now for the 2 delivered");
    assert_eq!(totals.total, "18.34");
    assert_eq!(
        totals.pending.as_deref(),
        Some("16.66"),
        "the backordered 2"
    );
    assert_eq!(totals.deposit, None);

    t.f(10);
    t.typed("c");
    t.typed("i");
    assert_eq!(t.tender_remaining(), "35.00");
    t.enter();

    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.lines[0].amount, money("18.34"));
    assert_eq!(invoice.lines[0].deposit, money("16.66"));
    assert_eq!(invoice.goods, money("18.34"));
    assert_eq!(invoice.tax, money("0"));
    assert_eq!(invoice.deposit, money("16.66"));
    assert_eq!(invoice.total, money("35.00"));
    let receipt = t.receipt(1);
    assert!(receipt.contains("(2 B/O)"), "{receipt}");
    assert!(receipt.contains("16.66"), "{receipt}");
    assert!(receipt.to_lowercase().contains("deposit"), "{receipt}");
    t.assert_invariants();
}

// ---- tender ---------------------------------------------------------------------

#[test]
fn on_account_over_the_credit_limit_is_refused() {
    let mut t = till();
    t.bill_to("Walker");
    t.ring("11*SCREW");
    t.f(10);
    assert_eq!(t.tender_remaining(), "55.00");
    t.typed("a");
    t.enter();
    assert!(t.status_is_error());
    assert!(
        t.status().contains("over the credit limit of 50.00"),
        "{}",
        t.status()
    );
    // The manager signed in is asked whether to go over it; Enter alone is no.
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(
        t.status(),
        "Not taken: within the credit limit, or another way to pay"
    );
    assert_eq!(t.top_title(), "tender", "still taking payment");
    assert_eq!(t.tender_remaining(), "55.00");
    assert_eq!(t.invoice_count(), 0);
    t.esc();
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("SCREW", 11, 11, 0, 0)]);

    // Split: 50.00 on account (the limit exactly), the rest by card.
    t.f(10);
    t.typed("a");
    t.typed("50");
    t.enter();
    assert_eq!(t.tender_remaining(), "5.00");
    t.typed("k");
    t.enter();
    let invoice = t.store().invoice(1).unwrap().unwrap();
    let tenders: Vec<_> = invoice
        .tenders
        .iter()
        .map(|x| (x.kind.as_str(), x.amount.to_string()))
        .collect();
    assert_eq!(
        tenders,
        [("account", "50.00".into()), ("card", "5.00".into())]
    );
    assert_eq!(
        t.store()
            .account_balance(t.store().require_customer("C2").unwrap().id)
            .unwrap(),
        money("50.00")
    );
    t.assert_invariants();
}

#[test]
fn card_is_never_overpaid_and_cash_gives_change() {
    let mut t = till();
    t.ring("SCREW");
    t.f(10);
    t.typed("k");
    t.typed("6");
    t.enter();
    assert!(t.status_is_error());
    assert!(t.status().contains("never overpaid"), "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    t.ctrl('u');
    t.typed("c");
    t.typed("6");
    t.enter();
    assert!(t.status().contains("change 1.00"), "{}", t.status());
    t.assert_invariants();
}

#[test]
fn on_account_needs_a_named_customer() {
    let mut t = till();
    t.ring("SCREW");
    t.f(10);
    t.typed("a");
    assert!(t.status_is_error());
    assert!(t.status().contains("named customer"), "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
}

// ---- Esc never loses the sale -----------------------------------------------------

#[test]
fn esc_at_every_dialog_leaves_the_sale_intact() {
    let mut t = till_as("casey");
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    t.ring("SCREW");
    t.key(KeyCode::Up);
    let view = t.app.sale().clone();
    let stock = (t.stock("VALVE"), t.stock("SCREW"));

    // (keys to open the dialog, how many Esc to get back, what is on top before Esc)
    let mut routes: Vec<(&str, Vec<Step>, usize)> = vec![
        ("customer search", vec![Step::F(2)], 1),
        ("new customer form", vec![Step::F(2), Step::Ctrl('n')], 2),
        ("item search", vec![Step::F(3)], 1),
        ("hold back", vec![Step::F(4)], 1),
        ("set backordered", vec![Step::F(5)], 1),
        ("edit quantity", vec![Step::F(9)], 1),
        ("override", vec![Step::F(6)], 1),
        ("override approval", vec![Step::F(6), Step::Text("i")], 2),
        ("backorders found", vec![Step::F(10)], 1),
        ("payment choice", vec![Step::F(10), Step::Text("c")], 2),
        ("change bill to", vec![Step::F(10), Step::Text("b")], 2),
        ("clear warning", vec![Step::F(10), Step::Text("l")], 2),
        ("fill all warning", vec![Step::F(10), Step::Text("f")], 2),
        (
            "fill all approval",
            vec![Step::F(10), Step::Text("f"), Step::Text("f")],
            3,
        ),
        (
            "tender",
            vec![Step::F(10), Step::Text("c"), Step::Text("r")],
            1,
        ),
        (
            "tender with a tender taken",
            vec![
                Step::F(10),
                Step::Text("c"),
                Step::Text("r"),
                Step::Text("5"),
                Step::Text("k"),
            ],
            1,
        ),
        ("help", vec![Step::F(1)], 1),
        ("help over a dialog", vec![Step::F(10), Step::F(1)], 2),
    ];
    for (name, steps, escapes) in routes.drain(..) {
        for step in &steps {
            step.apply(&mut t);
        }
        assert_ne!(t.top_title(), "sale", "{name}: a dialog opened");
        for _ in 0..escapes {
            t.esc();
        }
        t.assert_on_sale_screen();
        assert_eq!(t.app.sale(), &view, "{name}: the sale is as it was");
        assert_eq!(t.invoice_count(), 0, "{name}: nothing written");
        assert_eq!((t.stock("VALVE"), t.stock("SCREW")), stock, "{name}");
        assert_eq!(t.app.selected_line(), Some(0), "{name}: cursor kept");
    }
    assert_eq!(t.count("SELECT count(*) FROM orders"), 0);
    assert!(t.audit().is_empty(), "{:?}", t.audit());
    t.assert_invariants();
}

enum Step {
    F(u8),
    Ctrl(char),
    Text(&'static str),
}

impl Step {
    fn apply(&self, t: &mut Till) {
        match self {
            Step::F(n) => t.f(*n),
            Step::Ctrl(c) => t.ctrl(*c),
            Step::Text(s) => t.typed(s),
        }
    }
}

#[test]
fn esc_on_the_sale_clears_the_entry_but_never_the_sale() {
    let mut t = till();
    t.ring("SCREW");
    t.typed("VAL");
    t.esc();
    assert_eq!(t.app.entry(), "");
    t.esc();
    assert_eq!(quantities(&t.lines()), [("SCREW", 1, 1, 0, 0)]);
    // Quitting asks first while a sale is in progress.
    t.ctrl('q');
    assert!(!t.app.should_quit());
    t.typed("n");
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("SCREW", 1, 1, 0, 0)]);
}

// ---- bad input and races ----------------------------------------------------------

#[test]
fn unknown_sku_says_so_and_adds_nothing() {
    let mut t = till();
    t.ring("NOPE-42");
    assert!(t.status_is_error());
    let status = t.status();
    assert!(status.contains("NOPE-42"), "{status}");
    assert!(t.lines().is_empty());
    assert_eq!(t.app.entry(), "", "the entry is ready for the next scan");
    t.ring("0*SCREW");
    assert!(t.status_is_error());
    assert!(t.status().contains("quantity '0'"), "{}", t.status());
    assert!(t.lines().is_empty());
    // A bad quantity stays in the entry to be corrected; Esc clears it.
    assert_eq!(t.app.entry(), "0*SCREW");
    t.esc();
    t.ring("SCREW");
    t.ring("NOPE-42");
    assert_eq!(quantities(&t.lines()), [("SCREW", 1, 1, 0, 0)]);
    t.assert_invariants();
}

#[test]
fn barcodes_and_repeats_add_to_the_same_line() {
    let mut t = till();
    t.ring("0002");
    t.ring("2*SCREW");
    assert_eq!(quantities(&t.lines()), [("SCREW", 3, 3, 0, 0)]);
}

#[test]
fn item_search_rings_the_chosen_product() {
    let mut t = till();
    t.typed("3*");
    t.f(3);
    assert_eq!(t.top_title(), "item search");
    t.typed("ball val");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(quantities(&t.lines()), [("VALVE", 3, 2, 0, 1)]);
}

#[test]
fn backorders_off_refuses_more_than_available() {
    let mut t = till_over(store(), "morgan", TempDir::new().unwrap(), |c| {
        c.backorders.allow_on_invoice = false;
    });
    t.ring("3*VALVE");
    assert!(t.status_is_error());
    let status = t.status();
    assert!(status.contains("only 2 of VALVE available"), "{status}");
    assert!(t.lines().is_empty());

    t.ring("2*VALVE");
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);
    t.ring("VALVE");
    assert!(
        t.status().contains("only 2 of VALVE available"),
        "{}",
        t.status()
    );
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);
    t.f(9);
    t.answer("5");
    assert!(
        t.status().contains("only 2 of VALVE available"),
        "{}",
        t.status()
    );
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);
    // The prompt stays open to be corrected; Esc leaves it.
    assert!(
        t.top_title().starts_with("number: Quantity"),
        "{}",
        t.top_title()
    );
    t.esc();
    t.ring("TAPE");
    assert!(
        t.status().contains("only 0 of TAPE available"),
        "{}",
        t.status()
    );
    assert_eq!(t.lines().len(), 1);
    t.assert_invariants();
}

/// A store in a file, so a second connection (another terminal) can share it.
fn file_store(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("shop.db");
    let mut store = Store::open(&path).unwrap();
    load_catalog(&mut store);
    path
}

#[test]
fn stock_taken_by_another_terminal_fails_the_commit_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = file_store(dir.path());
    let mut t = till_over(Store::open(&path).unwrap(), "morgan", dir, |_| {});
    t.ring("2*VALVE");
    assert_eq!(quantities(&t.lines()), [("VALVE", 2, 2, 0, 0)]);

    // Another terminal sells one VALVE in between.
    let mut other = Store::open(&path).unwrap();
    let taken = ring(
        &mut other,
        &config(),
        None,
        &[("VALVE", 1, 0)],
        Payment::WhenReceived,
    );
    assert_eq!(taken.invoice, 1);

    t.f(10);
    assert_eq!(t.top_title(), "tender");
    t.enter();
    assert!(t.status_is_error());
    let status = t.status();
    assert!(
        status.contains("VALVE: only 1 available now") && status.contains("nothing was written"),
        "{status}"
    );
    t.assert_on_sale_screen();
    assert_eq!(
        quantities(&t.lines()),
        [("VALVE", 2, 1, 0, 1)],
        "the sale stays, with the stock as it is now"
    );
    assert_eq!(t.invoice_count(), 1, "only the other terminal's invoice");
    assert_eq!(t.stock("VALVE"), (1, 0));
    assert!(t.audit().is_empty());
    t.assert_invariants();
    assert!(other.check().unwrap().is_empty());
}

#[test]
fn bill_to_reprices_the_lines_for_the_customer() {
    let mut t = till();
    t.ring("2*SCREW");
    assert_eq!(t.lines()[0].unit_price, "5.00");
    t.bill_to("Harbor");
    assert_eq!(
        t.app.sale().customer.as_deref(),
        Some("Harbor Builders (C3)")
    );
    assert_eq!(t.lines()[0].unit_price, "4.75", "the 5% level");
    t.f(10);
    assert_eq!(t.tender_remaining(), "9.50");
    t.enter();
    assert_eq!(t.store().invoice(1).unwrap().unwrap().total, money("9.50"));
    t.assert_invariants();
}

#[test]
fn f2_in_the_customer_search_goes_back_to_a_cash_sale() {
    let mut t = till();
    t.ring("2*SCREW");
    t.bill_to("Harbor");
    assert_eq!(t.lines()[0].unit_price, "4.75");
    // Dropping the named customer asks; Enter is no.
    t.f(2);
    t.f(2);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    assert_eq!(t.top_title(), "customer search", "{}", t.status());
    t.esc();
    assert_eq!(t.lines()[0].unit_price, "4.75", "still Harbor's price");
    t.f(2);
    t.f(2);
    t.typed("y");
    assert_eq!(t.app.sale().customer, None);
    assert_eq!(t.app.sale().bill_to(), "Cash sale");
    assert_eq!(t.lines()[0].unit_price, "5.00", "cash price again");
    assert!(t.status().starts_with("Cash sale"), "{}", t.status());
    t.assert_invariants();
}

#[test]
fn three_wrong_pins_lock_the_user_out() {
    let mut t = till_at_sign_in(None);
    // No name given: the name comes first.
    t.enter();
    assert_eq!(t.status(), "Type your user name");
    t.typed("morgan");
    t.enter();
    for _ in 0..3 {
        t.typed("0000");
        t.enter();
    }
    t.typed(MANAGER_PIN);
    t.enter();
    assert!(t.status().contains("locked out"), "{}", t.status());
    assert_eq!(t.top_title(), "sign-in");
    // Ctrl-Q leaves the sign-in at once.
    t.ctrl('q');
    assert!(t.app.should_quit());
}

#[test]
fn a_disabled_user_is_told_so_at_sign_in() {
    let mut t = till_at_sign_in(Some("casey"));
    t.counter_mut()
        .store
        .set_disabled("casey", true, "morgan")
        .unwrap();
    t.typed(CLERK_PIN);
    t.enter();
    assert_eq!(
        t.status(),
        "casey is disabled: a manager can enable them with `ringup user enable`"
    );
    assert_eq!(t.top_title(), "sign-in");
}

#[test]
fn invoice_json_money_has_the_currency_places_even_when_zero() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("SCREW");
    t.ring("TAPE");
    assert_eq!(
        quantities(&t.lines()),
        [("SCREW", 1, 1, 0, 0), ("TAPE", 1, 0, 0, 1)]
    );
    t.f(10);
    t.typed("c");
    t.typed("r");
    t.enter();
    let invoice = t.store().invoice(1).unwrap().unwrap();
    let json = serde_json::to_value(&invoice).unwrap();
    assert_eq!(json["deposit"], "0.00", "{json}");
    assert_eq!(json["deposit_applied"], "0.00", "{json}");
    assert_eq!(json["tax"], "0.00", "{json}");
    assert_eq!(json["total"], "5.00", "{json}");
    assert_eq!(json["lines"][1]["amount"], "0.00", "{json}");
    t.assert_invariants();
}

#[test]
fn f1_in_a_dialog_lists_its_letters() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found");
    t.f(1);
    assert_eq!(t.top_title(), "help");
    let help: &ringup::app::help::Help = t.app.top().expect("the help");
    assert_eq!(help.screen, Screen::BackordersFound);
    let rows: Vec<(String, &str)> = t
        .app
        .keymap()
        .bindings_for(Screen::BackordersFound)
        .map(|b| (b.key.label(), b.description))
        .collect();
    for (key, label) in [
        ("c", "Create customer order"),
        ("b", "Change Bill To"),
        ("l", "Clear backorders"),
        ("f", "Fill all backorders"),
        ("s", "Back to the sale"),
    ] {
        assert!(rows.contains(&(key.to_string(), label)), "{rows:?}");
    }
    t.esc();
    t.typed("c");
    assert_eq!(t.top_title(), "Create customer order: payment");
    t.f(1);
    let help: &ringup::app::help::Help = t.app.top().expect("the help");
    assert_eq!(help.screen, Screen::Payment);
}

/// The canonical backorder sale: a named customer, two items (one backordered), pay when
/// invoiced, exact cash: 8 keys besides what is typed (README, "At the counter").
#[test]
fn the_canonical_backorder_sale_takes_eight_keys_besides_the_data() {
    let mut t = till();
    let mut keys = 0;
    t.f(2); // 1 F2
    keys += 1;
    t.typed("Dunmore");
    t.enter(); // 2 pick the customer
    keys += 1;
    t.typed("SCREW");
    t.enter(); // 3 ring
    keys += 1;
    t.typed("4*VALVE");
    t.enter(); // 4 ring: 2 of 4 on hand
    keys += 1;
    t.f(10); // 5 total: Backorders Found
    keys += 1;
    t.typed("c"); // 6 create the customer order
    keys += 1;
    t.typed("i"); // 7 pay when invoiced
    keys += 1;
    t.enter(); // 8 exact cash
    keys += 1;
    assert_eq!(keys, 8);
    t.assert_on_sale_screen();
    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.order_number, Some(1));
    assert_eq!(invoice.deposit, money("16.66"));
    assert_eq!(invoice.lines.len(), 2);
    t.assert_invariants();
}
