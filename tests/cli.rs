//! The manager's commands through the real binary: orders, order actions, receive, transfer,
//! reports in table, CSV and JSON, and check, on a database in a temporary directory.

mod common;

use common::cli::Sandbox;
use common::cli::in_days;
use common::{load_catalog, ring, ring_three_orders};
use ringup::domain::sale::Payment;
use ringup::store::params;
use serde_json::{Value, json};

/// A store with three orders (the same as the report tests):
/// order 1: C1 prepaid 4 VALVE (2 delivered, 2 backordered, deposit 16.66);
/// order 2: C2 3 TAPE backordered, due in 30 days;
/// order 3: C3 10 SCREW, 4 held back.
fn shop(auto_commit: bool) -> Sandbox {
    stocked(shop_config(auto_commit).with_db("shop.db"))
}

/// As [`shop`], always on a SQLite file (tests of the file itself).
fn shop_file() -> Sandbox {
    stocked(shop_config(false).with_db_file("shop.db"))
}

fn shop_config(auto_commit: bool) -> Sandbox {
    Sandbox::with_config(&format!(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nauto_commit_on_receipt = {auto_commit}\n"
    ))
}

fn stocked(shop: Sandbox) -> Sandbox {
    let mut store = shop.store();
    load_catalog(&mut store);
    ring_three_orders(&mut store);
    shop
}

/// The date order 1 was taken, as the reports show it.
/// The day order 1 was taken, in the store's zone (the machine's, as the binary runs).
fn order_date(shop: &Sandbox) -> String {
    let store = shop.store();
    let ordered_at: String = store
        .conn()
        .query_row(
            "SELECT ordered_at FROM orders WHERE number = 1",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    ringup::domain::calendar::day_of(&ordered_at, store.zone())
}

#[test]
fn backorder_report_in_three_formats() {
    let shop = shop(false);
    let date = order_date(&shop);
    let due = in_days(30);
    assert_eq!(
        shop.json(&["report", "backorders", "--format", "json"]),
        json!([
            {"order": 2, "customer": "Pat Walker", "date": date, "due": due,
             "sku": "TAPE", "description": "PTFE tape 1/2in", "ordered": 3, "shipped": 0,
             "backordered": 3, "value": "3.00", "days_waiting": 0, "eta": null, "po": null},
            {"order": 1, "customer": "Dunmore Plumbing", "date": date, "due": null,
             "sku": "VALVE", "description": "Ball valve 3/4in brass", "ordered": 4,
             "shipped": 2, "backordered": 2, "value": "16.66", "days_waiting": 0, "eta": null,
             "po": null}
        ])
    );
    assert_eq!(
        shop.ok(&["report", "backorders", "--format", "csv"]),
        format!(
            "order,customer,date,due,sku,description,ordered,shipped,backordered,value,\
             days_waiting,eta,po\n\
             2,Pat Walker,{date},{due},TAPE,PTFE tape 1/2in,3,0,3,3.00,0,,\n\
             1,Dunmore Plumbing,{date},,VALVE,Ball valve 3/4in brass,4,2,2,16.66,0,,\n"
        )
    );
    let table = shop.ok(&["report", "backorders"]);
    let heads: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        heads,
        [
            "Order",
            "Customer",
            "Date",
            "Due",
            "Sku",
            "Description",
            "Ordered",
            "Shipped",
            "Backordered",
            "Value",
            "Days",
            "waiting",
            "Eta",
            "Po"
        ],
        "{table}"
    );
    let valve = table.lines().find(|l| l.contains("VALVE")).unwrap();
    assert!(
        valve
            .trim_end()
            .ends_with("4        2            2  16.66             0"),
        "{table}"
    );
}

#[test]
fn backlog_report_in_three_formats() {
    let shop = shop(false);
    assert_eq!(
        shop.json(&["report", "backlog", "--format", "json"]),
        json!([
            {"sku": "TAPE", "description": "PTFE tape 1/2in", "on_hand": 0,
             "on_hand_elsewhere": 0, "committed": 0, "available": 0, "backordered": 3,
             "orders_waiting": 1},
            {"sku": "VALVE", "description": "Ball valve 3/4in brass", "on_hand": 0,
             "on_hand_elsewhere": 0, "committed": 0, "available": 0, "backordered": 2,
             "orders_waiting": 1}
        ])
    );
    assert_eq!(
        shop.ok(&["report", "backlog", "--format", "csv"]),
        "sku,description,on_hand,on_hand_elsewhere,committed,available,backordered,orders_waiting\n\
         TAPE,PTFE tape 1/2in,0,0,0,0,3,1\n\
         VALVE,Ball valve 3/4in brass,0,0,0,0,2,1\n"
    );
    let table = shop.ok(&["report", "backlog", "--format", "table"]);
    assert_eq!(
        table.lines().next().unwrap(),
        "Sku    Description             On hand  On hand elsewhere  Committed  Available  Backordered  Orders waiting"
    );
    assert_eq!(
        table.lines().nth(3).unwrap(),
        "VALVE  Ball valve 3/4in brass        0                  0          0          0            2               1"
    );
}

