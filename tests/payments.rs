//! Payments on account: a named customer pays against the balance, in cash or by card.
//! The command line (three outcomes, bad input, authority), the store (the balance and the
//! credit limit follow), the counter screen driven by real keys, and `check` after each.
//! The test catalog: SCREW 5.00, no tax; C1's credit limit 1000.00, C2's 50.00.

mod common;

use common::cli::{CHEAP_PINS, Sandbox, s};
use common::till::{CLERK_PIN, MANAGER_PIN, add_users};
use common::{load_catalog, money};
use ringup::domain::payment::PaymentTender;
use ringup::store::Store;
use ringup::store::params;
use ringup::store::payments::NewPayment;
use serde_json::json;

fn shop() -> Sandbox {
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n")
            .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    drop(store);
    // C1 owes 40.00: 8 SCREW on account.
    let out = shop.ok(&[
        "sale",
        "--customer",
        "C1",
        "--item",
        "SCREW:8",
        "--tender",
        "account",
    ]);
    assert_eq!(out, "invoice 1\n");
    shop
}

fn payments(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM account_payments", params![], |r| {
            r.get(0)
        })
        .unwrap()
}

fn balance(store: &Store, account: &str) -> String {
    let c = store.require_customer(account).unwrap();
    store.account_balance(c.id).unwrap().to_string()
}

#[test]
fn pay_lowers_the_balance_prints_a_receipt_and_shows_again() {
    let shop = shop();
    assert_eq!(balance(&shop.store(), "C1"), "40.00");
    assert_eq!(
        shop.ok(&["pay", "C1", "15.00", "--tender", "cash"]),
        "payment 1: cash 15.00 on account C1, balance now 25.00\n"
    );
    let receipt = std::fs::read_to_string(shop.data().join("receipts/payment-000001.txt")).unwrap();
    assert!(receipt.contains("Payment on account 1"), "{receipt}");
    assert!(
        receipt.contains("Account: C1 Dunmore Plumbing"),
        "{receipt}"
    );
    assert!(
        receipt
            .lines()
            .any(|l| l.starts_with("Balance now") && l.ends_with(" 25.00")),
        "{receipt}"
    );
    for line in receipt.lines() {
        assert!(line.chars().count() <= 42, "'{line}'");
    }
    let doc = shop.json(&["pay", "C1", "5", "--tender", "card", "--format", "json"]);
    assert_eq!(doc["number"], json!(2));
    assert_eq!((s(&doc, "tender"), s(&doc, "amount")), ("card", "5.00"));
    assert_eq!(
        (s(&doc, "balance_before"), s(&doc, "balance_after")),
        ("25.00", "20.00")
    );
    assert_eq!(
        (s(&doc, "account"), s(&doc, "customer")),
        ("C1", "Dunmore Plumbing")
    );
    assert_eq!(
        shop.json(&["payment", "show", "2", "--format", "json"]),
        doc
    );
    let shown = shop.ok(&["payment", "show", "1"]);
    assert!(shown.contains("Paid (cash)"), "{shown}");
    // What is owed can be paid to the cent, not beyond.
    shop.ok(&["pay", "C1", "20.00", "--tender", "card"]);
    let store = shop.store();
    assert_eq!(balance(&store, "C1"), "0.00");
    assert_eq!(payments(&store), 3);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    // The day's figures hold them: 15.00 cash, 25.00 card.
    let x = shop.json(&["day", "report", "--format", "json"]);
    assert_eq!(x["payments_on_account"], json!("40.00"));
    assert_eq!(x["tenders"][0], json!({"kind": "cash", "amount": "15.00"}));
    assert_eq!(x["tenders"][1], json!({"kind": "card", "amount": "25.00"}));
    assert_eq!(
        x["tenders"][2],
        json!({"kind": "account", "amount": "40.00"})
    );
    assert_eq!(x["expected_cash"], json!("15.00"));
    let audit: Vec<(String, String, String)> = store
        .conn()
        .query_map(
            "SELECT user_name, reference, detail FROM audit_log
             WHERE action = 'account_payment' ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        audit[0],
        (
            "manager".to_string(),
            "payment 1".to_string(),
            "cash 15.00 paid on account C1".to_string()
        )
    );
}

