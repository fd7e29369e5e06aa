//! Returns of delivered goods: the command line (the refund under `split` against the seed
//! example, stock and the damaged count, approval above the limit, bad input), the return as
//! an invoice in `invoice show`, the day report's returns and cash out, and `check` after
//! each, with tampering. Both passes: SQLite, and PostgreSQL when RINGUP_TEST_POSTGRES is set.
//! The test catalog: VALVE 10.00 with 3for25.00 (2 on hand), SCREW 5.00; no tax.

mod common;

use common::cli::{Sandbox, s};
use common::load_catalog;
use common::till::{CLERK_PIN, MANAGER_PIN, add_users};
use ringup::store::Store;
use ringup::store::params;
use serde_json::json;

const NO_TAX: &str = "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n";

/// Invoice 1: C1 orders 4 VALVE (2 delivered now for 18.34, 2 backordered) and 4 SCREW
/// (20.00), paid by card.
fn shop_with(config: &str) -> Sandbox {
    let shop = Sandbox::with_config(&format!("{NO_TAX}{config}")).with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    drop(store);
    let out = shop.ok(&[
        "sale",
        "--customer",
        "C1",
        "--item",
        "VALVE:4",
        "--item",
        "SCREW:4",
        "--on-backorder",
        "order",
        "--payment",
        "when_received",
        "--tender",
        "card",
    ]);
    assert!(out.starts_with("invoice 1"), "{out}");
    shop
}

fn shop() -> Sandbox {
    shop_with("")
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .conn()
        .query_row(sql, params![], |r| r.get(0))
        .unwrap()
}

