//! Hostile text in an import: control characters, invisible reordering characters and
//! megabyte fields are refused, named by line and field, and nothing is written.

mod common;

use ringup::store::import::MAX_FIELD_CHARS;

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
