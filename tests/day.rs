//! The end of the day: the X report of the day so far and the Z report that closes it, on
//! a small store with known sales, deposits, a final invoice paid by card and a refund;
//! `check` after each flow and after tampering; the command line in three formats with its
//! authority; and the F8 entry and the no-sale key driven by real keys.

mod common;

use common::cli::Sandbox;
use common::till::{CLERK_PIN, MANAGER_PIN, Till, till, till_as};
use common::{CASH, config, money, ring};
use ringup::app::day::DayScreen;
use ringup::domain::Money;
use ringup::domain::day::DayTender;
use ringup::domain::payment::PaymentTender;
use ringup::domain::sale::{Payment, TenderKind};
use ringup::store::Store;
use ringup::store::check::Finding;
use ringup::store::params;
use ringup::store::payments::NewPayment;
use ringup::store::stock::MovementKind;
use serde_json::json;

fn sound(store: &Store, after: &str) {
    let findings = store.check().unwrap();
    assert!(findings.is_empty(), "after {after}: {findings:#?}");
}

/// A day at the counter (no tax):
/// invoice 1: C1 prepaid 4 VALVE, 2 delivered (18.34) and a 16.66 deposit, 35.00 cash;
/// invoice 2: its final invoice, the deposit applied, nothing due;
/// invoice 3: C2 3 TAPE backordered, pay when received, nothing due;
/// invoice 4: the final invoice of 1 TAPE released to it, 1.00 on account;
/// payments on account 1 and 2: C2 pays that 1.00, 0.60 in cash and 0.40 by card;
/// invoice 5: C3 (5% off) 10 SCREW with 4 held back and 2 TAPE, prepaid: 28.50 goods,
///            19.00 + 1.90 deposits, 49.40 cash;
/// invoice 6: the TAPE backorder cancelled, 1.90 refunded in cash;
/// invoice 7: a cash sale of 2 SCREW, 10.00.
fn a_day(store: &mut Store) {
    let c = config();
    let r = c.order_rules();
    let receive = |store: &mut Store, sku: &str, qty: i64| {
        store
            .receive_and_fill(sku, qty, "MAIN", MovementKind::Receipt, "t", "boss", false)
            .unwrap();
    };
    ring(
        store,
        &c,
        Some("C1"),
        &[("VALVE", 4, 0)],
        Payment::WhenInvoiced,
    );
    receive(store, "VALVE", 2);
    store.release_backorders(1, "boss", false, &[]).unwrap();
    store
        .convert_to_invoice(1, "boss", &[], Money::ZERO, &r, &[])
        .unwrap();
    ring(
        store,
        &c,
        Some("C2"),
        &[("TAPE", 3, 0)],
        Payment::WhenReceived,
    );
    receive(store, "TAPE", 1);
    store.release_backorders(2, "boss", false, &[]).unwrap();
    store
        .convert_to_invoice(
            2,
            "boss",
            &[(TenderKind::Account, money("1.00"))],
            Money::ZERO,
            &r,
            &[],
        )
        .unwrap();
    for (amount, tender) in [("0.60", PaymentTender::Cash), ("0.40", PaymentTender::Card)] {
        store
            .pay_on_account(&NewPayment {
                account: "C2",
                amount: money(amount),
                tender,
                location: "MAIN",
                user: "casey",
            })
            .unwrap();
    }
    ring(
        store,
        &c,
        Some("C3"),
        &[("SCREW", 10, 4), ("TAPE", 2, 0)],
        Payment::WhenInvoiced,
    );
    store
        .cancel_backorder(3, 2, None, CASH, "boss", &r, &[])
        .unwrap();
    ring(store, &c, None, &[("SCREW", 2, 0)], Payment::WhenReceived);
    assert_eq!(store.last_invoice_number().unwrap(), Some(7));
}