#[test]
fn bad_payments_are_refused_with_exit_2_naming_the_field_and_nothing_written() {
    let shop = shop();
    for (args, message) in [
        (
            vec!["pay", "C1", "lots", "--tender", "cash"],
            "ringup: AMOUNT 'lots': 'lots' is not an amount of money\n",
        ),
        (
            vec!["pay", "C1", "-5", "--tender", "cash"],
            "ringup: AMOUNT '-5': '-5' is negative\n",
        ),
        (
            vec!["pay", "C1", "12.345", "--tender", "cash"],
            "ringup: AMOUNT '12.345': '12.345' has more than 2 decimal places\n",
        ),
        (
            vec!["pay", "C1", "0", "--tender", "card"],
            "ringup: AMOUNT '0': amount 0.00: must be more than zero\n",
        ),
        (
            vec!["pay", "C1", "40.01", "--tender", "card"],
            "ringup: AMOUNT '40.01': amount 40.01: more than the 40.00 owed; \
             a payment never exceeds the balance\n",
        ),
        (
            vec!["pay", "C2", "1", "--tender", "cash"],
            "ringup: AMOUNT '1': amount 1.00: the customer owes nothing on account\n",
        ),
        (
            vec!["pay", "NOPE", "1", "--tender", "cash"],
            "ringup: ACCOUNT 'NOPE': no such customer account\n",
        ),
        (
            vec!["payment", "show", "1"],
            "ringup: payment 1: no such payment on account\n",
        ),
    ] {
        let run = shop.run(&args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
    // A tender other than cash or card is clap's bad input: exit 2 as well.
    let run = shop.run(&["pay", "C1", "1", "--tender", "account"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--tender"), "{}", run.stderr);
    let store = shop.store();
    assert_eq!(payments(&store), 0);
    assert_eq!(balance(&store, "C1"), "40.00");
}

#[test]
fn a_clerk_may_take_a_payment_with_a_pin_and_no_one_without() {
    let shop = shop();
    let mut store = shop.store();
    add_users(&mut store);
    drop(store);
    let run = |args: &[&str], user: Option<&str>, pin: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ringup"));
        cmd.args(args)
            .args(["--db", &shop.db().to_string_with_password()])
            .env("RINGUP_DATA_DIR", shop.data())
            .env("RINGUP_CONFIG", shop.config())
            .env("RINGUP_PIN", pin);
        if let Some(user) = user {
            cmd.args(["--user", user]);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let pay = ["pay", "C1", "10", "--tender", "cash"];
    assert_eq!(run(&pay, None, CLERK_PIN).0, 2);
    assert_eq!(run(&pay, Some("casey"), "0000").0, 2);
    assert_eq!(payments(&shop.store()), 0);
    assert_eq!(
        run(&pay, Some("casey"), CLERK_PIN),
        (
            0,
            "payment 1: cash 10.00 on account C1, balance now 30.00\n".to_string()
        )
    );
    let doc = shop.store().payment(1).unwrap().unwrap();
    assert_eq!(doc.user, "casey");
    let _ = CHEAP_PINS;
}

#[test]
fn the_credit_limit_sees_the_balance_after_a_payment() {
    let mut store = common::store();
    let c = common::config();
    // C2 may owe 50.00: 10 SCREW on account take all of it.
    let (sale, outcomes) = (
        ringup::domain::sale::Payment::WhenReceived,
        &[("SCREW", 10u32, 0u32)],
    );
    common::ring_on_account(&mut store, &c, "C2", outcomes, sale);
    let c2 = store.require_customer("C2").unwrap();
    assert_eq!(store.account_balance(c2.id).unwrap(), money("50.00"));
    let refused = store.pay_on_account(&NewPayment {
        account: "C2",
        amount: money("50.01"),
        tender: PaymentTender::Cash,
        location: "MAIN",
        user: "casey",
    });
    assert!(refused.unwrap_err().is_bad_input());
    let paid = store
        .pay_on_account(&NewPayment {
            account: "C2",
            amount: money("20.00"),
            tender: PaymentTender::Card,
            location: "MAIN",
            user: "casey",
        })
        .unwrap();
    assert_eq!((paid.number, paid.balance_after), (1, money("30.00")));
    assert_eq!(store.account_balance(c2.id).unwrap(), money("30.00"));
    assert!(store.check().unwrap().is_empty());
}

// ---- the counter screen ----

use common::till::{Till, till_as};
use ringup::app::account_payment::AccountPayment;

fn payment_box(t: &Till) -> &AccountPayment {
    t.app
        .top()
        .unwrap_or_else(|| panic!("not on the payment box: {}", t.top_title()))
}

/// A till signed in as the clerk, with C1 owing 40.00 on account.
fn till_with_c1_owing() -> Till {
    let mut t = till_as("casey");
    let c = common::config();
    common::ring_on_account(
        &mut t.counter_mut().store,
        &c,
        "C1",
        &[("SCREW", 8, 0)],
        ringup::domain::sale::Payment::WhenReceived,
    );
    t
}

#[test]
fn ctrl_a_takes_a_payment_on_account_by_card_after_a_yes_and_prints_it() {
    let mut t = till_with_c1_owing();
    t.ctrl('a');
    assert_eq!(t.top_title(), "customer search");
    t.typed("Dunmore");
    t.enter();
    assert_eq!(t.top_title(), "payment on account");
    assert_eq!(payment_box(&t).balance, money("40.00"));
    assert_eq!(
        t.status(),
        "Dunmore Plumbing owes 40.00: type the amount, or Enter for all of it"
    );
    // k chooses card while the box is empty; a letter does nothing once an amount is typed.
    t.typed("k");
    assert_eq!(payment_box(&t).tender, PaymentTender::Card);
    t.typed("15");
    t.typed("c");
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(payment_box(&t).tender, PaymentTender::Card);
    assert_eq!(payment_box(&t).input.value(), "15");
    // Enter asks; Enter again is no, and nothing is written.
    t.enter();
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.status(), "Not taken: correct the amount, or Esc");
    assert_eq!(t.top_title(), "payment on account");
    assert_eq!(payments(t.store()), 0);
    // y takes it: stored, printed, back on the sale.
    t.enter();
    t.typed("y");
    let status = t.status();
    assert!(
        status.starts_with("Payment 1 done: card 15.00 from C1, balance now 25.00; receipt: "),
        "{status}"
    );
    t.assert_on_sale_screen();
    let receipt =
        std::fs::read_to_string(t.dir.path().join("receipts/payment-000001.txt")).unwrap();
    assert!(receipt.contains("Paid (card)"), "{receipt}");
    let c1 = t.store().require_customer("C1").unwrap();
    assert_eq!(t.store().account_balance(c1.id).unwrap(), money("25.00"));
    assert!(
        t.audit_actions()
            .contains(&("casey".to_string(), "account_payment".to_string()))
    );
    t.assert_invariants();
}

#[test]
fn the_payment_box_refuses_a_scan_too_much_and_a_sale_in_progress() {
    let mut t = till_with_c1_owing();
    t.ring("SCREW");
    t.ctrl('a');
    assert_eq!(
        t.status(),
        "A payment on account is for an empty sale: finish or clear this one first"
    );
    t.assert_on_sale_screen();
    t.ctrl('d');
    t.typed("y");
    assert!(t.lines().is_empty(), "{:?}", t.lines());

    t.ctrl('a');
    t.typed("C1");
    t.enter();
    assert_eq!(t.top_title(), "payment on account");
    t.typed("12345678");
    t.enter();
    assert!(
        t.status().contains("looks like a scanned barcode"),
        "{}",
        t.status()
    );
    assert_eq!(payment_box(&t).input.value(), "");
    t.typed("x");
    assert_eq!(
        t.status(),
        "'x' is not part of an amount: digits and one decimal point"
    );
    t.typed("40.01");
    t.enter();
    assert_eq!(
        t.status(),
        "amount 40.01: more than the 40.00 owed; a payment never exceeds the balance"
    );
    assert_eq!(t.top_title(), "payment on account");
    // Blank is all that is owed, in cash by default.
    t.ctrl('u');
    t.enter();
    assert_eq!(t.top_title(), "confirm");
    t.typed("y");
    t.assert_on_sale_screen();
    let doc = t.store().payment(1).unwrap().unwrap();
    assert_eq!(
        (doc.tender, doc.amount, doc.balance_after),
        ("cash", money("40.00"), money("0.00"))
    );
    // The X report counts it in the drawer.
    let x = t.store().day_report("MAIN", money("0")).unwrap();
    assert_eq!(x.figures.payments_on_account, money("40.00"));
    assert_eq!(x.figures.expected_cash, money("40.00"));
    // Esc leaves the box without a payment.
    t.ctrl('a');
    t.typed("C1");
    t.enter();
    assert_eq!(t.status(), "Dunmore Plumbing owes nothing on account");
    t.esc();
    assert_eq!(t.status(), "No payment taken");
    t.assert_on_sale_screen();
    assert_eq!(payments(t.store()), 1);
    t.assert_invariants();
}

// ---- the credit limit at the counter ----

/// The rows of the audit log for sales over the credit limit: (user, approved_by, detail).
fn over_limit_audit(t: &Till) -> Vec<(String, Option<String>, String)> {
    t.store()
        .conn()
        .query_map(
            "SELECT user_name, approved_by, detail FROM audit_log
             WHERE action = 'over_credit_limit' ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn a_clerk_goes_over_the_credit_limit_only_with_a_managers_approval_audited() {
    let mut t = till_as("casey");
    t.bill_to("Walker");
    t.ring("11*SCREW");
    t.f(10);
    t.typed("a");
    t.enter();
    assert_eq!(
        t.status(),
        "on account 55.00: over the credit limit of 50.00 (0.00 owed already): \
         a manager may approve it (Esc: another way to pay)"
    );
    assert_eq!(t.top_title(), "approval");
    // Esc: no approval, back on the tender, nothing taken.
    t.esc();
    assert_eq!(t.top_title(), "tender");
    assert_eq!(t.tender_remaining(), "55.00");
    t.typed("a");
    t.enter();
    t.approve("morgan", MANAGER_PIN);
    t.assert_on_sale_screen();
    assert!(t.status().starts_with("Invoice 1 done"), "{}", t.status());
    let c2 = t.store().require_customer("C2").unwrap();
    assert_eq!(t.store().account_balance(c2.id).unwrap(), money("55.00"));
    assert_eq!(
        over_limit_audit(&t),
        [(
            "casey".to_string(),
            Some("morgan".to_string()),
            "approved by morgan: 55.00 on account over the credit limit of 50.00 \
             (0.00 owed already, 55.00 after)"
                .to_string()
        )]
    );
    t.assert_invariants();
}

#[test]
fn a_payment_makes_room_under_the_credit_limit() {
    let mut t = till_as("casey");
    let c = common::config();
    // C2 owes 50.00: the whole credit limit.
    common::ring_on_account(
        &mut t.counter_mut().store,
        &c,
        "C2",
        &[("SCREW", 10, 0)],
        ringup::domain::sale::Payment::WhenReceived,
    );
    t.bill_to("Walker");
    t.ring("2*SCREW");
    t.f(10);
    t.typed("a");
    t.enter();
    assert_eq!(t.top_title(), "approval");
    t.esc();
    t.esc();
    t.assert_on_sale_screen();
    // Clear the sale, take 20.00 against the balance, and ring again.
    t.ctrl('d');
    t.typed("y");
    t.ctrl('a');
    t.typed("Walker");
    t.enter();
    t.typed("20");
    t.enter();
    t.typed("y");
    t.assert_on_sale_screen();
    t.bill_to("Walker");
    t.ring("2*SCREW");
    t.f(10);
    t.typed("a");
    t.enter();
    t.assert_on_sale_screen();
    assert!(t.status().starts_with("Invoice 2 done"), "{}", t.status());
    let c2 = t.store().require_customer("C2").unwrap();
    assert_eq!(t.store().account_balance(c2.id).unwrap(), money("40.00"));
    assert!(over_limit_audit(&t).is_empty());
    t.assert_invariants();
}
