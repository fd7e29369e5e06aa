//! `ringup sale`: a whole sale from the command line, by the counter's rules. The test
//! catalog: VALVE 10.00 (3for25.00, 2 on hand), SCREW 5.00 (100), TAPE 1.00 (none), no tax.

mod common;

use common::cli::{Run, Sandbox, s};
use common::load_catalog;
use ringup::store::params;
use serde_json::Value;

fn shop() -> Sandbox {
    let shop = Sandbox::with_config(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\npayment = \"when_received\"\n",
    )
    .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    shop
}

fn sale(shop: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["sale"];
    all.extend(args);
    shop.run(&all)
}

/// On hand of a SKU at MAIN, and how many invoices exist: what a refused sale must leave.
fn state(shop: &Sandbox) -> (i64, i64, i64) {
    let store = shop.store();
    let on_hand = |sku: &str| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT s.on_hand FROM stock s JOIN products p ON p.id = s.product_id
                 WHERE p.sku = ?1 AND s.location = 'MAIN'",
                params![sku],
                |r| r.get(0),
            )
            .unwrap()
    };
    let invoices: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM invoices", params![], |r| r.get(0))
        .unwrap();
    (on_hand("VALVE"), on_hand("SCREW"), invoices)
}

#[test]
fn a_cash_sale_prints_its_invoice_and_change_and_leaves_the_store_sound() {
    let shop = shop();
    let run = sale(&shop, &["--item", "SCREW:3", "--tender", "cash:20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "invoice 1, change 5.00\n");
    assert_eq!(state(&shop), (2, 97, 1));
    // The receipt was printed, as at the counter.
    assert!(shop.data().join("receipts/invoice-000001.txt").exists());
    // The same product twice is one line, and the price break counts the units together.
    let run = sale(
        &shop,
        &["--item", "VALVE", "--item", "0001", "--tender", "card"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = shop.json(&["invoice", "show", "2", "--format", "json"]);
    assert_eq!(doc["lines"].as_array().unwrap().len(), 1);
    assert_eq!(doc["lines"][0]["qty"], 2);
    assert_eq!(s(&doc, "total"), "20.00");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn backorders_are_refused_unless_the_script_says_order_or_clear() {
    let shop = shop();
    let args = ["--customer", "C1", "--item", "VALVE:4", "--tender", "card"];
    let run = sale(&shop, &args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--on-backorder refuse: 2 of VALVE cannot be delivered now; give --on-backorder order"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(state(&shop), (2, 100, 0), "nothing written");

    // A customer order paid now in full: the backordered part is a deposit.
    let mut order = args.to_vec();
    order.extend(["--on-backorder", "order", "--payment", "when_invoiced"]);
    let run = sale(&shop, &order);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "invoice 1, customer order 1\n");
    let doc = shop.json(&["order", "show", "1", "--format", "json"]);
    assert_eq!(doc["lines"][0]["backordered"], 2);
    assert_eq!(s(&doc, "payment"), "when_invoiced");

    // Clear: sells what is here (nothing now), so it is refused too.
    let mut clear = args.to_vec();
    clear.extend(["--on-backorder", "clear"]);
    let run = sale(&shop, &clear);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing would be left to sell"),
        "{}",
        run.stderr
    );
    // A cash customer cannot have an order.
    let run = sale(
        &shop,
        &[
            "--item",
            "TAPE:2",
            "--on-backorder",
            "order",
            "--tender",
            "cash",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("needs --customer"), "{}", run.stderr);
    assert_eq!(state(&shop), (0, 100, 1));
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn clear_sells_what_is_here_and_holds_make_an_order_by_themselves() {
    let shop = shop();
    let run = sale(
        &shop,
        &[
            "--item",
            "VALVE:3",
            "--item",
            "TAPE",
            "--on-backorder",
            "clear",
            "--tender",
            "cash:20",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "invoice 1\n", "2 valves at 10.00, no tape");
    let run = sale(
        &shop,
        &[
            "--customer",
            "C3",
            "--item",
            "SCREW:10",
            "--hold",
            "screw:4",
            "--tender",
            "account",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "invoice 2, customer order 1\n");
    let doc = shop.json(&["order", "show", "1", "--format", "json"]);
    assert_eq!(doc["lines"][0]["committed"], 4);
    assert_eq!(state(&shop), (0, 94, 2));
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn a_split_tender_pays_the_rest_with_the_last_one_and_json_is_the_invoice_document() {
    let shop = shop();
    let run = sale(
        &shop,
        &[
            "--item", "SCREW:5", "--tender", "cash:10", "--tender", "card", "--format", "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    let shown = shop.json(&["invoice", "show", "1", "--format", "json"]);
    assert_eq!(printed, shown);
    let tenders: Vec<(String, String)> = shown["tenders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (s(t, "kind").to_string(), s(t, "amount").to_string()))
        .collect();
    assert_eq!(
        tenders,
        [
            ("cash".to_string(), "10.00".to_string()),
            ("card".to_string(), "15.00".to_string())
        ]
    );
}

#[test]
fn every_bad_argument_is_named_and_nothing_is_written() {
    let shop = shop();
    for (args, says) in [
        (
            &["--item", "NOPE", "--tender", "cash"][..],
            "--item 'NOPE': ",
        ),
        (
            &["--item", "SCREW:x", "--tender", "cash"][..],
            "--item 'SCREW:x': 'x': a whole number from 1 to 1,000,000",
        ),
        (
            &["--item", "SCREW:0", "--tender", "cash"][..],
            "--item 'SCREW:0'",
        ),
        (
            &["--item", ":3", "--tender", "cash"][..],
            "--item ':3': no SKU before the colon",
        ),
        (
            &["--item", "SCREW", "--tender", "cash:40001234"][..],
            "--tender 'cash:40001234': '40001234' looks like a scanned barcode",
        ),
        (
            &["--item", "SCREW", "--tender", "cheque"][..],
            "--tender 'cheque': 'cheque' is not cash, card or account",
        ),
        (
            &["--item", "SCREW", "--tender", "account"][..],
            "--tender 'account': on account needs a named customer: give --customer",
        ),
        (
            &[
                "--customer",
                "C2",
                "--item",
                "SCREW:20",
                "--tender",
                "account",
            ][..],
            "--tender 'account': on account 100.00: over the credit limit of 50.00",
        ),
        (
            &["--item", "SCREW", "--tender", "card:6"][..],
            "--tender 'card:6': card 6.00: more than the 5.00 still due",
        ),
        (
            &["--item", "SCREW", "--tender", "cash:5", "--tender", "card"][..],
            "--tender 'card': the tenders before it pay all 5.00 due",
        ),
        (&["--item", "SCREW"][..], "--tender: 5.00 is due"),
        (
            &["--customer", "C9", "--item", "SCREW", "--tender", "cash"][..],
            "--customer 'C9': no such customer",
        ),
        (
            &[
                "--customer",
                "C1",
                "--item",
                "SCREW",
                "--hold",
                "VALVE:1",
                "--tender",
                "cash",
            ][..],
            "--hold 'VALVE:1': VALVE is not one of the --item lines",
        ),
        (
            &["--item", "SCREW:2", "--hold", "SCREW:1", "--tender", "cash"][..],
            "--hold 'SCREW:1': holding back needs a named customer: give --customer",
        ),
    ] {
        let run = sale(&shop, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(state(&shop), (2, 100, 0), "{args:?} wrote something");
    }
}

#[test]
fn a_sale_needs_a_signed_in_user_once_the_store_has_users() {
    let shop = shop();
    let mut store = shop.store();
    store.set_pin_policy(common::cheap_pins());
    store
        .add_user("casey", ringup::domain::Role::Clerk, "1357")
        .unwrap();
    drop(store);
    let run_as = |pin: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ringup"));
        cmd.args([
            "sale", "--item", "SCREW", "--tender", "cash", "--user", "casey",
        ])
        .arg("--db")
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .env_remove("RINGUP_PIN")
        .stdin(std::process::Stdio::null());
        if let Some(pin) = pin {
            cmd.env("RINGUP_PIN", pin);
        }
        cmd.output().unwrap()
    };
    for pin in [None, Some("0000")] {
        let out = run_as(pin);
        assert_eq!(out.status.code(), Some(2), "{pin:?}");
        assert_eq!(state(&shop), (2, 100, 0));
    }
    // A clerk rings sales: no manager needed.
    let out = run_as(Some("1357"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rang_by: String = shop
        .store()
        .conn()
        .query_row(
            "SELECT user_name FROM invoices WHERE number = 1",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rang_by, "casey");
}

#[test]
fn prices_and_discounts_are_changed_as_at_the_counter_and_a_clerk_asks_a_manager() {
    let shop = shop();
    let mut store = shop.store();
    common::till::add_users(&mut store);
    drop(store);
    let as_user = |user: &str, pin: &str, args: &[&str]| {
        let mut all = vec!["sale"];
        all.extend(args);
        let r = shop.run_as(user, pin, &all);
        (r.code, r.stdout, r.stderr)
    };
    // Within the limit (10%) a clerk may: SCREW at 4.80 (4% off), then 5% off the sale.
    let (code, out, err) = as_user(
        "casey",
        "1357",
        &[
            "--item",
            "SCREW:2",
            "--price",
            "SCREW=4.80",
            "--discount",
            "5",
            "--reason",
            "price match",
            "--tender",
            "cash",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s(&doc, "total"), "9.12", "2 x 4.80 less 5% = 2 x 4.56");
    // Beyond it, a clerk is refused and nothing is written; a manager approves their own.
    let cut = [
        "--item",
        "SCREW:2",
        "--price",
        "SCREW=25%",
        "--reason",
        "damaged box",
        "--tender",
        "cash",
    ];
    let (code, _, err) = as_user("casey", "1357", &cut);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--price 'SCREW=25%': a cut of 25% is above 10%: a manager approves it"),
        "{err}"
    );
    assert_eq!(state(&shop), (2, 98, 1));
    let (code, out, err) = as_user("morgan", "246810", &cut);
    assert_eq!((code, out.as_str()), (0, "invoice 2\n"), "{err}");
    let rows: Vec<(String, String, Option<String>)> = shop
        .store()
        .conn()
        .query_map(
            "SELECT action, user_name, approved_by FROM audit_log
             WHERE action IN ('price_override', 'discount') ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        rows,
        [
            ("price_override".into(), "casey".into(), None),
            ("discount".into(), "casey".into(), None),
            ("discount".into(), "morgan".into(), Some("morgan".into())),
        ]
    );
    // Bad input names the argument: exit 2, nothing written.
    let cases: [(&[&str], &str); 6] = [
        (&["--item", "SCREW", "--price", "SCREW=4.50"], "--reason"),
        (
            &["--item", "SCREW", "--price", "SCREW", "--reason", "x y"],
            "--price 'SCREW'",
        ),
        (
            &["--item", "SCREW", "--price", "TAPE=1", "--reason", "x y"],
            "TAPE is not one of",
        ),
        (
            &["--item", "SCREW", "--price", "SCREW=abc", "--reason", "x y"],
            "--price 'SCREW=abc'",
        ),
        (
            &["--item", "SCREW", "--discount", "120", "--reason", "x y"],
            "--discount '120'",
        ),
        (&["--item", "SCREW", "--reason", "x y"], "--reason 'x y'"),
    ];
    for (args, says) in cases {
        let mut args = args.to_vec();
        args.extend(["--tender", "cash"]);
        let (code, _, err) = as_user("morgan", "246810", &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(state(&shop), (2, 96, 2));
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}
