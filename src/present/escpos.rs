//! Receipts on an ESC/POS printer, through the `escpos` crate's drivers (a device file or
//! a network port): the receipt's text as lines, the document's number as a CODE39
//! barcode, then a cut. The cash drawer on the printer's kick-out port opens first when
//! cash changed hands, so it is open while the receipt prints.

use escpos::driver::Driver;
use escpos::errors::PrinterError;
use escpos::printer::Printer;
use escpos::utils::{CashDrawer, JustifyMode, Protocol};

/// One slip to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip<'a> {
    /// The receipt as laid out for the paper's width.
    pub text: &'a str,
    /// The document's number, printed as a barcode a scanner can read back.
    pub barcode: Option<String>,
    /// Kick the cash drawer (a cash tender, change or a cash refund).
    pub open_drawer: bool,
}

/// Prints a slip: init, drawer kick if asked, the text, the barcode, a cut. All of it is
/// sent at once, so a failure never leaves half a receipt queued.
pub fn print<D: Driver>(driver: D, slip: &Slip<'_>) -> Result<(), PrinterError> {
    let mut printer = Printer::new(driver, Protocol::default(), None);
    printer.init()?;
    if slip.open_drawer {
        printer.cash_drawer(CashDrawer::Pin2)?;
    }
    for line in slip.text.lines() {
        printer.writeln(line)?;
    }
    if let Some(code) = &slip.barcode {
        printer
            .justify(JustifyMode::CENTER)?
            .code39(code)?
            .justify(JustifyMode::LEFT)?;
    }
    printer.feeds(3)?.cut()?.print()?;
    Ok(())
}

/// Opens the cash drawer and prints nothing (the no-sale key).
pub fn open_drawer<D: Driver>(driver: D) -> Result<(), PrinterError> {
    Printer::new(driver, Protocol::default(), None)
        .init()?
        .cash_drawer(CashDrawer::Pin2)?
        .print()?;
    Ok(())
}

/// True when any of these tenders (by kind) moves cash through the drawer.
pub fn takes_cash<'a>(kinds: impl IntoIterator<Item = &'a str>) -> bool {
    kinds.into_iter().any(|kind| kind == "cash")
}
