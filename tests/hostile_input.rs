//! Hostile input: bad CSV files and bad config files, each refused naming its line and field
//! or its key with nothing written; free text with control characters, invisible reordering
//! characters or megabytes refused wherever it comes in; and text already kept (by an older
//! version, or written into the database by hand) shown on an 80×24 screen and a 42-column
//! receipt without a row shifting or reversing.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use ratatui::crossterm::event::KeyCode;
use ringup::app::Keymap;
use ringup::config::Config;
use ringup::domain::text::{self, MAX_TEXT_CHARS};
use ringup::store::import::{ImportReport, MAX_FIELD_CHARS};
use ringup::store::{Store, params};

const HEADER: &str = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n";

fn refused(description: &str) -> (u64, String, String, String) {
    let mut store = common::empty_store();
    let csv = format!(
        "{HEADER}OK-1,,Fine,1.00,,1,MAIN,0,0,,standard\nBAD-1,,{description},1.00,,1,MAIN,0,0,,standard\n"
    );
    let report = store
        .import_products(csv.as_bytes(), &common::import_rules())
        .unwrap();
    assert!(!report.committed, "nothing written");
    assert_eq!(store.product_count().unwrap(), 0);
    assert_eq!(report.bad_rows.len(), 1, "{:?}", report.bad_rows);
    let e = &report.bad_rows[0];
    (e.line, e.field.clone(), e.value.clone(), e.reason.clone())
}

#[test]
fn a_nul_or_a_control_character_is_refused_naming_line_and_field() {
    for (text, code) in [
        ("nul\0here", "U+0000"),
        ("bell\u{7}", "U+0007"),
        ("tab\there", "U+0009"),
    ] {
        let (line, field, _, reason) = refused(text);
        assert_eq!((line, field.as_str()), (3, "description"), "{text:?}");
        assert!(reason.contains(code), "{reason}");
    }
}

#[test]
fn invisible_reordering_characters_are_refused() {
    for (text, code) in [
        ("Pipe \u{202E}eulb", "U+202E"),
        ("zero\u{200B}width", "U+200B"),
        ("iso\u{2066}late", "U+2066"),
    ] {
        let (_, field, value, reason) = refused(text);
        assert_eq!(field, "description");
        assert!(reason.contains(code), "{reason}");
        // The error shows the value escaped, never the character itself.
        assert!(!value.contains(text), "{value:?}");
    }
}

#[test]
fn a_field_over_the_stated_length_is_refused_with_its_length() {
    let (_, field, value, reason) = refused(&"x".repeat(20_000_000));
    assert_eq!(field, "description");
    assert_eq!(
        reason,
        format!("is 20000000 characters long; at most {MAX_FIELD_CHARS}")
    );
    assert!(value.chars().count() <= 41, "the value is not echoed whole");
    // At the limit it is taken.
    let mut store = common::empty_store();
    let csv = format!(
        "{HEADER}LONG,,{},1.00,,1,MAIN,0,0,,standard\n",
        "d".repeat(MAX_FIELD_CHARS)
    );
    assert!(
        store
            .import_products(csv.as_bytes(), &common::import_rules())
            .unwrap()
            .committed
    );
}

#[test]
fn a_customers_name_with_a_bidi_override_is_refused() {
    let mut store = common::empty_store();
    let csv = "account,name,phone,email,credit_limit,price_level_pct\nC9,Eve \u{202E}lived,,,0,0\n";
    let report = store
        .import_customers(csv.as_bytes(), &common::import_rules())
        .unwrap();
    assert!(!report.committed);
    assert_eq!(report.bad_rows[0].field, "name");
    assert!(store.customer_by_account("C9").unwrap().is_none());
}

// ---------------------------------------------------------------------------------------
// The CSV suite: every file refused naming the line and the field, and nothing written.

/// The test catalog in a SQLite store of its own, whose every row the fingerprint reads.
fn shop() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.set_clock(common::clock());
    common::load_suppliers(&mut store);
    common::load_catalog(&mut store);
    store
}

/// Every row of every table, as text: equal before and after when nothing was written.
fn fingerprint(store: &Store) -> String {
    let conn = store.conn().sqlite_conn().expect("a SQLite store");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        writeln!(out, "[{table}]").unwrap();
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                write!(out, "{:?}|", row.get_ref(i).unwrap()).unwrap();
            }
            out.push('\n');
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Products,
    Customers,
    Suppliers,
    Prices,
}

struct BadFile {
    what: &'static str,
    kind: Kind,
    bytes: Vec<u8>,
    line: u64,
    field: &'static str,
}

