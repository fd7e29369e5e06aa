//! `check` holds after every manager flow and names what differs after each kind of
//! tampering.

mod common;

use common::{CASH, config, in_days, ring};
use ringup::domain::Money;
use ringup::domain::pricing::Basis;
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::check::{Depth, Finding};
use ringup::store::params;
use ringup::store::stock::MovementKind;

/// Order 1: prepaid VALVE 4, filled and converted, closed (invoices 1 sale, 2 final).
/// Order 2: TAPE 3 pay when received, 1 released (committed), 2 backordered (invoice 3).
/// Order 3: prepaid SCREW 10 with 4 held back and TAPE 2 whose backorder is cancelled
/// (invoice 4 sale, 5 refund of the TAPE deposit, 1.90 at C3's 5% level).
fn worked_store() -> Store {
    let mut store = common::store();
    let c = config();
    let r = c.order_rules();
    let receive = |store: &mut Store, sku: &str, qty: i64| {
        store
            .receive_and_fill(sku, qty, "MAIN", MovementKind::Receipt, "t", "boss", false)
            .unwrap();
    };
    let sound = |store: &Store, after: &str| {
        let findings = store.check().unwrap();
        assert!(findings.is_empty(), "after {after}: {findings:#?}");
    };
    ring(
        &mut store,
        &c,
        Some("C1"),
        &[("VALVE", 4, 0)],
        Payment::WhenInvoiced,
    );
    sound(&store, "a prepaid sale");
    receive(&mut store, "VALVE", 2);
    sound(&store, "a receipt");
    store.release_backorders(1, "boss", false, &[]).unwrap();
    sound(&store, "a release");
    store
        .convert_to_invoice(1, "boss", &[], Money::ZERO, &r, &[])
        .unwrap();
    sound(&store, "a convert");
    ring(
        &mut store,
        &c,
        Some("C2"),
        &[("TAPE", 3, 0)],
        Payment::WhenReceived,
    );
    receive(&mut store, "TAPE", 1);
    store.release_backorders(2, "boss", false, &[]).unwrap();
    sound(&store, "a partial release");
    ring(
        &mut store,
        &c,
        Some("C3"),
        &[("SCREW", 10, 4), ("TAPE", 2, 0)],
        Payment::WhenInvoiced,
    );
    store
        .cancel_backorder(3, 2, None, CASH, "boss", &r, &[])
        .unwrap();
    sound(&store, "a cancel");
    store.set_due(2, Some(&in_days(200)), "boss", &[]).unwrap();
    store.ensure_location("YARD").unwrap();
    store.transfer("CONC", 3, "YARD", "MAIN", "boss").unwrap();
    sound(&store, "a transfer");
    store
}

fn tampered(sql: &str) -> Vec<Finding> {
    let store = worked_store();
    store.conn().execute_batch(sql).unwrap();
    store.check().unwrap()
}

/// The findings of one invariant, as text.
fn of(findings: &[Finding], invariant: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.invariant == invariant)
        .map(|f| f.detail.clone())
        .collect()
}

#[test]
fn every_flow_leaves_the_store_sound() {
    let mut store = worked_store();
    assert!(
        store
            .check_with(Basis::Shipped, Depth::Full)
            .unwrap()
            .is_empty()
    );
    let r = config().order_rules();
    store.void_order(3, CASH, "boss", &r, &[]).unwrap();
    store.void_order(2, CASH, "boss", &r, &[]).unwrap();
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn on_hand_off_the_ledger() {
    let f = tampered(
        "UPDATE stock SET on_hand = on_hand + 1
         WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'VALVE')",
    );
    assert_eq!(
        of(&f, "on hand = sum of stock movements"),
        ["VALVE at MAIN: on hand 1 but the movements add up to 0"]
    );
}

#[test]
fn committed_off_the_open_orders() {
    let f = tampered(
        "UPDATE stock SET committed = committed + 1
         WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'SCREW')",
    );
    assert_eq!(
        of(&f, "committed = committed units of open orders"),
        ["SCREW at MAIN: committed 5 but open orders hold 4"]
    );
}