fn stock(store: &Store, sku: &str) -> (i64, i64) {
    store
        .conn()
        .query_row(
            "SELECT s.on_hand, s.damaged FROM stock s JOIN products p ON p.id = s.product_id
             WHERE p.sku = ?1 AND s.location = 'MAIN'",
            params![sku],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn assert_sound(shop: &Sandbox) {
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn a_split_line_refunds_its_lowest_amount_first_and_the_stock_comes_back() {
    let shop = shop();
    // T(4) = 35.00 as [10.00, 8.34, 8.33, 8.33]: the 2 delivered carry 10.00 and 8.34.
    assert_eq!(
        shop.ok(&["return", "1", "VALVE:1", "--refund", "cash"]),
        "return 2: 8.34 back by cash for invoice 1\n"
    );
    let store = shop.store();
    assert_eq!(stock(&store, "VALVE"), (1, 0));
    drop(store);
    assert_sound(&shop);
    let doc = shop.json(&["invoice", "show", "2", "--format", "json"]);
    assert_eq!(s(&doc, "kind"), "return");
    assert_eq!(doc["returns"], json!(1));
    assert_eq!(doc["lines"][0]["sku"], json!("VALVE"));
    assert_eq!(doc["lines"][0]["qty"], json!(-1));
    assert_eq!(s(&doc["lines"][0], "amount"), "-8.34");
    assert_eq!(s(&doc, "total"), "-8.34");
    assert_eq!(doc["tenders"], json!([{"kind": "cash", "amount": "-8.34"}]));
    let slip = std::fs::read_to_string(shop.data().join("receipts/invoice-000002.txt")).unwrap();
    assert!(slip.contains("Return 2"), "{slip}");
    assert!(slip.contains("Goods back from invoice 1"), "{slip}");
    assert!(
        slip.lines()
            .any(|l| l.starts_with("Paid back in cash") && l.ends_with(" 8.34")),
        "{slip}"
    );

    // The other delivered unit, damaged, refunds the rest of the 18.34, by the invoice's
    // own tender (card); it is counted damaged, not on hand.
    assert_eq!(
        shop.ok(&["return", "1", "VALVE:1", "--damaged"]),
        "return 3: 10.00 back by card for invoice 1\n"
    );
    let store = shop.store();
    assert_eq!(stock(&store, "VALVE"), (1, 1));
    drop(store);
    assert_sound(&shop);
    // The backordered remainder of the line is untouched.
    let order = shop.json(&["order", "show", "1", "--format", "json"]);
    assert_eq!(order["lines"][0]["backordered"], json!(2));

    // Nothing more of VALVE to return; SCREW still can.
    let run = shop.run(&["return", "1", "VALVE:1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("only 0 of 2"), "{}", run.stderr);
    assert_eq!(
        shop.ok(&["return", "1", "SCREW:3"]),
        "return 4: 15.00 back by card for invoice 1\n"
    );
    assert_eq!(stock(&shop.store(), "SCREW"), (99, 0));
    assert_sound(&shop);
}

#[test]
fn bad_input_exits_2_naming_the_field_and_writes_nothing() {
    let shop = shop();
    let cases: [(&[&str], &str); 6] = [
        (&["return", "x1", "VALVE:1"], "INVOICE 'x1'"),
        (&["return", "99", "VALVE:1"], "99"),
        (&["return", "1", "VALVE"], "ITEM 'VALVE'"),
        (&["return", "1", "VALVE:0"], "ITEM 'VALVE:0'"),
        (&["return", "1", "TAPE:1"], "delivered no TAPE"),
        (&["return", "1", "VALVE:3"], "only 2 of 2"),
    ];
    for (args, says) in cases {
        let run = shop.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    // A cash sale cannot be refunded on account.
    shop.ok(&["sale", "--item", "SCREW:2", "--tender", "cash"]);
    let run = shop.run(&["return", "2", "SCREW:1", "--refund", "account"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cash sale"), "{}", run.stderr);
    let store = shop.store();
    assert_eq!(count(&store, "SELECT count(*) FROM invoices"), 2);
    assert_eq!(count(&store, "SELECT count(*) FROM return_lines"), 0);
    drop(store);
    assert_sound(&shop);
}

#[test]
fn above_the_limit_a_clerk_is_refused_and_a_manager_approves() {
    let shop = shop_with("[returns]\napproval_above = \"10.00\"\n");
    let mut store = shop.store();
    add_users(&mut store);
    drop(store);
    let run = |args: &[&str], user: &str, pin: &str| {
        let r = shop.run_as(user, pin, args);
        (r.code, r.stdout, r.stderr)
    };
    // Within the limit a clerk may.
    let (code, out, err) = run(&["return", "1", "SCREW:2"], "casey", CLERK_PIN);
    assert_eq!(
        (code, out.as_str()),
        (0, "return 2: 10.00 back by card for invoice 1\n"),
        "{err}"
    );
    // Above it, not alone: the policy's reason, exit 2, nothing written.
    let (code, _, err) = run(&["return", "1", "VALVE:2"], "casey", CLERK_PIN);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "a refund of 18.34 is above 10.00: a manager approves it; nothing was written"
        ),
        "{err}"
    );
    assert!(err.contains("--approved-by"), "{err}");
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 2);
    // A wrong PIN for the manager approves nothing.
    let r = shop.run_env(
        &[
            "return",
            "1",
            "VALVE:2",
            "--user",
            "casey",
            "--approved-by",
            "morgan",
        ],
        &[("RINGUP_PIN", CLERK_PIN), ("RINGUP_APPROVER_PIN", "000000")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--approved-by morgan: wrong name or PIN"),
        "{}",
        r.stderr
    );
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 2);
    let (code, out, err) = run(&["return", "1", "VALVE:2"], "morgan", MANAGER_PIN);
    assert_eq!(
        (code, out.as_str()),
        (0, "return 3: 18.34 back by card for invoice 1\n"),
        "{err}"
    );
    let store = shop.store();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND approved_by = 'morgan'"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND user_name = 'casey'
               AND approved_by IS NULL"
        ),
        1
    );
    drop(store);
    assert_sound(&shop);
}

#[test]
fn a_return_without_an_invoice_is_a_managers_at_todays_price() {
    let shop = shop();
    let mut store = shop.store();
    add_users(&mut store);
    drop(store);
    let as_user = |args: &[&str], user: &str, pin: &str| {
        let r = shop.run_as(user, pin, args);
        (r.code, r.stdout, r.stderr)
    };
    // A clerk may not, however small.
    let (code, _, err) = as_user(&["return", "none", "SCREW:1"], "casey", CLERK_PIN);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("manager"), "{err}");
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 1);
    // A manager: 3 VALVE at today's 3for25.00, back to stock, in cash.
    let on_hand = stock(&shop.store(), "VALVE").0;
    let (code, out, err) = as_user(
        &["return", "none", "VALVE:2", "VALVE:1"],
        "morgan",
        MANAGER_PIN,
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "return 2: 25.00 back by cash for no invoice\n"),
        "{err}"
    );
    assert_eq!(stock(&shop.store(), "VALVE"), (on_hand + 3, 0));
    let doc = shop.json(&["invoice", "show", "2", "--format", "json"]);
    assert_eq!(s(&doc, "kind"), "return");
    assert_eq!(doc["returns"], json!(null));
    assert_eq!(doc["lines"][0]["qty"], json!(-3));
    assert_eq!(s(&doc, "total"), "-25.00");
    let slip = std::fs::read_to_string(shop.data().join("receipts/invoice-000002.txt")).unwrap();
    assert!(slip.contains("Goods back without an invoice"), "{slip}");
    assert_eq!(
        count(
            &shop.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND approved_by = 'morgan'
               AND detail LIKE '%no invoice%'"
        ),
        1
    );
    // The customer's account takes a refund; damaged units are counted apart.
    let (code, out, err) = as_user(
        &[
            "return",
            "none",
            "SCREW:2",
            "--customer",
            "C1",
            "--refund",
            "account",
            "--damaged",
        ],
        "morgan",
        MANAGER_PIN,
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "return 3: 10.00 back by account for no invoice\n"),
        "{err}"
    );
    assert_eq!(stock(&shop.store(), "SCREW").1, 2);
    assert_sound(&shop);
    // Bad input names the field, and nothing is written.
    let cases: [(&[&str], &str); 4] = [
        (&["return", "none", "NOPE:1"], "NOPE"),
        (
            &["return", "none", "SCREW:1", "--customer", "ZZ"],
            "--customer 'ZZ'",
        ),
        (
            &["return", "none", "SCREW:1", "--refund", "account"],
            "cash sale",
        ),
        (
            &["return", "1", "SCREW:1", "--customer", "C1"],
            "--customer 'C1'",
        ),
    ];
    for (args, says) in cases {
        let (code, _, err) = as_user(args, "morgan", MANAGER_PIN);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 3);
    // check: a return without an invoice must have been approved.
    shop.store()
        .conn()
        .execute(
            "UPDATE audit_log SET approved_by = NULL WHERE reference = 'invoice 2'",
            params![],
        )
        .unwrap();
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("without an invoice, but no manager approved it"),
        "{said}"
    );
}

