//! Payments on account: a named customer pays against the balance, in cash or by card.
//! The command line (three outcomes, bad input, authority), the store (the balance and the
//! credit limit follow), the counter screen driven by real keys, and `check` after each.
//! The test catalog: SCREW 5.00, no tax; C1's credit limit 1000.00, C2's 50.00.

mod common;

use common::cli::{CHEAP_PINS, Sandbox, s};
use common::till::{CLERK_PIN, MANAGER_PIN};
use common::{load_catalog, money};
use ringup::domain::Role;
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
    store.add_user("casey", Role::Clerk, CLERK_PIN).unwrap();
    store
        .add_user("morgan", Role::Manager, MANAGER_PIN)
        .unwrap();
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
