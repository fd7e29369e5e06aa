//! Suppliers and purchase orders: imports, suggestions less what is on order, purchase
//! orders received in parts and beyond, cancelled, the waiting orders filled oldest first,
//! and `check` on tampered receipts; through the store and through the real binary.

mod common;

use common::cli::Sandbox;
use common::{SUPPLIERS, config, load_catalog, ring};
use jiff::civil::Date;
use ringup::domain::purchasing::{PoStatus, still_to_order};
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::import::ImportRules;
use ringup::store::params;
use ringup::store::purchasing::NewPo;
use ringup::store::stock::MovementKind;
use serde_json::json;

/// The test catalog again, with the supplier's part numbers and costs.
const PRODUCTS_WITH_COST: &str = "\
sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class,supplier_sku,cost
VALVE,0001,Ball valve 3/4in brass,10.00,3for25.00,2,MAIN,4,10,Keystone,standard,KS-BV34,6.25
SCREW,0002,Wood screw #8 box,5.00,,100,MAIN,20,50,Northline,standard,NL-8,
TAPE,0003,PTFE tape 1/2in,1.00,,0,MAIN,5,20,Keystone,standard,KS-PT12,0.40
CONC,0004,Concrete mix 80lb,6.00,,30,YARD,0,0,Prairie,exempt,,
";

fn rules() -> ImportRules {
    common::import_rules()
}

const TODAY: Date = jiff::civil::date(2026, 11, 22);

/// The test catalog with costs, the two suppliers, and two orders waiting for TAPE:
/// order 1: C2 3 TAPE; order 2: C1 2 TAPE (both backordered, none on hand).
fn purchasing_store() -> Store {
    let mut store = common::store();
    prepare(&mut store);
    store
}

fn prepare(store: &mut Store) {
    assert!(
        store
            .import_products(PRODUCTS_WITH_COST.as_bytes(), &rules())
            .unwrap()
            .committed
    );
    assert!(
        store
            .import_suppliers(SUPPLIERS.as_bytes(), &rules())
            .unwrap()
            .committed
    );
    let c = config();
    ring(
        store,
        &c,
        Some("C2"),
        &[("TAPE", 3, 0)],
        Payment::WhenReceived,
    );
    ring(
        store,
        &c,
        Some("C1"),
        &[("TAPE", 2, 0)],
        Payment::WhenReceived,
    );
}

fn keystone(from_suggestions: bool) -> NewPo<'static> {
    NewPo {
        supplier: "Keystone",
        location: "MAIN",
        expected: None,
        from_suggestions,
        user: "boss",
    }
}

/// (sku, qty) of the suggestions.
fn suggested(store: &Store) -> Vec<(String, i64)> {
    store
        .po_suggestions("MAIN", None)
        .unwrap()
        .into_iter()
        .map(|s| (s.sku, s.qty))
        .collect()
}

fn sound(store: &Store, after: &str) {
    let findings = store.check().unwrap();
    assert!(findings.is_empty(), "after {after}: {findings:#?}");
}