#[test]
fn reorder_report_in_three_formats() {
    let shop = shop(false);
    assert_eq!(
        shop.json(&["report", "reorder", "--format", "json"]),
        json!([
            {"sku": "TAPE", "description": "PTFE tape 1/2in", "on_hand": 0,
             "on_hand_elsewhere": 0, "available": 0, "elsewhere": 0, "min_stock": 5,
             "reorder_qty": 20, "backordered": 3, "transfer_from": "", "transfer": 0,
             "purchase": 23},
            {"sku": "VALVE", "description": "Ball valve 3/4in brass", "on_hand": 0,
             "on_hand_elsewhere": 0, "available": 0, "elsewhere": 0, "min_stock": 4,
             "reorder_qty": 10, "backordered": 2, "transfer_from": "", "transfer": 0,
             "purchase": 12}
        ])
    );
    assert_eq!(
        shop.ok(&["report", "reorder", "--format", "csv"]),
        "sku,description,on_hand,on_hand_elsewhere,available,elsewhere,min_stock,reorder_qty,\
         backordered,transfer_from,transfer,purchase\n\
         TAPE,PTFE tape 1/2in,0,0,0,0,5,20,3,,0,23\n\
         VALVE,Ball valve 3/4in brass,0,0,0,0,4,10,2,,0,12\n"
    );
    let table = shop.ok(&["report", "reorder"]);
    assert!(
        table.lines().nth(2).unwrap().starts_with("TAPE "),
        "{table}"
    );
    assert!(table.lines().nth(2).unwrap().ends_with("  23"), "{table}");
}

