//! The store on a real database file: migrations, import, the ledger invariant, check.

mod common;

use ringup::config::Synchronous;
use ringup::domain::Role;
use ringup::store::import::ImportRules;
use ringup::store::params;
use ringup::store::stock::MovementKind;
use ringup::store::users::{PinCost, PinPolicy, SignIn};
use ringup::store::{SCHEMA_VERSION, Store, StoreError};

fn rules(skip_bad: bool) -> ImportRules {
    ImportRules {
        default_location: "MAIN".into(),
        tax_classes: vec!["standard".into(), "reduced".into(), "exempt".into()],
        skip_bad,
        user: "morgan".into(),
    }
}

const HEADER: &str = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n";

fn products_csv(rows: &[&str]) -> String {
    let mut s = HEADER.to_string();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn good_products() -> String {
    products_csv(&[
        "PLB-VALVE-075,012345678905,Ball valve 3/4in brass,10.00,3for25.00,2,MAIN,2,10,Keystone,standard",
        "FAS-WS8-114,012345678912,Wood screw #8 x 1-1/4in,0.18,25+@0.15 100+@0.12,500,MAIN,100,500,Northline,standard",
        "YRD-CONC-80,,Concrete mix 80lb,6.48,,40,YARD,10,40,Prairie,standard",
    ])
}

fn ledger_sum(store: &Store, sku: &str, location: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT coalesce(sum(m.qty), 0) FROM stock_movements m JOIN products p ON p.id = m.product_id
             WHERE p.sku = ?1 AND m.location = ?2",
            params![sku, location],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn fresh_database_gets_every_migration_and_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = store
        .conn()
        .query_row("PRAGMA synchronous", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL by default");
}

#[test]
fn old_database_is_migrated_forward_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let store = Store::open_to_version(&path, Synchronous::Full, 1).unwrap();
        assert_eq!(store.schema_version().unwrap(), 1);
        // Products in the old tables' shape (the import of today writes today's tables).
        store
            .conn()
            .execute_batch(
                "INSERT INTO products (sku, barcode, description, price) VALUES
                   ('PLB-VALVE-075', '0001', 'Ball valve 3/4in brass', '10.00'),
                   ('HDW-SCREW-8', '0002', 'Wood screw #8 box', '5.00'),
                   ('BLD-CONC-80', '0004', 'Concrete mix 80lb', '6.00');",
            )
            .unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO stock_movements (product_id, location, qty, kind, reference)
                 SELECT id, 'MAIN', 2, 'opening', 'old' FROM products WHERE sku = 'PLB-VALVE-075';",
            )
            .unwrap();
        let has_receipts: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'receipts'",
                params![],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has_receipts, 0);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.product_count().unwrap(), 3);
    let old_user: String = store
        .conn()
        .query_row(
            "SELECT user_name FROM stock_movements WHERE reference = 'old'",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        old_user, "",
        "movements from before the user column keep no name"
    );
    store
        .conn()
        .execute(
            "INSERT INTO receipts (invoice_number, width, text) VALUES (1, 42, 'x')",
            params![],
        )
        .expect_err("no invoice 1: the foreign key holds in the new table");
}

#[test]
fn shortfalls_of_a_store_from_before_they_carried_figures_are_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v15.db");
    {
        let mut store = Store::open_to_version(&path, Synchronous::Full, 15).unwrap();
        store
            .import_products(good_products().as_bytes(), &rules(false))
            .unwrap();
        store
            .conn()
            .execute_batch("UPDATE products SET min_stock = 5 WHERE sku = 'PLB-VALVE-075'")
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let short: Vec<(String, String, String, i64, i64, i64)> = store
        .conn()
        .query_map(
            "SELECT location, description, supplier, min_stock, reorder_qty, on_hand
             FROM shortfalls WHERE sku = 'PLB-VALVE-075' ORDER BY location",
            params![],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    let valve = |at: &str, on_hand| {
        (
            at.to_string(),
            "Ball valve 3/4in brass".to_string(),
            "Keystone".to_string(),
            5,
            10,
            on_hand,
        )
    };
    assert_eq!(short, [valve("MAIN", 2), valve("YARD", 0)]);
    assert_eq!(store.check().unwrap(), []);
}

#[test]
fn newer_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 5))
            .unwrap();
    }
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { .. }));
    let msg = err.to_string();
    assert!(msg.contains("newer ringup"), "{msg}");
    assert!(msg.contains(&(SCHEMA_VERSION + 5).to_string()), "{msg}");
}

