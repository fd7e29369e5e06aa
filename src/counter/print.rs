//! Printing: receipts, slips, copies and the cash drawer, to the configured output (a text
//! file under the data directory, or an ESC/POS printer). The screens and the command line
//! both print through here.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use escpos::driver::{FileDriver, NetworkDriver};

use super::Error as AppError;
use crate::config::{Config, PrinterSection};
use crate::domain::text;
use crate::present::escpos::{Slip, takes_cash};
use crate::store::Store;

/// Writes the receipt of an invoice (a refund slip for a refund document) to the configured
/// output; an ESC/POS printer opens the drawer when cash changed hands. Returns where it
/// went. The screen and the command line both print through here.
pub fn print_invoice(
    store: &mut Store,
    config: &Config,
    invoice: i64,
) -> Result<PathBuf, AppError> {
    print_invoice_slip(store, config, invoice, true)
}

fn print_invoice_slip(
    store: &mut Store,
    config: &Config,
    invoice: i64,
    drawer: bool,
) -> Result<PathBuf, AppError> {
    let width = config.receipt.width;
    let text = crate::present::receipt::invoice_receipt(store, invoice, width, &config.store)?;
    let open_drawer = drawer
        && config.printer != PrinterSection::File
        && store
            .invoice(invoice)?
            .is_some_and(|doc| takes_cash(doc.tenders.iter().map(|t| t.kind.as_str())));
    let slip = Slip {
        text: &text,
        // What the item entry reads back: the invoice for a return (see DocCode).
        barcode: Some(crate::domain::doc_code::DocCode::Invoice(invoice).text()),
        open_drawer,
    };
    print_slip(config, &format!("invoice-{invoice:06}.txt"), &slip)
        .map_err(|source| AppError::Receipt { invoice, source })
}

/// A document to print again by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reprint {
    Invoice(i64),
    Payment(i64),
    Quote(i64),
    Day(i64),
}

/// Prints a document again, as first printed but marked COPY at the top, to the configured
/// receipt output (appended to its file); the drawer never opens. Returns where it went.
pub fn reprint(store: &Store, config: &Config, what: Reprint) -> Result<PathBuf, AppError> {
    let width = config.receipt.width;
    let missing = |kind: &'static str, number: i64| {
        AppError::Store(crate::store::StoreError::bad_input(
            kind,
            number,
            format!("no such {kind}"),
        ))
    };
    let (text, file, barcode) = match what {
        Reprint::Invoice(n) => {
            let text = match store.kept_receipt(n, width)? {
                Some(text) => text,
                None => {
                    let doc = store.invoice(n)?.ok_or_else(|| missing("invoice", n))?;
                    crate::present::receipt::invoice_text(&doc, width, &config.store)
                }
            };
            let code = crate::domain::doc_code::DocCode::Invoice(n).text();
            (text, format!("invoice-{n:06}.txt"), Some(code))
        }
        Reprint::Payment(n) => {
            let doc = store.payment(n)?.ok_or_else(|| missing("payment", n))?;
            let text = crate::present::receipt::payment_text(&doc, width, &config.store);
            (text, format!("payment-{n:06}.txt"), None)
        }
        Reprint::Quote(n) => {
            let quote = store.quote(n)?.ok_or_else(|| missing("quote", n))?;
            let text = crate::present::receipt::quote_text(&quote, width, &config.store);
            (text, format!("quote-{n:06}.txt"), None)
        }
        Reprint::Day(n) => {
            let report = store.day(n)?.ok_or_else(|| missing("day", n))?;
            let text = crate::present::day::slip(&report, width, &config.store);
            (text, format!("day-{n:06}.txt"), None)
        }
    };
    let text = crate::present::receipt::copy_of(&text, width);
    let slip = Slip {
        text: &text,
        barcode,
        open_drawer: false,
    };
    print_slip(config, &file, &slip).map_err(AppError::Reprint)
}

