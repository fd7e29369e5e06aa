//! Plain-text documents: the receipt (42 or 80 columns) and the order slip. Pure text from
//! documents read back from the store, so a reprint is exactly the same.

use crate::config::StoreSection;
use crate::store::docs::{InvoiceDoc, OrderDoc};

/// A left text and a right-aligned figure on one line of `width` columns.
fn row(left: &str, right: &str, width: usize) -> String {
    let room = width.saturating_sub(right.chars().count() + 1);
    let left: String = left.chars().take(room).collect();
    let pad = width.saturating_sub(left.chars().count() + right.chars().count());
    format!("{left}{}{right}\n", " ".repeat(pad))
}

fn centered(text: &str, width: usize) -> String {
    let text: String = text.chars().take(width).collect();
    let pad = (width - text.chars().count()) / 2;
    format!("{}{text}\n", " ".repeat(pad))
}

/// The receipt of an invoice.
pub fn invoice_text(doc: &InvoiceDoc, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &centered(&store.name, w);
    let title = match doc.kind.as_str() {
        "final" => "Final invoice",
        "refund" => "Refund",
        _ => "Invoice",
    };
    out += &row(
        &format!("{title} {}", doc.number),
        &doc.at.replace('T', " ")[..16.min(doc.at.len())],
        w,
    );
    match (&doc.customer, &doc.customer_name) {
        (Some(account), Some(name)) => out += &format!("Bill to: {account} {name}\n"),
        _ => out += "Cash sale\n",
    }
    out += &format!("Clerk: {}  Location: {}\n", doc.user, doc.location);
    out += &rule;
    for line in &doc.lines {
        let heading: String = format!("{} {}", line.sku, line.description)
            .chars()
            .take(w)
            .collect();
        out += &heading;
        out.push('\n');
        // "2 @ 9.00" only where it multiplies out; a partly delivered line with a price
        // break is charged by the configured basis, not quantity times unit price.
        let qty = if line.unit_price.times(line.qty) == line.amount {
            format!("{:>5} @ {}", line.qty, line.unit_price)
        } else {
            format!("{:>5}", line.qty)
        };
        out += &row(&qty, &line.amount.to_string(), w);
        let pending = line.backordered + line.held_back;
        if line.backordered > 0 {
            out += &format!("{:>5}\n", format!("({} B/O)", line.backordered));
        }
        if line.held_back > 0 {
            out += &format!("{:>5}\n", format!("({} held)", line.held_back));
        }
        if pending > 0 && !line.deposit.is_zero() {
            out += &row(
                &format!("      deposit for {pending}"),
                &line.deposit.to_string(),
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
        out += &row("Deposit", &doc.deposit.to_string(), w);
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
    if let Some(order) = doc.order_number {
        out += &rule;
        out += &format!("Backorders: customer order {order}\n");
        // Only the sale that took the deposit prepaid the order; a refund's deposit is negative.
        if doc.kind == "sale" && !doc.deposit.is_zero() {
            out += &format!("Prepaid Order From Invoice Number {}\n", doc.number);
        }
    }
    out
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
pub fn order_text(doc: &OrderDoc) -> String {
    let mut out = format!(
        "Order {}  from invoice {}  {}\nCustomer: {} {}\nStatus: {}  Payment: {}  Deposit held: {}\nDue: {}\n",
        doc.number,
        doc.invoice,
        doc.ordered_at.get(..10).unwrap_or(&doc.ordered_at),
        doc.customer,
        doc.customer_name,
        doc.status,
        doc.payment,
        doc.deposit,
        doc.due.as_deref().unwrap_or("-"),
    );
    if !doc.note.is_empty() {
        out += &format!("Note: {}\n", doc.note);
    }
    out += &format!(
        "{:<16} {:>7} {:>9} {:>9} {:>7} {:>9}\n",
        "SKU", "Ordered", "Delivered", "Committed", "B'Ordr", "Cancelled"
    );
    for l in &doc.lines {
        out += &format!(
            "{:<16} {:>7} {:>9} {:>9} {:>7} {:>9}\n",
            l.sku, l.ordered, l.delivered, l.committed, l.backordered, l.cancelled
        );
    }
    out
}