#[test]
fn the_x_report_sums_the_days_documents_and_the_z_report_closes_it() {
    let mut store = common::store();
    let float = money("100.00");
    let empty = store.day_report("MAIN", float).unwrap();
    assert_eq!(empty.figures.invoices, 0);
    assert_eq!(empty.figures.expected_cash, money("100.00"));
    a_day(&mut store);
    sound(&store, "the day's sales");
    assert_eq!(
        store
            .no_sale("MAIN", "casey", "change for the float")
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .no_sale("MAIN", "casey", "change for the float")
            .unwrap(),
        2
    );
    sound(&store, "two no-sales");

    let x = store.day_report("MAIN", float).unwrap();
    let f = &x.figures;
    // The location's first day opened with the first thing it counts: invoice 1.
    assert_eq!(
        (x.number, x.opened_at.as_deref()),
        (None, Some("2026-12-03T17:00:00.000Z"))
    );
    let counts = f.counts.unwrap();
    assert_eq!(
        counts.all(),
        [
            ("sales_count", "6".to_string()),
            ("returns_count", "0".into()),
            ("voids_count", "0".into()),
            ("voids", "0.00".into()),
            ("price_overrides_count", "0".into()),
            ("price_overrides", "0.00".into()),
            ("discounts_count", "0".into()),
            ("discounts", "0.00".into()),
        ],
        "invoice 6 is a refund: neither a sale nor a return"
    );
    assert_eq!(
        (f.invoices, f.first_invoice, f.last_invoice),
        (7, Some(1), Some(7))
    );
    let amounts: Vec<(&str, String)> = f
        .amounts()
        .into_iter()
        .map(|(name, m)| (name, m.to_string()))
        .collect();
    let expected = [
        ("sales", "74.50"),
        ("tax", "0.00"),
        ("returns", "0.00"),
        ("deposits_taken", "37.56"),
        ("deposits_applied", "16.66"),
        ("refunds", "1.90"),
        ("payments_on_account", "1.00"),
        ("cash", "93.10"),
        ("card", "0.40"),
        ("account", "1.00"),
        ("refund_tendered", "0.00"),
        ("opening_float", "100.00"),
        ("cash_in", "95.00"),
        ("cash_out", "1.90"),
        ("expected_cash", "193.10"),
    ];
    let expected: Vec<(&str, String)> = expected.iter().map(|(n, v)| (*n, v.to_string())).collect();
    assert_eq!(amounts, expected);
    assert_eq!(f.no_sales, 2);
    assert_eq!(f.net_takings(), f.tendered());
    // The report reads only: nothing was written.
    assert_eq!(store.last_day_number().unwrap(), None);

    let z = store
        .close_day("MAIN", money("190.00"), float, "morgan")
        .unwrap();
    sound(&store, "the close");
    assert_eq!(z.number, Some(1));
    assert_eq!(z.closed_by.as_deref(), Some("morgan"));
    assert_eq!(z.counted_cash, Some(money("190.00")));
    assert_eq!(
        z.over_short.map(|m| m.to_string()).as_deref(),
        Some("-3.10")
    );
    assert_eq!(z.figures, f.clone());
    assert_eq!(store.day(1).unwrap(), Some(z.clone()));

    // The next day starts from nothing, opened when the last one closed.
    let next = store.day_report("MAIN", float).unwrap();
    assert_eq!(next.opened_at, z.closed_at);
    assert_eq!((next.figures.invoices, next.figures.no_sales), (0, 0));
    assert_eq!(next.figures.expected_cash, money("100.00"));
    let c = config();
    ring(
        &mut store,
        &c,
        None,
        &[("SCREW", 1, 0)],
        Payment::WhenReceived,
    );
    store
        .no_sale("MAIN", "casey", "change for the float")
        .unwrap();
    let next = store.day_report("MAIN", float).unwrap();
    assert_eq!(
        (next.figures.invoices, next.figures.first_invoice),
        (1, Some(8))
    );
    assert_eq!(next.figures.tender(DayTender::Cash), money("5.00"));
    assert_eq!(next.figures.no_sales, 1);
    let z2 = store
        .close_day("MAIN", money("105.00"), float, "morgan")
        .unwrap();
    assert_eq!((z2.number, z2.over_short), (Some(2), Some(money("0.00"))));
    sound(&store, "a second close");
    // Day 1 is as it was.
    assert_eq!(store.day(1).unwrap(), Some(z));

    let audit: Vec<(String, String, String)> = store
        .conn()
        .query_map(
            "SELECT user_name, action, reference FROM audit_log
             WHERE action IN ('day_close', 'no_sale') ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let audit: Vec<(&str, &str, &str)> = audit
        .iter()
        .map(|(u, a, r)| (u.as_str(), a.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        audit,
        [
            ("casey", "no_sale", "no sale 1"),
            ("casey", "no_sale", "no sale 2"),
            ("morgan", "day_close", "day 1"),
            ("casey", "no_sale", "no sale 3"),
            ("morgan", "day_close", "day 2"),
        ]
    );
}

#[test]
fn each_location_closes_its_own_day() {
    let mut store = common::store();
    store.ensure_location("YARD").unwrap();
    let c = config();
    ring(
        &mut store,
        &c,
        None,
        &[("SCREW", 2, 0)],
        Payment::WhenReceived,
    );
    store
        .no_sale("YARD", "casey", "change for the float")
        .unwrap();
    let yard = store
        .close_day("YARD", money("0.00"), Money::ZERO, "morgan")
        .unwrap();
    assert_eq!((yard.figures.invoices, yard.figures.no_sales), (0, 1));
    // Each first day opened with the first thing it counts: here the no-sale.
    let no_sale_at: String = store
        .conn()
        .query_row("SELECT at FROM no_sales", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(yard.opened_at, Some(no_sale_at));
    let main = store.day_report("MAIN", Money::ZERO).unwrap();
    assert_eq!((main.figures.invoices, main.figures.no_sales), (1, 0));
    let main = store
        .close_day("MAIN", money("10.00"), Money::ZERO, "morgan")
        .unwrap();
    assert_eq!(main.number, Some(2));
    assert_eq!(
        main.opened_at,
        Some(store.invoice(1).unwrap().unwrap().at),
        "MAIN's first day opened with its first invoice"
    );
    sound(&store, "two locations closed");
    let bad = store.close_day("NOWHERE", money("1"), Money::ZERO, "morgan");
    assert!(bad.unwrap_err().is_bad_input());
    assert_eq!(store.last_day_number().unwrap(), Some(2));
}

fn closed_store() -> Store {
    let mut store = common::store();
    a_day(&mut store);
    store
        .no_sale("MAIN", "casey", "change for the float")
        .unwrap();
    store
        .close_day("MAIN", money("190.00"), money("100.00"), "morgan")
        .unwrap();
    sound(&store, "the close");
    store
}

fn tampered(sql: &str) -> Vec<Finding> {
    let store = closed_store();
    store.conn().execute_batch(sql).unwrap();
    store.check().unwrap()
}

fn of(findings: &[Finding], invariant: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.invariant == invariant)
        .map(|f| f.detail.clone())
        .collect()
}

const FIGURES: &str = "a closed day's figures equal its documents";

#[test]
fn check_finds_a_stored_figure_changed() {
    let f = tampered("UPDATE days SET cash = '90.00', over_short = '0.00' WHERE number = 1");
    assert_eq!(
        of(&f, FIGURES),
        [
            "day 1 at MAIN: cash stored 90.00 but its documents come to 93.10",
            "day 1 at MAIN: over_short stored 0.00 but its documents come to -3.10",
        ]
    );
}

#[test]
fn check_finds_a_document_of_a_closed_day_changed() {
    let f = tampered("UPDATE tenders SET amount = '1.50' WHERE invoice_number = 4");
    assert_eq!(
        of(&f, FIGURES),
        ["day 1 at MAIN: account stored 1.00 but its documents come to 1.50"]
    );
    let f = tampered("DELETE FROM no_sales");
    assert_eq!(
        of(&f, FIGURES),
        ["day 1 at MAIN: no_sales stored 1 but its documents come to 0"]
    );
}

#[test]
fn check_finds_a_no_sale_or_a_close_without_its_audit_row() {
    let f = tampered("DELETE FROM audit_log WHERE action IN ('no_sale', 'day_close')");
    assert_eq!(
        of(&f, "every no-sale and day close is audited"),
        [
            "day 1 by morgan has no audit row",
            "no sale 1 by casey has no audit row"
        ]
    );
}

#[test]
fn check_finds_a_payment_on_account_of_a_closed_day_changed() {
    let f = tampered("UPDATE account_payments SET amount = '0.90' WHERE number = 1");
    assert_eq!(
        of(&f, FIGURES),
        [
            "day 1 at MAIN: payments_on_account stored 1.00 but its documents come to 1.30",
            "day 1 at MAIN: cash stored 93.10 but its documents come to 93.40",
            "day 1 at MAIN: cash_in stored 95.00 but its documents come to 95.30",
            "day 1 at MAIN: expected_cash stored 193.10 but its documents come to 193.40",
            "day 1 at MAIN: over_short stored -3.10 but its documents come to -3.40",
        ]
    );
    assert_eq!(
        of(&f, "every payment on account is audited as stored"),
        [
            "payment 1: stored as cash 0.90 on account C2, but the audit log says \
             cash 0.60 paid on account C2"
        ]
    );
    assert_eq!(
        of(
            &f,
            "a payment on account is positive, in cash or card, within the balance"
        ),
        ["payment 1: 1.00 owed less 0.90 is 0.10, but 0.40 is stored"]
    );
    let f = tampered("DELETE FROM account_payments WHERE number = 1");
    assert_eq!(
        of(&f, "payment on account numbers have no gaps"),
        ["1 payments on account but the highest number is 2"]
    );
}

#[test]
fn check_finds_a_gap_in_the_day_numbers() {
    let f = tampered("UPDATE days SET number = 3 WHERE number = 1");
    assert_eq!(
        of(&f, "day numbers have no gaps"),
        ["1 closed days but the highest number is 3"]
    );
}

/// A store of one location from before the day kept its counts (schema 18): a first day
/// closed with one cash sale of 10.00, a sale voided in it and one voided after it,
/// audited as they were then (no location, what they came to only in the detail).
#[test]
fn a_day_closed_before_the_counts_is_shown_as_it_was_and_the_open_day_counts_old_voids() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    let mut old = Store::open_to_version(&path, ringup::store::Synchronous::Full, 18).unwrap();
    // One location: old voids did not say where they were, so only then are they placed.
    let main_only: String = common::PRODUCTS
        .lines()
        .filter(|l| !l.contains("YARD"))
        .map(|l| format!("{l}\n"))
        .collect();
    old.import_products(main_only.as_bytes(), &common::import_rules())
        .unwrap();
    common::ring_on_old_store(&mut old, &[("SCREW", 2, 0)]);
    old.conn()
        .execute_batch(
            "INSERT INTO audit_log (user_name, action, qty, detail, at) VALUES
                ('casey', 'void_sale', 1, 'voided a sale of 1 line(s), 5.00 due, cash sale',
                 '2026-12-03T17:10:00.000Z');
             INSERT INTO days (number, location, opened_at, closed_at, closed_by, last_invoice,
                 last_no_sale, invoices, no_sales, sales, tax, returns, deposits_taken,
                 deposits_applied, refunds, payments_on_account, cash, card, account,
                 refund_tendered, opening_float, cash_in, cash_out, expected_cash,
                 counted_cash, over_short, last_payment)
             VALUES (1, 'MAIN', NULL, '2026-12-03T18:00:00.000Z', 'morgan', 1, 0, 1, 0,
                 '10.00', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '10.00', '0.00',
                 '0.00', '0.00', '0.00', '10.00', '0.00', '10.00', '10.00', '0.00', 0);
             INSERT INTO audit_log (user_name, action, reference, detail, at) VALUES
                ('morgan', 'day_close', 'day 1', 'closed day 1 at MAIN', '2026-12-03T18:00:00.000Z');
             INSERT INTO audit_log (user_name, action, qty, detail, at) VALUES
                ('casey', 'void_sale', 2, 'voided a sale of 2 line(s), 12.50 due, bill to C1',
                 '2026-12-03T18:30:00.000Z');",
        )
        .unwrap();
    drop(old);
    let store = Store::open(&path).unwrap();
    assert!(store.check().unwrap().is_empty(), "{:#?}", store.check());
    // Day 1 shows what it kept, and only that: no counts, no opening.
    let day = store.day(1).unwrap().unwrap();
    assert_eq!((day.figures.counts, day.opened_at.as_deref()), (None, None));
    let slip = ringup::present::day::slip(&day, 42, &config().store);
    assert!(
        !slip.contains("(count)") && !slip.contains("Opened") && !slip.contains("Voids"),
        "{slip}"
    );
    let json = ringup::present::json(&day, store.zone()).unwrap();
    assert!(
        !json.contains("sales_count") && !json.contains("voids"),
        "{json}"
    );
    let csv = ringup::present::day::csv(&day, store.zone()).unwrap();
    assert!(
        csv.ends_with("\ncounted_cash,10.00\nover_short,0.00\nno_sales,0\n"),
        "{csv}"
    );
    // The day still open counts the void after the close, from its old audit row.
    let x = store.day_report("MAIN", Money::ZERO).unwrap();
    let counts = x.figures.counts.unwrap();
    assert_eq!((counts.voids_count, counts.voids), (1, money("12.50")));
    assert_eq!(x.opened_at.as_deref(), Some("2026-12-03T18:00:00.000Z"));
}

// ---- the command line ----

/// A store with the test catalog, no tax, a float of 100.00 and times shown in UTC.
fn empty_shop() -> Sandbox {
    let shop = Sandbox::with_config(
        "[store]\ntime_zone = \"UTC\"\n\n\
         [tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [day]\nopening_float = \"100.00\"\n",
    )
    .with_db("shop.db");
    common::load_catalog(&mut shop.store());
    shop
}

fn shop() -> Sandbox {
    let shop = empty_shop();
    let mut store = shop.store();
    a_day(&mut store);
    store
        .no_sale("MAIN", "casey", "change for the float")
        .unwrap();
    shop
}

/// When invoice `number` was written, as the command line shows it in UTC.
fn written_at(shop: &Sandbox, number: i64) -> String {
    let at = shop.store().invoice(number).unwrap().unwrap().at;
    ringup::domain::calendar::iso_in_zone(&at, &jiff::tz::TimeZone::UTC).unwrap()
}

#[test]
fn day_report_in_three_formats() {
    let shop = shop();
    // The first day opened with its first invoice; tables show it to the minute.
    let opened = written_at(&shop, 1);
    let minute = opened.replace('T', " ")[..16].to_string();
    assert_eq!(
        shop.ok(&["day", "report"]),
        format!(
            "X report: the day so far\n\
             Location                                  MAIN\n\
             Opened                        {minute}\n\
             Invoices                                     7\n\
             First invoice                                1\n\
             Last invoice                                 7\n\
             Sales (count)                                6\n\
             Sales (tax included)                     74.50\n\
             Tax                                       0.00\n\
             Returns (count)                              0\n\
             Returns                                   0.00\n\
             Deposits taken                           37.56\n\
             Deposits applied                         16.66\n\
             Refunds                                   1.90\n\
             Payments on account                       1.00\n\
             Cash (net of change)                     93.10\n\
             Card                                      0.40\n\
             On account                                1.00\n\
             Given back on final invoices              0.00\n\
             Opening float                           100.00\n\
             Cash in                                  95.00\n\
             Cash out                                  1.90\n\
             Expected cash                           193.10\n\
             No-sales                                     1\n\
             Voids (count)                                0\n\
             Voids (what they came to)                 0.00\n\
             Price overrides (count)                      0\n\
             Price overrides (off list)                0.00\n\
             Discounts (count)                            0\n\
             Discounts (off list)                      0.00\n"
        )
    );
    assert_eq!(
        shop.ok(&["day", "report", "--format", "csv"]),
        format!(
            "figure,value\nnumber,\nlocation,MAIN\nopened_at,{opened}\nclosed_at,\nclosed_by,\n\
             invoices,7\nfirst_invoice,1\nlast_invoice,7\nsales_count,6\nsales,74.50\n\
             tax,0.00\nreturns_count,0\nreturns,0.00\n\
             deposits_taken,37.56\ndeposits_applied,16.66\nrefunds,1.90\n\
             payments_on_account,1.00\ncash,93.10\ncard,0.40\naccount,1.00\n\
             refund_tendered,0.00\nopening_float,100.00\ncash_in,95.00\ncash_out,1.90\n\
             expected_cash,193.10\ncounted_cash,\nover_short,\nno_sales,1\n\
             voids_count,0\nvoids,0.00\nprice_overrides_count,0\nprice_overrides,0.00\n\
             discounts_count,0\ndiscounts,0.00\n"
        )
    );
    assert_eq!(
        shop.json(&["day", "report", "--format", "json"]),
        json!({
            "number": null, "location": "MAIN", "opened_at": opened, "closed_at": null,
            "closed_by": null, "invoices": 7, "first_invoice": 1, "last_invoice": 7,
            "sales": "74.50", "tax": "0.00", "returns": "0.00",
            "deposits_taken": "37.56", "deposits_applied": "16.66", "refunds": "1.90",
            "payments_on_account": "1.00",
            "tenders": [
                {"kind": "cash", "amount": "93.10"},
                {"kind": "card", "amount": "0.40"},
                {"kind": "account", "amount": "1.00"},
                {"kind": "refund", "amount": "0.00"}
            ],
            "opening_float": "100.00", "cash_in": "95.00", "cash_out": "1.90",
            "expected_cash": "193.10", "no_sales": 1,
            "sales_count": 6, "returns_count": 0,
            "voids_count": 0, "voids": "0.00",
            "price_overrides_count": 0, "price_overrides": "0.00",
            "discounts_count": 0, "discounts": "0.00",
            "counted_cash": null, "over_short": null
        })
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    assert!(shop.store().last_day_number().unwrap().is_none());
}

/// The line of a report table that starts with `label`, its value cut from the right.
fn value_of<'a>(table: &'a str, label: &str) -> &'a str {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("{label}  ")))
        .unwrap_or_else(|| panic!("no '{label}' in\n{table}"));
    line.rsplit(' ').next().unwrap()
}