#[test]
fn the_day_report_counts_returns_and_cash_refunds_as_cash_out() {
    let shop = shop();
    shop.ok(&["sale", "--item", "SCREW:2", "--tender", "cash:20.00"]);
    shop.ok(&["return", "2", "SCREW:1"]);
    shop.ok(&["return", "1", "VALVE:1", "--refund", "card"]);
    let day = shop.json(&["day", "report", "--format", "json"]);
    assert_eq!(s(&day, "sales"), "48.34");
    assert_eq!(s(&day, "returns"), "13.34");
    assert_eq!(s(&day, "cash_in"), "10.00");
    assert_eq!(s(&day, "cash_out"), "5.00");
    assert_eq!(s(&day, "expected_cash"), "5.00");
    assert_eq!(day["invoices"], json!(4));
    shop.ok(&["day", "close", "--counted-cash", "5.00"]);
    assert_sound(&shop);
}

#[test]
fn check_finds_tampered_returns() {
    let shop = shop();
    shop.ok(&["return", "1", "VALVE:1", "--refund", "cash"]);
    shop.ok(&["return", "1", "SCREW:1", "--damaged"]);
    assert_sound(&shop);
    let tamper = |sql: &str, undo: &str, says: &str| {
        let store = shop.store();
        store.conn().execute(sql, params![]).unwrap();
        drop(store);
        let run = shop.run(&["check"]);
        assert_eq!(run.code, 1, "{sql}");
        assert!(
            run.stdout.contains(says) || run.stderr.contains(says),
            "{sql}: {}{}",
            run.stdout,
            run.stderr
        );
        shop.store().conn().execute(undo, params![]).unwrap();
        assert_sound(&shop);
    };
    tamper(
        "UPDATE return_lines SET qty = 3 WHERE invoice_number = 2",
        "UPDATE return_lines SET qty = 1 WHERE invoice_number = 2",
        "returned <= delivered",
    );
    tamper(
        "UPDATE invoice_lines SET qty = -2 WHERE invoice_number = 2",
        "UPDATE invoice_lines SET qty = -1 WHERE invoice_number = 2",
        "names the line it returns",
    );
    tamper(
        "UPDATE stock_movements SET qty = 2 WHERE kind = 'return'",
        "UPDATE stock_movements SET qty = 1 WHERE kind = 'return'",
        "returned units = their stock movements",
    );
    tamper(
        "UPDATE stock SET damaged = 0",
        "UPDATE stock SET damaged = 1 WHERE product_id = (SELECT id FROM products WHERE sku = 'SCREW')",
        "damaged = units returned damaged",
    );
    tamper(
        "UPDATE tenders SET amount = '-9.34' WHERE invoice_number = 2",
        "UPDATE tenders SET amount = '-8.34' WHERE invoice_number = 2",
        "invoice 2",
    );
    tamper(
        "UPDATE invoice_lines SET amount = '-19.00' WHERE invoice_number = 2",
        "UPDATE invoice_lines SET amount = '-8.34' WHERE invoice_number = 2",
        "refunds of a line <= what it was charged",
    );
}

