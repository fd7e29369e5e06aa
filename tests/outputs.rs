//! Receipts and printer output go only to a printer device, a FIFO or socket, a network
//! printer, or a file under the data directory: a config naming any other file is refused
//! when ringup starts, and nothing is appended to it.

mod common;

use common::cli::Sandbox;

#[test]
fn a_receipt_output_outside_the_data_directory_is_refused_at_start() {
    // A file that is not ringup's (as /etc/passwd is not), beside the data directory.
    let probe = Sandbox::new();
    let outside = probe.dir.path().join("not-receipts.txt");
    std::fs::write(&outside, "root:x:0:0\n").unwrap();
    for (config, key) in [
        (
            format!("[receipt]\noutput = {outside:?}\n"),
            "receipt.output",
        ),
        (
            format!("[printer]\nkind = \"escpos\"\ndevice = {outside:?}\n"),
            "printer.device",
        ),
    ] {
        let shop = Sandbox::with_config(&config).with_db_file("shop.db");
        {
            let mut store = shop.store();
            common::load_catalog(&mut store);
        }
        for args in [
            vec!["sale", "--item", "SCREW", "--tender", "cash"],
            vec!["reprint", "invoice", "1"],
            vec!["orders"],
        ] {
            let run = shop.run(&args);
            assert_eq!(run.code, 2, "{config} {args:?}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains(&format!("{key} = \"{}\"", outside.display()))
                    && run
                        .stderr
                        .contains("it is a file outside the data directory"),
                "{config} {args:?}: {}",
                run.stderr
            );
        }
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            "root:x:0:0\n",
            "nothing appended"
        );
        assert_eq!(
            shop.store()
                .conn()
                .query_row(
                    "SELECT count(*) FROM invoices",
                    ringup::store::params![],
                    |r| r.get::<i64>(0)
                )
                .unwrap(),
            0,
            "nothing written"
        );
    }
}

#[test]
fn receipts_go_to_a_file_under_the_data_directory_or_a_device() {
    let probe = Sandbox::new();
    let inside = probe.data().join("till-roll.txt");
    for config in [
        format!("[receipt]\noutput = {inside:?}\n"),
        "[receipt]\noutput = \"/dev/null\"\n".to_string(),
    ] {
        let shop = Sandbox::with_config(&config).with_db_file("shop.db");
        // The sandbox's own data directory: the probe's path is another sandbox's.
        let config = config.replace(
            probe.data().to_str().unwrap(),
            shop.data().to_str().unwrap(),
        );
        std::fs::write(
            shop.config(),
            format!("{config}\n{}", common::cli::CHEAP_PINS),
        )
        .unwrap();
        {
            let mut store = shop.store();
            common::load_catalog(&mut store);
        }
        shop.ok(&["sale", "--item", "SCREW", "--tender", "cash"]);
        if config.contains("till-roll") {
            let roll = std::fs::read_to_string(shop.data().join("till-roll.txt")).unwrap();
            assert!(roll.contains("SCREW"), "{roll}");
        }
    }
}