#[test]
fn import_good_file_then_reimport_changes_nothing() {
    let mut store = common::empty_store();
    let report = store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    assert!(report.committed && report.bad_rows.is_empty());
    assert_eq!(report.written, 3);

    let valve = store.require_product("PLB-VALVE-075").unwrap();
    assert_eq!(valve.breaks.len(), 1);
    assert_eq!(store.stock_level(valve.id, "MAIN").unwrap().on_hand, 2);
    let by_barcode = store.require_product("012345678912").unwrap();
    assert_eq!(by_barcode.sku, "FAS-WS8-114");
    let conc = store.require_product("YRD-CONC-80").unwrap();
    assert_eq!(store.stock_level(conc.id, "YARD").unwrap().on_hand, 40);
    assert!(store.locations().unwrap().contains(&"YARD".to_string()));

    let movements = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM stock_movements", params![], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let before = movements(&store);
    let again = store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    assert!(again.committed);
    assert_eq!(store.product_count().unwrap(), 3);
    assert_eq!(
        movements(&store),
        before,
        "re-import writes no stock movement"
    );
    assert_eq!(store.stock_level(valve.id, "MAIN").unwrap().on_hand, 2);
    assert!(store.check().unwrap().is_empty());

    // A changed on-hand figure is a count correction through the ledger.
    let changed = good_products().replace(",3for25.00,2,MAIN", ",3for25.00,5,MAIN");
    store
        .import_products(changed.as_bytes(), &rules(false))
        .unwrap();
    assert_eq!(store.stock_level(valve.id, "MAIN").unwrap().on_hand, 5);
    assert_eq!(ledger_sum(&store, "PLB-VALVE-075", "MAIN"), 5);
}

#[test]
fn bad_rows_are_reported_by_line_and_nothing_is_written() {
    let mut store = common::empty_store();
    let csv = products_csv(&[
        "OK-1,,Fine product,1.00,,1,MAIN,0,0,,standard",
        "BAD-PRICE,,Bad price,1.0x,,1,MAIN,0,0,,standard",
        "BAD-BREAK,,Bad break,5.00,3for,1,MAIN,0,0,,standard",
        "OK-1,,Duplicate sku,1.00,,1,MAIN,0,0,,standard",
        "BAD-TAX,,Bad tax,1.00,,1,MAIN,0,0,,luxury",
        "BAD-QTY,,Bad qty,1.00,,-3,MAIN,0,0,,standard",
    ]);
    let report = store
        .import_products(csv.as_bytes(), &rules(false))
        .unwrap();
    assert!(!report.committed);
    assert_eq!(store.product_count().unwrap(), 0, "nothing written");
    let lines: Vec<(u64, &str, &str)> = report
        .bad_rows
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (3, "price", "1.0x"),
            (4, "breaks", "3for"),
            (5, "sku", "OK-1"),
            (6, "tax_class", "luxury"),
            (7, "on_hand", "-3"),
        ]
    );

    let skipped = store.import_products(csv.as_bytes(), &rules(true)).unwrap();
    assert!(skipped.committed);
    assert_eq!(skipped.written, 1);
    assert_eq!(store.product_count().unwrap(), 1);
}