#[test]
fn deposits_report_in_three_formats_with_a_total() {
    let shop = shop(false);
    assert_eq!(
        shop.json(&["report", "deposits", "--format", "json"]),
        json!([{"order": 1, "customer": "Dunmore Plumbing", "invoice": 1, "deposit": "16.66"}])
    );
    assert_eq!(
        shop.ok(&["report", "deposits", "--format", "csv"]),
        "order,customer,invoice,deposit\n1,Dunmore Plumbing,1,16.66\n"
    );
    assert_eq!(
        shop.ok(&["report", "deposits"]),
        "Order  Customer          Invoice  Deposit\n\
         -----  ----------------  -------  -------\n\
         \x20   1  Dunmore Plumbing        1    16.66\n\
         -----  ----------------  -------  -------\n\
         TOTAL                               16.66\n"
    );
    // Once the backorder is cancelled the deposit is settled and the report is empty: the 2
    // valves kept cost 20.00 alone, so 1.66 of it pays what their 18.34 lacked, 15.00 goes back.
    let out = shop.ok(&["order", "cancel", "1", "1", "--refund", "card"]);
    assert!(out.contains("refunded 15.00 on refund 4"), "{out}");
    assert_eq!(
        shop.json(&["report", "deposits", "--format", "json"]),
        json!([])
    );
    assert_eq!(
        shop.ok(&["report", "deposits", "--format", "csv"]),
        "order,customer,invoice,deposit\n"
    );
    let table = shop.ok(&["report", "deposits"]);
    assert!(table.contains("(none)"), "{table}");
    assert!(
        table.ends_with("TOTAL                        0.00\n"),
        "{table}"
    );
    let refund = shop.json(&["invoice", "show", "4", "--format", "json"]);
    assert_eq!(refund["total"], "-15.00");
    assert_eq!(refund["deposit_applied"], "1.66");
    assert_eq!(
        refund["tenders"],
        json!([{"kind": "card", "amount": "-15.00"}])
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn purchase_report_in_three_formats() {
    let shop = shop(false);
    assert_eq!(
        shop.json(&["report", "purchase", "--format", "json"]),
        json!([
            {"supplier": "Keystone", "sku": "TAPE", "description": "PTFE tape 1/2in",
             "backordered": 3, "on_hand": 0, "on_hand_elsewhere": 0, "available": 0,
             "min_stock": 5, "transfer_from": "", "transfer": 0, "on_order": 0, "qty": 23},
            {"supplier": "Keystone", "sku": "VALVE", "description": "Ball valve 3/4in brass",
             "backordered": 2, "on_hand": 0, "on_hand_elsewhere": 0, "available": 0,
             "min_stock": 4, "transfer_from": "", "transfer": 0, "on_order": 0, "qty": 12}
        ])
    );
    assert_eq!(
        shop.ok(&["report", "purchase", "--format", "csv"]),
        "supplier,sku,description,backordered,on_hand,on_hand_elsewhere,available,min_stock,\
         transfer_from,transfer,on_order,qty\n\
         Keystone,TAPE,PTFE tape 1/2in,3,0,0,0,5,,0,0,23\n\
         Keystone,VALVE,Ball valve 3/4in brass,2,0,0,0,4,,0,0,12\n"
    );
    let table = shop.ok(&["report", "purchase"]);
    assert!(table.starts_with("Supplier  Sku "), "{table}");
    assert_eq!(table.lines().count(), 4, "{table}");
}

#[test]
fn an_unknown_report_is_bad_input() {
    let shop = shop(false);
    let run = shop.run(&["report", "everything"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("everything"), "{}", run.stderr);
}

#[test]
fn orders_list_by_status_in_three_formats() {
    let shop = shop(false);
    let numbers = |status: &str| -> Vec<i64> {
        shop.json(&["orders", "--status", status, "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(numbers("all"), [1, 2, 3]);
    assert_eq!(numbers("back"), [1, 2]);
    assert_eq!(numbers("ready"), [3]);
    let all = shop.json(&["orders", "--format", "json"]);
    assert_eq!(
        all[0],
        json!({"number": 1, "invoice": 1, "customer": "C1", "status": "open",
               "payment": "when_invoiced", "deposit": "16.66", "due": null,
               "note": "Prepaid Order From Invoice Number 1",
               "phone": "555-0101", "email": "ap@dunmore.test", "call_back": null,
               "lines": [{"sku": "VALVE", "ordered": 4, "delivered": 2, "committed": 0,
                          "backordered": 2, "cancelled": 0, "days_waiting": 0,
                          "backordered_value": "16.66", "eta": null, "po": null}],
               "overdue": false, "days_ready": null, "notified": null})
    );
    let found = shop.json(&["orders", "--find", "walker", "--format", "json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["number"], 2);
    let by_due = shop.json(&["orders", "--sort", "due", "--format", "json"]);
    assert_eq!(by_due[0]["number"], 2);

    let csv = shop.ok(&["orders", "--status", "back", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "order,invoice,customer,name,date,due,overdue,status,payment,deposit,phone,email,\
         days_ready,notified,line,sku,ordered,delivered,committed,backordered,cancelled,fillable,\
         days_waiting,backordered_value,eta,po"
    );
    assert!(lines.next().unwrap().ends_with(
        ",false,open,when_invoiced,16.66,555-0101,ap@dunmore.test,,,1,VALVE,4,2,0,2,0,none,\
             0,16.66,,"
    ));

    // 2 VALVE arrive: order 1's backorder turns fillable here.
    shop.ok(&["receive", "VALVE", "2"]);
    let table = shop.ok(&["orders", "--status", "back"]);
    let valve = table.lines().find(|l| l.contains("VALVE")).unwrap();
    assert!(valve.contains(" 2*"), "{table}");
    assert!(
        table.contains("* stock here covers the backorder"),
        "{table}"
    );
    let csv = shop.ok(&["orders", "--status", "back", "--format", "csv"]);
    assert!(csv.contains(",VALVE,4,2,0,2,0,here,0,16.66,,\n"), "{csv}");
    assert_eq!(numbers("ready"), [1, 3]);
}

#[test]
fn orders_not_told_lists_units_ready_whose_customer_was_not_told() {
    let shop = shop(false);
    let numbers = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["orders", "--format", "json"];
        all.extend_from_slice(args);
        shop.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_i64().unwrap())
            .collect()
    };
    // Order 3 holds 4 SCREW for pickup; nobody told C3 yet.
    assert_eq!(numbers(&["--status", "not-told"]), [3]);
    shop.store().notify_order(3, "phone", "morgan").unwrap();
    assert!(numbers(&["--status", "not-told"]).is_empty());
    assert_eq!(numbers(&["--status", "ready"]), [3]);
    // The sort applies to it as to every status.
    assert_eq!(numbers(&["--status", "back", "--sort", "due"]), [2, 1]);
    let run = shop.run(&["orders", "--status", "untold"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not-told"), "{}", run.stderr);
}

#[test]
fn receive_release_convert_and_show_the_final_invoice() {
    let shop = shop(false);
    let out = shop.ok(&["receive", "TAPE", "5", "--reference", "PO-7"]);
    assert!(
        out.starts_with("received 5 of TAPE at MAIN: on hand 5, available 5\n"),
        "{out}"
    );
    assert!(
        out.contains("orders waiting for TAPE at MAIN, oldest first:"),
        "{out}"
    );
    assert!(out.contains("Pat Walker"), "{out}");
    assert!(out.contains("ringup order release N"), "{out}");

    let out = shop.ok(&["order", "release", "2"]);
    assert_eq!(out, "committed 3 of TAPE to order 2 line 1\n");

    // 3.00 is due under pay when received: refused without a tender, or with too little.
    let run = shop.run(&["order", "convert", "2"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("3.00 is due"), "{}", run.stderr);
    let run = shop.run(&["order", "convert", "2", "--card", "2.00"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = shop.run(&["order", "convert", "2", "--card", "9.00"]);
    assert_eq!(run.code, 2, "a card is never overpaid: {}", run.stderr);
    let run = shop.run(&["order", "convert", "2", "--cash", "abc"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("abc"), "{}", run.stderr);

    let out = shop.ok(&["order", "convert", "2", "--cash", "5.00"]);
    assert!(out.starts_with("final invoice 4 for order 2: "), "{out}");
    assert!(out.contains("change 2.00"), "{out}");
    let invoice = shop.json(&["invoice", "show", "4", "--format", "json"]);
    assert_eq!(
        invoice,
        json!({"number": 4, "customer": "C2",
               "lines": [{"sku": "TAPE", "ordered": 3, "qty": 3, "held_back": 0,
                          "backordered": 0, "unit_price": "1.00", "amount": "3.00",
                          "tax": "0.00"}],
               "deposit": "0.00", "deposit_applied": "0.00", "tax": "0.00", "total": "3.00",
               "change": "2.00", "tenders": [{"kind": "cash", "amount": "5.00"}]})
    );
    let text = shop.ok(&["invoice", "show", "4"]);
    assert!(text.contains("Final invoice 4"), "{text}");
    let order = shop.json(&["order", "show", "2", "--format", "json"]);
    assert_eq!(order["status"], "closed");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");

    // The prepaid order: stock in, released, converted with nothing more to pay.
    shop.ok(&["receive", "VALVE", "2"]);
    shop.ok(&["order", "release", "1"]);
    let out = shop.ok(&["order", "convert", "1"]);
    assert!(out.starts_with("final invoice 5 for order 1"), "{out}");
    let invoice = shop.json(&["invoice", "show", "5", "--format", "json"]);
    assert_eq!(invoice["deposit_applied"], "16.66");
    assert_eq!(invoice["total"], "0.00");
    assert_eq!(invoice["lines"][0]["amount"], "16.66");
    assert_eq!(
        shop.json(&["report", "deposits", "--format", "json"]),
        json!([])
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn receive_with_auto_commit_fills_the_oldest_order_at_once() {
    let shop = shop(true);
    let out = shop.ok(&["receive", "VALVE", "1"]);
    assert!(
        out.starts_with(
            "received 1 of VALVE at MAIN: on hand 1, available 0\n\
             committed 1 to order 1 line 1\n\
             orders waiting for VALVE at MAIN, oldest first:\n"
        ),
        "{out}"
    );
    assert_eq!(
        shop.ok(&["receive", "VALVE", "1"]),
        "received 1 of VALVE at MAIN: on hand 2, available 0\n\
         committed 1 to order 1 line 1\n"
    );
    let order = shop.json(&["order", "show", "1", "--format", "json"]);
    assert_eq!(order["lines"][0]["committed"], 2);
    assert_eq!(order["lines"][0]["backordered"], 0);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn transfer_from_the_yard() {
    let shop = shop(false);
    {
        let mut store = shop.store();
        let c = common::config();
        ring(
            &mut store,
            &c,
            Some("C1"),
            &[("CONC", 5, 0)],
            Payment::WhenReceived,
        );
    }
    let out = shop.ok(&["transfer", "CONC", "5", "--from", "YARD"]);
    assert!(
        out.starts_with("transferred 5 of CONC from YARD to MAIN\n"),
        "{out}"
    );
    assert!(out.contains("orders waiting for CONC at MAIN"), "{out}");
    let run = shop.run(&["transfer", "CONC", "100", "--from", "YARD", "--to", "MAIN"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only 25 available at YARD"),
        "{}",
        run.stderr
    );
    let run = shop.run(&["transfer", "CONC", "1", "--from", "MOON"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("MOON"), "{}", run.stderr);
    shop.ok(&["order", "release", "4"]);
    let out = shop.ok(&["order", "convert", "4", "--account", "30.00"]);
    assert!(out.starts_with("final invoice"), "{out}");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn due_dates_outside_the_order_date_and_two_years_on_are_refused() {
    let shop = shop(false);
    let date = order_date(&shop);
    for bad in [in_days(-1), in_days(800), "9999-01-01".to_string()] {
        let run = shop.run(&["order", "due", "3", &bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("due date = '{bad}'"))
                && run.stderr.contains(&format!("must be between {date} and ")),
            "{}",
            run.stderr
        );
        let order = shop.json(&["order", "show", "3", "--format", "json"]);
        assert_eq!(order["due"], Value::Null, "nothing written for {bad}");
    }
}

#[test]
fn an_overdue_order_is_flagged_in_orders_and_order_show() {
    let shop = shop(false);
    // Order 2 was taken 40 days ago and was due yesterday; its 3 TAPE still wait.
    let store = shop.store();
    store
        .conn()
        .execute(
            "UPDATE orders SET ordered_at = ?1 WHERE number = 2",
            params![format!("{}T09:00:00.000Z", in_days(-40))],
        )
        .unwrap();
    drop(store);
    let yesterday = in_days(-1);
    shop.ok(&["order", "due", "2", &yesterday]);

    let all = shop.json(&["orders", "--format", "json"]);
    let flags: Vec<(i64, bool)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["number"].as_i64().unwrap(),
                o["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(flags, [(2, true), (1, false), (3, false)]);
    let shown = shop.json(&["order", "show", "2", "--format", "json"]);
    assert_eq!(shown["overdue"], true);
    assert_eq!(shown["due"], yesterday.as_str());

    let table = shop.ok(&["orders"]);
    let tape = table.lines().find(|l| l.contains("TAPE")).unwrap();
    assert!(tape.contains(&format!("{yesterday}!")), "{table}");
    assert!(table.contains("! overdue"), "{table}");
    let csv = shop.ok(&["orders", "--format", "csv"]);
    assert!(csv.contains(&format!(",{yesterday},true,open,")), "{csv}");
    let text = shop.ok(&["order", "show", "2"]);
    assert!(text.contains("OVERDUE"), "{text}");
    assert!(!shop.ok(&["order", "show", "1"]).contains("OVERDUE"));
}

#[test]
fn cancel_void_and_due_dates() {
    let shop = shop(false);
    let run = shop.run(&["order", "due", "2", "2025-02-30"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2025-02-30"), "{}", run.stderr);
    let due = in_days(400);
    assert_eq!(
        shop.ok(&["order", "due", "3", &due]),
        format!("order 3: due {due}\n")
    );
    let order = shop.json(&["order", "show", "3", "--format", "json"]);
    assert_eq!(order["due"], due.as_str());
    shop.ok(&["order", "due", "3", "none"]);
    let order = shop.json(&["order", "show", "3", "--format", "json"]);
    assert_eq!(order["due"], Value::Null);

    let run = shop.run(&["order", "cancel", "3", "1"]);
    assert_eq!(run.code, 2, "order 3 has nothing backordered");
    let out = shop.ok(&["order", "void", "3"]);
    assert_eq!(
        out,
        "order 3 void: 4 unit(s) cancelled, 4 committed unit(s) back to stock\n"
    );
    let run = shop.run(&["order", "void", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is void"), "{}", run.stderr);
    let run = shop.run(&["order", "release", "42"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("order = '42'"), "{}", run.stderr);
    let out = shop.ok(&["order", "void", "1", "--user", "morgan", "--refund", "cash"]);
    assert!(
        out.contains("refunded 15.00 on refund 4\nrefund slip: "),
        "{out}"
    );
    let audit_user: String = shop
        .store()
        .conn()
        .query_row(
            "SELECT user_name FROM audit_log WHERE action = 'void_order' AND other_order = 1",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit_user, "morgan");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn check_quick_is_for_a_daily_cron_and_still_fails_on_stock_tampering() {
    let shop = shop(false);
    assert_eq!(
        shop.ok(&["check", "--quick"]),
        "ok: every invariant holds\n"
    );
    {
        let store = shop.store();
        store
            .conn()
            .execute("UPDATE stock SET on_hand = on_hand + 7", params![])
            .unwrap();
    }
    let run = shop.run(&["check", "--quick"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("FAIL on hand = sum of stock movements"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_fails_on_tampering_and_names_what_differs() {
    let shop = shop(false);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    {
        let store = shop.store();
        store
            .conn()
            .execute(
                "UPDATE deposits SET amount = '15.00' WHERE kind = 'taken'",
                params![],
            )
            .unwrap();
    }
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "FAIL deposits ledger = deposits on documents: invoice 1 shows deposit taken 16.66 but the deposits ledger records 15.00"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("invariant failure(s)"),
        "{}",
        run.stderr
    );
}

/// The bytes of a file, to show a check left it untouched.
fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn check_refuses_an_empty_file_and_leaves_it_empty() {
    let shop = Sandbox::new().with_db_file("empty.db");
    std::fs::write(shop.db_file(), b"").unwrap();
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is not a ringup database: the file is empty"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::metadata(shop.db_file()).unwrap().len(), 0);
}

#[test]
fn check_refuses_another_programs_database_and_writes_nothing_to_it() {
    let shop = Sandbox::new().with_db_file("other.db");
    {
        let conn = rusqlite::Connection::open(shop.db_file()).unwrap();
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello');")
            .unwrap();
    }
    let before = bytes(shop.db_file());
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("has none of ringup's tables"),
        "{}",
        run.stderr
    );
    assert_eq!(
        bytes(shop.db_file()),
        before,
        "check wrote to what it checks"
    );
    let names: Vec<String> = rusqlite::Connection::open(shop.db_file())
        .unwrap()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, ["notes"]);
}

#[test]
fn check_refuses_a_missing_file_and_does_not_create_it() {
    let shop = Sandbox::new().with_db_file("nowhere.db");
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a ringup database"),
        "{}",
        run.stderr
    );
    assert!(!shop.db_file().exists());
}

#[test]
fn check_finds_a_damaged_page_before_anything_else() {
    let shop = shop_file();
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    let mut data = bytes(shop.db_file());
    let page = 4096;
    assert!(data.len() > 8 * page, "a store of {} bytes", data.len());
    // Scribble over the cell area of a few b-tree pages past the schema page.
    for p in 3..6 {
        for b in &mut data[p * page..p * page + 1200] {
            *b = 0x5A;
        }
    }
    std::fs::write(shop.db_file(), &data).unwrap();
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("FAIL the database file is damaged"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("ok"), "{}", run.stdout);
}

#[test]
fn check_reads_a_store_while_it_is_open_elsewhere() {
    let shop = shop(false);
    let store = shop.store();
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    drop(store);
}

#[cfg(unix)]
#[test]
fn files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let shop = Sandbox::new().with_db_file("shop.db");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A data directory and a database left readable by an older ringup are closed up too.
    std::fs::set_permissions(shop.data(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_ringup"))
        .args(["init", "--db"])
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(mode(&shop.data()), 0o700);
    assert_eq!(mode(shop.db_file()), 0o600);
    assert_eq!(mode(&shop.data().join("ringup.log")), 0o600);
    // A database made readable by hand is made private again when it is next opened; its
    // WAL and shared-memory files follow the database's mode.
    std::fs::set_permissions(shop.db_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = shop.store();
    assert_eq!(mode(shop.db_file()), 0o600);
    for side in ["shop.db-wal", "shop.db-shm"] {
        let path = shop.data().join(side);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{side}");
        }
    }
    drop(store);
}

#[test]
fn demo_data_refuses_a_store_in_use_unless_forced() {
    let shop = shop(false);
    let run = shop.run(&["demo-data", "--products", "5", "--customers", "2"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already has 4 products and 3 invoices"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    let store = shop.store();
    assert_eq!(store.size().unwrap(), (4, 3), "nothing was written");
    drop(store);
    shop.ok(&[
        "demo-data",
        "--products",
        "5",
        "--customers",
        "2",
        "--force",
    ]);
    assert_eq!(shop.store().size().unwrap().0, 9);
}

#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_ends_the_report_quietly() {
    let shop = Sandbox::new().with_db("big.db");
    shop.ok(&["init"]);
    // Piped, a long job draws no progress bar: stderr stays empty.
    let run = shop.run(&["demo-data", "--products", "12000", "--customers", "5"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$0\" \"$@\" | head -1; exit ${PIPESTATUS:-0}")
        .arg(env!("CARGO_BIN_EXE_ringup"))
        .args(["report", "reorder", "--db"])
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr");
    assert_eq!(String::from_utf8_lossy(&run.stdout).lines().count(), 1);
}

#[test]
fn count_sets_on_hand_and_says_which_orders_changed() {
    let shop = shop(true);
    // Order 2 waits for 3 TAPE; a receipt of 2 commits them at once.
    shop.ok(&["receive", "TAPE", "2"]);
    let out = shop.ok(&["count", "TAPE", "1", "--user", "morgan"]);
    assert_eq!(
        out,
        "counted 1 of TAPE at MAIN (was 2): on hand 1, committed 1\n\
         order 2 line 1: 1 of TAPE back to backordered (the count no longer covers them)\n"
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    let run = shop.run(&["count", "TAPE", "lots"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("QTY 'lots'"), "{}", run.stderr);
}

#[test]
fn order_convert_refunds_a_deposit_over_the_charge_and_refuses_money_for_it() {
    // Taken under `shipped` (20.00 deposit for 2 VALVE), converted under `split`: the last
    // two units cost T(4) − 20.00 = 15.00, so 5.00 goes back.
    let shop = Sandbox::with_config(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nprice_break_basis = \"split\"\n",
    )
    .with_db("shop.db");
    {
        let mut store = shop.store();
        load_catalog(&mut store);
        let mut c = common::config();
        c.backorders.price_break_basis = ringup::domain::pricing::Basis::Shipped;
        ring(
            &mut store,
            &c,
            Some("C1"),
            &[("VALVE", 4, 0)],
            Payment::WhenInvoiced,
        );
    }
    shop.ok(&["receive", "VALVE", "2"]);
    shop.ok(&["order", "release", "1"]);
    let run = shop.run(&["order", "convert", "1", "--cash", "1.00"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing is due; 5.00 goes back"),
        "{}",
        run.stderr
    );
    let out = shop.ok(&["order", "convert", "1"]);
    assert!(out.contains("goods 15.00"), "{out}");
    assert!(!out.contains("change"), "{out}");
    let doc: Value =
        serde_json::from_str(&shop.ok(&["invoice", "show", "2", "--format", "json"])).unwrap();
    assert_eq!(
        doc["tenders"],
        json!([{"kind": "refund", "amount": "-5.00"}])
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

/// A shop with users: morgan (manager, PIN 246810) and casey (clerk, PIN 1357).
fn shop_with_users() -> Sandbox {
    let shop = shop(false);
    let mut store = shop.store();
    store.set_pin_policy(common::cheap_pins());
    store
        .add_user("morgan", ringup::domain::Role::Manager, "246810")
        .unwrap();
    store
        .add_user("casey", ringup::domain::Role::Clerk, "1357")
        .unwrap();
    shop
}

/// Runs ringup in the shop with `RINGUP_PIN` set (or not) and `stdin` fed in.
fn run_with(shop: &Sandbox, args: &[&str], pin: Option<&str>, stdin: &str) -> common::cli::Run {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ringup"));
    cmd.args(args)
        .arg("--db")
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .env_remove("RINGUP_PIN")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(pin) = pin {
        cmd.env("RINGUP_PIN", pin);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    common::cli::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn audit_rows(shop: &Sandbox) -> Vec<(String, String, String)> {
    shop.store()
        .conn()
        .prepare("SELECT user_name, action, detail FROM audit_log ORDER BY id")
        .unwrap()
        .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn order_status(shop: &Sandbox, number: i64) -> String {
    shop.store()
        .order(number)
        .unwrap()
        .unwrap()
        .status
        .to_string()
}

#[test]
fn writing_commands_refuse_clerks_strangers_and_wrong_pins_and_write_nothing() {
    let shop = shop_with_users();
    let refusals: [(&[&str], Option<&str>, &str); 5] = [
        (
            &["order", "void", "1", "--user", "casey"],
            Some("1357"),
            "a clerk may not void an order",
        ),
        (
            &["order", "void", "1", "--user", "ghost"],
            Some("1357"),
            "ghost: no such user",
        ),
        (
            &["order", "void", "1", "--user", "morgan"],
            Some("9999"),
            "wrong PIN",
        ),
        (
            &["order", "void", "1"],
            Some("246810"),
            "needs a user: give --user NAME",
        ),
        (
            &["order", "void", "1", "--user", "morgan"],
            None,
            "no PIN; set RINGUP_PIN",
        ),
    ];
    for (args, pin, says) in refusals {
        let run = run_with(&shop, args, pin, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(order_status(&shop, 1), "open", "{args:?} wrote");
    }
    for (args, what) in [
        (
            &["receive", "TAPE", "2", "--user", "casey"][..],
            "receive stock",
        ),
        (
            &["transfer", "CONC", "1", "--from", "YARD", "--user", "casey"][..],
            "transfer stock",
        ),
        (
            &["count", "TAPE", "9", "--user", "casey"][..],
            "count stock",
        ),
    ] {
        let run = run_with(&shop, args, Some("1357"), "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("a clerk may not {what}")),
            "{}",
            run.stderr
        );
    }
    // A due date is the policy's: a manager's, or approved by one.
    let due = in_days(60);
    let run = run_with(
        &shop,
        &["order", "due", "2", &due, "--user", "casey"],
        Some("1357"),
        "",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("setting an order's due date needs a manager; nothing was written"),
        "{}",
        run.stderr
    );
    let failed: Vec<_> = audit_rows(&shop)
        .into_iter()
        .filter(|(_, action, _)| action == "sign_in_failed")
        .collect();
    assert_eq!(
        failed.len(),
        2,
        "the stranger and the wrong PIN: {failed:?}"
    );
    assert!(
        !audit_rows(&shop)
            .iter()
            .any(|(_, a, _)| a == "void_order" || a == "receipt"),
        "nothing was done"
    );
    // The manager with the right PIN may; the audit names her.
    let run = run_with(
        &shop,
        &["order", "void", "1", "--user", "morgan", "--refund", "cash"],
        Some("246810"),
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(order_status(&shop, 1), "void");
    assert!(
        audit_rows(&shop)
            .iter()
            .any(|(u, a, _)| u == "morgan" && a == "void_order")
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn users_are_changed_only_by_a_manager_and_never_by_adding_them_again() {
    let shop = shop_with_users();
    // Re-adding a name cannot reset a PIN or promote a clerk.
    for args in [
        &[
            "user", "add", "morgan", "--role", "manager", "--user", "morgan",
        ][..],
        &[
            "user", "add", "casey", "--role", "manager", "--user", "morgan",
        ][..],
    ] {
        let run = run_with(&shop, args, Some("246810"), "9999\n");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("is already a user"), "{}", run.stderr);
    }
    // A clerk cannot promote herself or add a user.
    let run = run_with(
        &shop,
        &["user", "role", "casey", "manager", "--user", "casey"],
        Some("1357"),
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a clerk may not change a role"),
        "{}",
        run.stderr
    );
    let run = run_with(
        &shop,
        &["user", "add", "pat", "--role", "clerk", "--user", "casey"],
        Some("1357"),
        "4321\n",
    );
    assert_eq!(run.code, 2);
    // The manager can, and it is audited.
    let run = run_with(
        &shop,
        &["user", "add", "pat", "--role", "clerk", "--user", "morgan"],
        Some("246810"),
        "4321\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_with(
        &shop,
        &["user", "pin", "casey", "--user", "morgan"],
        Some("246810"),
        "8642\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A clerk made a manager needs a manager's PIN: none, or a clerk's, is refused.
    for pin in ["", "8642\n"] {
        let run = run_with(
            &shop,
            &["user", "role", "casey", "manager", "--user", "morgan"],
            Some("246810"),
            pin,
        );
        assert_eq!(run.code, 2, "{pin:?}: {}", run.stderr);
        assert!(run.stderr.contains("PIN"), "{}", run.stderr);
    }
    let run = run_with(
        &shop,
        &["user", "role", "casey", "manager", "--user", "morgan"],
        Some("246810"),
        "864200\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changes: Vec<(String, String, String)> = audit_rows(&shop)
        .into_iter()
        .filter(|(_, a, _)| a.starts_with("user_"))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "morgan".into(),
                "user_add".into(),
                "added pat as clerk".into()
            ),
            (
                "morgan".into(),
                "user_pin".into(),
                "changed the PIN of casey".into()
            ),
            (
                "morgan".into(),
                "user_role".into(),
                "casey: clerk -> manager".into()
            ),
        ]
    );
    // casey's new manager's PIN works, the old ones do not.
    let run = run_with(
        &shop,
        &["order", "due", "2", &in_days(60), "--user", "casey"],
        Some("8642"),
        "",
    );
    assert!(run.stderr.contains("wrong PIN"), "{}", run.stderr);
    let run = run_with(
        &shop,
        &["order", "due", "2", &in_days(60), "--user", "casey"],
        Some("864200"),
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The last manager cannot be demoted.
    let run = run_with(
        &shop,
        &["user", "role", "morgan", "clerk", "--user", "morgan"],
        Some("246810"),
        "",
    );
    assert_eq!(run.code, 0, "casey is a manager now: {}", run.stderr);
    let run = run_with(
        &shop,
        &["user", "role", "casey", "clerk", "--user", "casey"],
        Some("864200"),
        "",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the last manager"), "{}", run.stderr);
}

#[test]
fn a_disabled_user_can_neither_sign_in_nor_write_and_the_last_manager_stays() {
    let shop = shop_with_users();
    let run_as = |args: &[&str], user: &str, pin: &str| {
        let mut all = args.to_vec();
        all.extend(["--user", user]);
        run_with(&shop, &all, Some(pin), "")
    };
    // A clerk may not disable anyone; a manager may not disable himself or the last manager.
    let run = run_as(&["user", "disable", "morgan"], "casey", "1357");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a clerk may not disable a user"),
        "{}",
        run.stderr
    );
    let run = run_as(&["user", "disable", "morgan"], "morgan", "246810");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot disable yourself"),
        "{}",
        run.stderr
    );
    let run = run_as(&["user", "disable", "casey"], "morgan", "246810");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        shop.ok(&["user", "list"]),
        "casey\tclerk\tdisabled\nmorgan\tmanager\n"
    );
    let run = run_as(&["order", "due", "2", &in_days(60)], "casey", "1357");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--user casey: disabled"),
        "{}",
        run.stderr
    );
    let run = run_as(&["user", "enable", "casey"], "morgan", "246810");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        shop.ok(&["user", "list"]),
        "casey\tclerk\nmorgan\tmanager\n"
    );
    let actions: Vec<(String, String)> = audit_rows(&shop)
        .into_iter()
        .filter(|(_, a, _)| a.starts_with("user_") || a == "sign_in_failed")
        .map(|(u, a, d)| (format!("{u} {a}"), d))
        .collect();
    assert_eq!(
        actions,
        [
            (
                "morgan user_disable".to_string(),
                "disabled casey".to_string()
            ),
            ("casey sign_in_failed".to_string(), "disabled".to_string()),
            (
                "morgan user_enable".to_string(),
                "enabled casey".to_string()
            ),
        ]
    );
    // With a second manager, the first can be disabled, but then not the second.
    let mut store = shop.store();
    store.set_pin_policy(common::cheap_pins());
    store
        .add_user("avery", ringup::domain::Role::Manager, "135790")
        .unwrap();
    drop(store);
    let run = run_as(&["user", "disable", "morgan"], "avery", "135790");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_as(&["user", "role", "avery", "clerk"], "avery", "135790");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the last manager"), "{}", run.stderr);
}

#[test]
fn the_first_user_of_an_empty_store_needs_no_one() {
    let shop = Sandbox::new().with_db("new.db");
    shop.ok(&["init"]);
    // Even the first manager needs a manager's PIN.
    let run = run_with(
        &shop,
        &["user", "add", "morgan", "--role", "manager"],
        None,
        "2468\n",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a manager's PIN must be 6 to 12 digits"),
        "{}",
        run.stderr
    );
    assert_eq!(shop.ok(&["user", "list"]), "", "nothing written");
    let run = run_with(
        &shop,
        &["user", "add", "morgan", "--role", "manager"],
        None,
        "246810\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_with(
        &shop,
        &["user", "add", "casey", "--role", "clerk"],
        None,
        "1357\n",
    );
    assert_eq!(run.code, 2, "the second needs a manager: {}", run.stderr);
    assert!(run.stderr.contains("needs a user"), "{}", run.stderr);
}

#[test]
fn a_receipt_and_a_sale_complete_while_a_large_import_runs_in_another_process() {
    let shop = shop(false);
    let rows = 100_000;
    let mut csv = String::from(
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n",
    );
    for n in 0..rows {
        csv.push_str(&format!(
            "BULK-{n:06},,Bulk item {n},1.00,,5,MAIN,0,0,Acme,standard\n"
        ));
    }
    let file = shop.dir.path().join("bulk.csv");
    std::fs::write(&file, csv).unwrap();
    let mut import = std::process::Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(["import", "products"])
        .arg(&file)
        .arg("--db")
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Receive stock from this process for as long as the import runs.
    let mut store = shop.store();
    let mut overlapped = 0;
    loop {
        let running = import.try_wait().unwrap().is_none();
        if !running {
            break;
        }
        {
            store
                .receive_and_fill(
                    "TAPE",
                    1,
                    "MAIN",
                    ringup::store::stock::MovementKind::Receipt,
                    "during import",
                    "boss",
                    false,
                )
                .expect("a receipt is never kept waiting behind the import");
            // And a counter sale, as long as there are screws to sell.
            if overlapped < 50 {
                common::ring(
                    &mut store,
                    &common::config(),
                    None,
                    &[("SCREW", 1, 0)],
                    ringup::domain::sale::Payment::WhenReceived,
                );
            }
            overlapped += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(import.wait().unwrap().success());
    assert!(
        overlapped > 0,
        "the import finished before a receipt could overlap it"
    );
    assert_eq!(store.size().unwrap().0, 4 + rows);
    drop(store);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn reprint_prints_any_document_again_marked_copy() {
    let shop = shop(false);
    let out = shop.ok(&["reprint", "invoice", "1"]);
    assert!(out.starts_with("copy printed to "), "{out}");
    let path = out.trim_start_matches("copy printed to ").trim_end();
    let printed = std::fs::read_to_string(path).unwrap();
    assert!(
        printed.trim_start().starts_with("*** COPY ***"),
        "{printed}"
    );
    assert!(printed.contains("Invoice 1"), "{printed}");
    assert!(printed.contains("Returns: INV-000001"), "{printed}");
    let run = shop.run(&["reprint", "payment", "7"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("payment") && run.stderr.contains('7'),
        "{}",
        run.stderr
    );
    let run = shop.run(&["reprint", "receipt", "1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn generated_orders_wait_for_different_times_with_the_demos_suppliers() {
    let shop = Sandbox::new().with_db("big.db");
    shop.ok(&["init"]);
    shop.ok(&[
        "demo-data",
        "--products",
        "300",
        "--customers",
        "20",
        "--orders",
        "40",
    ]);
    let suppliers: i64 = shop
        .store()
        .conn()
        .query_row("SELECT count(*) FROM suppliers", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(
        suppliers, 6,
        "the demo's suppliers, which the products name"
    );
    // Orders spread over the last 120 days fill every bucket of the aging report.
    let aging = shop.json(&["report", "aging", "--format", "json"]);
    let buckets: Vec<(&str, i64)> = aging
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["bucket"].as_str().unwrap(), b["lines"].as_i64().unwrap()))
        .collect();
    assert_eq!(buckets.len(), 4, "{aging}");
    assert!(buckets.iter().all(|(_, lines)| *lines > 0), "{aging}");
}