#[test]
fn order_line_quantities_that_do_not_add_up() {
    // Past the table's own CHECK, as a hand edit of the file or the server could be.
    let unchecked = match common::postgres() {
        Some(_) => "ALTER TABLE order_lines DROP CONSTRAINT order_lines_check;",
        None => "PRAGMA ignore_check_constraints = ON;",
    };
    let f = tampered(&format!(
        "{unchecked} UPDATE order_lines SET delivered = delivered + 1 WHERE order_number = 2;"
    ));
    assert_eq!(
        of(
            &f,
            "ordered = delivered + committed + backordered + cancelled"
        ),
        ["order 2 line 1: ordered 3 but delivered 1 + committed 1 + backordered 2 + cancelled 0"]
    );
}

#[test]
fn a_shortfall_removed_or_added() {
    let f = tampered(
        "DELETE FROM shortfalls
         WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'TAPE')",
    );
    let found = of(&f, "shortfalls = products below their minimum");
    assert_eq!(found.len(), 1, "{f:#?}");
    assert!(found[0].starts_with("TAPE at MAIN: "), "{found:?}");
    assert!(
        found[0].ends_with("but not among the shortfalls as it is"),
        "{found:?}"
    );
    // CONC has no minimum: it is never short.
    let f = tampered(
        "INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                                 reorder_qty, on_hand, committed)
         SELECT 'YARD', id, sku, description, supplier, min_stock, reorder_qty, 27, 0
         FROM products WHERE sku = 'CONC'",
    );
    assert_eq!(
        of(&f, "shortfalls = products below their minimum"),
        [
            "CONC at YARD: the shortfalls hold on hand 27, committed 0, minimum 0, which its \
             product and stock do not"
        ]
    );
}

#[test]
fn a_shortfall_carrying_old_figures() {
    // The reports print what the shortfalls carry: a stale description or stock count
    // is found, both as what is missing and as what is kept wrongly.
    for change in [
        "description = 'Old tape'",
        "on_hand = on_hand + 1",
        "reorder_qty = 99",
    ] {
        let f = tampered(&format!(
            "UPDATE shortfalls SET {change}
             WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'TAPE')"
        ));
        let found = of(&f, "shortfalls = products below their minimum");
        assert_eq!(found.len(), 2, "{change}: {f:#?}");
        assert!(
            found[0].ends_with("not among the shortfalls as it is"),
            "{found:?}"
        );
        assert!(
            found[1].ends_with("which its product and stock do not"),
            "{found:?}"
        );
    }
}

#[test]
fn an_order_line_sku_off_its_product() {
    let f = tampered("UPDATE order_lines SET sku = 'NOPE' WHERE order_number = 2");
    assert_eq!(
        of(&f, "order line SKUs = their products' SKUs"),
        ["order 2 line 1: the line says SKU 'NOPE' but its product is 'TAPE'"]
    );
}

