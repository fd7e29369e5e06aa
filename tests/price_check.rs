//! `ringup price-check` on the real binary: the worked example in table and JSON, and its
//! errors with exit code 2.

mod common;

use std::path::Path;

use common::cli::Sandbox;

/// The demo products, customers and special prices imported into a database of its own.
fn demo_store() -> Sandbox {
    let shop = Sandbox::new().with_db("store.db");
    shop.ok(&["init"]);
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for (kind, file) in [
        ("products", "products.csv"),
        ("customers", "customers.csv"),
        ("prices", "special_prices.csv"),
    ] {
        shop.ok(&["import", kind, assets.join(file).to_str().unwrap()]);
    }
    shop
}

#[test]
fn worked_example_as_json() {
    let shop = demo_store();
    let json = shop.json(&["price-check", "PLB-VALVE-075", "4", "--format", "json"]);
    assert_eq!(json["sku"], "PLB-VALVE-075");
    assert_eq!(json["qty"], 4);
    assert_eq!(json["available"], 2, "the demo stock at MAIN");
    assert_eq!(json["delivered"], 2);
    assert_eq!(json["backordered"], 2);
    assert_eq!(json["basis"], "split");
    assert_eq!(json["total"], "35.00");
    assert_eq!(
        json["unit_amounts"],
        serde_json::json!(["10.00", "8.34", "8.33", "8.33"])
    );
    assert_eq!(json["delivered_charge"], "18.34");
    assert_eq!(json["backordered_charge"], "16.66");
}

#[test]
fn table_form_and_other_bases() {
    let shop = demo_store();
    let text = shop
        .run(&["price-check", "PLB-VALVE-075", "4", "--available", "2"])
        .stdout;
    assert!(
        text.contains("18.34") && text.contains("16.66") && text.contains("35.00"),
        "{text}"
    );

    for (basis, delivered_charge) in [("order", "17.50"), ("shipped", "20.00")] {
        let json = shop.json(&[
            "price-check",
            "PLB-VALVE-075",
            "4",
            "--basis",
            basis,
            "--format",
            "json",
        ]);
        assert_eq!(json["delivered_charge"], delivered_charge, "{basis}");
    }
}

#[test]
fn customer_prices_apply() {
    let shop = demo_store();
    // C1003 has a special price of 9.00 and a 7.5% level: 8.33 a unit, below the set's 8.33⅓.
    let json = shop.json(&[
        "price-check",
        "PLB-VALVE-075",
        "3",
        "--customer",
        "C1003",
        "--available",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(json["total"], "24.99");
}

#[test]
fn bad_input_is_exit_code_two_with_a_clear_message() {
    let shop = demo_store();
    for (args, needle) in [
        (
            vec!["price-check", "NOPE", "4"],
            "unknown SKU or barcode 'NOPE'",
        ),
        (vec!["price-check", "PLB-VALVE-075", "0"], "QTY = '0'"),
        (vec!["price-check", "PLB-VALVE-075", "2.5"], "QTY = '2.5'"),
        (vec!["price-check", "PLB-VALVE-075", "-1"], "QTY = '-1'"),
        (
            vec!["price-check", "PLB-VALVE-075", "1000001"],
            "not a believable quantity",
        ),
        (
            vec!["price-check", "PLB-VALVE-075", "4", "--customer", "ZZZ"],
            "unknown customer account 'ZZZ'",
        ),
        (
            vec!["price-check", "PLB-VALVE-075", "4", "--available", "x"],
            "--available 'x'",
        ),
    ] {
        let run = shop.run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        let err = run.stderr;
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_currency_without_cents_prices_in_whole_units_everywhere() {
    let shop =
        Sandbox::with_config("[store]\ncurrency = \"JPY\"\nminor_units = 0\n").with_db("yen.db");
    shop.ok(&["init"]);
    let csv = shop.dir.path().join("products.csv");
    std::fs::write(
        &csv,
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n\
         BOLT,,Bolt,100,3for250,2,MAIN,0,0,Acme,exempt\n",
    )
    .unwrap();
    shop.ok(&["import", "products", csv.to_str().unwrap()]);
    let json = shop.json(&["price-check", "BOLT", "4", "--format", "json"]);
    assert_eq!(json["total"], "350");
    assert_eq!(
        json["unit_amounts"],
        serde_json::json!(["100", "84", "83", "83"])
    );
    assert_eq!(json["delivered_charge"], "184");
    assert_eq!(json["backordered_charge"], "166");
    let bad = shop.dir.path().join("cents.csv");
    std::fs::write(
        &bad,
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n\
         NUT,,Nut,1.50,,0,MAIN,0,0,Acme,exempt\n",
    )
    .unwrap();
    let run = shop.run(&["import", "products", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        format!("{}{}", run.stdout, run.stderr).contains("more than 0 decimal places"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