/// (order, line, committed, backordered) of every order line.
fn order_lines(store: &Store) -> Vec<(i64, i64, i64, i64)> {
    store
        .conn()
        .query_map(
            "SELECT order_number, line_no, committed, backordered FROM order_lines
             ORDER BY order_number, line_no",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

fn s(sku: &str, qty: i64) -> (String, i64) {
    (sku.to_string(), qty)
}

#[test]
fn suppliers_import_with_every_bad_row_named_and_update_on_reimport() {
    let mut store = common::store();
    let bad = "code,name,phone,email,lead_time_days\n\
               Keystone,Keystone Supply,,,7\n\
               ,No Code,,,1\n\
               Acme,Acme,,not-mail,400\n\
               Keystone,Again,,,1\n";
    let report = store.import_suppliers(bad.as_bytes(), &rules()).unwrap();
    assert!(!report.committed);
    let errors: Vec<String> = report.bad_rows.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errors,
        [
            "line 3: code = '': is required",
            "line 4: email = 'not-mail': is not an email address",
            "line 4: lead_time_days = '400': must be a whole number of days from 0 to 365",
            "line 5: code = 'Keystone': appears twice in the file",
        ]
    );
    assert!(store.supplier("Keystone").is_err(), "nothing written");
    let skipping = ImportRules {
        skip_bad: true,
        ..rules()
    };
    let report = store.import_suppliers(bad.as_bytes(), &skipping).unwrap();
    assert_eq!((report.written, report.bad_rows.len()), (1, 4));
    store
        .import_suppliers(SUPPLIERS.as_bytes(), &rules())
        .unwrap();
    let (_, keystone) = store.supplier("Keystone").unwrap();
    assert_eq!(
        (
            keystone.name.as_str(),
            keystone.lead_time_days,
            keystone.email.as_str()
        ),
        ("Keystone Supply", 7, "orders@keystone.test")
    );
    let header = "code,name\nX,Y\n";
    let report = store.import_suppliers(header.as_bytes(), &rules()).unwrap();
    assert_eq!(
        report.bad_rows[0].to_string(),
        "line 1: header = '': expected columns 'code,name,phone,email,lead_time_days', found 'code,name'"
    );
}

/// (supplier_sku, cost) of a product.
fn purchasing_figures(store: &Store, sku: &str) -> (String, Option<String>) {
    store
        .conn()
        .query_row(
            "SELECT supplier_sku, cost FROM products WHERE sku = ?1",
            params![sku],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn product_files_with_and_without_cost_columns_both_import() {
    let mut store = common::store();
    assert_eq!(purchasing_figures(&store, "VALVE"), (String::new(), None));
    let report = store
        .import_products(PRODUCTS_WITH_COST.as_bytes(), &rules())
        .unwrap();
    assert_eq!((report.written, report.committed), (4, true));
    assert_eq!(
        purchasing_figures(&store, "VALVE"),
        ("KS-BV34".into(), Some("6.25".into()))
    );
    assert_eq!(purchasing_figures(&store, "SCREW"), ("NL-8".into(), None));
    // An old file (no supplier_sku, cost) still imports and leaves them as they were.
    let report = store
        .import_products(common::PRODUCTS.as_bytes(), &rules())
        .unwrap();
    assert_eq!((report.written, report.committed), (4, true));
    assert_eq!(
        purchasing_figures(&store, "VALVE"),
        ("KS-BV34".into(), Some("6.25".into()))
    );
    let bad = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class,supplier_sku,cost\n\
               VALVE,0001,Ball valve,10.00,,2,MAIN,4,10,Keystone,standard,KS-BV34,-1\n\
               TAPE,0003,PTFE tape,1.00,,0,MAIN,5,20,Keystone,standard,KS-PT12\n";
    let report = store.import_products(bad.as_bytes(), &rules()).unwrap();
    let errors: Vec<String> = report.bad_rows.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 2: cost = '-1': "), "{errors:?}");
    assert_eq!(
        errors[1],
        "line 3: row = 'TAPE,0003,PTFE tape,1.00,,0,MAIN,5,20,Keystone,standard,KS-PT12': has 12 fields, expected 13"
    );
    assert_eq!(
        purchasing_figures(&store, "VALVE"),
        ("KS-BV34".into(), Some("6.25".into())),
        "nothing written"
    );
    let extra = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class,cost\n";
    let report = store.import_products(extra.as_bytes(), &rules()).unwrap();
    assert!(
        report.bad_rows[0]
            .reason
            .contains("optionally followed by 'supplier_sku,cost'")
    );
}

#[test]
fn suggestions_become_a_po_covering_the_waiting_orders_and_leave_the_suggestions() {
    let mut store = purchasing_store();
    // TAPE: restock 20 (below its minimum of 5) and 5 backordered; VALVE: restock 10.
    assert_eq!(suggested(&store), [s("TAPE", 25), s("VALVE", 10)]);
    let number = store.create_po(&keystone(true), TODAY).unwrap();
    assert_eq!(number, 1);
    let po = store.purchase_order(1).unwrap();
    assert_eq!(po.status, PoStatus::Open);
    assert_eq!(po.expected, "2026-11-29", "today plus Keystone's 7 days");
    let lines: Vec<_> = po
        .lines
        .iter()
        .map(|l| (l.line, l.sku.as_str(), l.qty, l.cost.map(|c| c.to_string())))
        .collect();
    assert_eq!(
        lines,
        [
            (1, "TAPE", 25, Some("0.40".to_string())),
            (2, "VALVE", 10, Some("6.25".to_string()))
        ]
    );
    let covers: Vec<_> = po.lines[0]
        .covers
        .iter()
        .map(|c| (c.order, c.line, c.qty))
        .collect();
    assert_eq!(covers, [(1, 1, 3), (2, 1, 2)], "oldest order first");
    assert!(po.lines[1].covers.is_empty());
    assert_eq!(po.value().to_string(), "72.50");
    assert!(
        suggested(&store).is_empty(),
        "the PO brings everything suggested"
    );
    sound(&store, "a PO from suggestions");
    // Nothing left to order: a second PO from the suggestions is refused, nothing written.
    let err = store.create_po(&keystone(true), TODAY).unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    assert!(store.purchase_order(2).is_err());
}

#[test]
fn a_partial_receipt_fills_the_oldest_order_first_then_the_rest_arrives() {
    let mut store = purchasing_store();
    store.create_po(&keystone(true), TODAY).unwrap();
    let (status, receipts) = store.receive_po(1, &[s("TAPE", 4)], "boss", true).unwrap();
    assert_eq!(status, PoStatus::Open);
    let filled: Vec<_> = receipts[0]
        .outcome
        .filled
        .iter()
        .map(|f| (f.order, f.qty))
        .collect();
    assert_eq!(filled, [(1, 3), (2, 1)]);
    assert_eq!(order_lines(&store), [(1, 1, 3, 0), (2, 1, 1, 1)]);
    let reference: Vec<(String, i64)> = store
        .conn()
        .query_map(
            "SELECT reference, qty FROM stock_movements WHERE kind = 'receipt'",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(reference, [s("po 1", 4)]);
    sound(&store, "a partial receipt");
    // What is still to come is no longer suggested; the rest of TAPE and all of VALVE come.
    assert!(suggested(&store).is_empty());
    let (status, receipts) = store.receive_po(1, &[], "boss", true).unwrap();
    assert_eq!(status, PoStatus::Received);
    let got: Vec<_> = receipts
        .iter()
        .map(|r| (r.sku.as_str(), r.qty, r.over))
        .collect();
    assert_eq!(got, [("TAPE", 21, 0), ("VALVE", 10, 0)]);
    assert_eq!(order_lines(&store), [(1, 1, 3, 0), (2, 1, 2, 0)]);
    sound(&store, "the rest received");
    let err = store.receive_po(1, &[], "boss", true).unwrap_err();
    assert!(err.to_string().contains("is received"), "{err}");
}

#[test]
fn an_over_receipt_is_recorded_as_such_and_check_holds() {
    let mut store = purchasing_store();
    store.create_po(&keystone(false), TODAY).unwrap();
    store.add_to_po(1, "TAPE", 5, None, "boss").unwrap();
    let (status, receipts) = store.receive_po(1, &[s("TAPE", 8)], "boss", false).unwrap();
    assert_eq!((status, receipts[0].over), (PoStatus::Received, 3));
    let line = &store.purchase_order(1).unwrap().lines[0];
    assert_eq!((line.qty, line.received, line.over_received), (5, 8, 3));
    let tape = store.require_product("TAPE").unwrap().id;
    assert_eq!(store.stock_level(tape, "MAIN").unwrap().on_hand, 8);
    sound(&store, "an over-receipt");
    // A SKU not on the order is refused, and nothing is received.
    let mut store = purchasing_store();
    store.create_po(&keystone(false), TODAY).unwrap();
    store.add_to_po(1, "TAPE", 5, None, "boss").unwrap();
    let err = store
        .receive_po(1, &[s("TAPE", 1), s("SCREW", 2)], "boss", true)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "SKU = 'SCREW': not on purchase order 1; nothing was received"
    );
    assert_eq!(store.purchase_order(1).unwrap().lines[0].received, 0);
    sound(&store, "a refused receipt");
}

#[test]
fn a_cancelled_po_returns_its_lines_to_the_suggestions() {
    let mut store = purchasing_store();
    store.create_po(&keystone(true), TODAY).unwrap();
    assert!(suggested(&store).is_empty());
    store.cancel_po(1, "boss").unwrap();
    assert_eq!(store.purchase_order(1).unwrap().status, PoStatus::Cancelled);
    assert_eq!(suggested(&store), [s("TAPE", 25), s("VALVE", 10)]);
    // A new PO covers the waiting orders again: the cancelled one's covers no longer count.
    store.create_po(&keystone(true), TODAY).unwrap();
    let covers: Vec<_> = store.purchase_order(2).unwrap().lines[0]
        .covers
        .iter()
        .map(|c| (c.order, c.qty))
        .collect();
    assert_eq!(covers, [(1, 3), (2, 2)]);
    let err = store.cancel_po(1, "boss").unwrap_err();
    assert_eq!(
        err.to_string(),
        "N = '1': purchase order 1 is cancelled: cannot cancel it"
    );
    let err = store.add_to_po(1, "TAPE", 1, None, "boss").unwrap_err();
    assert!(err.is_bad_input());
    sound(&store, "a cancelled PO");
}

#[test]
fn adding_merges_lines_and_bad_input_writes_nothing() {
    let mut store = purchasing_store();
    let expected = jiff::civil::date(2026, 12, 24);
    let n = store
        .create_po(
            &NewPo {
                expected: Some(expected),
                ..keystone(false)
            },
            TODAY,
        )
        .unwrap();
    assert_eq!(store.purchase_order(n).unwrap().expected, "2026-12-24");
    store.add_to_po(n, "TAPE", 2, None, "boss").unwrap();
    let line = store
        .add_to_po(n, "TAPE", 4, Some(common::money("0.35")), "boss")
        .unwrap();
    assert_eq!(
        (line.line, line.qty, line.cost.map(|c| c.to_string())),
        (1, 6, Some("0.35".into()))
    );
    let covers: Vec<_> = line.covers.iter().map(|c| (c.order, c.qty)).collect();
    assert_eq!(covers, [(1, 3), (2, 2)], "the 5 waiting units, no more");
    for (sku, qty, field) in [
        ("NOPE", 1, "NOPE"),
        ("TAPE", 0, "QTY"),
        ("TAPE", 1_000_001, "QTY"),
    ] {
        let err = store.add_to_po(n, sku, qty, None, "boss").unwrap_err();
        assert!(
            err.is_bad_input() && err.to_string().contains(field),
            "{err}"
        );
    }
    assert!(store.add_to_po(9, "TAPE", 1, None, "boss").is_err());
    let early = NewPo {
        expected: Some(jiff::civil::date(2026, 11, 1)),
        ..keystone(false)
    };
    let err = store.create_po(&early, TODAY).unwrap_err();
    assert!(
        err.to_string().starts_with("--expected = '2026-11-01'"),
        "{err}"
    );
    let err = store
        .create_po(
            &NewPo {
                supplier: "Nobody",
                ..keystone(false)
            },
            TODAY,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "supplier = 'Nobody': no such supplier (import suppliers first)"
    );
    assert_eq!(
        store.purchase_orders(None).unwrap().len(),
        1,
        "nothing else written"
    );
}

/// The findings of one invariant.
fn failing(store: &Store, invariant: &str) -> Vec<String> {
    store
        .check()
        .unwrap()
        .into_iter()
        .filter(|f| f.invariant == invariant)
        .map(|f| f.detail)
        .collect()
}

#[test]
fn check_catches_a_tampered_po_receipt() {
    let mut store = purchasing_store();
    store.create_po(&keystone(true), TODAY).unwrap();
    store.receive_po(1, &[s("TAPE", 4)], "boss", true).unwrap();
    sound(&store, "a receipt");
    store
        .conn()
        .execute(
            "UPDATE po_lines SET received = received + 2 WHERE po_number = 1 AND line_no = 1",
            params![],
        )
        .unwrap();
    assert_eq!(
        failing(&store, "every purchase order receipt is a ledger movement"),
        ["purchase order 1 (TAPE): 6 received but the receipt movements add up to 4"]
    );
    store
        .conn()
        .execute(
            "UPDATE po_lines SET received = 30 WHERE po_number = 1 AND line_no = 1",
            params![],
        )
        .unwrap();
    assert_eq!(
        failing(
            &store,
            "purchase order received <= ordered unless recorded as an over-receipt"
        ),
        ["purchase order 1 line 1 (TAPE): ordered 25, received 30, recorded over-receipt 0"]
    );
    let mut store = purchasing_store();
    store.create_po(&keystone(true), TODAY).unwrap();
    store
        .conn()
        .execute("UPDATE purchase_orders SET status = 'received'", params![])
        .unwrap();
    assert_eq!(
        failing(&store, "purchase order status agrees with its lines"),
        ["purchase order 1 is received but 2 line(s) have units to come"]
    );
}

#[test]
fn check_catches_a_receipt_movement_naming_a_po_it_is_not_on() {
    let mut store = purchasing_store();
    store.create_po(&keystone(true), TODAY).unwrap();
    store
        .receive_and_fill(
            "SCREW",
            5,
            "MAIN",
            ringup::store::stock::MovementKind::Receipt,
            "po 1",
            "boss",
            false,
        )
        .unwrap();
    assert_eq!(
        failing(&store, "every purchase order receipt is a ledger movement"),
        ["purchase order 1 (SCREW): 0 received but the receipt movements add up to 5"]
    );
}

// ---- the command line ----

/// A sandbox store with the catalog, costs, suppliers and the two TAPE orders.
fn shop() -> Sandbox {
    let shop = Sandbox::with_config(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nauto_commit_on_receipt = true\n",
    )
    .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    prepare(&mut store);
    shop
}

/// The shop with `auto_commit_on_receipt` as given.
fn shop_filling(auto: bool) -> Sandbox {
    let shop = Sandbox::with_config(&format!(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nauto_commit_on_receipt = {auto}\n"
    ))
    .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    prepare(&mut store);
    shop
}

/// Today's date in UTC, as the store dates its documents.
/// Today as the binary dates its documents.
fn today() -> String {
    common::cli::in_days(0)
}

fn write_file(shop: &Sandbox, name: &str, text: &str) -> String {
    let path = shop.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn po_suggest_in_three_formats() {
    let shop = shop();
    assert_eq!(
        shop.ok(&["po", "suggest"]),
        "Supplier  Sku    Description             Supplier sku  Suggested  On order  Qty  Cost\n\
         --------  -----  ----------------------  ------------  ---------  --------  ---  ----\n\
         Keystone  TAPE   PTFE tape 1/2in         KS-PT12              25         0   25  0.40\n\
         Keystone  VALVE  Ball valve 3/4in brass  KS-BV34              10         0   10  6.25\n"
    );
    assert_eq!(
        shop.ok(&["po", "suggest", "--supplier", "Keystone", "--format", "csv"]),
        "supplier,sku,description,supplier_sku,suggested,on_order,qty,cost\n\
         Keystone,TAPE,PTFE tape 1/2in,KS-PT12,25,0,25,0.40\n\
         Keystone,VALVE,Ball valve 3/4in brass,KS-BV34,10,0,10,6.25\n"
    );
    assert_eq!(
        shop.json(&[
            "po",
            "suggest",
            "--supplier",
            "Northline",
            "--format",
            "json"
        ]),
        json!([])
    );
    // Once a PO brings part of it, only the rest is suggested.
    shop.ok(&["po", "create", "--supplier", "Keystone"]);
    shop.ok(&["po", "add", "1", "TAPE", "15"]);
    assert_eq!(
        shop.json(&["po", "suggest", "--format", "json"]),
        json!([
            {"supplier": "Keystone", "sku": "TAPE", "description": "PTFE tape 1/2in",
             "supplier_sku": "KS-PT12", "suggested": 25, "on_order": 15, "qty": 10, "cost": "0.40"},
            {"supplier": "Keystone", "sku": "VALVE", "description": "Ball valve 3/4in brass",
             "supplier_sku": "KS-BV34", "suggested": 10, "on_order": 0, "qty": 10, "cost": "6.25"}
        ])
    );
    let run = shop.run(&["po", "suggest", "--supplier", "Nobody"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "ringup: supplier = 'Nobody': no such supplier (import suppliers first)\n"
    );
}

#[test]
fn po_create_add_and_show_in_three_formats() {
    let shop = shop();
    let today = today();
    let expected = common::cli::in_days(10);
    assert_eq!(
        shop.ok(&[
            "po",
            "create",
            "--supplier",
            "Keystone",
            "--from-suggestions",
            "--expected",
            &expected
        ]),
        format!(
            "purchase order 1 created for Keystone, expected {expected}\n\
             Purchase order 1  open\n\
             Supplier Keystone (Keystone Supply)\n\
             Ordered {today}  expected {expected}  deliver to MAIN\n\
             \n \
             Line  Sku    Description             Supplier sku  Qty  Received  Outstanding  Cost  Value\n\
             -----  -----  ----------------------  ------------  ---  --------  -----------  ----  -----\n\
             \x20   1  TAPE   PTFE tape 1/2in         KS-PT12        25         0           25  0.40  10.00\n\
             \x20   2  VALVE  Ball valve 3/4in brass  KS-BV34        10         0           10  6.25  62.50\n\
             -----  -----  ----------------------  ------------  ---  --------  -----------  ----  -----\n\
             TOTAL                                                                                 72.50\n\
             line 1 covers 3 for order 1 line 1\n\
             line 1 covers 2 for order 2 line 1\n"
        )
    );
    let added = shop.json(&[
        "po", "add", "1", "SCREW", "10", "--cost", "2.10", "--format", "json",
    ]);
    assert_eq!(
        added["lines"][2],
        json!({
            "line": 3, "sku": "SCREW", "description": "Wood screw #8 box", "supplier_sku": "NL-8",
            "qty": 10, "received": 0, "over_received": 0, "cost": "2.10", "covers": []
        })
    );
    assert_eq!(
        shop.ok(&["po", "show", "1", "--format", "csv"]),
        "po,line,sku,description,supplier_sku,qty,received,outstanding,cost,value\n\
         1,1,TAPE,PTFE tape 1/2in,KS-PT12,25,0,25,0.40,10.00\n\
         1,2,VALVE,Ball valve 3/4in brass,KS-BV34,10,0,10,6.25,62.50\n\
         1,3,SCREW,Wood screw #8 box,NL-8,10,0,10,2.10,21.00\n"
    );
    let po = shop.json(&["po", "show", "1", "--format", "json"]);
    assert_eq!(
        (
            &po["number"],
            &po["supplier"],
            &po["status"],
            &po["expected"]
        ),
        (
            &json!(1),
            &json!("Keystone"),
            &json!("open"),
            &json!(expected)
        )
    );
    assert!(common::cli::s(&po, "ordered_at").starts_with(&today));
    let lines: Vec<_> = po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sku"].clone(),
                l["qty"].clone(),
                l["received"].clone(),
                l["cost"].clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (json!("TAPE"), json!(25), json!(0), json!("0.40")),
            (json!("VALVE"), json!(10), json!(0), json!("6.25")),
            (json!("SCREW"), json!(10), json!(0), json!("2.10"))
        ]
    );
    assert_eq!(
        po["lines"][0]["covers"],
        json!([{"order": 1, "line": 1, "qty": 3, "order_status": "open", "waits": true},
               {"order": 2, "line": 1, "qty": 2, "order_status": "open", "waits": true}])
    );
}

#[test]
fn a_po_says_when_its_costs_are_unknown_and_where_units_for_a_voided_order_go() {
    let shop = shop();
    shop.ok(&[
        "po",
        "create",
        "--supplier",
        "Keystone",
        "--from-suggestions",
    ]);
    // Order 2 is voided while PO 1 still brings its 2 TAPE: they go to stock.
    shop.ok(&["order", "void", "2"]);
    let text = shop.ok(&["po", "show", "1"]);
    assert!(
        text.ends_with(
            "line 1 covers 3 for order 1 line 1\n\
             line 1: 2 were for order 2 line 1, now void: to stock\n"
        ),
        "{text}"
    );
    let po = shop.json(&["po", "show", "1", "--format", "json"]);
    assert_eq!(
        po["lines"][0]["covers"][1],
        json!({"order": 2, "line": 1, "qty": 2, "order_status": "void", "waits": false})
    );
    // Northline's SCREW has no cost: the PO says so rather than TOTAL 0.00.
    shop.ok(&["po", "create", "--supplier", "Northline"]);
    shop.ok(&["po", "add", "2", "SCREW", "10"]);
    let text = shop.ok(&["po", "show", "2"]);
    let total = text.lines().find(|l| l.starts_with("TOTAL")).unwrap();
    assert!(total.ends_with("cost unknown"), "{text}");
    // A line with a cost and one without: the known part, marked.
    shop.ok(&["po", "add", "2", "VALVE", "2", "--cost", "6.00"]);
    let text = shop.ok(&["po", "show", "2"]);
    let total = text.lines().find(|l| l.starts_with("TOTAL")).unwrap();
    assert!(total.ends_with("12.00 + unknown"), "{text}");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn po_receive_in_parts_fills_the_oldest_order_first() {
    let shop = shop();
    shop.ok(&[
        "po",
        "create",
        "--supplier",
        "Keystone",
        "--from-suggestions",
    ]);
    assert_eq!(
        shop.ok(&["po", "receive", "1", "TAPE", "4"]),
        format!(
            "received 4 of TAPE on purchase order 1 at MAIN: on hand 4, available 0\n\
             committed 3 to order 1 line 1\n\
             committed 1 to order 2 line 1\n\
             orders waiting for TAPE at MAIN, oldest first:\n\
             Order  Line  Customer          Date        Due  Backordered  Could take\n\
             -----  ----  ----------------  ----------  ---  -----------  ----------\n\
             \x20   2     1  Dunmore Plumbing  {}                 1           0\n\
             purchase order 1 is open\n",
            today()
        )
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    let got = shop.json(&["po", "receive", "1", "TAPE", "30", "--format", "json"]);
    assert_eq!(
        got["received"],
        json!([{"sku": "TAPE", "qty": 30, "over": 9,
                "filled": [{"order": 2, "line_no": 1, "sku": "TAPE", "qty": 1}]}])
    );
    assert_eq!(
        (
            &got["po"]["status"],
            &got["po"]["lines"][0]["received"],
            &got["po"]["lines"][0]["over_received"]
        ),
        (&json!("open"), &json!(34), &json!(9))
    );
    assert_eq!(
        shop.ok(&["po", "receive", "1", "--format", "csv"]),
        "po,line,sku,description,supplier_sku,qty,received,outstanding,cost,value\n\
         1,1,TAPE,PTFE tape 1/2in,KS-PT12,25,34,0,0.40,10.00\n\
         1,2,VALVE,Ball valve 3/4in brass,KS-BV34,10,10,0,6.25,62.50\n"
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    let table = shop.ok(&["po", "show", "1"]);
    assert!(table.starts_with("Purchase order 1  received\n"), "{table}");
    assert!(
        table.ends_with("line 1: 9 received beyond the 25 ordered (over-receipt)\n"),
        "{table}"
    );
    let run = shop.run(&["po", "receive", "1"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "ringup: N = '1': purchase order 1 is received: cannot receive against it\n"
    );
}

#[test]
fn po_receive_fills_or_offers_the_waiting_orders_exactly_as_receive_does() {
    for auto in [true, false] {
        // The same 4 TAPE come in, against Keystone's PO in one store, as a plain receipt
        // in the other.
        let by_po = shop_filling(auto);
        by_po.ok(&[
            "po",
            "create",
            "--supplier",
            "Keystone",
            "--from-suggestions",
        ]);
        let po_said = by_po.ok(&["po", "receive", "1", "TAPE", "4"]);
        let plain = shop_filling(auto);
        let plain_said = plain.ok(&["receive", "TAPE", "4"]);
        let (by_po_store, plain_store) = (by_po.store(), plain.store());
        assert_eq!(
            order_lines(&by_po_store),
            order_lines(&plain_store),
            "auto_commit_on_receipt = {auto}"
        );
        let expected = match auto {
            // Filled at once, oldest first.
            true => [(1, 1, 3, 0), (2, 1, 1, 1)],
            // Offered: nothing committed yet, the orders listed with what they could take.
            false => [(1, 1, 0, 3), (2, 1, 0, 2)],
        };
        assert_eq!(order_lines(&by_po_store), expected, "auto = {auto}");
        // What each says after its first line (what came in), the PO's status aside, is
        // the same: the fills, or the orders waiting and how to commit to them.
        let after_first = |said: &str| -> Vec<String> {
            said.lines()
                .skip(1)
                .filter(|l| !l.starts_with("purchase order 1 is "))
                .map(String::from)
                .collect()
        };
        assert_eq!(
            after_first(&po_said),
            after_first(&plain_said),
            "auto = {auto}"
        );
        if !auto {
            assert!(
                po_said.contains("commit stock to an order with `ringup order release N`"),
                "{po_said}"
            );
        }
        sound(&by_po_store, "po receive");
    }
}

/// (supplier, sku, qty) of each line of a purchase report or of purchase suggestions, as
/// JSON.
fn to_buy(rows: &serde_json::Value) -> Vec<(String, String, i64)> {
    rows.as_array()
        .expect("an array of rows")
        .iter()
        .map(|r| {
            (
                r["supplier"].as_str().unwrap().to_string(),
                r["sku"].as_str().unwrap().to_string(),
                r["qty"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn report_purchase_and_po_suggest_agree_line_by_line_with_an_open_po() {
    let shop = shop();
    // PO 1 brings 15 of the 25 TAPE wanted and all 10 VALVE.
    shop.ok(&["po", "create", "--supplier", "Keystone"]);
    shop.ok(&["po", "add", "1", "TAPE", "15"]);
    shop.ok(&["po", "add", "1", "VALVE", "10"]);
    let report = shop.json(&["report", "purchase", "--format", "json"]);
    let suggest = shop.json(&["po", "suggest", "--format", "json"]);
    let wanted = vec![("Keystone".to_string(), "TAPE".to_string(), 10)];
    assert_eq!(to_buy(&report), wanted, "{report:#}");
    assert_eq!(to_buy(&suggest), wanted, "{suggest:#}");
    assert_eq!(report[0]["on_order"], json!(15));
    // The table says what is on order too.
    let table = shop.ok(&["report", "purchase"]);
    assert!(table.contains("On order"), "{table}");
    // And so does the store, for the screen's report.
    let store = shop.store();
    let report: Vec<(String, i64, i64)> = store
        .purchase_report(&ringup::store::reports::Scope::At("MAIN".into()))
        .unwrap()
        .into_iter()
        .map(|r| (r.sku, r.on_order, r.qty))
        .collect();
    let suggested: Vec<(String, i64, i64)> = store
        .po_suggestions("MAIN", None)
        .unwrap()
        .into_iter()
        .map(|s| (s.sku, s.on_order, s.qty))
        .collect();
    assert_eq!(report, suggested);
    assert_eq!(report, [("TAPE".to_string(), 15, 10)]);
}

/// The columns the purchase report and the suggestions share, line by line: (supplier,
/// sku, description, on_order, qty). A suggestion's `qty` must also be what is still to
/// order of its `suggested` units once `on_order` is counted.
fn shared_columns(rows: &serde_json::Value) -> Vec<(String, String, String, i64, i64)> {
    let text = |r: &serde_json::Value, key: &str| r[key].as_str().unwrap().to_string();
    let number = |r: &serde_json::Value, key: &str| r[key].as_i64().unwrap();
    rows.as_array()
        .expect("an array of rows")
        .iter()
        .map(|r| {
            if let Some(suggested) = r["suggested"].as_i64() {
                assert_eq!(
                    number(r, "qty"),
                    still_to_order(suggested, number(r, "on_order")),
                    "{r}"
                );
            }
            (
                text(r, "supplier"),
                text(r, "sku"),
                text(r, "description"),
                number(r, "on_order"),
                number(r, "qty"),
            )
        })
        .collect()
}

/// `report purchase` and `po suggest` as JSON, compared line by line; the lines.
fn purchase_agrees_with_suggest(shop: &Sandbox) -> Vec<(String, String, String, i64, i64)> {
    let report = shared_columns(&shop.json(&["report", "purchase", "--format", "json"]));
    let suggest = shared_columns(&shop.json(&["po", "suggest", "--format", "json"]));
    assert_eq!(report.len(), suggest.len());
    for (r, s) in report.iter().zip(&suggest) {
        assert_eq!(r, s);
    }
    report
}

#[test]
fn a_generated_store_ages_its_orders_and_buys_from_several_suppliers_by_one_rule() {
    let shop = Sandbox::new().with_db("big.db");
    shop.ok(&["init"]);
    // demo-data gives the products the demo's suppliers and dates the orders over 120 days.
    shop.ok(&[
        "demo-data",
        "--products",
        "2000",
        "--customers",
        "20",
        "--orders",
        "120",
    ]);
    let aging = shop.json(&["report", "aging", "--format", "json"]);
    let lines: Vec<(&str, i64)> = aging
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["bucket"].as_str().unwrap(), b["lines"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        lines.iter().map(|(b, _)| *b).collect::<Vec<_>>(),
        ["0-7", "8-30", "31-90", "90+"]
    );
    assert!(
        lines.iter().all(|(_, n)| *n > 0),
        "orders in every bucket: {aging}"
    );

    let before = purchase_agrees_with_suggest(&shop);
    let mut suppliers: Vec<&str> = before.iter().map(|l| l.0.as_str()).collect();
    suppliers.dedup();
    assert!(suppliers.len() >= 2, "{suppliers:?}");
    // One supplier's suggestions become a PO, and part of another's line.
    let first = before[0].0.clone();
    shop.ok(&["po", "create", "--supplier", &first, "--from-suggestions"]);
    let (other, sku, qty) = before
        .iter()
        .find(|l| l.0 != first && l.4 > 1)
        .map(|l| (l.0.clone(), l.1.clone(), l.4))
        .expect("a second supplier with a line of more than one unit");
    shop.ok(&["po", "create", "--supplier", &other]);
    shop.ok(&["po", "add", "2", &sku, &(qty - 1).to_string()]);
    let after = purchase_agrees_with_suggest(&shop);
    assert!(after.iter().all(|l| l.0 != first), "{after:?}");
    let netted = after
        .iter()
        .find(|l| l.1 == sku)
        .expect("the part still to buy");
    assert_eq!((netted.3, netted.4), (qty - 1, 1), "{netted:?}");
    assert_eq!(
        after.len(),
        before.len() - before.iter().filter(|l| l.0 == first).count()
    );
}

#[test]
fn po_list_and_cancel_in_three_formats() {
    let shop = shop();
    let today = today();
    let expected = common::cli::in_days(7);
    shop.ok(&[
        "po",
        "create",
        "--supplier",
        "Keystone",
        "--from-suggestions",
    ]);
    shop.ok(&["po", "create", "--supplier", "Northline"]);
    shop.ok(&["po", "add", "2", "SCREW", "50", "--cost", "2.00"]);
    let cancelled = shop.ok(&["po", "cancel", "1"]);
    assert!(
        cancelled.starts_with(
            "purchase order 1 cancelled: what it did not bring is back in the suggestions\n\
             Purchase order 1  cancelled\n"
        ),
        "{cancelled}"
    );
    let northline = common::cli::in_days(3);
    assert_eq!(
        shop.ok(&["po", "list"]),
        format!(
            "Number  Supplier   Status     Ordered     Expected    Lines  Qty  Received   Value\n\
             ------  ---------  ---------  ----------  ----------  -----  ---  --------  ------\n\
             \x20    2  Northline  open       {today}  {northline}      1   50         0  100.00\n\
             \x20    1  Keystone   cancelled  {today}  {expected}      2   35         0   72.50\n\
             ------  ---------  ---------  ----------  ----------  -----  ---  --------  ------\n\
             \x20TOTAL                                                                      172.50\n"
        )
    );
    assert_eq!(
        shop.ok(&["po", "list", "--status", "open", "--format", "csv"]),
        format!(
            "number,supplier,status,ordered,expected,lines,qty,received,value\n\
             2,Northline,open,{today},{northline},1,50,0,100.00\n"
        )
    );
    assert_eq!(
        shop.json(&["po", "list", "--status", "cancelled", "--format", "json"]),
        json!([{"number": 1, "supplier": "Keystone", "status": "cancelled", "ordered": today,
                "expected": expected, "lines": 2, "qty": 35, "received": 0, "value": "72.50"}])
    );
    assert_eq!(
        shop.json(&["po", "cancel", "2", "--format", "json"])["status"],
        json!("cancelled")
    );
    let run = shop.run(&["po", "cancel", "2", "--format", "csv"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (2, ""),
        "a refused cancel prints nothing"
    );
    // The cancelled PO's lines are suggested again.
    let again = shop.json(&["po", "suggest", "--format", "json"]);
    let qty: Vec<_> = again
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["sku"].clone(), r["qty"].clone()))
        .collect();
    assert_eq!(
        qty,
        [(json!("TAPE"), json!(25)), (json!("VALVE"), json!(10))]
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn bad_po_input_is_refused_with_exit_2_and_nothing_written() {
    let shop = shop();
    shop.ok(&["po", "create", "--supplier", "Keystone"]);
    for (args, message) in [
        (
            vec!["po", "add", "1", "TAPE", "0"],
            "ringup: QTY = '0': must be a whole number of at least 1\n",
        ),
        (
            vec!["po", "add", "1", "TAPE", "3", "--cost", "abc"],
            "ringup: --cost 'abc' is not an amount of money\n",
        ),
        (
            vec!["po", "add", "1", "NOPE", "3"],
            "ringup: unknown SKU or barcode 'NOPE'\n",
        ),
        (
            vec!["po", "add", "2", "TAPE", "3"],
            "ringup: N = '2': no such purchase order\n",
        ),
        (
            vec!["po", "receive", "1", "TAPE"],
            "ringup: SKU QTY: 'TAPE' has no quantity; give SKU QTY pairs, or none to receive everything still to come\n",
        ),
        (
            vec!["po", "receive", "1"],
            "ringup: N = '1': nothing is still to come on this purchase order; name SKU QTY pairs to record an over-receipt\n",
        ),
        (
            vec![
                "po",
                "create",
                "--supplier",
                "Keystone",
                "--expected",
                "2026-02-30",
            ],
            "ringup: --expected '2026-02-30' is not a date on the calendar\n",
        ),
        (
            vec![
                "po",
                "create",
                "--supplier",
                "Northline",
                "--from-suggestions",
            ],
            "ringup: --supplier = 'Northline': nothing to order from this supplier at MAIN: no suggestion is left once open purchase orders are counted\n",
        ),
    ] {
        let run = shop.run(&args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
    assert_eq!(
        shop.json(&["po", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        shop.json(&["po", "show", "1", "--format", "json"])["lines"],
        json!([])
    );
}

#[test]
fn po_writing_commands_need_a_manager() {
    let shop = shop();
    let mut store = shop.store();
    store
        .add_user("casey", ringup::domain::Role::Clerk, "1357")
        .unwrap();
    store
        .add_user("morgan", ringup::domain::Role::Manager, "246810")
        .unwrap();
    let run = |args: &[&str], user: &str, pin: &str| {
        let r = shop.run_as(user, pin, args);
        (r.code, r.stderr)
    };
    let (code, err) = run(&["po", "create", "--supplier", "Keystone"], "casey", "1357");
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "ringup: --user casey: a clerk may not create a purchase order; a manager must\n"
        )
    );
    let (code, _) = run(
        &["po", "create", "--supplier", "Keystone"],
        "morgan",
        "246810",
    );
    assert_eq!(code, 0);
    for (args, what) in [
        (
            vec!["po", "add", "1", "TAPE", "2"],
            "add to a purchase order",
        ),
        (
            vec!["po", "receive", "1", "TAPE", "2"],
            "receive against a purchase order",
        ),
        (vec!["po", "cancel", "1"], "cancel a purchase order"),
    ] {
        let (code, err) = run(&args, "casey", "1357");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(&format!("a clerk may not {what}")), "{err}");
    }
    let audit: Vec<(String, String)> = shop
        .store()
        .conn()
        .query_map(
            "SELECT user_name, action FROM audit_log WHERE reference = 'po 1' ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(audit, [("morgan".to_string(), "po_create".to_string())]);
}

#[test]
fn import_suppliers_and_costed_products_from_the_command_line() {
    let shop = Sandbox::new().with_db("shop.db");
    shop.ok(&["init"]);
    let products = write_file(&shop, "products.csv", PRODUCTS_WITH_COST);
    let old = write_file(&shop, "old.csv", common::PRODUCTS);
    let suppliers = write_file(&shop, "suppliers.csv", SUPPLIERS);
    assert_eq!(
        shop.ok(&["import", "products", &old]),
        format!("imported 4 row(s) from {old}\n")
    );
    assert_eq!(
        shop.ok(&["import", "products", &products]),
        format!("imported 4 row(s) from {products}\n")
    );
    assert_eq!(
        shop.ok(&["import", "suppliers", &suppliers]),
        format!("imported 2 row(s) from {suppliers}\n")
    );
    let bad = write_file(
        &shop,
        "bad.csv",
        "code,name,phone,email,lead_time_days\nAcme,,,,x\n",
    );
    let run = shop.run(&["import", "suppliers", &bad]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "{bad}: line 2: name = '': is required\n\
             {bad}: line 2: lead_time_days = 'x': must be a whole number of days from 0 to 365\n\
             2 bad row(s): nothing imported (fix them, or use --skip-bad to import the good rows)\n"
        )
    );
    assert_eq!(
        purchasing_figures(&shop.store(), "TAPE"),
        ("KS-PT12".into(), Some("0.40".into()))
    );
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_migrate_store_copies_suppliers_and_purchase_orders() {
    let admin = common::postgres().expect("RINGUP_TEST_POSTGRES names the PostgreSQL test server");
    let dir = tempfile::TempDir::new().unwrap();
    let mut sqlite = Store::open(&dir.path().join("shop.db")).unwrap();
    load_catalog(&mut sqlite);
    prepare(&mut sqlite);
    sqlite.create_po(&keystone(true), TODAY).unwrap();
    sqlite.receive_po(1, &[s("TAPE", 4)], "boss", true).unwrap();
    sqlite.create_po(&keystone(false), TODAY).unwrap();
    sqlite.cancel_po(2, "boss").unwrap();
    let mut postgres = Store::open_postgres(&common::fresh_postgres(&admin)).unwrap();
    postgres.copy_from(&sqlite, "shop.db").unwrap();
    assert_eq!(sqlite.figures().unwrap(), postgres.figures().unwrap());
    for n in [1, 2] {
        assert_eq!(
            sqlite.purchase_order(n).unwrap(),
            postgres.purchase_order(n).unwrap()
        );
    }
    assert!(postgres.check().unwrap().is_empty());
    // Numbers and supplier ids follow on from the copied rows.
    postgres
        .import_suppliers(
            "code,name,phone,email,lead_time_days\nAcme,Acme,,,1\n".as_bytes(),
            &rules(),
        )
        .unwrap();
    assert_eq!(postgres.create_po(&keystone(false), TODAY).unwrap(), 3);
    assert_eq!(suggested(&postgres), suggested(&sqlite));
}

#[test]
fn the_demo_store_has_its_suppliers_and_their_suggestions_become_purchase_orders() {
    let mut store = common::empty_store();
    store.load_demo(&rules()).unwrap();
    let named: Vec<String> = store
        .conn()
        .query_map(
            "SELECT DISTINCT supplier FROM products WHERE supplier <> '' ORDER BY supplier",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    for code in &named {
        assert!(
            store.supplier(code).is_ok(),
            "{code} is not a supplier record"
        );
    }
    let suggestions = store.po_suggestions("MAIN", None).unwrap();
    let first = suggestions
        .first()
        .expect("the demo store suggests purchases");
    let supplier = first.supplier.clone();
    let lines = suggestions
        .iter()
        .filter(|s| s.supplier == supplier)
        .count();
    let n = store
        .create_po(
            &NewPo {
                supplier: &supplier,
                // The demo store's manager.
                user: "morgan",
                ..keystone(true)
            },
            TODAY,
        )
        .unwrap();
    assert_eq!(store.purchase_order(n).unwrap().lines.len(), lines);
    assert!(
        store
            .po_suggestions("MAIN", Some(&supplier))
            .unwrap()
            .is_empty()
    );
    store.receive_po(n, &[], "morgan", true).unwrap();
    assert_eq!(store.purchase_order(n).unwrap().status, PoStatus::Received);
    sound(&store, "a demo PO received");
}

// Expected dates, the pickup list and aging.

/// (eta, po) of each line of an order.
fn etas_of(store: &Store, order: i64) -> Vec<(Option<String>, Option<i64>)> {
    let doc = store.order(order).unwrap().unwrap();
    doc.lines
        .into_iter()
        .map(|l| (l.wait.eta, l.wait.po))
        .collect()
}

fn eta(date: &str, po: i64) -> (Option<String>, Option<i64>) {
    (Some(date.to_string()), Some(po))
}

#[test]
fn an_eta_shows_once_a_po_covers_the_backorder_oldest_order_first() {
    let mut store = purchasing_store();
    assert_eq!(etas_of(&store, 1), [(None, None)]);
    // A PO of 3 TAPE covers order 1 (3 waiting, the oldest) and not order 2.
    let po = store
        .create_po(
            &NewPo {
                expected: Some(jiff::civil::date(2026, 12, 1)),
                ..keystone(false)
            },
            TODAY,
        )
        .unwrap();
    store.add_to_po(po, "TAPE", 3, None, "boss").unwrap();
    assert_eq!(etas_of(&store, 1), [eta("2026-12-01", po)]);
    assert_eq!(etas_of(&store, 2), [(None, None)]);
    // A later PO brings the rest: order 2's ETA is that PO's date.
    let later = store.create_po(&keystone(false), TODAY).unwrap();
    store.add_to_po(later, "TAPE", 5, None, "boss").unwrap();
    assert_eq!(etas_of(&store, 2), [eta("2026-11-29", later)]);
    // Order 1 is served first by the earliest PO whatever the numbers.
    assert_eq!(etas_of(&store, 1), [eta("2026-11-29", later)]);
    // Stock on hand goes to the oldest first: order 1 needs no PO then.
    store
        .receive("TAPE", 3, "MAIN", MovementKind::Receipt, "", "morgan")
        .unwrap();
    assert_eq!(etas_of(&store, 1), [(None, None)]);
    assert_eq!(etas_of(&store, 2), [eta("2026-11-29", later)]);
    // A cancelled PO no longer brings anything.
    store.cancel_po(later, "boss").unwrap();
    assert_eq!(etas_of(&store, 2), [eta("2026-12-01", po)]);
    let report = store.backorder_report().unwrap();
    let row = report.iter().find(|r| r.order == 2).unwrap();
    assert_eq!(
        (row.eta.as_deref(), row.po, row.description.as_str()),
        (Some("2026-12-01"), Some(po), "PTFE tape 1/2in")
    );
    sound(&store, "POs covering backorders");
}

#[test]
fn the_receipt_of_a_sale_that_backorders_names_the_eta_of_the_po_covering_it() {
    let mut store = purchasing_store();
    let po = store.create_po(&keystone(false), TODAY).unwrap();
    store.add_to_po(po, "TAPE", 10, None, "boss").unwrap();
    let sale = ring(
        &mut store,
        &config(),
        Some("C1"),
        &[("TAPE", 2, 0), ("SCREW", 1, 0)],
        Payment::WhenReceived,
    );
    let doc = store.invoice(sale.invoice).unwrap().unwrap();
    let text = ringup::present::receipt::invoice_text(&doc, 40, &config().store);
    assert!(
        text.contains("(2 B/O) expected 2026-11-29 (PO 1)"),
        "{text}"
    );
    // Without a PO, no date is promised.
    let sale = ring(
        &mut store,
        &config(),
        Some("C2"),
        &[("VALVE", 5, 0)],
        Payment::WhenReceived,
    );
    let doc = store.invoice(sale.invoice).unwrap().unwrap();
    let text = ringup::present::receipt::invoice_text(&doc, 40, &config().store);
    assert!(text.contains("(3 B/O)\n"), "{text}");
    assert!(!text.contains("expected"), "{text}");
}

/// (order, phone, days ready, notified via) of the pickup list.
fn pickup_list(store: &Store) -> Vec<(i64, String, Option<i64>, Option<String>)> {
    let ready = store
        .orders(&ringup::store::orders::OrderFilter {
            status: ringup::store::orders::StatusFilter::Ready,
            ..Default::default()
        })
        .unwrap();
    ready
        .into_iter()
        .map(|o| {
            (
                o.doc.number,
                o.doc.phone,
                o.days_ready,
                o.notified.map(|n| n.via),
            )
        })
        .collect()
}

#[test]
fn suggestions_to_po_to_receipt_to_pickup_list_to_notified_to_convert() {
    let mut store = purchasing_store();
    let po = store.create_po(&keystone(true), TODAY).unwrap();
    assert_eq!(etas_of(&store, 1), [eta("2026-11-29", po)]);
    assert!(pickup_list(&store).is_empty());
    // The first part: order 1 (the oldest) is filled, order 2 still waits.
    store.receive_po(po, &[s("TAPE", 3)], "boss", true).unwrap();
    assert_eq!(
        pickup_list(&store),
        [(1, "555-0102".to_string(), Some(0), None)]
    );
    sound(&store, "the first part received");
    // Bad input writes nothing.
    let err = store.notify_order(1, "fax", "casey").unwrap_err();
    assert_eq!(
        err.to_string(),
        "via = 'fax': use phone, email or sms",
        "{err}"
    );
    let err = store.notify_order(2, "phone", "casey").unwrap_err();
    assert!(err.to_string().contains("nothing ready"), "{err}");
    let err = store.notify_order(99, "phone", "casey").unwrap_err();
    assert!(err.to_string().contains("no such order"), "{err}");
    let notices: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM order_notices", params![], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notices, 0);
    let notice = store.notify_order(1, "Phone", "casey").unwrap();
    assert_eq!(
        (notice.via.as_str(), notice.by.as_str()),
        ("phone", "casey")
    );
    assert_eq!(
        pickup_list(&store),
        [(
            1,
            "555-0102".to_string(),
            Some(0),
            Some("phone".to_string())
        )]
    );
    // The second part fills order 2; its customer is not notified yet.
    store.receive_po(po, &[s("TAPE", 2)], "boss", true).unwrap();
    let list = pickup_list(&store);
    assert_eq!(list.len(), 2);
    assert_eq!(list[1], (2, "555-0101".to_string(), Some(0), None));
    // Picked up at the counter: the order closes and leaves the list.
    let rules = config().order_rules();
    let due = store.preview_convert(1, &rules).unwrap().due;
    store
        .convert_to_invoice(
            1,
            "casey",
            &[(ringup::domain::tender::TenderKind::Cash, due)],
            ringup::domain::Money::ZERO,
            &rules,
            &[],
        )
        .unwrap();
    assert_eq!(pickup_list(&store)[0].0, 2);
    assert_eq!(pickup_list(&store).len(), 1);
    sound(&store, "the pickup converted");
}

#[test]
fn days_ready_count_from_the_release_and_a_notice_before_it_no_longer_counts() {
    let mut store = purchasing_store();
    store
        .receive_and_fill("TAPE", 3, "MAIN", MovementKind::Receipt, "", "boss", true)
        .unwrap();
    store.notify_order(1, "sms", "boss").unwrap();
    // Move the release and the notice back in time: released 2026-11-12, told on the 13th.
    store
        .conn()
        .execute_batch(
            "UPDATE audit_log SET at = '2026-11-12T09:00:00.000Z' WHERE action = 'release';
             UPDATE order_notices SET at = '2026-11-13T09:00:00.000Z';",
        )
        .unwrap();
    store.set_today(TODAY);
    assert_eq!(
        pickup_list(&store),
        [(1, "555-0102".to_string(), Some(10), Some("sms".to_string()))]
    );
    // A notice older than the units being ready was for something else.
    store
        .conn()
        .execute_batch("UPDATE order_notices SET at = '2026-11-11T09:00:00.000Z'")
        .unwrap();
    assert_eq!(pickup_list(&store)[0].3, None);
}

#[test]
fn aging_buckets_and_days_waiting_on_a_store_with_known_dates() {
    let mut store = purchasing_store();
    ring(
        &mut store,
        &config(),
        Some("C1"),
        &[("VALVE", 6, 0)],
        Payment::WhenReceived,
    );
    // Order 1 queued 2 days ago, order 2 52 days ago, order 3 (4 VALVE waiting) 200 days ago.
    store
        .conn()
        .execute_batch(
            "UPDATE order_lines SET queued_at = '2026-11-20T10:00:00.000Z' WHERE order_number = 1;
             UPDATE order_lines SET queued_at = '2026-10-01T10:00:00.000Z' WHERE order_number = 2;
             UPDATE order_lines SET queued_at = '2026-05-06T10:00:00.000Z' WHERE order_number = 3;",
        )
        .unwrap();
    store.set_today(TODAY);
    let days = |order| {
        store.order(order).unwrap().unwrap().lines[0]
            .wait
            .days_waiting
    };
    assert_eq!([days(1), days(2), days(3)], [Some(2), Some(52), Some(200)]);
    let buckets: Vec<(String, i64, i64, String)> = store
        .aging_report()
        .unwrap()
        .into_iter()
        .map(|b| {
            (
                b.bucket.label().to_string(),
                b.lines,
                b.units,
                b.value.to_string(),
            )
        })
        .collect();
    // 4 VALVE of 6 wait: T(6) = 50.00 less the 2 x 8.34 the delivered ones carried (split).
    let valve = store.order(3).unwrap().unwrap().lines[0]
        .wait
        .backordered_value;
    assert_eq!(valve.to_string(), "33.32");
    assert_eq!(
        buckets,
        [
            ("0-7".to_string(), 1, 3, "3.00".to_string()),
            ("8-30".to_string(), 0, 0, "0.00".to_string()),
            ("31-90".to_string(), 1, 2, "2.00".to_string()),
            ("90+".to_string(), 1, 4, "33.32".to_string()),
        ]
    );
}

#[test]
fn report_aging_in_three_formats() {
    let shop = shop();
    assert_eq!(
        shop.json(&["report", "aging", "--format", "json"]),
        json!([
            {"bucket": "0-7", "lines": 2, "units": 5, "value": "5.00", "deposits": "0.00"},
            {"bucket": "8-30", "lines": 0, "units": 0, "value": "0.00", "deposits": "0.00"},
            {"bucket": "31-90", "lines": 0, "units": 0, "value": "0.00", "deposits": "0.00"},
            {"bucket": "90+", "lines": 0, "units": 0, "value": "0.00", "deposits": "0.00"}
        ])
    );
    assert_eq!(
        shop.ok(&["report", "aging", "--format", "csv"]),
        "bucket,lines,units,value,deposits\n\
         0-7,2,5,5.00,0.00\n\
         8-30,0,0,0.00,0.00\n\
         31-90,0,0,0.00,0.00\n\
         90+,0,0,0.00,0.00\n"
    );
    assert_eq!(
        shop.ok(&["report", "aging"]),
        "Bucket  Lines  Units  Value  Deposits\n\
         ------  -----  -----  -----  --------\n\
         0-7         2      5   5.00      0.00\n\
         8-30        0      0   0.00      0.00\n\
         31-90       0      0   0.00      0.00\n\
         90+         0      0   0.00      0.00\n\
         ------  -----  -----  -----  --------\n\
         TOTAL       2      5   5.00      0.00\n"
    );
}

#[test]
fn the_pickup_list_carries_phone_and_email_and_a_clerk_marks_it_notified() {
    let shop = shop();
    shop.ok(&[
        "po",
        "create",
        "--supplier",
        "Keystone",
        "--from-suggestions",
    ]);
    let shown = shop.json(&["order", "show", "2", "--format", "json"]);
    assert_eq!(shown["lines"][0]["po"], 1, "{shown}");
    assert_eq!(shown["lines"][0]["backordered_value"], "2.00", "{shown}");
    let table = shop.ok(&["order", "show", "2"]);
    assert!(table.contains("Waited"), "{table}");
    assert!(table.contains("Backordered value: 2.00"), "{table}");
    shop.ok(&["po", "receive", "1", "TAPE", "3"]);
    let csv = shop.ok(&["orders", "--status", "ready", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].contains(",phone,email,days_ready,notified,"),
        "{csv}"
    );
    assert!(rows[1].starts_with("1,1,C2,Pat Walker,"), "{csv}");
    assert!(rows[1].contains(",555-0102,,0,,1,TAPE,"), "{csv}");
    // From now on every write names its user.
    shop.store()
        .add_user("casey", ringup::domain::Role::Clerk, "1357")
        .unwrap();

    let notified = |args: &[&str], pin: &str| {
        let r = shop.run_as("casey", pin, args);
        (r.code, r.stdout, r.stderr)
    };
    let (code, _, err) = notified(&["order", "notified", "1", "--via", "fax"], "1357");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fax"), "{err}");
    let (code, _, err) = notified(&["order", "notified", "2", "--via", "sms"], "1357");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing ready"), "{err}");
    let (code, _, err) = notified(&["order", "notified", "1", "--via", "sms"], "9999");
    assert_ne!(code, 0, "{err}");
    let (code, out, err) = notified(&["order", "notified", "1", "--via", "sms"], "1357");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("order 1: customer told by sms (casey, "),
        "{out}"
    );
    let ready = shop.json(&["orders", "--status", "ready", "--format", "json"]);
    assert_eq!(ready[0]["notified"]["via"], "sms", "{ready}");
    assert_eq!(ready[0]["notified"]["by"], "casey", "{ready}");
    assert_eq!(ready[0]["days_ready"], 0, "{ready}");
    assert_eq!(ready[0]["phone"], "555-0102", "{ready}");
    let shown = shop.ok(&["order", "show", "1"]);
    assert!(
        shown.contains("Ready for pickup 0 days (notified "),
        "{shown}"
    );
    assert_eq!(
        shop.ok(&["check"]).lines().last(),
        Some("ok: every invariant holds")
    );
}
