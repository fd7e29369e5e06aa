//! `ringup price-check` on the real binary: the worked example in table and JSON, and its
//! errors with exit code 2.

use std::path::Path;
use std::process::{Command, Output};

fn ringup(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(args)
        .arg("--db")
        .arg(dir.join("store.db"))
        .env("RINGUP_DATA_DIR", dir)
        .env("RINGUP_CONFIG", dir.join("config.toml"))
        .output()
        .unwrap()
}

fn demo_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for (kind, file) in [
        ("products", "products.csv"),
        ("customers", "customers.csv"),
        ("prices", "special_prices.csv"),
    ] {
        let out = ringup(
            dir.path(),
            &["import", kind, assets.join(file).to_str().unwrap()],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn worked_example_as_json() {
    let dir = demo_store();
    let out = ringup(
        dir.path(),
        &["price-check", "PLB-VALVE-075", "4", "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
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
    let dir = demo_store();
    let out = ringup(
        dir.path(),
        &["price-check", "PLB-VALVE-075", "4", "--available", "2"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("18.34") && text.contains("16.66") && text.contains("35.00"),
        "{text}"
    );

    let out = ringup(
        dir.path(),
        &[
            "price-check",
            "PLB-VALVE-075",
            "4",
            "--basis",
            "order",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["delivered_charge"], "17.50");
    let out = ringup(
        dir.path(),
        &[
            "price-check",
            "PLB-VALVE-075",
            "4",
            "--basis",
            "shipped",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["delivered_charge"], "20.00");
}

#[test]
fn customer_prices_apply() {
    let dir = demo_store();
    // C1003 has a special price of 9.00 and a 7.5% level: 8.33 a unit, below the set's 8.33⅓.
    let out = ringup(
        dir.path(),
        &[
            "price-check",
            "PLB-VALVE-075",
            "3",
            "--customer",
            "C1003",
            "--available",
            "3",
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["total"], "24.99");
}

#[test]
fn bad_input_is_exit_code_two_with_a_clear_message() {
    let dir = demo_store();
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
        let out = ringup(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}