/// A day with price changes, a void and a return (no tax, float 100.00):
/// invoice 1: 4 SCREW set to 4.50 (list 20.00, 18.00: 2.00 off by the override) and 2 VALVE
///            (list 20.00), 10% off the sale (1.80 and 2.00 off by the discount): 34.20 cash;
/// invoice 2: 1 SCREW, 5.00 by card;
/// invoice 3: 1 SCREW of invoice 1 back, 4.05 refunded in cash;
/// and a sale of 12.50 voided at the counter (and one of 6.00 in the YARD, not MAIN's).
#[test]
fn the_x_report_counts_voids_price_changes_and_returns_apart() {
    let shop = empty_shop();
    shop.ok(&[
        "sale",
        "--item",
        "SCREW:4",
        "--item",
        "VALVE:2",
        "--price",
        "SCREW=4.50",
        "--discount",
        "10",
        "--reason",
        "price match",
        "--tender",
        "cash",
    ]);
    shop.ok(&["sale", "--item", "SCREW:1", "--tender", "card"]);
    shop.ok(&["return", "1", "SCREW:1"]);
    let mut store = shop.store();
    store
        .record_void("casey", "MAIN", 2, money("12.50"), None)
        .unwrap();
    store
        .record_void("casey", "YARD", 1, money("6.00"), Some("C1"))
        .unwrap();
    drop(store);

    let x = shop.json(&["day", "report", "--format", "json"]);
    assert_eq!(
        x,
        json!({
            "number": null, "location": "MAIN", "opened_at": written_at(&shop, 1),
            "closed_at": null, "closed_by": null,
            "invoices": 3, "first_invoice": 1, "last_invoice": 3,
            "sales_count": 2, "sales": "39.20", "tax": "0.00",
            "returns_count": 1, "returns": "4.05",
            "deposits_taken": "0.00", "deposits_applied": "0.00", "refunds": "0.00",
            "payments_on_account": "0.00",
            "tenders": [
                {"kind": "cash", "amount": "30.15"},
                {"kind": "card", "amount": "5.00"},
                {"kind": "account", "amount": "0.00"},
                {"kind": "refund", "amount": "0.00"}
            ],
            "opening_float": "100.00", "cash_in": "34.20", "cash_out": "4.05",
            "expected_cash": "130.15", "no_sales": 0,
            "voids_count": 1, "voids": "12.50",
            "price_overrides_count": 1, "price_overrides": "2.00",
            "discounts_count": 2, "discounts": "3.80",
            "counted_cash": null, "over_short": null
        })
    );
    let table = shop.ok(&["day", "report"]);
    for (label, value) in [
        ("Invoices", "3"),
        ("Sales (count)", "2"),
        ("Sales (tax included)", "39.20"),
        ("Returns (count)", "1"),
        ("Returns", "4.05"),
        ("Voids (count)", "1"),
        ("Voids (what they came to)", "12.50"),
        ("Price overrides (count)", "1"),
        ("Price overrides (off list)", "2.00"),
        ("Discounts (count)", "2"),
        ("Discounts (off list)", "3.80"),
    ] {
        assert_eq!(value_of(&table, label), value, "{label}");
    }
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");

    // The Z keeps them, prints them on the slip, and shows them again as kept.
    let z = shop.json(&[
        "day",
        "close",
        "--counted-cash",
        "130.15",
        "--format",
        "json",
    ]);
    for key in [
        "opened_at",
        "invoices",
        "sales_count",
        "sales",
        "returns_count",
        "returns",
        "voids_count",
        "voids",
        "price_overrides_count",
        "price_overrides",
        "discounts_count",
        "discounts",
        "expected_cash",
    ] {
        assert_eq!(z[key], x[key], "{key}");
    }
    assert_eq!(z["over_short"], json!("0.00"));
    assert_eq!(shop.json(&["day", "show", "1", "--format", "json"]), z);
    let slip = std::fs::read_to_string(shop.data().join("receipts/day-000001.txt")).unwrap();
    for line in slip.lines() {
        assert!(line.chars().count() <= 42, "'{line}'");
    }
    for (label, value) in [
        ("Returns (count)", "1"),
        ("Voids (what they came to)", "12.50"),
        ("Discounts (off list)", "3.80"),
    ] {
        assert_eq!(value_of(&slip, label), value, "{label}");
    }
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");

    // The next day counts from nothing; the void rung in it is its own.
    let mut store = shop.store();
    store
        .record_void("casey", "MAIN", 1, money("5.00"), None)
        .unwrap();
    let next = store.day_report("MAIN", money("100.00")).unwrap();
    let counts = next.figures.counts.unwrap();
    assert_eq!((counts.voids_count, counts.voids), (1, money("5.00")));
    assert_eq!((counts.sales_count, counts.discounts_count), (0, 0));
    assert_eq!(next.opened_at, store.day(1).unwrap().unwrap().closed_at);

    // Check holds day 1's counts to the audit rows they came from.
    store
        .conn()
        .execute_batch(
            "DELETE FROM audit_log WHERE action = 'void_sale' AND amount = '12.50';
             UPDATE audit_log SET amount = '2.10' WHERE action = 'discount' AND amount = '2.00';",
        )
        .unwrap();
    assert_eq!(
        of(&store.check().unwrap(), FIGURES),
        [
            "day 1 at MAIN: voids_count stored 1 but its documents come to 0",
            "day 1 at MAIN: voids stored 12.50 but its documents come to 0.00",
            "day 1 at MAIN: discounts stored 3.80 but its documents come to 3.90",
        ]
    );
}

