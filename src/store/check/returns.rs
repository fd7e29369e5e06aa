//! The invariants of returns: what came back of an invoice line never exceeds what it
//! delivered, nor its refunds what it was charged; every return line says which line it
//! returns; the units came back on hand through `return` movements or into the damaged
//! count.

use std::collections::BTreeMap;

use super::Finding;
use crate::domain::Money;
use crate::store::db::params;
use crate::store::{Result, Store};

impl Store {
    pub(super) fn check_returns(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "returned <= delivered on each invoice line",
            "SELECT rl.from_invoice, rl.from_line, il.sku, il.qty, sum(rl.qty)
             FROM return_lines rl
             JOIN invoice_lines il
               ON il.invoice_number = rl.from_invoice AND il.line_no = rl.from_line
             JOIN invoices i ON i.number = rl.from_invoice
             GROUP BY rl.from_invoice, rl.from_line, il.sku, il.qty, i.kind
             HAVING sum(rl.qty) > il.qty OR i.kind NOT IN ('sale', 'final')
             ORDER BY rl.from_invoice, rl.from_line",
            |r| {
                Ok(format!(
                    "invoice {} line {} ({}): delivered {} but {} returned",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?
                ))
            },
        )?;
        self.collect(
            findings,
            "every return line names the line it returns",
            "SELECT il.invoice_number, il.line_no, il.sku, il.qty, coalesce(rl.qty, 0)
             FROM invoices i JOIN invoice_lines il ON il.invoice_number = i.number
             LEFT JOIN return_lines rl
               ON rl.invoice_number = il.invoice_number AND rl.line_no = il.line_no
             LEFT JOIN invoice_lines src
               ON src.invoice_number = rl.from_invoice AND src.line_no = rl.from_line
             WHERE i.kind = 'return'
               AND (rl.qty IS NULL OR -il.qty <> rl.qty OR src.product_id <> il.product_id)
             ORDER BY il.invoice_number, il.line_no",
            |r| {
                Ok(format!(
                    "return {} line {} ({}): {} back on the document, {} on its link",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    -r.get::<i64>(3)?,
                    r.get::<i64>(4)?
                ))
            },
        )?;
        self.collect(
            findings,
            "only returns have return lines",
            "SELECT rl.invoice_number, i.kind FROM return_lines rl
             JOIN invoices i ON i.number = rl.invoice_number
             WHERE i.kind <> 'return'
             GROUP BY rl.invoice_number, i.kind ORDER BY rl.invoice_number",
            |r| {
                Ok(format!(
                    "invoice {} is a {} but has return lines",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?
                ))
            },
        )?;
        self.collect(
            findings,
            "returned units = their stock movements",
            "WITH back AS (
                 SELECT rl.invoice_number, il.product_id, sum(rl.qty) AS qty
                 FROM return_lines rl JOIN invoice_lines il
                   ON il.invoice_number = rl.invoice_number AND il.line_no = rl.line_no
                 WHERE rl.damaged = 0
                 GROUP BY rl.invoice_number, il.product_id),
             moved AS (
                 SELECT CAST(substr(reference, 9) AS INTEGER) AS invoice_number, product_id,
                        sum(qty) AS qty
                 FROM stock_movements
                 WHERE kind = 'return' AND reference LIKE 'invoice %'
                 GROUP BY reference, product_id),
             both_sides AS (
                 SELECT b.invoice_number, b.product_id, b.qty AS back, coalesce(m.qty, 0) AS moved
                 FROM back b LEFT JOIN moved m
                   ON m.invoice_number = b.invoice_number AND m.product_id = b.product_id
                 UNION ALL
                 SELECT m.invoice_number, m.product_id, 0, m.qty FROM moved m
                 WHERE NOT EXISTS (SELECT 1 FROM back b
                                   WHERE b.invoice_number = m.invoice_number
                                     AND b.product_id = m.product_id))
             SELECT x.invoice_number, p.sku, x.back, x.moved
             FROM both_sides x JOIN products p ON p.id = x.product_id
             WHERE x.back <> x.moved
             ORDER BY x.invoice_number, p.sku",
            |r| {
                Ok(format!(
                    "return {} {}: {} back to stock but the stock movements put back {}",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )?;
        self.collect(
            findings,
            "damaged = units returned damaged",
            "WITH returned AS (
                 SELECT il.product_id, i.location, sum(rl.qty) AS qty
                 FROM return_lines rl
                 JOIN invoice_lines il
                   ON il.invoice_number = rl.invoice_number AND il.line_no = rl.line_no
                 JOIN invoices i ON i.number = rl.invoice_number
                 WHERE rl.damaged = 1
                 GROUP BY il.product_id, i.location)
             SELECT p.sku, x.location, x.damaged, x.returned FROM (
                 SELECT s.product_id, s.location, s.damaged, coalesce(r.qty, 0) AS returned
                 FROM stock s LEFT JOIN returned r
                   ON r.product_id = s.product_id AND r.location = s.location
                 UNION ALL
                 SELECT r.product_id, r.location, 0, r.qty FROM returned r
                 WHERE NOT EXISTS (SELECT 1 FROM stock s
                                   WHERE s.product_id = r.product_id AND s.location = r.location)
             ) x JOIN products p ON p.id = x.product_id
             WHERE x.damaged <> x.returned
             ORDER BY p.sku, x.location",
            |r| {
                Ok(format!(
                    "{} at {}: {} counted damaged but returns brought back {} damaged",
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )?;
        self.collect(
            findings,
            "a return without an invoice was approved",
            "SELECT DISTINCT rl.invoice_number FROM return_lines rl
             WHERE rl.from_invoice IS NULL
               AND NOT EXISTS (SELECT 1 FROM audit_log a
                               WHERE a.action = 'return'
                                 AND a.reference = 'invoice ' || rl.invoice_number
                                 AND a.approved_by IS NOT NULL)
             ORDER BY rl.invoice_number",
            |r| {
                Ok(format!(
                    "return {} took goods back without an invoice, but no manager approved it",
                    r.get::<i64>(0)?
                ))
            },
        )?;
        self.check_refunds_within_charges(findings)
    }

    /// What the returns of an invoice line refunded never exceeds what the line charged.
    fn check_refunds_within_charges(&self, findings: &mut Vec<Finding>) -> Result<()> {
        #[derive(Default)]
        struct Line {
            sku: String,
            charged: Money,
            tax: Money,
            goods_back: Money,
            tax_back: Money,
        }
        let mut lines: BTreeMap<(i64, i64), Line> = BTreeMap::new();
        self.conn.for_each(
            "SELECT rl.from_invoice, rl.from_line, src.sku, src.amount, src.tax, il.amount, il.tax
             FROM return_lines rl
             JOIN invoice_lines il
               ON il.invoice_number = rl.invoice_number AND il.line_no = rl.line_no
             JOIN invoice_lines src
               ON src.invoice_number = rl.from_invoice AND src.line_no = rl.from_line",
            params![],
            |r| {
                let e = lines.entry((r.get(0)?, r.get(1)?)).or_default();
                e.sku = r.get(2)?;
                e.charged = r.get(3)?;
                e.tax = r.get(4)?;
                e.goods_back -= r.get::<Money>(5)?;
                e.tax_back -= r.get::<Money>(6)?;
                Ok(())
            },
        )?;
        for ((invoice, line_no), l) in lines {
            let negative = l.goods_back.is_negative() || l.tax_back.is_negative();
            if negative || l.goods_back > l.charged || l.tax_back > l.tax {
                findings.push(Finding {
                    invariant: "refunds of a line <= what it was charged",
                    detail: format!(
                        "invoice {invoice} line {line_no} ({}): charged {} + tax {} but returns refunded {} + tax {}",
                        l.sku,
                        l.charged.round(),
                        l.tax.round(),
                        l.goods_back.round(),
                        l.tax_back.round()
                    ),
                });
            }
        }
        Ok(())
    }
}
