//! Keys a hurried clerk presses that must never finish or change something by accident.

mod common;

use common::till::till_as;

#[test]
fn f10_twice_never_finishes_the_sale_as_exact_cash() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    // The key that opened the tender does not also take it.
    t.f(10);
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    assert!(
        t.status().contains("Enter takes the 5.00 due as cash"),
        "{}",
        t.status()
    );
    // Enter does; F10 takes an amount typed.
    t.typed("2");
    t.f(10);
    assert_eq!(t.tender_remaining(), "3.00");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
}

#[test]
fn a_refused_amount_is_refused_again_by_enter_alone() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.f(10);
    // More card than is due is refused; Enter again refuses again, it never takes the 5.00.
    t.typed("k");
    t.typed("50");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    // The next key replaces the refused entry.
    t.typed("5");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
}
