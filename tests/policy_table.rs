//! The README's table of who may do what is the policy's own answers: rendered here from
//! `ringup::domain::policy::decide` under the default settings and compared with the README.

use ringup::domain::Money;
use ringup::domain::Role;
use ringup::domain::policy::{Decision, Limits, Operation, decide};
use ringup::domain::tender::TenderKind::{Account, Card, Cash};
use rust_decimal::Decimal;

fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn rows() -> Vec<(&'static str, Operation)> {
    let ret = |linked, refund: &str, refund_by, paid_by| Operation::Return {
        linked,
        refund: m(refund),
        refund_by,
        paid_by,
    };
    let on_account = |amount: &str| Operation::OnAccount {
        amount: m(amount),
        owed: m("400.00"),
        limit: m("500.00"),
    };
    vec![
        (
            "A return against its invoice, refund up to `[returns] approval_above` (100.00), back the way it was paid",
            ret(true, "100.00", Card, Card),
        ),
        (
            "A return against its invoice, refund above `approval_above`",
            ret(true, "100.01", Cash, Cash),
        ),
        (
            "A return without an invoice, any refund",
            ret(false, "0.01", Cash, Cash),
        ),
        (
            "Money back in cash for money paid by card or on account (a return, a cancel, a void)",
            ret(true, "5.00", Cash, Card),
        ),
        (
            "Money back to the card or on account, whatever way it came",
            ret(true, "5.00", Account, Cash),
        ),
        (
            "On account within the customer's credit limit (at the sale or at pickup)",
            on_account("100.00"),
        ),
        (
            "On account over the credit limit of the customer charged",
            on_account("100.01"),
        ),
        (
            "A new customer with no credit limit, or a limit lowered",
            Operation::CreditLimit {
                old: m("500.00"),
                new: m("0.00"),
            },
        ),
        (
            "A credit limit given or raised",
            Operation::CreditLimit {
                old: m("0.00"),
                new: m("0.01"),
            },
        ),
        (
            "A price cut up to `[overrides] approval_above_pct` (10%)",
            Operation::PriceCut {
                cut_pct: Decimal::TEN,
            },
        ),
        (
            "A price cut above it, or to nothing",
            Operation::PriceCut {
                cut_pct: Decimal::new(1001, 2),
            },
        ),
        (
            "Stock released to the oldest order waiting for it",
            Operation::Release { jumps_queue: false },
        ),
        (
            "Stock released ahead of an older order (a queue jump)",
            Operation::Release { jumps_queue: true },
        ),
        ("An order's pickup (its final invoice)", Operation::Convert),
        (
            "A payment on a customer's account",
            Operation::AccountPayment,
        ),
        (
            "A no-sale: the drawer opened without a sale (audited, counted on the X and Z)",
            Operation::NoSale,
        ),
        ("An order's due date set or cleared", Operation::DueDate),
        (
            "At the counter, delivering units not on hand, taking them from another order, filling every backorder",
            Operation::Override,
        ),
        (
            "A manager's work: receipts, counts, transfers, purchase orders, cancels and voids, the day's close, imports, users",
            Operation::Managing("receive stock".into()),
        ),
        (
            "A credit limit below 0",
            Operation::CreditLimit {
                old: m("0.00"),
                new: Money::ZERO - m("1.00"),
            },
        ),
    ]
}

fn said(decision: &Decision) -> &'static str {
    match decision {
        Decision::Allowed => "yes",
        Decision::NeedsApproval(_) => "with a manager's approval",
        Decision::Refused(_) => "no",
    }
}

/// The table as the README holds it.
fn table() -> String {
    let limits = Limits::default();
    let mut out = String::from("| What | A clerk | A manager |\n|---|---|---|\n");
    for (what, op) in rows() {
        out += &format!(
            "| {what} | {} | {} |\n",
            said(&decide(&op, Role::Clerk, &limits)),
            said(&decide(&op, Role::Manager, &limits))
        );
    }
    out
}

#[test]
fn the_readme_table_of_who_may_do_what_is_the_policys() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let expected = table();
    assert!(
        readme.contains(&expected),
        "README's table of who may do what differs from the policy's; it should read:\n\n{expected}"
    );
}