#[test]
fn wrong_header_is_one_clear_error() {
    let mut store = common::empty_store();
    let report = store
        .import_products("sku,price\nA,1.00\n".as_bytes(), &rules(false))
        .unwrap();
    assert_eq!(report.bad_rows.len(), 1);
    assert_eq!(report.bad_rows[0].line, 1);
    assert!(report.bad_rows[0].reason.contains("expected columns"));
}

#[test]
fn barcode_owned_by_another_product_is_a_row_error() {
    let mut store = common::empty_store();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    let csv = products_csv(&["NEW-1,012345678905,Steals a barcode,1.00,,0,MAIN,0,0,,standard"]);
    let report = store
        .import_products(csv.as_bytes(), &rules(false))
        .unwrap();
    assert!(!report.committed);
    assert_eq!(report.bad_rows[0].line, 2);
    assert_eq!(report.bad_rows[0].field, "barcode");
    assert!(report.bad_rows[0].reason.contains("PLB-VALVE-075"));
}

#[test]
fn customers_import_and_special_prices() {
    let mut store = common::empty_store();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    let customers = "account,name,phone,email,credit_limit,price_level_pct\n\
                     C1,Dunmore Plumbing,555-0101,ap@dunmore.test,2500.00,5\n\
                     C2,Pat Walker,555-0102,,0.00,0\n";
    let r = store
        .import_customers(customers.as_bytes(), &rules(false))
        .unwrap();
    assert_eq!(r.written, 2);
    let c1 = store.require_customer("C1").unwrap();
    assert_eq!(c1.price_level_pct.to_string(), "5");
    assert_eq!(c1.credit_limit.to_string(), "2500.00");

    let bad = "account,name,phone,email,credit_limit,price_level_pct\nC3,,x,nope,abc,120\n";
    let r = store
        .import_customers(bad.as_bytes(), &rules(false))
        .unwrap();
    let fields: Vec<&str> = r.bad_rows.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec!["name", "email", "credit_limit", "price_level_pct"]
    );

    let prices = "account,sku,price\nC1,PLB-VALVE-075,9.00\nC9,PLB-VALVE-075,1.00\n";
    let r = store
        .import_special_prices(prices.as_bytes(), &rules(false))
        .unwrap();
    assert!(!r.committed);
    assert_eq!(r.bad_rows[0].line, 3);
    assert_eq!(r.bad_rows[0].field, "account");
    let r = store
        .import_special_prices(prices.as_bytes(), &rules(true))
        .unwrap();
    assert_eq!(r.written, 1);
    let valve = store.require_product("PLB-VALVE-075").unwrap();
    assert_eq!(
        store
            .special_price(c1.id, valve.id)
            .unwrap()
            .unwrap()
            .to_string(),
        "9.00"
    );
    assert_eq!(store.search_customers("dun", 10).unwrap()[0].account, "C1");
    assert_eq!(store.search_customers("0102", 10).unwrap()[0].account, "C2");
}

#[test]
fn receipts_keep_on_hand_equal_to_the_ledger() {
    let mut store = common::empty_store();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    store
        .receive(
            "PLB-VALVE-075",
            10,
            "MAIN",
            MovementKind::Receipt,
            "PO-1",
            "morgan",
        )
        .unwrap();
    store
        .receive(
            "plb-valve-075",
            3,
            "MAIN",
            MovementKind::Receipt,
            "PO-2",
            "morgan",
        )
        .unwrap();
    store.ensure_location("YARD").unwrap();
    store
        .receive(
            "PLB-VALVE-075",
            4,
            "YARD",
            MovementKind::Receipt,
            "PO-3",
            "morgan",
        )
        .unwrap();
    store
        .transfer("YRD-CONC-80", 15, "YARD", "MAIN", "boss")
        .unwrap();
    let valve = store.require_product("PLB-VALVE-075").unwrap();
    assert_eq!(store.stock_level(valve.id, "MAIN").unwrap().on_hand, 15);
    assert_eq!(ledger_sum(&store, "PLB-VALVE-075", "MAIN"), 15);
    assert_eq!(ledger_sum(&store, "PLB-VALVE-075", "YARD"), 4);
    assert_eq!(ledger_sum(&store, "YRD-CONC-80", "YARD"), 25);
    assert_eq!(ledger_sum(&store, "YRD-CONC-80", "MAIN"), 15);
    assert!(
        store.check().unwrap().is_empty(),
        "{:?}",
        store.check().unwrap()
    );

    let err = store
        .receive("NOPE", 1, "MAIN", MovementKind::Receipt, "x", "morgan")
        .unwrap_err();
    assert_eq!(err.to_string(), "unknown SKU or barcode 'NOPE'");
    let err = store
        .transfer("YRD-CONC-80", 500, "YARD", "MAIN", "boss")
        .unwrap_err();
    assert!(
        err.to_string().contains("only 25 available at YARD"),
        "{err}"
    );
}