#[test]
fn day_close_stores_prints_and_shows_the_z_report() {
    let shop = shop();
    let z = shop.json(&[
        "day",
        "close",
        "--counted-cash",
        "193.85",
        "--format",
        "json",
    ]);
    assert_eq!(z["number"], json!(1));
    assert_eq!(z["closed_by"], json!("manager"));
    assert_eq!(z["expected_cash"], json!("193.10"));
    assert_eq!(z["payments_on_account"], json!("1.00"));
    assert_eq!(z["counted_cash"], json!("193.85"));
    assert_eq!(z["over_short"], json!("0.75"));
    assert_eq!(z["sales"], json!("74.50"));
    assert_eq!(shop.json(&["day", "show", "1", "--format", "json"]), z);
    let csv = shop.ok(&["day", "show", "1", "--format", "csv"]);
    assert!(
        csv.contains("\nnumber,1\n") && csv.contains("\ncounted_cash,193.85\nover_short,0.75\n"),
        "{csv}"
    );
    let table = shop.ok(&["day", "show", "1"]);
    assert!(table.starts_with("Z report: day 1\n"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Over (+) / short (-)") && l.ends_with(" 0.75")),
        "{table}"
    );
    let slip = std::fs::read_to_string(shop.data().join("receipts/day-000001.txt")).unwrap();
    assert!(slip.contains("Z report: day 1"), "{slip}");
    for line in slip.lines() {
        assert!(line.chars().count() <= 42, "'{line}'");
    }
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    // The next day is empty, and opened when day 1 closed.
    let next = shop.json(&["day", "report", "--format", "json"]);
    assert_eq!(next["invoices"], json!(0));
    assert_eq!(next["opened_at"], z["closed_at"]);
    let z2 = shop.json(&["day", "close", "--counted-cash", "100", "--format", "json"]);
    assert_eq!(
        (&z2["number"], &z2["over_short"]),
        (&json!(2), &json!("0.00"))
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn bad_day_input_is_refused_with_exit_2_and_nothing_written() {
    let shop = shop();
    for (args, message) in [
        (
            vec!["day", "close", "--counted-cash", "-5"],
            "ringup: --counted-cash: '-5' is negative\n",
        ),
        (
            vec!["day", "close", "--counted-cash", "12.345"],
            "ringup: --counted-cash: '12.345' has more than 2 decimal places\n",
        ),
        (
            vec!["day", "close", "--counted-cash", "lots"],
            "ringup: --counted-cash: 'lots' is not an amount of money\n",
        ),
        (
            vec!["day", "report", "--location", "NOWHERE"],
            "ringup: --location 'NOWHERE': no such location\n",
        ),
        (
            vec!["day", "show", "1"],
            "ringup: day 1: no such closed day\n",
        ),
    ] {
        let run = shop.run(&args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
    assert!(shop.store().last_day_number().unwrap().is_none());
}

#[test]
fn closing_the_day_needs_a_manager() {
    let shop = shop();
    let mut store = shop.store();
    store
        .add_user("casey", ringup::domain::Role::Clerk, CLERK_PIN)
        .unwrap();
    store
        .add_user("morgan", ringup::domain::Role::Manager, MANAGER_PIN)
        .unwrap();
    let run = |args: &[&str], user: &str, pin: &str| {
        let r = shop.run_as(user, pin, args);
        (r.code, r.stderr)
    };
    let close = ["day", "close", "--counted-cash", "193.10"];
    assert_eq!(
        run(&close, "casey", CLERK_PIN),
        (
            2,
            "ringup: --user casey: a clerk may not close the day; a manager must\n".to_string()
        )
    );
    assert_eq!(run(&close, "morgan", "000000").0, 2);
    assert!(shop.store().last_day_number().unwrap().is_none());
    // The X report reads only: anyone may print it.
    assert_eq!(run(&["day", "report"], "casey", CLERK_PIN).0, 0);
    assert_eq!(run(&close, "morgan", MANAGER_PIN).0, 0);
    let day = shop.store().day(1).unwrap().unwrap();
    assert_eq!(day.closed_by.as_deref(), Some("morgan"));
    assert_eq!(day.over_short, Some(money("0.00")));
}

// ---- the counter screen ----

fn day_screen(t: &Till) -> &DayScreen {
    t.app
        .top()
        .unwrap_or_else(|| panic!("not on the end of day: {}", t.top_title()))
}

/// Rings 2 SCREW (10.00) and pays in cash with 20.00: 10.00 change.
fn cash_sale(t: &mut Till) {
    t.ring("2*SCREW");
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    t.typed("20");
    t.enter();
    t.assert_on_sale_screen();
}

#[test]
fn the_no_sale_key_is_recorded_and_refused_during_a_sale() {
    let mut t = till_as("casey");
    // Ctrl-O asks why: no reason, no drawer.
    t.ctrl('o');
    assert_eq!(
        t.top_title(),
        "form: No sale: open the drawer",
        "{}",
        t.status()
    );
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(t.count("SELECT count(*) FROM no_sales"), 0);
    t.typed("change for the float");
    t.enter();
    assert_eq!(t.status(), "No sale: drawer opened, recorded (1 today)");
    t.assert_on_sale_screen();
    t.ring("SCREW");
    t.ctrl('o');
    assert_eq!(
        t.status(),
        "No sale is for an empty sale: finish or clear this one first"
    );
    assert_eq!(t.count("SELECT count(*) FROM no_sales"), 1);
    let audit = t.audit_actions();
    assert!(
        audit.contains(&("casey".to_string(), "no_sale".to_string())),
        "{audit:?}"
    );
    let detail: String = t
        .store()
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'no_sale'",
            ringup::store::params![],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.ends_with("reason: change for the float"), "{detail}");
    // A clerk's menu has no end of day, so cannot close the day.
    t.f(8);
    t.typed("d");
    assert!(t.status_is_error(), "{}", t.status());
    t.esc();
    t.assert_invariants();
}

#[test]
fn f8_d_shows_the_x_report_and_z_closes_the_day_after_a_yes() {
    let mut t = till();
    cash_sale(&mut t);
    t.ctrl('o');
    t.typed("change");
    t.enter();
    // A sale voided before it was finished: counted with what it came to.
    t.ring("VALVE");
    t.ctrl('x');
    t.typed("y");
    t.assert_on_sale_screen();
    t.f(8);
    t.typed("d");
    assert_eq!(t.top_title(), "end of day");
    let x = &day_screen(&t).report;
    assert_eq!(x.number, None);
    assert_eq!(x.figures.tender(DayTender::Cash), money("10.00"));
    assert_eq!(x.figures.no_sales, 1);
    let counts = x.figures.counts.unwrap();
    assert_eq!((counts.voids_count, counts.voids), (1, money("10.00")));
    let lines = day_screen(&t).lines.clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Expected cash") && l.ends_with(" 10.00")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Voids (what they came to)") && l.ends_with(" 10.00")),
        "{lines:#?}"
    );
    insta::assert_snapshot!(
        "the_x_report_at_80x24",
        common::screen::render(&t.app, 80, 24)
    );
    // The counts are further down: Down scrolls to the last of them.
    for _ in 0..11 {
        t.key(ratatui::crossterm::event::KeyCode::Down);
    }
    insta::assert_snapshot!(
        "the_x_report_scrolled_at_80x24",
        common::screen::render(&t.app, 80, 24)
    );

    // z: the counted cash; a letter is refused, a scan is refused and cleared.
    t.typed("z");
    assert_eq!(t.top_title(), "counted cash");
    t.typed("x");
    assert_eq!(
        t.status(),
        "'x' is not part of an amount: digits and one decimal point"
    );
    t.typed("12345678");
    t.enter();
    assert!(
        t.status().contains("looks like a scanned barcode"),
        "{}",
        t.status()
    );
    assert_eq!(t.top_title(), "counted cash");
    // A blind count: nothing on screen says what the drawer should hold until it is counted.
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        !screen.contains("10.00") && !screen.contains("Expected"),
        "{screen}"
    );
    // Enter alone at the question is a no: the day stays open.
    t.typed("9.50");
    t.enter();
    assert_eq!(t.top_title(), "confirm");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("10.00"),
        "expected, after the count: {screen}"
    );
    t.enter();
    assert_eq!(t.status(), "The day is still open");
    assert_eq!(t.top_title(), "counted cash");
    assert!(t.store().last_day_number().unwrap().is_none());
    // y closes it: stored, printed, shown.
    t.enter();
    t.typed("y");
    let status = t.status();
    assert!(
        status.starts_with("Day 1 closed, over/short -0.50; Z report printed to "),
        "{status}"
    );
    assert_eq!(t.top_title(), "text: Day 1 closed");
    let slip = t.text_lines();
    assert!(
        slip.iter().any(|l| l.contains("Z report: day 1")),
        "{slip:#?}"
    );
    let printed = std::fs::read_to_string(t.dir.path().join("receipts/day-000001.txt")).unwrap();
    assert_eq!(printed.trim_end(), slip.join("\n").trim_end());
    let day = t.store().day(1).unwrap().unwrap();
    assert_eq!(
        (day.closed_by.as_deref(), day.counted_cash),
        (Some("morgan"), Some(money("9.50")))
    );
    // Back on the end of day, the new day is empty.
    t.esc();
    assert_eq!(t.top_title(), "end of day");
    assert_eq!(day_screen(&t).report.figures.invoices, 0);
    assert_eq!(day_screen(&t).report.opened_at, day.closed_at);
    t.esc();
    t.esc();
    t.assert_on_sale_screen();
    t.assert_invariants();
    assert!(
        t.audit_actions()
            .contains(&("morgan".to_string(), "day_close".to_string()))
    );
}

