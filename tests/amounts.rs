//! Amounts on the command line are plain decimals with at most the currency's places: no
//! exponent, digit separator or sign, however the decimal parser would read them.

mod common;

use common::cli::Sandbox;
use common::load_catalog;
use ringup::store::params;

fn shop(config: &str) -> Sandbox {
    let shop = Sandbox::with_config(config).with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    shop
}

/// Rows of the tables a money command writes.
fn written(shop: &Sandbox) -> i64 {
    shop.store()
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM account_payments)
                  + (SELECT count(*) FROM days) + (SELECT count(*) FROM purchase_orders)",
            params![],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn an_amount_with_an_exponent_separator_or_sign_is_refused_naming_the_argument() {
    let shop = shop("");
    for amount in ["1e9", "1_000", "+60", "1E2", "0x10", "60.005"] {
        let price = format!("SCREW={amount}");
        let tender = format!("cash:{amount}");
        for (args, named) in [
            (
                vec!["pay", "C1", amount, "--tender", "cash"],
                format!("AMOUNT '{amount}'"),
            ),
            (
                vec!["day", "close", "--counted-cash", amount],
                "--counted-cash".to_string(),
            ),
            (
                vec!["po", "add", "1", "SCREW", "5", "--cost", amount],
                "--cost".to_string(),
            ),
            (
                vec!["sale", "--item", "SCREW", "--tender", &tender],
                format!("--tender '{tender}'"),
            ),
            (
                vec![
                    "sale", "--item", "SCREW", "--price", &price, "--reason", "r", "--tender",
                    "cash",
                ],
                format!("--price '{price}'"),
            ),
        ] {
            let run = shop.run(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&named) && run.stderr.contains(&format!("'{amount}'")),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(written(&shop), 0, "nothing written");
    // Plain decimals are taken.
    let out = shop.ok(&["sale", "--item", "SCREW", "--tender", "cash:60"]);
    assert!(out.starts_with("invoice 1, change "), "{out}");
}

#[test]
fn an_amount_has_at_most_the_currencys_places() {
    let shop = shop("[store]\nminor_units = 0\n");
    let run = shop.run(&["sale", "--item", "SCREW", "--tender", "cash:5.5"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--tender 'cash:5.5'") && run.stderr.contains("0 decimal places"),
        "{}",
        run.stderr
    );
    assert_eq!(written(&shop), 0, "nothing written");
}
