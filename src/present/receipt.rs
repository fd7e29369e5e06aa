//! Plain-text documents: the receipt (42 or 80 columns) and the order slip. Pure text from
//! documents read back from the store, so a reprint is exactly the same.

use std::borrow::Cow;

use crate::config::StoreSection;
use crate::domain::Money;
use crate::domain::calendar::{day_of, minute_of};
use crate::domain::doc_code::DocCode;
use crate::domain::order::InvoiceKind;
use crate::domain::text;
use crate::store::docs::{InvoiceDoc, OrderDoc};
use crate::store::parked::ParkedSale;
use crate::store::payments::PaymentDoc;
use crate::store::{Store, StoreError};
use jiff::tz::TimeZone;

/// The longest start of `text` that fits in `width` terminal or printer columns, as it is
/// printed: cut between grapheme clusters (a wide character takes two columns), with
/// invisible characters dropped and control characters drawn as their symbols, so no stored
/// text can reorder a line, push a figure or send the printer a command.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    text::start_within(text, width)
}

/// A left text and a right-aligned figure on one line of `width` columns; the text gives
/// way, never the figure.
pub(crate) fn row(left: &str, right: &str, width: usize) -> String {
    let right = text::shown(right);
    let room = width.saturating_sub(text::width(&right) + 1);
    let left = fit(left, room);
    let pad = width.saturating_sub(text::width(&left) + text::width(&right));
    format!("{left}{}{right}\n", " ".repeat(pad))
}

/// A line of text cut to the receipt's width.
pub(crate) fn text_line(text: &str, width: usize) -> String {
    format!("{}\n", fit(text, width))
}

pub(crate) fn centered(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let pad = width.saturating_sub(text::width(&text)) / 2;
    format!("{}{text}\n", " ".repeat(pad))
}

/// The top of every slip: the store's name, then the document's title and when it was
/// written (to the minute).
fn slip_head(store: &StoreSection, title: &str, at: &str, w: usize) -> String {
    centered(&store.name, w) + &row(title, &minute_of(at, &store.time_zone), w)
}

/// Who wrote a document, and where.
fn clerk_line(user: &str, location: &str, w: usize) -> String {
    text_line(&format!("Clerk: {user}  Location: {location}"), w)
}

/// A document printed again: its text under a COPY banner, so it is never taken for the
/// original.
pub fn copy_of(text: &str, width: u16) -> String {
    centered("*** COPY ***", usize::from(width.max(32))) + text
}

/// The receipt of an invoice: the text kept from its first printing, so a reprint is
/// exactly the same; composed and kept now if it was never printed.
pub fn invoice_receipt(
    store: &mut Store,
    invoice: i64,
    width: u16,
    section: &StoreSection,
) -> Result<String, StoreError> {
    if let Some(text) = store.kept_receipt(invoice, width)? {
        return Ok(text);
    }
    let doc = store
        .invoice(invoice)?
        .ok_or_else(|| StoreError::bad_input("invoice", invoice, "no such invoice"))?;
    let text = invoice_text(&doc, width, section);
    store.keep_receipt(invoice, width, &text)?;
    Ok(text)
}

/// The receipt of a payment on account: who paid, how, and the balance before and after.
pub fn payment_text(doc: &PaymentDoc, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &slip_head(
        store,
        &format!("Payment on account {}", doc.number),
        &doc.at,
        w,
    );
    out += &text_line(&format!("Account: {} {}", doc.account, doc.customer), w);
    out += &clerk_line(&doc.user, &doc.location, w);
    out += &rule;
    out += &row("Balance owed", &doc.balance_before.to_string(), w);
    out += &row(
        &format!("Paid ({})", doc.tender),
        &doc.amount.to_string(),
        w,
    );
    out += &rule;
    out += &row("Balance now", &doc.balance_after.to_string(), w);
    out
}

