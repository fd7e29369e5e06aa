//! ESC/POS receipt printers: the bytes a receipt sends through the `escpos` crate's file
//! driver (init, the text, a CODE39 barcode of the invoice number, a cut, and the drawer
//! kick only when cash changed hands), the no-sale kick, and a failing printer that never
//! loses a sale.

mod common;

use std::path::{Path, PathBuf};

use common::till::{Till, till_over};
use escpos::driver::FileDriver;
use ringup::config::PrinterSection;
use ringup::present::escpos::{Slip, print};
use tempfile::TempDir;

const INIT: &[u8] = b"\x1b@";
const BARCODE: &[u8] = b"\x1dk";
const CUT: &[u8] = b"\x1dV";
const DRAWER: &[u8] = b"\x1bp";

fn has(bytes: &[u8], wanted: &[u8]) -> bool {
    bytes.windows(wanted.len()).any(|w| w == wanted)
}

/// An empty file for the printer's device (the file driver appends to what exists).
fn device(dir: &Path) -> PathBuf {
    let path = dir.join("lp0");
    std::fs::write(&path, b"").unwrap();
    path
}

fn till_with_printer(device: impl FnOnce(&Path) -> PathBuf) -> (Till, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = device(dir.path());
    let printer = PrinterSection::EscPosDevice(path.clone());
    let t = till_over(common::store(), "morgan", dir, |c| c.printer = printer);
    (t, path)
}

fn printed(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_slip_through_the_file_driver_has_init_text_barcode_cut_and_the_kick_when_asked() {
    let dir = TempDir::new().unwrap();
    for open_drawer in [true, false] {
        let path = device(dir.path());
        let slip = Slip {
            text: "Test Store\nSCREW              1.00\nTotal              1.00",
            barcode: Some("42".into()),
            open_drawer,
        };
        print(FileDriver::open(&path).unwrap(), &slip).unwrap();
        let bytes = printed(&path);
        assert!(bytes.starts_with(INIT), "{bytes:?}");
        // Each line ends with a feed (ESC d 1).
        assert!(
            has(&bytes, b"SCREW              1.00\x1bd\x01"),
            "{bytes:?}"
        );
        // GS k, CODE39 (m = 4), then the data.
        assert!(has(&bytes, b"\x1dk\x0442\x00"), "{bytes:?}");
        assert!(has(&bytes, CUT), "{bytes:?}");
        assert_eq!(has(&bytes, DRAWER), open_drawer, "{bytes:?}");
        // The cut comes after the barcode, which comes after the text.
        let at = |w: &[u8]| bytes.windows(w.len()).position(|x| x == w).unwrap();
        assert!(at(b"Total") < at(BARCODE) && at(BARCODE) < at(CUT));
    }
}

#[test]
fn a_cash_sale_prints_on_the_escpos_printer_and_opens_the_drawer() {
    let (mut t, path) = till_with_printer(device);
    t.ring("SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    assert!(!t.status_is_error(), "{}", t.status());
    let bytes = printed(&path);
    assert!(bytes.starts_with(INIT));
    assert!(
        has(&bytes, b"Clerk: morgan"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    // The barcode carries the code the item entry reads back for a return.
    assert!(has(&bytes, b"\x1dk\x04INV-000001\x00"));
    assert!(has(&bytes, CUT));
    assert!(has(&bytes, DRAWER));
    // No text file is written when the printer takes the receipts.
    assert!(!t.dir.path().join("receipts").exists());

    // Ctrl-P reprints without opening the drawer again.
    std::fs::write(&path, b"").unwrap();
    t.ctrl('p');
    assert!(t.status().contains("reprinted"), "{}", t.status());
    let bytes = printed(&path);
    assert!(has(&bytes, CUT) && has(&bytes, b"\x1dk\x04INV-000001\x00"));
    assert!(!has(&bytes, DRAWER));
}

#[test]
fn a_card_only_sale_leaves_the_drawer_shut() {
    let (mut t, path) = till_with_printer(device);
    t.ring("SCREW");
    t.f(10);
    t.typed("k");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    let bytes = printed(&path);
    assert!(has(&bytes, BARCODE) && has(&bytes, CUT));
    assert!(!has(&bytes, DRAWER));
}

#[test]
fn no_sale_kicks_the_drawer_and_prints_nothing() {
    let (mut t, path) = till_with_printer(device);
    t.ctrl('o');
    t.typed("change");
    t.enter();
    assert!(
        t.status().starts_with("No sale: drawer opened"),
        "{}",
        t.status()
    );
    let bytes = printed(&path);
    assert_eq!(bytes, [INIT, DRAWER, &[0]].concat());
    assert_eq!(t.count("SELECT count(*) FROM no_sales"), 1);
}

#[test]
fn a_printer_that_fails_never_loses_the_sale() {
    // No such device: every print fails.
    let (mut t, _) = till_with_printer(|dir| dir.join("missing").join("lp0"));
    t.ring("SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1);
    assert!(t.status_is_error());
    assert!(
        t.status().contains("the receipt failed") && t.status().contains("Ctrl-P reprints"),
        "{}",
        t.status()
    );
    t.assert_on_sale_screen();
    t.assert_invariants();
    // The no-sale is recorded even when the drawer cannot be reached.
    t.ctrl('o');
    t.typed("change");
    t.enter();
    assert!(t.status_is_error());
    assert_eq!(t.count("SELECT count(*) FROM no_sales"), 1);
}