const PRODUCT_GOOD: &str = "OK-1,,Fine product,1.00,,1,MAIN,0,0,Keystone,standard\n";
const PURCHASING_HEADER: &str = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class,supplier_sku,cost\n";
const CUSTOMER_HEADER: &str = "account,name,phone,email,credit_limit,price_level_pct\n";
const CUSTOMER_GOOD: &str = "OK1,Fine Customer,555-0100,ok@fine.test,100.00,0\n";
const SUPPLIER_HEADER: &str = "code,name,phone,email,lead_time_days\n";
const SUPPLIER_GOOD: &str = "OKSUP,Fine Supply,555-0300,,5\n";
const PRICE_HEADER: &str = "account,sku,price\n";
const PRICE_GOOD: &str = "C1,SCREW,4.00\n";

/// A file of `kind`: its header, a good row (line 2), then `rows` from line 3.
fn file(kind: Kind, rows: &[u8]) -> Vec<u8> {
    let (header, good) = match kind {
        Kind::Products => (HEADER, PRODUCT_GOOD),
        Kind::Customers => (CUSTOMER_HEADER, CUSTOMER_GOOD),
        Kind::Suppliers => (SUPPLIER_HEADER, SUPPLIER_GOOD),
        Kind::Prices => (PRICE_HEADER, PRICE_GOOD),
    };
    let mut bytes = format!("{header}{good}").into_bytes();
    bytes.extend_from_slice(rows);
    bytes
}

/// A product row from line 3 with `field` set to `value`, the rest good.
fn product_with(field: &str, value: &str) -> Vec<u8> {
    let mut cells = [
        "BAD-1",
        "",
        "Bad product",
        "2.00",
        "",
        "1",
        "MAIN",
        "0",
        "0",
        "Keystone",
        "standard",
    ];
    let names: Vec<&str> = HEADER.trim_end().split(',').collect();
    let at = names.iter().position(|n| *n == field).unwrap();
    cells[at] = value;
    file(Kind::Products, format!("{}\n", cells.join(",")).as_bytes())
}

fn customer_with(field: &str, value: &str) -> Vec<u8> {
    let mut cells = ["BAD1", "Bad Customer", "555-0199", "", "0", "0"];
    let names: Vec<&str> = CUSTOMER_HEADER.trim_end().split(',').collect();
    cells[names.iter().position(|n| *n == field).unwrap()] = value;
    file(Kind::Customers, format!("{}\n", cells.join(",")).as_bytes())
}

fn supplier_with(field: &str, value: &str) -> Vec<u8> {
    let mut cells = ["BADSUP", "Bad Supply", "555-0399", "", "3"];
    let names: Vec<&str> = SUPPLIER_HEADER.trim_end().split(',').collect();
    cells[names.iter().position(|n| *n == field).unwrap()] = value;
    file(Kind::Suppliers, format!("{}\n", cells.join(",")).as_bytes())
}

fn bad(what: &'static str, kind: Kind, bytes: Vec<u8>, line: u64, field: &'static str) -> BadFile {
    BadFile {
        what,
        kind,
        bytes,
        line,
        field,
    }
}

fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn bad_csv_files() -> Vec<BadFile> {
    use Kind::*;
    let p = |what, field, value: &str, f| bad(what, Products, product_with(field, value), 3, f);
    let c = |what, field, value: &str| bad(what, Customers, customer_with(field, value), 3, field);
    let s = |what, field, value: &str| bad(what, Suppliers, supplier_with(field, value), 3, field);
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let huge = "y".repeat(10_000_000);
    let hundred_good: String = (0..100)
        .map(|i| format!("GOOD-{i},,Good {i},1.00,,1,MAIN,0,0,,standard\n"))
        .collect();
    let mut deep = hundred_good.clone().into_bytes();
    deep.extend_from_slice(b"DEEP,,Deep,1.00,,-4,MAIN,0,0,,standard\n");
    let mut not_utf8 = file(Products, b"");
    not_utf8.extend_from_slice(b"BAD-1,,Caf\xE9 au lait,1.00,,1,MAIN,0,0,,standard\n");
    let mut not_utf8_name = file(Customers, b"");
    not_utf8_name.extend_from_slice(b"BAD1,M\xFCller \xFF,,,0,0\n");
    let mut header_not_utf8 = b"sku,barc\xF0de".to_vec();
    header_not_utf8.extend_from_slice(&HEADER.as_bytes()[11..]);
    vec![
        // Headers and the file as a whole.
        bad("an empty file", Products, Vec::new(), 1, "header"),
        bad("a header without tax_class", Products, b"sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier\nA,,B,1.00,,1,MAIN,0,0,\n".to_vec(), 1, "header"),
        bad("a misspelt column", Products, HEADER.replace("barcode", "barcod").into_bytes(), 1, "header"),
        bad("columns in another order", Products, HEADER.replace("sku,barcode", "barcode,sku").into_bytes(), 1, "header"),
        bad("an unknown column after them", Products, HEADER.replace("tax_class", "tax_class,colour").into_bytes(), 1, "header"),
        bad("half of the purchasing columns", Products, HEADER.replace("tax_class", "tax_class,supplier_sku").into_bytes(), 1, "header"),
        bad("a customer file given as products", Products, file(Customers, b""), 1, "header"),
        bad("a header with a NUL", Products, HEADER.replace("price", "pri\0ce").into_bytes(), 1, "header"),
        bad("a header that is not UTF-8", Products, header_not_utf8, 1, "header"),
        bad("a file in UTF-16", Products, utf16(&format!("{HEADER}{PRODUCT_GOOD}")), 1, "header"),
        bad("a header of 10 MB", Products, HEADER.replace("sku", &huge).into_bytes(), 1, "header"),
        // Rows that are not rows.
        bad("a row with too few fields", Products, file(Products, b"BAD-1,,Short,1.00\n"), 3, "row"),
        bad("a row with too many fields", Products, file(Products, b"BAD-1,,Long,1.00,,1,MAIN,0,0,,standard,extra\n"), 3, "row"),
        bad("a quote never closed", Products, file(Products, b"BAD-1,,\"Open quote,1.00,,1,MAIN,0,0,,standard\nNEXT,,Next,1.00,,1,MAIN,0,0,,standard\n"), 3, "row"),
        bad("a line break inside quotes", Products, file(Products, b"BAD-1,,\"two\nlines\",1.00,,1,MAIN,0,0,,standard\n"), 3, "description"),
        bad("bytes that are not UTF-8", Products, not_utf8, 3, "description"),
        bad("a bad row after a hundred good ones", Products, file(Products, &deep), 103, "on_hand"),
        // SKUs and barcodes.
        p("no SKU", "sku", "", "sku"),
        p("a SKU with a space", "sku", "BAD 1", "sku"),
        p("a SKU of 33 characters", "sku", &"S".repeat(33), "sku"),
        p("a SKU with a bidi override", "sku", "BAD\u{202E}1", "sku"),
        bad("a SKU twice in the file", Products, file(Products, PRODUCT_GOOD.as_bytes()), 3, "sku"),
        p("a barcode with a dash", "barcode", "0123-45", "barcode"),
        p("a barcode of 33 digits", "barcode", &"7".repeat(33), "barcode"),
        bad("a barcode twice in the file", Products, file(Products, b"B1,777,One,1.00,,1,MAIN,0,0,,standard\nB2,777,Two,1.00,,1,MAIN,0,0,,standard\n"), 4, "barcode"),
        p("a barcode another product has", "barcode", "0001", "barcode"),
        // Descriptions and other text.
        p("no description", "description", "", "description"),
        p("a NUL in the description", "description", "nul\0byte", "description"),
        p("an escape sequence", "description", "red \u{1B}[31m alert", "description"),
        p("a right-to-left override", "description", "Pipe \u{202E}eulb", "description"),
        p("a zero-width space", "description", "zero\u{200B}width", "description"),
        p("a zero-width joiner", "description", "join\u{200D}ed", "description"),
        p("a left-to-right isolate", "description", "iso\u{2066}late\u{2069}", "description"),
        p("a byte order mark inside", "description", "bom\u{FEFF}here", "description"),
        p("a line separator", "description", "line\u{2028}separator", "description"),
        p("a tab", "description", "tab\there", "description"),
        p("a C1 control", "description", "next\u{85}line", "description"),
        p("a description of 201 characters", "description", &long, "description"),
        p("a description of 10 MB", "description", &huge, "description"),
        p("a supplier with a control character", "supplier", "Key\u{7}stone", "supplier"),
        p("a product's supplier of 65 characters", "supplier", &"K".repeat(65), "supplier"),
        // Figures.
        p("no price", "price", "", "price"),
        p("a price in words", "price", "ten", "price"),
        p("a negative price", "price", "-1.00", "price"),
        p("a price with an exponent", "price", "1e9", "price"),
        p("a price with a plus sign", "price", "+5.00", "price"),
        p("a price with digit separators", "price", "1_000", "price"),
        p("a price with a thousands comma", "price", "\"1,000.00\"", "price"),
        p("a price with three places", "price", "1.005", "price"),
        p("a price of 10^25", "price", "10000000000000000000000000", "price"),
        p("a price beyond the decimal type", "price", "99999999999999999999999999999999", "price"),
        p("a set without a price", "breaks", "3for", "breaks"),
        p("a set of none", "breaks", "0for5.00", "breaks"),
        p("a negative set price", "breaks", "3for-1.00", "breaks"),
        p("one set quantity twice", "breaks", "3for5.00 3for6.00", "breaks"),
        p("a tier priced in words", "breaks", "10+@cheap", "breaks"),
        p("a break in prose", "breaks", "half price", "breaks"),
        p("a tier of 10^25", "breaks", "2+@10000000000000000000000000", "breaks"),
        p("a negative on hand", "on_hand", "-4", "on_hand"),
        p("a fractional on hand", "on_hand", "1.5", "on_hand"),
        p("an on hand beyond a billion", "on_hand", "2000000000", "on_hand"),
        p("an on hand with a plus sign", "on_hand", "+3", "on_hand"),
        p("a negative minimum", "min_stock", "-1", "min_stock"),
        p("a reorder quantity in words", "reorder_qty", "ten", "reorder_qty"),
        p("a location with a space", "location", "BACK ROOM", "location"),
        p("a location of 13 characters", "location", "ABCDEFGHIJKLM", "location"),
        p("a tax class not configured", "tax_class", "luxury", "tax_class"),
        p("a tax class in capitals", "tax_class", "Standard", "tax_class"),
        bad("a supplier part number of 65 characters", Products, format!("{PURCHASING_HEADER}P1,,Part,1.00,,1,MAIN,0,0,,standard,{},2.00\n", "Q".repeat(65)).into_bytes(), 2, "supplier_sku"),
        bad("a negative cost", Products, format!("{PURCHASING_HEADER}P1,,Part,1.00,,1,MAIN,0,0,,standard,Q1,-2.00\n").into_bytes(), 2, "cost"),
        // Customers.
        bad("a customer header with a column missing", Customers, b"account,name,phone,email,credit_limit\nC9,Nine,,,0\n".to_vec(), 1, "header"),
        c("no account", "account", ""),
        c("an account with a space", "account", "AC 1"),
        bad("an account twice in the file", Customers, file(Customers, CUSTOMER_GOOD.as_bytes()), 3, "account"),
        c("no name", "name", ""),
        c("a NUL in a name", "name", "Nul\0Name"),
        c("a right-to-left override in a name", "name", "Eve \u{202E}lived"),
        c("a name of 201 characters", "name", &long),
        c("a phone with a line feed", "phone", "\"555\n0101\""),
        c("an email without an at", "email", "nobody.test"),
        c("a negative credit limit", "credit_limit", "-100.00"),
        c("a credit limit in words", "credit_limit", "lots"),
        c("a credit limit of 10^25", "credit_limit", "10000000000000000000000000"),
        c("a price level of 100%", "price_level_pct", "100"),
        c("a negative price level", "price_level_pct", "-5"),
        c("a price level with an exponent", "price_level_pct", "1e1"),
        bad("a customer name that is not UTF-8", Customers, not_utf8_name, 3, "name"),
        // Suppliers.
        bad("a supplier header in capitals and short", Suppliers, b"CODE,NAME\nX,Y\n".to_vec(), 1, "header"),
        s("no supplier code", "code", ""),
        s("a supplier code of 65 characters", "code", &"C".repeat(65)),
        bad("a supplier code twice in the file", Suppliers, file(Suppliers, SUPPLIER_GOOD.as_bytes()), 3, "code"),
        s("no supplier name", "name", ""),
        s("a zero-width joiner in a supplier name", "name", "North\u{200D}line"),
        s("a supplier email without an at", "email", "orders"),
        s("a negative lead time", "lead_time_days", "-1"),
        s("a lead time in words", "lead_time_days", "a week"),
        s("a lead time of years", "lead_time_days", "9999"),
        // Special prices.
        bad("a special price header misspelt", Prices, b"acount,sku,price\nC1,SCREW,1.00\n".to_vec(), 1, "header"),
        bad("a special price for no such customer", Prices, file(Prices, b"NOBODY,SCREW,1.00\n"), 3, "account"),
        bad("a special price for no such product", Prices, file(Prices, b"C1,NOSUCH,1.00\n"), 3, "sku"),
        bad("a negative special price", Prices, file(Prices, b"C1,VALVE,-1.00\n"), 3, "price"),
        bad("a special price of 10^25", Prices, file(Prices, b"C1,VALVE,10000000000000000000000000\n"), 3, "price"),
    ]
}