/// A quote: the lines, what they come to with tax and until when it is valid, for the
/// customer to take away and bring back; prices are read again when it is recalled.
pub fn quote_text(quote: &ParkedSale, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &slip_head(
        store,
        &format!("QUOTE {}", quote.number.unwrap_or_default()),
        &quote.at,
        w,
    );
    match (&quote.account, &quote.customer) {
        (Some(account), Some(name)) => out += &text_line(&format!("For: {account} {name}"), w),
        _ => out += "Cash sale\n",
    }
    out += &clerk_line(&quote.user, &quote.location, w);
    out += &rule;
    for line in &quote.lines {
        out += &text_line(&format!("{} {}", line.sku, line.description), w);
        let qty = if line.unit_price.times(i64::from(line.ordered)) == line.amount {
            format!("{:>5} @ {}", line.ordered, line.unit_price)
        } else {
            format!("{:>5}", line.ordered)
        };
        out += &row(&qty, &line.amount.to_string(), w);
    }
    out += &rule;
    match &quote.terms {
        Some(terms) => {
            out += &row("Subtotal", &quote.total.to_string(), w);
            let tax_label = match terms.due == quote.total && !terms.tax.is_zero() {
                true => "Tax included",
                false => "Tax",
            };
            out += &row(tax_label, &terms.tax.to_string(), w);
            out += &row("TOTAL", &terms.due.to_string(), w);
            out += &text_line(&format!("Valid until {}.", terms.valid_until), w);
        }
        None => out += &row("TOTAL before tax", &quote.total.to_string(), w),
    }
    out += &text_line("Not an invoice: nothing sold or paid.", w);
    out += &text_line("Stock is not held; prices are read again", w);
    out += &text_line("when you buy.", w);
    out
}

/// The receipt of an invoice; a refund document prints as a refund slip.
pub fn invoice_text(doc: &InvoiceDoc, width: u16, store: &StoreSection) -> String {
    if doc.kind == InvoiceKind::Refund {
        return refund_text(doc, width, store);
    }
    if doc.kind == InvoiceKind::Return {
        return return_text(doc, width, store);
    }
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    let title = match doc.kind {
        InvoiceKind::Final => "Final invoice",
        InvoiceKind::Refund => "Refund",
        InvoiceKind::Return => "Return",
        InvoiceKind::Sale => "Invoice",
    };
    out += &slip_head(store, &format!("{title} {}", doc.number), &doc.at, w);
    match (&doc.customer, &doc.customer_name) {
        (Some(account), Some(name)) => out += &text_line(&format!("Bill to: {account} {name}"), w),
        _ => out += "Cash sale\n",
    }
    out += &clerk_line(&doc.user, &doc.location, w);
    out += &rule;
    for line in &doc.lines {
        out += &text_line(&format!("{} {}", line.sku, line.description), w);
        // The unit price is the line's whole quantity's; a partly delivered line says of how
        // many, as its charge follows the configured basis, not quantity times unit price.
        let qty = if line.qty == line.ordered {
            format!("{:>5} @ {}", line.qty, line.unit_price)
        } else {
            format!("{:>5} of {} @ {}", line.qty, line.ordered, line.unit_price)
        };
        out += &row(&qty, &line.amount.to_string(), w);
        for change in &line.price_changes {
            let what = format!("      {}", change.what);
            match change.saving {
                Some(saving) => out += &row(&what, &(-saving).to_string(), w),
                None => out += &text_line(&what, w),
            }
            out += &text_line(&format!("        {}", change.reason), w);
        }
        let pending = line.backordered + line.held_back;
        if line.backordered > 0 {
            let expected = match &line.eta {
                Some(eta) => format!(" expected {} (PO {})", eta.expected, eta.po),
                None => String::new(),
            };
            out += &text_line(
                &format!("{:>5}{expected}", format!("({} B/O)", line.backordered)),
                w,
            );
        }
        if line.held_back > 0 {
            out += &format!("{:>5}\n", format!("({} held)", line.held_back));
        }
        if !line.tax_adjusted.is_zero() {
            out += &text_line(
                &format!(
                    "      tax adjusted by {} to the deposit",
                    line.tax_adjusted.round()
                ),
                w,
            );
        }
        if pending > 0 && !line.deposit.is_zero() {
            out += &row(
                &format!("      deposit for {pending}"),
                &deposit_goods(line.deposit, line.deposit_tax, doc.tax_included).to_string(),
                w,
            );
        }
        if pending > 0 && !line.owed_later.is_zero() {
            out += &row(
                &format!("      to pay for {pending} when here"),
                &line.owed_later.to_string(),
                w,
            );
        }
    }
    out += &rule;
    out += &row("Subtotal", &doc.goods.to_string(), w);
    let tax_label = if doc.tax_included {
        "Tax included"
    } else {
        "Tax"
    };
    out += &row(tax_label, &doc.tax.to_string(), w);
    if !doc.deposit.is_zero() {
        // The deposit for the goods and its tax apart, as the goods and their tax above.
        let deposit_tax: Money = doc.lines.iter().map(|l| l.deposit_tax).sum();
        let goods = deposit_goods(doc.deposit, deposit_tax, doc.tax_included);
        out += &row("Deposit", &goods.to_string(), w);
        if goods != doc.deposit {
            out += &row("Tax on deposit", &deposit_tax.to_string(), w);
        }
    }
    if !doc.deposit_applied.is_zero() {
        out += &row("Deposit applied", &format!("-{}", doc.deposit_applied), w);
    }
    out += &row("TOTAL", &doc.total.to_string(), w);
    for t in &doc.tenders {
        out += &row(&tender_label(&t.kind), &t.amount.to_string(), w);
    }
    if !doc.change.is_zero() {
        out += &row("Change", &doc.change.to_string(), w);
    }
    let owed_later: Money = doc.lines.iter().map(|l| l.owed_later).sum();
    if !owed_later.is_zero() {
        let units: i64 = doc
            .lines
            .iter()
            .filter(|l| !l.owed_later.is_zero())
            .map(|l| l.backordered + l.held_back)
            .sum();
        out += &row(
            &format!("To pay when {units} arrive, tax incl."),
            &owed_later.to_string(),
            w,
        );
    }
    if let Some(held) = doc.deposit_held {
        out += &row("Deposit still held", &held.to_string(), w);
    }
    // The sale that started the order always names it; a later document only while the
    // order still has units pending, so a closed order's final invoice has no stale footer.
    let names_order = doc.kind == InvoiceKind::Sale || doc.order_pending;
    if let Some(order) = doc.order_number.filter(|_| names_order) {
        out += &rule;
        out += &text_line(&format!("Backorders: customer order {order}"), w);
        // Only the sale that took the deposit prepaid the order; a refund's deposit is negative.
        if doc.kind == InvoiceKind::Sale && !doc.deposit.is_zero() {
            out += &text_line(
                &format!("Prepaid Order From Invoice Number {}", doc.number),
                w,
            );
        }
    }
    // The codes a scanner reads back at the item entry: this invoice for a return, its
    // order for pickup.
    out += &rule;
    out += &text_line(
        &format!("Returns: {}", DocCode::Invoice(doc.number).text()),
        w,
    );
    if let Some(order) = doc.order_number.filter(|_| names_order) {
        out += &text_line(&format!("Pickup: {}", DocCode::Order(order).text()), w);
    }
    out
}