// ---- the counter screen, by real keys ----

use common::till::{Till, till_over};
use ringup::app::returns::ReturnGoods;
use ringup::domain::sale::Payment;
use ringup::domain::tender::TenderKind;

fn return_box(t: &Till) -> &ReturnGoods {
    t.app
        .top()
        .unwrap_or_else(|| panic!("not on the return box: {}", t.top_title()))
}

/// A till signed in as the clerk, returns above 10.00 approved by a manager, with invoice
/// 1: C1's 4 VALVE (2 delivered for 18.34) and 2 SCREW (10.00), paid in cash.
fn till_with_invoice() -> Till {
    let mut t = till_over(
        common::store(),
        "casey",
        tempfile::TempDir::new().unwrap(),
        |c| c.returns.approval_above = rust_decimal::Decimal::TEN,
    );
    let c = common::config();
    common::ring(
        &mut t.counter_mut().store,
        &c,
        Some("C1"),
        &[("VALVE", 4, 0), ("SCREW", 2, 0)],
        Payment::WhenReceived,
    );
    t
}

#[test]
fn ctrl_t_returns_picked_units_after_a_managers_approval_and_a_yes() {
    let mut t = till_with_invoice();
    t.ctrl('t');
    assert_eq!(t.top_title(), "return");
    // A scan in the number box is refused and cleared; so is a letter.
    t.typed("123456789");
    t.enter();
    assert!(t.status().contains("looks like a scan"), "{}", t.status());
    assert_eq!(return_box(&t).number.value(), "");
    t.typed("1");
    t.enter();
    let found = return_box(&t);
    assert_eq!(found.source.as_ref().unwrap().lines.len(), 2);
    assert_eq!(found.refund_by, TenderKind::Cash);
    t.typed("x");
    assert!(t.status().contains("digits only"), "{}", t.status());
    // d marks the goods damaged, and again back to stock.
    t.typed("d");
    assert!(return_box(&t).damaged);
    t.typed("d");
    assert!(!return_box(&t).damaged);
    // One VALVE back; a letter does nothing while the box holds a quantity.
    t.typed("1");
    t.typed("k");
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(return_box(&t).refund_by, TenderKind::Cash);
    // On the empty SCREW box, k chooses the card; then 2 SCREW back.
    t.key(ratatui::crossterm::event::KeyCode::Down);
    t.typed("k");
    assert_eq!(return_box(&t).refund_by, TenderKind::Card);
    t.typed("2");
    assert_eq!(return_box(&t).total_now(), Some(common::money("18.34")));
    // The question first; Enter is no.
    t.f(10);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    assert_eq!(
        t.status(),
        "Nothing returned: correct the quantities, or Esc"
    );
    assert_eq!(t.top_title(), "return");
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 1);
    // Asked again, y: 18.34 is above 10.00, so a manager approves that refund as it is
    // written, and the goods come back.
    t.f(10);
    assert_eq!(t.top_title(), "confirm");
    t.typed("y");
    assert!(
        t.status().contains("18.34 is above 10.00"),
        "{}",
        t.status()
    );
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 1);
    t.approve("morgan", common::till::MANAGER_PIN);
    let status = t.status();
    assert!(
        status.starts_with("Return 2 done: 18.34 back by card for invoice 1; slip: "),
        "{status}"
    );
    t.assert_on_sale_screen();
    let slip = std::fs::read_to_string(t.dir.path().join("receipts/invoice-000002.txt")).unwrap();
    assert!(slip.contains("Return 2"), "{slip}");
    assert!(
        slip.lines()
            .any(|l| l.starts_with("Credited to card") && l.ends_with(" 18.34")),
        "{slip}"
    );
    let rows = t.audit();
    let returns: Vec<_> = rows.iter().filter(|a| a.action == "return").collect();
    assert_eq!(returns.len(), 2);
    assert!(returns.iter().all(|a| a.user == "casey"));
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND approved_by = 'morgan'"
        ),
        2
    );
    assert_eq!(stock(t.store(), "VALVE"), (1, 0));
    t.assert_invariants();
}