fn import(store: &mut Store, kind: Kind, bytes: &[u8]) -> ImportReport {
    let rules = common::import_rules();
    match kind {
        Kind::Products => store.import_products(bytes, &rules),
        Kind::Customers => store.import_customers(bytes, &rules),
        Kind::Suppliers => store.import_suppliers(bytes, &rules),
        Kind::Prices => store.import_special_prices(bytes, &rules),
    }
    .unwrap()
}

#[test]
fn every_bad_csv_file_is_refused_naming_its_line_and_field_and_writes_nothing() {
    let cases = bad_csv_files();
    assert!(cases.len() >= 50, "{} files", cases.len());
    let mut store = shop();
    let before = fingerprint(&store);
    let mut wrong = Vec::new();
    for case in &cases {
        let report = import(&mut store, case.kind, &case.bytes);
        let named = report
            .bad_rows
            .iter()
            .any(|e| e.line == case.line && e.field == case.field);
        let told: Vec<String> = report.bad_rows.iter().map(|e| e.to_string()).collect();
        let said = told.iter().any(|t| {
            t.starts_with(&format!("line {}: {} = '", case.line, case.field))
                && t.len() < 4_000
                && !t.chars().any(text::is_hidden)
        });
        if report.committed || report.written > 0 || !named || !said {
            wrong.push(format!(
                "{} ({:?}): committed {}, told {told:?}",
                case.what, case.kind, report.committed
            ));
        }
        assert_eq!(fingerprint(&store), before, "{} wrote something", case.what);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn each_bad_file_is_a_different_case() {
    let cases = bad_csv_files();
    let mut names: Vec<&str> = cases.iter().map(|c| c.what).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    let mut files: Vec<&[u8]> = cases.iter().map(|c| c.bytes.as_slice()).collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), cases.len(), "two cases are the same file");
}