/// The refund slip of a cancel or a void: what each line gives back (and what the deposit
/// paid for the units kept, when nothing more comes), the total, and the way it went back
/// (cash, card, on account), for the customer to keep.
fn refund_text(doc: &InvoiceDoc, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &slip_head(store, &format!("Refund {}", doc.number), &doc.at, w);
    if let (Some(account), Some(name)) = (&doc.customer, &doc.customer_name) {
        out += &text_line(&format!("Customer: {account} {name}"), w);
    }
    if let Some(order) = doc.order_number {
        out += &text_line(&format!("Deposit back on customer order {order}"), w);
    }
    out += &clerk_line(&doc.user, &doc.location, w);
    out += &rule;
    for line in &doc.lines {
        out += &text_line(&format!("{} {}", line.sku, line.description), w);
        let what = match line.cancelled {
            0 => "      deposit back".to_string(),
            n => format!("{n:>5} cancelled, deposit back"),
        };
        out += &row(&what, &(-line.deposit).to_string(), w);
        // Nothing more comes: the deposit paid what the units kept lacked of their price
        // bought alone.
        if !line.amount.is_zero() {
            let kept = match doc.tax_included {
                true => line.amount,
                false => line.amount + line.tax,
            };
            out += &row("      units kept, priced alone", &kept.to_string(), w);
        }
    }
    out += &rule;
    out += &row("REFUND", &(-doc.total).to_string(), w);
    for t in &doc.tenders {
        let way = match t.kind.as_str() {
            "cash" => "Paid back in cash",
            "card" => "Credited to card",
            "account" => "Credited on account",
            _ => "Refunded",
        };
        out += &row(way, &(-t.amount).to_string(), w);
    }
    out += "\n";
    out += &text_line("Received by: ____________________", w);
    out
}

/// The return slip: the units handed back line by line with what each refunds, the invoice
/// they came from, the total and the way it went back, for the customer to keep.
fn return_text(doc: &InvoiceDoc, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &slip_head(store, &format!("Return {}", doc.number), &doc.at, w);
    out += &text_line(
        &match doc.returns {
            Some(from) => format!("Goods back from invoice {from}"),
            None => "Goods back without an invoice".to_string(),
        },
        w,
    );
    if let (Some(account), Some(name)) = (&doc.customer, &doc.customer_name) {
        out += &text_line(&format!("Customer: {account} {name}"), w);
    }
    out += &clerk_line(&doc.user, &doc.location, w);
    out += &rule;
    for line in &doc.lines {
        out += &text_line(&format!("{} {}", line.sku, line.description), w);
        out += &row(
            &format!("{:>5} back", -line.qty),
            &(-line.amount).to_string(),
            w,
        );
    }
    out += &rule;
    out += &row("Subtotal", &(-doc.goods).to_string(), w);
    let tax_label = if doc.tax_included {
        "Tax included"
    } else {
        "Tax"
    };
    out += &row(tax_label, &(-doc.tax).to_string(), w);
    out += &row("REFUND", &(-doc.total).to_string(), w);
    for t in &doc.tenders {
        let way = match t.kind.as_str() {
            "cash" => "Paid back in cash",
            "card" => "Credited to card",
            "account" => "Credited on account",
            _ => "Refunded",
        };
        out += &row(way, &(-t.amount).to_string(), w);
    }
    out += "\n";
    out += &text_line("Received by: ____________________", w);
    out
}