#[test]
fn esc_on_the_count_closes_nothing() {
    let mut t = till();
    t.f(8);
    t.typed("d");
    t.typed("z");
    t.typed("5");
    t.esc();
    assert_eq!(t.status(), "The day is still open");
    assert_eq!(t.top_title(), "end of day");
    assert!(t.store().last_day_number().unwrap().is_none());
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_migrate_store_copies_days_and_no_sales() {
    let admin = common::postgres().expect("RINGUP_TEST_POSTGRES names the PostgreSQL test server");
    let dir = tempfile::TempDir::new().unwrap();
    let mut sqlite = Store::open(&dir.path().join("shop.db")).unwrap();
    common::load_catalog(&mut sqlite);
    a_day(&mut sqlite);
    sqlite
        .no_sale("MAIN", "casey", "change for the float")
        .unwrap();
    sqlite
        .close_day("MAIN", money("190.00"), money("100.00"), "morgan")
        .unwrap();
    sqlite
        .no_sale("MAIN", "casey", "change for the float")
        .unwrap();
    let mut postgres = Store::open_postgres(&common::fresh_postgres(&admin)).unwrap();
    postgres.copy_from(&sqlite, "shop.db").unwrap();
    assert_eq!(sqlite.figures().unwrap(), postgres.figures().unwrap());
    assert_eq!(sqlite.day(1).unwrap(), postgres.day(1).unwrap());
    assert!(postgres.check().unwrap().is_empty());
    // No-sale ids and day numbers follow on from the copied rows.
    assert_eq!(
        postgres
            .no_sale("MAIN", "casey", "change for the float")
            .unwrap(),
        2
    );
    let z = postgres
        .close_day("MAIN", money("100.00"), money("100.00"), "morgan")
        .unwrap();
    assert_eq!((z.number, z.figures.no_sales), (Some(2), 2));
    assert!(postgres.check().unwrap().is_empty());
}