#[test]
fn check_names_a_tampered_stock_figure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tamper.db");
    let mut store = Store::open(&path).unwrap();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    assert!(store.check().unwrap().is_empty());
    store
        .conn()
        .execute(
            "UPDATE stock SET on_hand = on_hand + 7 WHERE product_id =
                (SELECT id FROM products WHERE sku = 'FAS-WS8-114')",
            params![],
        )
        .unwrap();
    let findings = store.check().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let text = findings[0].to_string();
    assert!(
        text.contains("FAS-WS8-114 at MAIN: on hand 507 but the movements add up to 500"),
        "{text}"
    );
    // a ledger row with no stock row is caught too
    store
        .conn()
        .execute(
            "INSERT INTO stock_movements (product_id, location, qty, kind, reference)
             SELECT id, 'MAIN', 1, 'count', 'tamper' FROM products WHERE sku = 'YRD-CONC-80'",
            params![],
        )
        .unwrap();
    assert_eq!(store.check().unwrap().len(), 2);
}

#[test]
fn item_search_finds_words_by_prefix() {
    let mut store = common::empty_store();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    let hits = store.search_items("ball val", "MAIN", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].product.sku, "PLB-VALVE-075");
    assert_eq!(hits[0].here.on_hand, 2);
    let yard = store.search_items("concrete", "MAIN", 10).unwrap();
    assert_eq!(yard[0].elsewhere, vec![("YARD".to_string(), 40)]);
    assert!(store.search_items("\"", "MAIN", 10).unwrap().is_empty());
    assert!(
        store
            .search_items("nothing-like-this", "MAIN", 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn users_sign_in_with_argon2_pins_and_lock_out_after_three_wrong() {
    let mut store = common::empty_store();
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    let hash: String = store
        .conn()
        .query_row("SELECT pin_hash FROM users", params![], |r| r.get(0))
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("246810"));
    assert!(
        matches!(store.sign_in("Morgan", "246810").unwrap(), SignIn::Ok(u) if u.role == Role::Manager)
    );
    assert_eq!(
        store.sign_in("morgan", "0000").unwrap(),
        SignIn::WrongPin { attempts_left: 2 }
    );
    assert_eq!(
        store.sign_in("morgan", "0000").unwrap(),
        SignIn::WrongPin { attempts_left: 1 }
    );
    assert_eq!(store.sign_in("morgan", "0000").unwrap(), SignIn::LockedOut);
    assert_eq!(
        store.sign_in("morgan", "246810").unwrap(),
        SignIn::LockedOut,
        "even the right PIN"
    );
    assert_eq!(
        store.sign_in("nobody", "246810").unwrap(),
        SignIn::UnknownUser
    );
    assert!(
        store.add_user("x", Role::Clerk, "12").is_err(),
        "PIN too short"
    );
}

/// argon2's lowest cost, so a test signs in quickly.
fn cheap_pins() -> PinPolicy {
    PinPolicy {
        cost: PinCost {
            memory_kib: 8,
            iterations: 1,
        },
        ..PinPolicy::default()
    }
}

#[test]
fn pins_are_hashed_at_the_configured_cost_and_old_hashes_are_remade_at_sign_in() {
    let mut store = common::empty_store();
    let hash_of = |store: &Store| -> String {
        store
            .conn()
            .query_row(
                "SELECT pin_hash FROM users WHERE name = 'morgan'",
                params![],
                |r| r.get(0),
            )
            .unwrap()
    };
    // The default cost: 64 MiB and 7 passes of argon2id.
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    assert!(
        hash_of(&store).starts_with("$argon2id$v=19$m=65536,t=7,p=1$"),
        "{}",
        hash_of(&store)
    );
    // A cheaper hash (an older ringup's, or a test's) is remade when the user signs in.
    store.set_pin_policy(cheap_pins());
    store
        .conn()
        .execute("DELETE FROM users", params![])
        .unwrap();
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    assert!(hash_of(&store).contains("$m=8,t=1,p=1$"));
    store.set_pin_policy(PinPolicy::default());
    assert!(matches!(
        store.sign_in("morgan", "246810").unwrap(),
        SignIn::Ok(_)
    ));
    assert!(hash_of(&store).contains("$m=65536,t=7,p=1$"));
    // A wrong PIN leaves the hash alone.
    store.set_pin_policy(cheap_pins());
    let before = hash_of(&store);
    store.sign_in("morgan", "000000").unwrap();
    assert_eq!(hash_of(&store), before);
}

#[test]
fn a_pin_must_be_as_long_as_its_role_needs() {
    let mut store = common::empty_store();
    store.set_pin_policy(cheap_pins());
    let err = store
        .add_user("morgan", Role::Manager, "2468")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("PIN") && err.contains("a manager's PIN must be 6 to 12 digits"),
        "{err}"
    );
    assert!(!err.contains("2468"), "the PIN is never shown: {err}");
    assert_eq!(store.user_count().unwrap(), 0, "nothing written");
    store.add_user("casey", Role::Clerk, "1357").unwrap();
    // A clerk's 4 digits are not enough once she is a manager.
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    assert!(
        store
            .set_role("casey", Role::Manager, None, "morgan")
            .is_err()
    );
    assert!(
        store
            .set_role("casey", Role::Manager, Some("1357"), "morgan")
            .is_err()
    );
    store
        .set_role("casey", Role::Manager, Some("135790"), "morgan")
        .unwrap();
    assert!(matches!(
        store.sign_in("casey", "135790").unwrap(),
        SignIn::Ok(u) if u.role == Role::Manager
    ));
    // Longer minimums from the config.
    let mut policy = cheap_pins();
    policy.rules.min_clerk = 6;
    store.set_pin_policy(policy);
    assert!(store.add_user("pat", Role::Clerk, "4321").is_err());
    store.add_user("pat", Role::Clerk, "432100").unwrap();
}