/// The goods part of a deposit: without its tax where tax is added to prices.
fn deposit_goods(deposit: Money, deposit_tax: Money, tax_included: bool) -> Money {
    if tax_included {
        deposit
    } else {
        deposit - deposit_tax
    }
}

fn tender_label(kind: &str) -> String {
    match kind {
        "cash" => "Cash".into(),
        "card" => "Card".into(),
        "account" => "On account".into(),
        "refund" => "Refund".into(),
        other => other.to_string(),
    }
}

/// The order slip: what a customer order holds, line by line.
pub fn order_text(doc: &OrderDoc, zone: &TimeZone) -> String {
    let mut out = format!(
        "Order {}  from invoice {}  {}\nCustomer: {} {}\nStatus: {}  Payment: {}  Deposit held: {}\nDue: {}\n",
        doc.number,
        doc.invoice,
        day_of(&doc.ordered_at, zone),
        text::shown(&doc.customer),
        text::shown(&doc.customer_name),
        doc.status,
        doc.payment.as_str(),
        doc.deposit,
        doc.due.as_deref().unwrap_or("-"),
    );
    if !doc.note.is_empty() {
        out += &format!("Note: {}\n", text::shown(&doc.note));
    }
    out += &format!(
        "{:<16} {:>7} {:>9} {:>9} {:>7} {:>9} {:>6} {:>10} {:<10} {:>5}\n",
        "SKU",
        "Ordered",
        "Delivered",
        "Committed",
        "B'Ordr",
        "Cancelled",
        "Waited",
        "Value",
        "ETA",
        "PO"
    );
    for l in &doc.lines {
        let w = &l.wait;
        let waited = w.days_waiting.map(|d| format!("{d}d")).unwrap_or_default();
        let value = match l.backordered {
            0 => String::new(),
            _ => w.backordered_value.to_string(),
        };
        let row = format!(
            "{:<16} {:>7} {:>9} {:>9} {:>7} {:>9} {:>6} {:>10} {:<10} {:>5}",
            l.sku,
            l.ordered,
            l.delivered,
            l.committed,
            l.backordered,
            l.cancelled,
            waited,
            value,
            w.eta.as_deref().unwrap_or(""),
            w.po.map(|p| p.to_string()).unwrap_or_default(),
        );
        out += row.trim_end();
        out.push('\n');
    }
    if doc.backordered() > 0 {
        out += &format!("Backordered value: {}\n", doc.backordered_value());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::docs::{InvoiceLineDoc, TenderDoc};

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn prepaid_invoice() -> InvoiceDoc {
        InvoiceDoc {
            number: 7,
            kind: InvoiceKind::Sale,
            customer: Some("C1".into()),
            customer_name: Some("Dunmore Plumbing and Heating Contractors Ltd".into()),
            order_number: Some(3),
            returns: None,
            kind_shown: None,
            order_pending: true,
            location: "MAIN".into(),
            user: "casey".into(),
            at: "2026-11-22T10:03:00.000Z".into(),
            lines: vec![InvoiceLineDoc {
                sku: "PLB-VALVE-075".into(),
                description: "Ball valve 3/4in brass full port".into(),
                ordered: 4,
                qty: 2,
                held_back: 0,
                backordered: 2,
                unit_price: m("10.00"),
                amount: m("18.34"),
                tax: m("1.51"),
                deposit: m("18.03"),
                deposit_tax: m("1.37"),
                owed_later: m("0.00"),
                cancelled: 0,
                tax_adjusted: m("0.00"),
                eta: None,
                price_changes: Vec::new(),
            }],
            goods: m("18.34"),
            deposit: m("18.03"),
            deposit_applied: m("0.00"),
            tax: m("1.51"),
            total: m("37.88"),
            change: m("2.12"),
            tax_included: false,
            tenders: vec![TenderDoc {
                kind: "cash".into(),
                amount: m("40.00"),
            }],
            deposit_held: None,
        }
    }

    fn store() -> StoreSection {
        StoreSection {
            name: "Main Street Hardware".into(),
            location: "MAIN".into(),
            currency: "USD".into(),
            minor_units: 2,
            time_zone: TimeZone::UTC,
        }
    }

    #[test]
    fn receipt_fits_its_width_and_shows_backorders_and_deposit() {
        for width in [42u16, 80] {
            let text = invoice_text(&prepaid_invoice(), width, &store());
            for line in text.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{width}: '{line}'"
                );
            }
            let rows: Vec<&str> = text.lines().collect();
            let delivered = rows
                .iter()
                .position(|r| r.trim_start().starts_with("2 "))
                .unwrap();
            assert!(rows[delivered].ends_with("18.34"), "{text}");
            assert_eq!(rows[delivered + 1].trim(), "(2 B/O)", "{text}");
            for (label, amount) in [
                ("Deposit", "16.66"),
                ("Tax on deposit", "1.37"),
                ("TOTAL", "37.88"),
                ("Cash", "40.00"),
                ("Change", "2.12"),
            ] {
                assert!(
                    rows.iter()
                        .any(|r| r.starts_with(label) && r.ends_with(amount)),
                    "{label}:\n{text}"
                );
            }
            assert!(
                text.contains("Prepaid Order From Invoice Number 7"),
                "{text}"
            );
            assert!(text.contains("customer order 3"), "{text}");
        }
    }

    #[test]
    fn a_final_invoice_names_its_order_only_while_units_are_pending() {
        let mut doc = prepaid_invoice();
        doc.kind = InvoiceKind::Final;
        doc.deposit = Money::ZERO;
        assert!(invoice_text(&doc, 42, &store()).contains("Backorders: customer order 3"));
        doc.order_pending = false;
        let text = invoice_text(&doc, 42, &store());
        assert!(!text.contains("customer order"), "{text}");
        // The sale that started the order names it whatever became of the order since.
        let mut sale = prepaid_invoice();
        sale.order_pending = false;
        assert!(invoice_text(&sale, 42, &store()).contains("Backorders: customer order 3"));
    }

    #[test]
    fn a_refund_prints_as_a_slip_with_the_way_it_went_back() {
        let mut doc = prepaid_invoice();
        doc.number = 12;
        doc.kind = InvoiceKind::Refund;
        doc.lines[0].deposit = -m("18.03");
        doc.total = -m("18.03");
        doc.change = m("0.00");
        doc.tenders = vec![TenderDoc {
            kind: "account".into(),
            amount: -m("18.03"),
        }];
        for width in [42u16, 80] {
            let text = invoice_text(&doc, width, &store());
            let rows: Vec<&str> = text.lines().collect();
            assert!(rows.iter().all(|r| r.chars().count() <= usize::from(width)));
            assert!(rows[1].starts_with("Refund 12"), "{text}");
            assert!(text.contains("customer order 3"), "{text}");
            for (label, amount) in [
                ("      deposit back", "18.03"),
                ("REFUND", "18.03"),
                ("Credited on account", "18.03"),
            ] {
                assert!(
                    rows.iter()
                        .any(|r| r.starts_with(label) && r.ends_with(amount)),
                    "{label}:\n{text}"
                );
            }
            assert!(!text.contains("Change"), "{text}");
        }
        // A refund written before the way was recorded still prints.
        doc.tenders[0].kind = "refund".into();
        let text = invoice_text(&doc, 42, &store());
        assert!(
            text.lines()
                .any(|r| r.starts_with("Refunded") && r.ends_with("18.03")),
            "{text}"
        );
    }

    #[test]
    fn wide_characters_never_push_a_figure_off_the_line() {
        let line = row("水栓バルブ brass valve 3/4in", "18.34", 20);
        assert_eq!(text::width(line.trim_end_matches('\n')), 20, "{line}");
        assert!(line.trim_end().ends_with("18.34"));
        assert_eq!(fit("水栓", 3), "水");
        assert_eq!(fit("abc", 5), "abc");
    }

    #[test]
    fn hidden_characters_never_reach_the_paper() {
        let line = row("Pipe \u{202E}eulb\u{200B} \u{1B}[2J\u{7}", "18.34", 32);
        let line = line.trim_end_matches('\n');
        assert_eq!(line, "Pipe eulb ␛[2J␇            18.34");
        assert_eq!(text::width(line), 32);
        assert_eq!(fit("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}e\u{301}");
        assert_eq!(centered("\u{202E}ab", 6), "  ab\n");
    }
}
