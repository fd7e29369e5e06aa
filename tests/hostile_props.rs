//! Fuzzing the two readers of hostile files, the CSV import and the config parser: whatever
//! the bytes, neither panics; a file is either taken whole or refused with a message naming
//! its line (and field) or its key, and a refused import writes nothing. Bounded so that it
//! runs in seconds with the rest of the tests; `RINGUP_FUZZ_CASES=100000` runs longer.

mod common;

use std::path::Path;

use proptest::prelude::*;
use ringup::config::Config;
use ringup::domain::text;
use ringup::store::Store;

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("RINGUP_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        // Failures are shrunk, not kept: the suite writes no files beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const PRODUCT_HEADER: &str = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class";

/// Pieces a hostile product file is made of: good cells, bad numbers, quotes, separators,
/// line ends, controls, invisible characters, bytes that are not UTF-8, long runs.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"SKU-1".to_vec()),
        Just(b"0001".to_vec()),
        Just(b"Claw hammer".to_vec()),
        Just(b"1.00".to_vec()),
        Just(b"-1".to_vec()),
        Just(b"1e9".to_vec()),
        Just(b"3for25.00 10+@7.50".to_vec()),
        Just(b"MAIN".to_vec()),
        Just(b"standard".to_vec()),
        Just(b",".to_vec()),
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just("\u{202E}".as_bytes().to_vec()),
        Just("\u{200B}".as_bytes().to_vec()),
        Just("\u{FEFF}".as_bytes().to_vec()),
        Just("ネジ".as_bytes().to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xC3".to_vec()),
        Just(vec![b'x'; 250]),
        prop::collection::vec(any::<u8>(), 0..8),
        "[ -~]{0,12}".prop_map(String::into_bytes),
    ]
}

/// A product file: most often the right header and rows of pieces, sometimes anything.
fn product_file() -> impl Strategy<Value = Vec<u8>> {
    let rows = prop::collection::vec(piece(), 0..60).prop_map(|pieces| {
        let mut bytes = format!("{PRODUCT_HEADER}\n").into_bytes();
        bytes.extend(pieces.concat());
        bytes
    });
    prop_oneof![
        4 => rows,
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn fingerprint(store: &Store) -> (i64, i64, i64) {
    (
        store.product_count().unwrap(),
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM stock_movements",
                ringup::store::params![],
                |r| r.get::<i64>(0),
            )
            .unwrap(),
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM price_breaks",
                ringup::store::params![],
                |r| r.get::<i64>(0),
            )
            .unwrap(),
    )
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn a_product_file_is_taken_whole_or_refused_by_line_and_field(bytes in product_file()) {
        SHOP.with_borrow_mut(|store| import_products(store, &bytes))?;
    }

    #[test]
    fn customer_and_supplier_files_never_panic(bytes in product_file(), customers in any::<bool>()) {
        let mut bytes = bytes;
        let header: &[u8] = match customers {
            true => b"account,name,phone,email,credit_limit,price_level_pct",
            false => b"code,name,phone,email,lead_time_days",
        };
        if let Some(end) = bytes.iter().position(|&b| b == b'\n') {
            bytes.splice(..end, header.iter().copied());
        }
        let rules = common::import_rules();
        let report = SHOP.with_borrow_mut(|store| match customers {
            true => store.import_customers(&bytes[..], &rules),
            false => store.import_suppliers(&bytes[..], &rules),
        })
        .unwrap();
        prop_assert_eq!(report.committed, report.bad_rows.is_empty());
    }
}

thread_local! {
    /// One store for every case: an import taken stays, as it would in a shop.
    static SHOP: std::cell::RefCell<Store> = std::cell::RefCell::new({
        let mut store = Store::open_in_memory().unwrap();
        store.set_clock(common::clock());
        store
    });
}

fn import_products(store: &mut Store, bytes: &[u8]) -> Result<(), TestCaseError> {
    let before = fingerprint(store);
    let report = store
        .import_products(bytes, &common::import_rules())
        .unwrap();
    if report.bad_rows.is_empty() {
        prop_assert!(report.committed);
        // What was taken is plain text: nothing hidden, nothing too long.
        let kept = store
            .conn()
            .query_map(
                "SELECT sku || ' ' || description || ' ' || supplier FROM products",
                ringup::store::params![],
                |r| r.get::<String>(0),
            )
            .unwrap();
        for text_kept in kept {
            prop_assert!(!text_kept.chars().any(text::is_hidden), "{:?}", text_kept);
        }
    } else {
        prop_assert!(!report.committed);
        prop_assert_eq!(fingerprint(store), before);
        for e in &report.bad_rows {
            let told = e.to_string();
            prop_assert!(e.line >= 1, "{}", told);
            let head = format!("line {}: {} = '", e.line, e.field);
            prop_assert!(told.starts_with(&head), "{}", told);
            prop_assert!(!told.chars().any(text::is_hidden), "{:?}", told);
            prop_assert!(told.len() < 4_000, "{}", told);
        }
    }
    Ok(())
}

/// Pieces of a config file: its tables and keys, good and bad values, TOML's punctuation.
fn config_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[store]\n".to_string()),
        Just("[tax.rates]\n".to_string()),
        Just("[receipt]\n".to_string()),
        Just("[security]\n".to_string()),
        Just("[keys]\n".to_string()),
        Just("[printer]\n".to_string()),
        Just("name = ".to_string()),
        Just("width = ".to_string()),
        Just("standard = ".to_string()),
        Just("pin_iterations = ".to_string()),
        Just("total = ".to_string()),
        Just("kind = ".to_string()),
        Just("\"x\"\n".to_string()),
        Just("\"8.25\"\n".to_string()),
        Just("42\n".to_string()),
        Just("-1\n".to_string()),
        Just("true\n".to_string()),
        Just("\"F12\"\n".to_string()),
        Just("\"\\u202E\"\n".to_string()),
        Just("\"\\u0000\"\n".to_string()),
        Just("[[".to_string()),
        Just("{ a = 1 }\n".to_string()),
        Just("\"".to_string()),
        Just("=".to_string()),
        Just("\n".to_string()),
        "[ -~]{0,16}",
        ".{0,8}",
    ]
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn a_config_is_taken_or_refused_with_a_plain_message(pieces in prop::collection::vec(config_piece(), 0..24)) {
        let text = pieces.concat();
        let data = std::env::temp_dir();
        match Config::from_bytes(text.as_bytes(), Path::new("fuzz.toml"), data) {
            Ok(config) => {
                // Keys are checked at the screen's start: refused or taken, never a panic.
                let _ = ringup::app::Keymap::with_overrides(&config.keys);
                prop_assert!(text::check_text(&config.store.name, 60).is_ok());
            }
            Err(e) => {
                let told = e.to_string();
                prop_assert!(told.starts_with("config file fuzz.toml"), "{}", told);
                prop_assert!(!told.chars().any(text::is_hidden), "{:?}", told);
                prop_assert!(told.len() < 2_000, "{}", told);
            }
        }
    }

    #[test]
    fn config_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Config::from_bytes(&bytes, Path::new("fuzz.toml"), std::env::temp_dir());
    }

    #[test]
    fn any_text_is_shown_within_its_columns(s in ".{0,40}", columns in 0usize..30) {
        let cut = text::start_within(&s, columns);
        prop_assert!(text::width(&cut) <= columns);
        prop_assert!(!cut.chars().any(text::is_hidden));
        prop_assert!(text::shown(&s).starts_with(cut.as_ref()));
    }
}