#[test]
fn a_spreadsheets_byte_order_mark_and_windows_line_ends_are_taken() {
    let mut store = shop();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        format!("{HEADER}{PRODUCT_GOOD}")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    let report = import(&mut store, Kind::Products, &bytes);
    assert!(report.committed, "{:?}", report.bad_rows);
    assert_eq!(report.written, 1);
    assert_eq!(
        store.product_by_code("OK-1").unwrap().unwrap().description,
        "Fine product"
    );
}

// ---------------------------------------------------------------------------------------
// The config suite: every file refused naming its key, before anything is written.

/// Bad config files, each with the key (or the table, or the line) its refusal names.
fn bad_configs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let text = |what, toml: &str, key| (what, toml.as_bytes().to_vec(), key);
    let long_name = format!("[store]\nname = \"{}\"\n", "N".repeat(61));
    let huge_name = format!("[store]\nname = \"{}\"\n", "N".repeat(10_000_000));
    vec![
        text("an unknown table", "[stor]\nname = \"x\"\n", "stor"),
        text("an unknown key", "[store]\nnmae = \"x\"\n", "store.nmae"),
        text("an unknown top-level key", "name = \"x\"\n", "name"),
        text(
            "a key twice",
            "[store]\nname = \"a\"\nname = \"b\"\n",
            "line 3",
        ),
        text(
            "a table twice",
            "[store]\nname = \"a\"\n[store]\nlocation = \"B\"\n",
            "line 3",
        ),
        text(
            "a string never closed",
            "[store]\nname = \"open\n",
            "line 2",
        ),
        text("a value missing", "[store]\nname =\n", "line 2"),
        text(
            "a store name of a number",
            "[store]\nname = 5\n",
            "store.name",
        ),
        text(
            "an empty store name",
            "[store]\nname = \"  \"\n",
            "store.name",
        ),
        text(
            "a store name with a bidi override",
            "[store]\nname = \"Hard\\u202Eware\"\n",
            "store.name",
        ),
        text(
            "a store name with a line break",
            "[store]\nname = \"two\\nlines\"\n",
            "store.name",
        ),
        text(
            "a store name with an escape",
            "[store]\nname = \"\\u001b[2J\"\n",
            "store.name",
        ),
        (
            "a store name of 61 characters",
            long_name.into_bytes(),
            "store.name",
        ),
        (
            "a store name of 10 MB",
            huge_name.into_bytes(),
            "store.name",
        ),
        text(
            "a location with a space",
            "[store]\nlocation = \"BACK ROOM\"\n",
            "store.location",
        ),
        text(
            "a currency in lower case",
            "[store]\ncurrency = \"usd\"\n",
            "store.currency",
        ),
        text(
            "too many minor units",
            "[store]\nminor_units = 7\n",
            "store.minor_units",
        ),
        text(
            "negative minor units",
            "[store]\nminor_units = -1\n",
            "store.minor_units",
        ),
        text(
            "a time zone that is none",
            "[store]\ntime_zone = \"Pacific Time\"\n",
            "store.time_zone",
        ),
        text(
            "prices include tax as a string",
            "[tax]\nprices_include_tax = \"yes\"\n",
            "tax.prices_include_tax",
        ),
        text("no tax class at all", "[tax.rates]\n", "tax.rates"),
        text(
            "a tax rate in words",
            "[tax.rates]\nstandard = \"lots\"\n",
            "tax.rates.standard",
        ),
        text(
            "a tax rate as a float",
            "[tax.rates]\nstandard = 8.25\n",
            "tax.rates.standard",
        ),
        text(
            "a negative tax rate",
            "[tax.rates]\nstandard = \"-1\"\n",
            "tax.rates.standard",
        ),
        text(
            "a tax rate above 100",
            "[tax.rates]\nstandard = \"101\"\n",
            "tax.rates.standard",
        ),
        text(
            "a tax rate with an exponent",
            "[tax.rates]\nstandard = \"1e1\"\n",
            "tax.rates.standard",
        ),
        text(
            "a tax rate with a percent sign",
            "[tax.rates]\nstandard = \"8.25%\"\n",
            "tax.rates.standard",
        ),
        text(
            "a tax class with a space",
            "[tax.rates]\n\"full rate\" = \"8\"\n",
            "tax.rates.full rate",
        ),
        text(
            "a tax class with a control character",
            "[tax.rates]\n\"std\\u0007\" = \"8\"\n",
            "tax.rates.std\\u{7}",
        ),
        text(
            "a backorder payment unknown",
            "[backorders]\npayment = \"later\"\n",
            "backorders.payment",
        ),
        text(
            "a price break basis unknown",
            "[backorders]\nprice_break_basis = \"best\"\n",
            "backorders.price_break_basis",
        ),
        text(
            "allow on invoice as a string",
            "[backorders]\nallow_on_invoice = \"yes\"\n",
            "backorders.allow_on_invoice",
        ),
        text(
            "a database URL that is not PostgreSQL",
            "[database]\nurl = \"mysql://db/ringup\"\n",
            "database.url",
        ),
        text(
            "an empty database path",
            "[database]\npath = \"\"\n",
            "database.path",
        ),
        text(
            "a database path with a NUL",
            "[database]\npath = \"/tmp/ring\\u0000up.db\"\n",
            "database.path",
        ),
        text(
            "a synchronous level unknown",
            "[database]\nsynchronous = \"sometimes\"\n",
            "database.synchronous",
        ),
        text(
            "a receipt width of 50",
            "[receipt]\nwidth = 50\n",
            "receipt.width",
        ),
        text(
            "a receipt width in words",
            "[receipt]\nwidth = \"wide\"\n",
            "receipt.width",
        ),
        text(
            "receipts into /etc/passwd",
            "[receipt]\noutput = \"/etc/passwd\"\n",
            "receipt.output",
        ),
        text(
            "receipts into a directory",
            "[receipt]\noutput = \"/tmp\"\n",
            "receipt.output",
        ),
        text(
            "an empty receipt output",
            "[receipt]\noutput = \"\"\n",
            "receipt.output",
        ),
        text(
            "a printer of no kind known",
            "[printer]\nkind = \"laser\"\n",
            "printer.kind",
        ),
        text(
            "an ESC/POS printer with nowhere to print",
            "[printer]\nkind = \"escpos\"\n",
            "printer.kind",
        ),
        text(
            "a printer address without a port",
            "[printer]\nkind = \"escpos\"\naddress = \"192.168.1.50\"\n",
            "printer.address",
        ),
        text(
            "a printer device without escpos",
            "[printer]\ndevice = \"/dev/usb/lp0\"\n",
            "printer.device",
        ),
        text(
            "a printer device that is a file elsewhere",
            "[printer]\nkind = \"escpos\"\ndevice = \"/etc/hosts\"\n",
            "printer.device",
        ),
        text(
            "a negative cash limit",
            "[counter]\ncash_over_due_confirm = \"-1\"\n",
            "counter.cash_over_due_confirm",
        ),
        text(
            "a cash limit of 10^25",
            "[counter]\ncash_over_due_confirm = \"10000000000000000000000000\"\n",
            "counter.cash_over_due_confirm",
        ),
        text(
            "a cash limit with digit separators",
            "[counter]\ncash_over_due_confirm = \"1_000\"\n",
            "counter.cash_over_due_confirm",
        ),
        text(
            "a large quantity of 0",
            "[counter]\nlarge_quantity = 0\n",
            "counter.large_quantity",
        ),
        text(
            "a manager PIN of 3 digits",
            "[security]\nmin_pin_manager = 3\n",
            "security.min_pin_manager",
        ),
        text(
            "a clerk PIN of 13 digits",
            "[security]\nmin_pin_clerk = 13\n",
            "security.min_pin_clerk",
        ),
        text(
            "a PIN cost below the floor",
            "[security]\npin_iterations = 1\n",
            "security.pin_iterations",
        ),
        text(
            "a PIN memory below the floor",
            "[security]\npin_memory_kib = 8\n",
            "security.pin_memory_kib",
        ),
        text(
            "a PIN memory of a terabyte",
            "[security]\npin_memory_kib = 1073741824\n",
            "security.pin_memory_kib",
        ),
        text(
            "an opening float with a sign",
            "[day]\nopening_float = \"+60\"\n",
            "day.opening_float",
        ),
        text(
            "an opening float as a float",
            "[day]\nopening_float = 150.5\n",
            "day.opening_float",
        ),
        text(
            "a return limit in words",
            "[returns]\napproval_above = \"a lot\"\n",
            "returns.approval_above",
        ),
        text(
            "an override percent above 100",
            "[overrides]\napproval_above_pct = \"150\"\n",
            "overrides.approval_above_pct",
        ),
        text(
            "a raise percent beyond 10000",
            "[overrides]\nconfirm_raise_above_pct = \"20000\"\n",
            "overrides.confirm_raise_above_pct",
        ),
        text(
            "quotes valid for no days",
            "[quotes]\nvalid_days = 0\n",
            "quotes.valid_days",
        ),
        text(
            "quotes valid for years",
            "[quotes]\nvalid_days = 4000\n",
            "quotes.valid_days",
        ),
        text(
            "a key for no action",
            "[keys]\nlaunch_rockets = \"F12\"\n",
            "[keys] launch_rockets",
        ),
        text(
            "a key that is none",
            "[keys]\ntotal = \"F13\"\n",
            "[keys] total",
        ),
        text(
            "a plain letter as a key",
            "[keys]\ntotal = \"t\"\n",
            "[keys] total",
        ),
        text(
            "a key already taken",
            "[keys]\ntotal = \"F2\"\n",
            "[keys] total",
        ),
        text(
            "a key named with an invisible character",
            "[keys]\ntotal = \"Ctrl-\\u202E\"\n",
            "[keys] total",
        ),
        text("a key as a number", "[keys]\ntotal = 12\n", "keys.total"),
        (
            "a file that is not UTF-8",
            b"[store]\nname = \"Caf\xE9\"\n".to_vec(),
            "line 2",
        ),
        (
            "a file in UTF-16",
            utf16("[store]\nname = \"x\"\n"),
            "line 1",
        ),
    ]
}