/// Prints the receipt of a payment on account to the configured receipt output, as
/// invoices are printed (a cash payment opens the drawer); returns where it went.
pub fn print_payment(
    config: &Config,
    doc: &crate::store::payments::PaymentDoc,
) -> Result<PathBuf, std::io::Error> {
    let text = crate::present::receipt::payment_text(doc, config.receipt.width, &config.store);
    let slip = Slip {
        text: &text,
        barcode: None,
        open_drawer: takes_cash([doc.tender]),
    };
    print_slip(config, &format!("payment-{:06}.txt", doc.number), &slip)
}

/// Prints a day's report (the Z report of a closing day) to the configured receipt output,
/// as invoices are printed; returns where it went.
pub fn print_day(
    config: &Config,
    report: &crate::store::days::DayReport,
) -> Result<PathBuf, std::io::Error> {
    let text = crate::present::day::slip(report, config.receipt.width, &config.store);
    let number = report.number.unwrap_or_default();
    let slip = Slip {
        text: &text,
        barcode: None,
        open_drawer: false,
    };
    print_slip(config, &format!("day-{number:06}.txt"), &slip)
}

/// Opens the cash drawer of an ESC/POS printer (the no-sale key). False when receipts are
/// text files: there is no drawer to open.
pub fn open_drawer(config: &Config) -> Result<bool, std::io::Error> {
    match &config.printer {
        PrinterSection::File => Ok(false),
        PrinterSection::EscPosDevice(device) => {
            crate::present::escpos::open_drawer(device_driver(device)?).map_err(printer_error)?;
            Ok(true)
        }
        PrinterSection::EscPosNetwork(address) => {
            crate::present::escpos::open_drawer(network_driver(*address)?)
                .map_err(printer_error)?;
            Ok(true)
        }
    }
}

/// Sends a slip where the config says: a text file (`file_name` under `receipts/`, or
/// `[receipt] output`), or the ESC/POS printer. Returns where it went: the file, the
/// device, or the printer's address.
pub(crate) fn print_slip(
    config: &Config,
    file_name: &str,
    slip: &Slip<'_>,
) -> std::io::Result<PathBuf> {
    // A receipt kept by an older version may hold text from before the rule of all free
    // text: nothing reaches the paper (or a printer's command stream) but what is shown.
    let printable: Vec<_> = slip.text.split('\n').map(text::shown).collect();
    let printable = printable.join("\n");
    let slip = &Slip {
        text: &printable,
        ..slip.clone()
    };
    match &config.printer {
        PrinterSection::File => {
            let path = match &config.receipt.output {
                Some(path) => path.clone(),
                None => config.data_dir.join("receipts").join(file_name),
            };
            write_receipt(&path, slip.text)?;
            Ok(path)
        }
        PrinterSection::EscPosDevice(device) => {
            crate::present::escpos::print(device_driver(device)?, slip).map_err(printer_error)?;
            Ok(device.clone())
        }
        PrinterSection::EscPosNetwork(address) => {
            crate::present::escpos::print(network_driver(*address)?, slip)
                .map_err(printer_error)?;
            Ok(PathBuf::from(address.to_string()))
        }
    }
}

fn device_driver(device: &Path) -> std::io::Result<FileDriver> {
    FileDriver::open(device).map_err(printer_error)
}

/// A printer that does not answer within a few seconds is reported, never waited on.
fn network_driver(address: SocketAddr) -> std::io::Result<NetworkDriver> {
    NetworkDriver::open(
        &address.ip().to_string(),
        address.port(),
        Some(Duration::from_secs(3)),
    )
    .map_err(printer_error)
}

fn printer_error(e: escpos::errors::PrinterError) -> std::io::Error {
    std::io::Error::other(format!("printer: {e}"))
}

/// Appends to a device or file; a receipt file of its own is created with its folder.
fn write_receipt(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.flush()
}