#[test]
fn ctrl_t_with_no_invoice_number_takes_goods_back_after_a_managers_pin() {
    let mut t = till_with_invoice();
    t.ctrl('t');
    // Enter on the empty number box: no invoice; the goods are rung first.
    t.enter();
    assert_eq!(t.top_title(), "return without invoice", "{}", t.status());
    let items = |t: &Till| -> ringup::app::return_items::ReturnItems {
        t.app
            .top::<ringup::app::return_items::ReturnItems>()
            .unwrap_or_else(|| panic!("not on the return items: {}", t.top_title()))
            .clone()
    };
    // Letters go into the item box (a SKU may start with c, k, a or d).
    t.typed("2*valve");
    t.enter();
    t.typed("screw");
    t.enter();
    t.typed("nope");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    let now = items(&t);
    assert_eq!(now.source.lines.len(), 2);
    assert_eq!(now.total_now(), common::money("25.00"));
    // Tab: card; F5: damaged; Ctrl-D takes the SCREW line off.
    t.key(ratatui::crossterm::event::KeyCode::Tab);
    assert_eq!(items(&t).refund_by, TenderKind::Card);
    t.f(5);
    assert!(items(&t).damaged);
    // Ctrl-D asks before a line goes; Enter is no, y removes it.
    t.ctrl('d');
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    assert_eq!(items(&t).source.lines.len(), 2);
    t.ctrl('d');
    t.typed("y");
    assert_eq!(items(&t).source.lines.len(), 1);
    assert_eq!(items(&t).total_now(), common::money("20.00"));
    // F10 asks; Enter is no; y takes the goods back.
    t.f(10);
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.top_title(), "return without invoice");
    t.f(10);
    t.typed("y");
    // The policy asks a manager for that refund, at that moment.
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(t.status().contains("(refund 20.00)"), "{}", t.status());
    t.approve("morgan", common::till::MANAGER_PIN);
    let status = t.status();
    assert!(
        status.starts_with(
            "Return 2 done (no invoice, approved by morgan): 20.00 back by card; slip: "
        ),
        "{status}"
    );
    t.assert_on_sale_screen();
    assert_eq!(stock(t.store(), "VALVE").1, 2);
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND user_name = 'casey'
               AND approved_by = 'morgan'"
        ),
        1
    );
    t.assert_invariants();
}