#[test]
fn shortfalls_follow_stock_minimums_and_locations() {
    let mut store = worked_store();
    let short = |store: &Store| -> Vec<(String, String)> {
        store
            .conn()
            .query_map(
                "SELECT p.sku, f.location FROM shortfalls f JOIN products p ON p.id = f.product_id
                 ORDER BY p.sku, f.location",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let before = short(&store);
    assert!(
        before.contains(&("TAPE".into(), "MAIN".into())),
        "{before:?}"
    );
    // Enough TAPE received at MAIN lifts it off; a new location is short of everything
    // that has a minimum; a lowered minimum clears the product.
    store
        .receive_and_fill(
            "TAPE",
            50,
            "MAIN",
            MovementKind::Receipt,
            "t",
            "boss",
            false,
        )
        .unwrap();
    assert!(!short(&store).contains(&("TAPE".into(), "MAIN".into())));
    store.ensure_location("SHED").unwrap();
    assert!(short(&store).contains(&("SCREW".into(), "SHED".into())));
    assert!(store.check().unwrap().is_empty());
    // The columns the shortfalls carry follow their product.
    store
        .conn()
        .execute_batch(
            "UPDATE products SET description = 'Duct tape 50 m', supplier = 'NEWCO',
                                 reorder_qty = 12
             WHERE sku = 'TAPE'",
        )
        .unwrap();
    let carried: (String, String, i64) = store
        .conn()
        .query_row(
            "SELECT description, supplier, reorder_qty FROM shortfalls
             WHERE location = 'SHED' AND sku = 'TAPE'",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(carried, ("Duct tape 50 m".into(), "NEWCO".into(), 12));
    assert!(store.check().unwrap().is_empty());
    store
        .conn()
        .execute_batch("UPDATE products SET min_stock = 0 WHERE sku = 'SCREW'")
        .unwrap();
    assert!(short(&store).iter().all(|(sku, _)| sku != "SCREW"));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_gap_in_invoice_numbers() {
    let f = tampered(
        "INSERT INTO invoices (number, kind, location, user_name, goods, tax, total)
         VALUES (7, 'sale', 'MAIN', 'x', '0.00', '0.00', '0.00')",
    );
    assert_eq!(
        of(&f, "invoice numbers are consecutive"),
        ["invoice 7 follows invoice 5"]
    );
}

#[test]
fn tenders_that_do_not_pay_the_invoice() {
    let f = tampered("UPDATE tenders SET amount = '1.00' WHERE invoice_number = 1");
    assert_eq!(
        of(&f, "invoice lines + tax - deposits applied = tenders"),
        ["invoice 1: tenders less change come to 1.00, the total is 35.00"]
    );
    let f = tampered("UPDATE invoices SET deposit_applied = '1.00' WHERE number = 2");
    let found = of(&f, "invoice lines + tax - deposits applied = tenders");
    assert!(found[0].starts_with("invoice 2: goods 16.66"), "{found:?}");
}

#[test]
fn a_deposit_ledger_row_that_differs_from_its_invoice() {
    let f =
        tampered("UPDATE deposits SET amount = '10.00' WHERE kind = 'taken' AND order_number = 1");
    assert_eq!(
        of(&f, "deposits ledger = deposits on documents"),
        ["invoice 1 shows deposit taken 16.66 but the deposits ledger records 10.00"]
    );
    assert_eq!(
        of(&f, "deposit held = lines' prepaid - applied - refunded"),
        ["order 1: the deposits ledger holds -6.66 but its lines hold 0.00"]
    );
    assert_eq!(
        of(&f, "deposits taken - applied - refunded >= 0"),
        ["order 1: -6.66 outstanding"]
    );
}

#[test]
fn a_deposit_application_missing_from_the_ledger() {
    let f = tampered("DELETE FROM deposits WHERE kind = 'applied'");
    assert_eq!(
        of(&f, "deposits ledger = deposits on documents"),
        ["invoice 2 shows deposit applied 16.66 but the deposits ledger has no such row"]
    );
    assert_eq!(
        of(&f, "deposit held = lines' prepaid - applied - refunded"),
        ["order 1: the deposits ledger holds 16.66 but its lines hold 0.00"]
    );
}

#[test]
fn a_refund_off_its_document() {
    let f = tampered("UPDATE deposits SET amount = '1.00' WHERE kind = 'refunded'");
    assert_eq!(
        of(&f, "deposits ledger = deposits on documents"),
        ["invoice 5 shows deposit refunded 1.90 but the deposits ledger records 1.00"]
    );
}

#[test]
fn more_applied_than_prepaid_on_a_line() {
    let f = tampered("UPDATE order_lines SET prepaid_applied = '20.00' WHERE order_number = 1");
    assert_eq!(
        of(
            &f,
            "deposit applied + refunded <= prepaid on each order line"
        ),
        ["order 1 line 1: prepaid 16.66, applied 20.00, refunded 0.00"]
    );
    assert_eq!(
        of(&f, "deposit held = lines' prepaid - applied - refunded"),
        ["order 1: the deposits ledger holds 0.00 but its lines hold -3.34"]
    );
}

#[test]
fn a_fully_delivered_line_charged_other_than_its_total_under_split() {
    let sql = "UPDATE order_lines SET charged = '34.00' WHERE order_number = 1";
    let f = tampered(sql);
    assert_eq!(
        of(
            &f,
            "under split, a fully delivered line is charged T(ordered)"
        ),
        ["order 1 line 1: all 4 delivered and charged 34.00, but T(4) = 35.00"]
    );
    // Under `shipped` a line's charges may differ from T(ordered).
    let store = worked_store();
    store.conn().execute_batch(sql).unwrap();
    assert!(
        store
            .check_with(Basis::Shipped, Depth::Full)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_closed_order_still_holding_units() {
    let f = tampered("UPDATE orders SET status = 'closed' WHERE number = 2");
    assert_eq!(
        of(&f, "closed and void orders hold nothing"),
        ["order 2 is closed but still has 1 committed and 2 backordered"]
    );
    assert_eq!(
        of(&f, "committed = committed units of open orders"),
        ["TAPE at MAIN: committed 1 but open orders hold 0"]
    );
}

#[test]
fn an_order_line_edited_to_add_up_but_not_to_its_invoice() {
    // ordered 4 → 7 with backordered raised to match: the line still adds up.
    let f = tampered(
        "UPDATE order_lines SET ordered = ordered + 3, cancelled = cancelled + 3
         WHERE order_number = 1",
    );
    let found = of(&f, "order lines = their invoice lines");
    assert_eq!(
        found,
        [
            "order 1 VALVE: ordered 7 (its invoice line says 4), delivered 4 (its invoices handed over 4)"
        ],
        "{f:#?}"
    );
}

#[test]
fn a_delivered_count_raised_without_an_invoice() {
    let f = tampered(
        "UPDATE order_lines SET delivered = delivered + 1, backordered = backordered - 1
         WHERE order_number = 2",
    );
    let found = of(&f, "order lines = their invoice lines");
    assert_eq!(found.len(), 1, "{f:#?}");
    assert!(found[0].starts_with("order 2 TAPE:"), "{found:?}");
}

#[test]
fn an_invoice_line_quantity_edited_off_its_movements() {
    let f =
        tampered("UPDATE invoice_lines SET qty = qty + 5 WHERE invoice_number = 4 AND line_no = 1");
    let found = of(&f, "invoice lines = their stock movements");
    assert_eq!(
        found,
        ["invoice 4 SCREW: handed over 11 but the stock movements took 6"],
        "{f:#?}"
    );
}

#[test]
fn a_sale_movement_with_no_invoice_line() {
    let f = tampered(
        "INSERT INTO stock_movements (product_id, location, qty, kind, reference)
         SELECT id, 'MAIN', -2, 'sale', 'invoice 3' FROM products WHERE sku = 'SCREW';
         UPDATE stock SET on_hand = on_hand - 2
         WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'SCREW')",
    );
    let found = of(&f, "invoice lines = their stock movements");
    assert_eq!(
        found,
        ["invoice 3 SCREW: handed over 0 but the stock movements took 2"],
        "{f:#?}"
    );
    assert!(of(&f, "on hand = sum of stock movements").is_empty());
}

#[test]
fn a_receipt_written_past_the_audit_log() {
    // The ledger and on hand agree, so only the audit trail shows it.
    let f = tampered(
        "INSERT INTO stock_movements (product_id, location, qty, kind, reference, user_name)
         SELECT id, 'MAIN', 50, 'receipt', 'PO-9', 'boss' FROM products WHERE sku = 'SCREW';
         UPDATE stock SET on_hand = on_hand + 50
         WHERE location = 'MAIN' AND product_id = (SELECT id FROM products WHERE sku = 'SCREW')",
    );
    assert!(of(&f, "on hand = sum of stock movements").is_empty());
    let found = of(&f, "every receipt, transfer and count is audited");
    assert_eq!(found.len(), 1, "{f:#?}");
    assert!(
        found[0].contains("receipt of 50 SCREW at MAIN, \"PO-9\" by boss) has no audit row"),
        "{found:?}"
    );
}

#[test]
fn an_audit_row_of_a_transfer_removed_or_edited() {
    let f = tampered("DELETE FROM audit_log WHERE action = 'transfer'");
    let found = of(&f, "every receipt, transfer and count is audited");
    assert_eq!(found.len(), 2, "both legs of the transfer: {f:#?}");
    let f = tampered("UPDATE audit_log SET qty = 1 WHERE action = 'receipt' AND qty = 2");
    let found = of(&f, "every receipt, transfer and count is audited");
    assert_eq!(found.len(), 1, "{f:#?}");
    assert!(found[0].contains("receipt of 2 VALVE"), "{found:?}");
}

#[test]
fn units_cancelled_without_an_audited_cancel() {
    // Backordered units moved to cancelled: the line still adds up.
    let f = tampered(
        "UPDATE order_lines SET cancelled = cancelled + 2, backordered = backordered - 2
         WHERE order_number = 2",
    );
    assert!(
        of(
            &f,
            "ordered = delivered + committed + backordered + cancelled"
        )
        .is_empty()
    );
    assert_eq!(
        of(&f, "cancelled units = audited cancels and voids"),
        ["order 2: 2 unit(s) cancelled, but the audit log records 0"],
        "{f:#?}"
    );
}

#[test]
fn a_void_with_its_audit_row_removed() {
    let mut store = worked_store();
    store
        .void_order(2, CASH, "boss", &config().order_rules(), &[])
        .unwrap();
    assert!(store.check().unwrap().is_empty());
    store
        .conn()
        .execute(
            "DELETE FROM audit_log WHERE action = 'void_order'",
            params![],
        )
        .unwrap();
    let f = store.check().unwrap();
    assert_eq!(
        of(&f, "every void order is audited"),
        ["order 2 is void, but no void is audited"],
        "{f:#?}"
    );
    assert_eq!(
        of(&f, "cancelled units = audited cancels and voids"),
        ["order 2: 3 unit(s) cancelled, but the audit log records 0"]
    );
}

#[test]
fn the_quick_check_sees_stock_and_orders_but_leaves_reconciling_to_the_full_one() {
    let store = worked_store();
    store
        .conn()
        .execute_batch(
            "UPDATE invoice_lines SET qty = qty + 5 WHERE invoice_number = 4 AND line_no = 1",
        )
        .unwrap();
    assert!(
        store
            .check_with(Basis::Split, Depth::Quick)
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .check_with(Basis::Split, Depth::Full)
            .unwrap()
            .is_empty()
    );
    store
        .conn()
        .execute_batch("UPDATE stock SET on_hand = on_hand + 1 WHERE location = 'MAIN'")
        .unwrap();
    let quick = store.check_with(Basis::Split, Depth::Quick).unwrap();
    assert!(!of(&quick, "on hand = sum of stock movements").is_empty());
}

/// The worked store with a parked sale and quotes 1 and 2, each of 2 SCREW for C1.
fn parked_store() -> Store {
    use ringup::domain::parked::ParkKind;
    let mut store = worked_store();
    for kind in [ParkKind::Parked, ParkKind::Quote, ParkKind::Quote] {
        common::park(&mut store, kind, Some("C1"), &[("SCREW", 2, 0)]);
    }
    let findings = store.check().unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    store
}

/// Runs `sql` with the database's own reference checks off, as a hand edit might.
fn tamper_past_references(store: &Store, sql: &str) {
    let off = match store.conn().dialect() {
        ringup::store::Dialect::Sqlite => "PRAGMA foreign_keys = OFF;",
        ringup::store::Dialect::Postgres => "SET session_replication_role = replica;",
    };
    store
        .conn()
        .execute_batch(&format!("{off}\n{sql}"))
        .unwrap();
}

#[test]
fn a_gap_in_quote_numbers() {
    let store = parked_store();
    store
        .conn()
        .execute_batch(
            "DELETE FROM parked_lines WHERE parked_id IN
                 (SELECT id FROM parked_sales WHERE number = 1);
             DELETE FROM parked_sales WHERE number = 1;
             UPDATE parked_sales SET number = 9 WHERE kind = 'parked';",
        )
        .unwrap();
    let f = store.check_with(Basis::Split, Depth::Quick).unwrap();
    let found = of(&f, "quote numbers have no gaps");
    assert_eq!(found.len(), 2, "{f:#?}");
    assert_eq!(found[0], "1 quotes but the highest number is 2");
    assert!(found[1].contains("only a quote is numbered"), "{found:?}");
}

#[test]
fn a_parked_line_of_a_missing_product_or_customer() {
    let store = parked_store();
    tamper_past_references(
        &store,
        "UPDATE parked_lines SET product_id = 999 WHERE parked_id =
             (SELECT id FROM parked_sales WHERE number = 2);
         UPDATE parked_sales SET customer_id = 998 WHERE kind = 'parked';",
    );
    let f = store.check().unwrap();
    let found = of(
        &f,
        "parked sales and quotes refer to existing products and customers",
    );
    assert_eq!(found.len(), 2, "{f:#?}");
    assert!(found[0].contains("customer id 998"), "{found:?}");
    assert!(found[1].contains("product id 999"), "{found:?}");
}

#[test]
fn parked_quantities_that_do_not_fit_or_a_sale_with_no_line() {
    let store = parked_store();
    store
        .conn()
        .execute_batch(
            "UPDATE parked_lines SET held_back = 2, manual_backorder = 1 WHERE parked_id =
                 (SELECT id FROM parked_sales WHERE number = 1);
             DELETE FROM parked_lines WHERE parked_id =
                 (SELECT id FROM parked_sales WHERE number = 2);",
        )
        .unwrap();
    let f = store.check().unwrap();
    let found = of(
        &f,
        "parked sales and quotes refer to existing products and customers",
    );
    assert_eq!(found.len(), 2, "{f:#?}");
    assert!(found[0].contains("has no line"), "{found:?}");
    assert!(found[1].contains("2 held back, 1 backordered"), "{found:?}");
}