/// Checks a config file as ringup does when it starts: the file, its outputs, its keys.
fn load(bytes: &[u8], data: &Path) -> Result<Config, String> {
    let config = Config::from_bytes(bytes, Path::new("hostile.toml"), data.to_path_buf())
        .map_err(|e| e.to_string())?;
    ringup::outputs::check(&config).map_err(|e| e.to_string())?;
    Keymap::with_overrides(&config.keys).map_err(|e| e.to_string())?;
    Ok(config)
}

#[test]
fn every_bad_config_is_refused_naming_its_key() {
    let cases = bad_configs();
    assert!(cases.len() >= 40, "{} configs", cases.len());
    let data = tempfile::TempDir::new().unwrap();
    let mut wrong = Vec::new();
    for (what, bytes, key) in &cases {
        match load(bytes, data.path()) {
            Ok(_) => wrong.push(format!("{what}: taken")),
            Err(e) if !e.contains(key) => wrong.push(format!("{what}: '{e}' does not name {key}")),
            Err(e) if e.len() > 1_000 || e.chars().any(text::is_hidden) => {
                wrong.push(format!("{what}: the message is not plain: {e:?}"))
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_binary_refuses_a_bad_config_before_it_writes_anything() {
    let shop = common::cli::Sandbox::new();
    for (what, bytes, key) in bad_configs() {
        // The keys are checked when the counter screen starts; the other commands take none.
        if key.contains("keys") {
            continue;
        }
        std::fs::write(shop.config(), &bytes).unwrap();
        let run = shop.run(&["init"]);
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(key), "{what}: {}", run.stderr);
        let written: Vec<_> = std::fs::read_dir(shop.data()).unwrap().collect();
        assert!(written.is_empty(), "{what}: {written:?}");
    }
}

#[test]
fn the_example_config_and_an_empty_one_are_taken() {
    let data = tempfile::TempDir::new().unwrap();
    load(include_bytes!("../config.example.toml"), data.path()).unwrap();
    load(b"", data.path()).unwrap();
}

// ---------------------------------------------------------------------------------------
// Free text wherever else it comes in: one rule.

#[test]
fn a_customer_made_at_the_counter_a_user_a_receipt_reference_and_a_reason_take_only_text() {
    let mut store = shop();
    let before = fingerprint(&store);
    let customer = |name: &str| ringup::store::catalog::NewCustomer {
        account: "C77".into(),
        name: name.into(),
        phone: String::new(),
        email: String::new(),
        credit_limit: ringup::domain::Money::ZERO,
        price_level_pct: rust_decimal::Decimal::ZERO,
    };
    for (name, says) in [
        ("Eve \u{202E}lived", "U+202E"),
        ("Nul\0", "U+0000"),
        (&*"n".repeat(201), "201 characters"),
    ] {
        let e = store
            .create_customer(&customer(name), "morgan", &[])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("name = '") && e.contains(says), "{e}");
    }
    for name in ["new\u{200B}clerk", "tab\tclerk", &*"u".repeat(33)] {
        let e = store
            .add_user(name, ringup::domain::Role::Clerk, "2468")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("name = '"), "{e}");
    }
    let e = store
        .receive(
            "SCREW",
            5,
            "MAIN",
            ringup::store::stock::MovementKind::Receipt,
            "PO\u{1B}[2J",
            "morgan",
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("reference = '") && e.contains("U+001B"),
        "{e}"
    );
    let e = store
        .no_sale("MAIN", "morgan", "for \u{2067}change")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("reason = '") && e.contains("U+2067"), "{e}");
    assert_eq!(fingerprint(&store), before);
    let e = ringup::domain::pricing::adjust::check_reason("price\u{202E}match")
        .unwrap_err()
        .to_string();
    assert!(e.contains("U+202E"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Text kept before the rule: shown without a row shifting or reversing.

/// A description as an older version could keep it: a right-to-left override, zero-width
/// characters, an escape sequence, a tab, a line break and accents set apart.
const KEPT_DESCRIPTION: &str = "Pipe \u{202E}eulb\u{200B} 3/4\u{FEFF}in \u{1B}[31mred\u{7}\ttab\nnext e\u{301}te\u{2066}x\u{2069} and on and on";

fn with_kept_text(store: &mut Store) {
    store
        .conn()
        .execute(
            "UPDATE products SET description = ?1 WHERE sku = 'VALVE'",
            params![KEPT_DESCRIPTION],
        )
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE customers SET name = ?1 WHERE account = 'C1'",
            params!["Dun\u{202E}more\u{200D} \u{1B}]0;owned\u{7}Plumbing"],
        )
        .unwrap();
}

/// The columns one row of the buffer takes on a terminal, cell by cell: a wide cluster
/// takes its cell and the next.
fn terminal_columns(buffer: &ratatui::buffer::Buffer, y: u16) -> usize {
    let mut columns = 0;
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol();
        let w = text::width(symbol).max(1);
        assert!(
            !symbol.chars().any(text::is_hidden),
            "row {y} holds {symbol:?}"
        );
        columns += w;
        x += u16::try_from(w).unwrap();
    }
    columns
}

#[test]
fn kept_hostile_text_never_shifts_a_row_on_an_80x24_screen() {
    let mut store = common::store();
    with_kept_text(&mut store);
    let mut app = common::screen::app_over(store, Keymap::defaults());
    common::screen::press(&mut app, KeyCode::F(2));
    common::screen::typed(&mut app, "C1");
    common::screen::press(&mut app, KeyCode::Enter);
    for item in ["2*VALVE", "3*SCREW"] {
        common::screen::typed(&mut app, item);
        common::screen::press(&mut app, KeyCode::Enter);
    }
    common::screen::press(&mut app, KeyCode::Up);
    let buffer = common::screen::draw(&app, 80, 24, &ringup::ui::Theme::monochrome());
    for y in 0..24 {
        assert_eq!(terminal_columns(&buffer, y), 80, "row {y}");
    }
    let text = common::screen::buffer_text(&buffer);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("▶ VALVE") || l.starts_with("  SCREW"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    let ends: Vec<usize> = rows.iter().map(|l| l.chars().count()).collect();
    assert_eq!(ends[0], ends[1], "the money columns line up:\n{text}");
    // Nothing reversed: the override is dropped, the controls drawn as symbols.
    assert!(text.contains("Pipe eulb 3/4in"), "{text}");
    assert!(text.contains("␛[31mred␇␉tab"), "{text}");
    assert!(text.contains("Dunmore"), "{text}");
}

#[test]
fn kept_hostile_text_never_shifts_a_row_on_a_42_column_receipt() {
    let mut store = common::store();
    with_kept_text(&mut store);
    let config = common::config();
    let committed = common::ring(
        &mut store,
        &config,
        Some("C1"),
        &[("VALVE", 2, 0), ("SCREW", 3, 0)],
        ringup::domain::sale::Payment::WhenReceived,
    );
    let receipt =
        ringup::present::receipt::invoice_receipt(&mut store, committed.invoice, 42, &config.store)
            .unwrap();
    for row in receipt.lines() {
        assert!(text::width(row) <= 42, "'{row}'");
        assert!(!row.chars().any(text::is_hidden), "{row:?}");
    }
    // Every figure ends at the 42nd column.
    let figures: Vec<&str> = receipt
        .lines()
        .filter(|r| r.ends_with(".00") || r.ends_with(".50"))
        .collect();
    assert!(figures.len() >= 4, "{receipt}");
    for row in figures {
        assert_eq!(text::width(row), 42, "'{row}'\n{receipt}");
    }
    assert!(
        receipt.contains("VALVE Pipe eulb 3/4in ␛[31mred"),
        "{receipt}"
    );
    assert!(
        receipt.contains("Bill to: C1 Dunmore ␛]0;owned␇"),
        "{receipt}"
    );
}