#[test]
fn ctrl_t_waits_for_an_empty_sale_and_esc_returns_nothing() {
    let mut t = till_with_invoice();
    t.ring("SCREW");
    t.ctrl('t');
    assert_eq!(t.top_title(), "sale");
    assert!(t.status().contains("empty sale"), "{}", t.status());
    t.counter_mut().sale.lines.clear();
    t.ctrl('t');
    t.typed("1");
    t.enter();
    t.typed("1");
    t.esc();
    assert_eq!(t.status(), "Nothing returned");
    t.assert_on_sale_screen();
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 1);
    // Within the limit a clerk needs no one: one SCREW back in cash.
    t.ctrl('t');
    t.typed("c");
    assert!(t.status().contains("digits only"), "{}", t.status());
    t.typed("1");
    t.enter();
    t.key(ratatui::crossterm::event::KeyCode::Down);
    t.typed("d");
    t.typed("1");
    t.f(10);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.typed("y");
    assert!(
        t.status().starts_with("Return 2 done: 5.00 back by cash"),
        "{}",
        t.status()
    );
    // Damaged: counted apart, not back on hand.
    assert_eq!(stock(t.store(), "SCREW"), (98, 1));
    t.assert_invariants();
}

#[test]
fn the_return_box_shows_every_figure_whole_at_80x24() {
    let mut t = till_with_invoice();
    t.ctrl('t');
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("Invoice number"), "{screen}");
    t.typed("1");
    t.enter();
    t.typed("1");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("Return goods from invoice 1"), "{screen}");
    assert!(screen.contains("Refund (CAD) 8.34 by cash"), "{screen}");
    let valve = screen
        .lines()
        .find(|l| l.contains("VALVE"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(valve.contains("   2     1"), "{valve}");
    assert!(screen.contains("SCREW"), "{screen}");
}

/// A store written before returns existed takes them once migrated: the kinds of invoices
/// and stock movements widened in place, the rows kept.
#[test]
fn the_no_invoice_return_at_80x24() {
    let mut t = till_with_invoice();
    t.ctrl('t');
    t.enter();
    t.typed("2*VALVE");
    t.enter();
    t.typed("SCREW");
    t.enter();
    t.f(5);
    insta::assert_snapshot!(common::screen::render(&t.app, 80, 24));
}

#[test]
fn a_store_from_before_returns_is_migrated_and_takes_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    let mut old = Store::open_to_version(&path, ringup::store::Synchronous::Full, 11).unwrap();
    load_catalog(&mut old);
    common::ring_on_old_store(&mut old, &[("SCREW", 3, 0)]);
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        ringup::store::SCHEMA_VERSION
    );
    let done = store
        .commit_return(&ringup::store::returns::ReturnRequest {
            of: ringup::store::returns::ReturnOf::Invoice(1),
            picks: &[(1, 1)],
            refund_by: TenderKind::Cash,
            damaged: false,
            location: "MAIN",
            user: "tester",
            approvals: &[],
            basis: ringup::domain::pricing::Basis::Split,
        })
        .unwrap();
    assert_eq!((done.number, done.refund), (2, common::money("5.00")));
    assert_eq!(stock(&store, "SCREW"), (98, 0));
    assert!(store.check().unwrap().is_empty());
    // The widened checks still refuse what is no kind at all.
    assert!(
        store
            .conn()
            .execute(
                "UPDATE invoices SET kind = 'gift' WHERE number = 2",
                params![]
            )
            .is_err()
    );
}