#[test]
fn demo_assets_load_cleanly() {
    let mut store = common::empty_store();
    store.load_demo(&rules(false)).unwrap();
    assert!(store.product_count().unwrap() >= 150);
    let valve = store.require_product("PLB-VALVE-075").unwrap();
    assert_eq!(store.stock_level(valve.id, "MAIN").unwrap().on_hand, 2);
    assert_eq!(store.users().unwrap().len(), 2);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn generated_store_is_consistent() {
    let mut store = common::empty_store();
    store.generate(2_000, 50, "MAIN").unwrap();
    assert_eq!(store.product_count().unwrap(), 2_000);
    assert!(store.require_product("GEN-0000020").unwrap().breaks.len() == 1);
    assert!(store.check().unwrap().is_empty());
    // generating more appends rather than colliding
    store.generate(10, 5, "MAIN").unwrap();
    assert_eq!(store.product_count().unwrap(), 2_010);
}

#[test]
fn a_writer_kept_waiting_past_the_timeout_is_told_the_store_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut store = Store::open(&path).unwrap();
    store
        .import_products(good_products().as_bytes(), &rules(false))
        .unwrap();
    // Another process holds the write lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store
        .transfer("YRD-CONC-80", 1, "YARD", "MAIN", "boss")
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { seconds: 5 }), "{err}");
    assert!(err.is_busy());
    assert!(err.to_string().contains("nothing was written"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    store
        .transfer("YRD-CONC-80", 1, "YARD", "MAIN", "boss")
        .unwrap();
}

/// What a long job told its watcher, in order.
#[derive(Clone, Default)]
struct Told(std::rc::Rc<std::cell::RefCell<Vec<String>>>);

impl ringup::store::Progress for Told {
    fn start(&mut self, what: &str, total: u64) {
        self.0.borrow_mut().push(format!("start {what} {total}"));
    }
    fn advance(&mut self, steps: u64) {
        self.0.borrow_mut().push(format!("+{steps}"));
    }
    fn finish(&mut self) {
        self.0.borrow_mut().push("finish".into());
    }
}

#[test]
fn imports_and_generated_data_report_their_progress_batch_by_batch() {
    let mut store = common::empty_store();
    let told = Told::default();
    store.report_progress(Box::new(told.clone()));
    let rows: Vec<String> = (0..1_200)
        .map(|n| format!("P{n},,Part {n},1.00,,1,MAIN,0,0,Keystone,standard"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let csv = products_csv(&rows);
    store
        .import_products(csv.as_bytes(), &rules(false))
        .unwrap();
    // Batches as long as the lock may be held: however many, they add up to every row.
    let steps = told.0.borrow().clone();
    assert_eq!(
        steps.first().map(String::as_str),
        Some("start products 1200")
    );
    assert_eq!(steps.last().map(String::as_str), Some("finish"));
    let advanced: u64 = steps[1..steps.len() - 1]
        .iter()
        .map(|s| s.trim_start_matches('+').parse::<u64>().unwrap())
        .sum();
    assert_eq!(advanced, 1200, "{steps:?}");
    told.0.borrow_mut().clear();
    let batch = ringup::store::demo::GENERATE_BATCH;
    store.generate(2 * batch + batch / 2, 3, "MAIN").unwrap();
    assert_eq!(
        told.0.borrow().join(" "),
        format!(
            "start products {} +{batch} +{batch} +{} finish",
            2 * batch + batch / 2,
            batch / 2
        )
    );
    assert_eq!(
        store.product_count().unwrap(),
        1_200 + 2 * batch as i64 + batch as i64 / 2
    );
    // A refused import tells nothing: no row is written.
    told.0.borrow_mut().clear();
    store
        .import_products(
            products_csv(&["X,,Bad,abc,,1,MAIN,0,0,Keystone,standard"]).as_bytes(),
            &rules(false),
        )
        .unwrap();
    assert!(told.0.borrow().is_empty(), "{:?}", told.0.borrow());
}

#[test]
fn generating_data_leaves_the_stores_own_synchronous_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_with(&dir.path().join("g.db"), Synchronous::Full).unwrap();
    store.generate(1_500, 2, "MAIN").unwrap();
    let level: i64 = store
        .conn()
        .query_row("PRAGMA synchronous", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(level, 2, "FULL again after the batches");
    assert_eq!(store.product_count().unwrap(), 1_500);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_disabled_manager_can_no_longer_approve_at_a_counter() {
    let mut store = common::empty_store();
    store.set_pin_policy(cheap_pins());
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    store.add_user("avery", Role::Manager, "135790").unwrap();
    assert!(store.verify_pin("avery", "135790").unwrap().is_some());
    store.set_disabled("avery", true, "morgan").unwrap();
    assert_eq!(store.verify_pin("avery", "135790").unwrap(), None);
    store.set_disabled("avery", false, "morgan").unwrap();
    assert!(store.verify_pin("avery", "135790").unwrap().is_some());
}