#[test]
fn a_store_with_returns_from_before_returns_without_an_invoice_keeps_them() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    let mut old = Store::open_to_version(&path, ringup::store::Synchronous::Full, 13).unwrap();
    load_catalog(&mut old);
    common::ring_on_old_store(&mut old, &[("SCREW", 3, 0)]);
    let request = |of| ringup::store::returns::ReturnRequest {
        of,
        picks: &[(1, 1)],
        refund_by: TenderKind::Cash,
        damaged: true,
        location: "MAIN",
        user: "casey",
        approvals: &[],
        basis: ringup::domain::pricing::Basis::Split,
    };
    old.commit_return(&request(ringup::store::returns::ReturnOf::Invoice(1)))
        .unwrap();
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        ringup::store::SCHEMA_VERSION
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM return_lines WHERE from_invoice = 1 AND damaged = 1"
        ),
        1
    );
    assert!(store.check().unwrap().is_empty());
    // A return without an invoice now goes in, and a clerk's only with a manager's approval.
    common::till::add_users(&mut store);
    let config = common::config();
    let line = store
        .ring_line("SCREW", 1, None, "MAIN", &config.tax.rates)
        .unwrap();
    let source =
        ringup::store::returns::unlinked_source(None, vec![line], config.tax.prices_include_tax);
    let unapproved = request(ringup::store::returns::ReturnOf::NoInvoice(&source));
    let refused = store.commit_return(&unapproved).unwrap_err();
    assert!(refused.to_string().contains("manager"), "{refused}");
    let ringup::store::StoreError::NeedsApproval(asked) = refused else {
        panic!("{refused}")
    };
    let approval = store
        .approve("morgan", common::till::MANAGER_PIN, "casey", &asked)
        .unwrap()
        .unwrap();
    let approvals = [approval];
    let done = store
        .commit_return(&ringup::store::returns::ReturnRequest {
            approvals: &approvals,
            ..unapproved
        })
        .unwrap();
    assert_eq!(done.number, 3);
    assert_eq!(stock(&store, "SCREW").1, 2);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_whole_line_of_a_cash_sale_refunds_its_lowest_unit_amounts_first() {
    let shop = Sandbox::with_config(NO_TAX).with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    drop(store);
    shop.ok(&["receive", "VALVE", "2"]);
    // T(4) = 35.00 as [10.00, 8.34, 8.33, 8.33], all delivered at once.
    shop.ok(&["sale", "--item", "VALVE:4", "--tender", "cash"]);
    assert_eq!(
        shop.ok(&["return", "1", "VALVE:1"]),
        "return 2: 8.33 back by cash for invoice 1\n"
    );
    assert_eq!(
        shop.ok(&["return", "1", "VALVE:2"]),
        "return 3: 16.67 back by cash for invoice 1\n"
    );
    assert_eq!(
        shop.ok(&["return", "1", "VALVE:1"]),
        "return 4: 10.00 back by cash for invoice 1\n"
    );
    assert_sound(&shop);
}

#[test]
fn the_receipts_code_scanned_at_the_item_entry_opens_the_invoice_for_a_return() {
    let mut t = till_with_invoice();
    // Scanned while a sale is on screen: refused, the sale stays.
    t.ring("SCREW");
    t.typed("INV-000001");
    t.enter();
    assert!(
        t.status().contains("finish or park this sale first"),
        "{}",
        t.status()
    );
    assert_eq!(t.counter().sale.lines.len(), 1);
    t.ctrl('d');
    t.typed("y");
    assert!(t.counter().sale.lines.is_empty());
    // On an empty sale the return opens on the invoice's lines.
    t.typed("INV-000001");
    t.enter();
    assert_eq!(t.top_title(), "return", "{}", t.status());
    let found = return_box(&t);
    assert_eq!(found.source.as_ref().unwrap().lines.len(), 2);
    assert_eq!(found.number.value(), "1");
    t.typed("1");
    t.f(10);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.typed("y");
    assert!(t.status().starts_with("Return 2 done: "), "{}", t.status());
    // A code of no invoice is named, and nothing opens.
    t.typed("inv-000099");
    t.enter();
    assert!(t.status().contains("99"), "{}", t.status());
    t.assert_on_sale_screen();
    t.assert_invariants();
}

#[test]
fn an_orders_code_scanned_at_the_item_entry_opens_it_for_pickup() {
    let mut t = till_with_invoice();
    // Invoice 1 made order 1 for the 2 VALVE backordered.
    t.typed("ORD-000001");
    t.enter();
    assert_eq!(t.top_title(), "order 1", "{}", t.status());
    assert!(t.status().contains("for pickup"), "{}", t.status());
    t.esc();
    t.typed("ORD-000042");
    t.enter();
    assert!(t.status().contains("no such order"), "{}", t.status());
    t.assert_on_sale_screen();
}
