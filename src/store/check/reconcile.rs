//! Reconciliations across document kinds: order lines with their invoice lines, invoice
//! lines with their stock movements, the deposit ledger with its report, and the changes a
//! manager answers for with their audit rows.

use super::Finding;
use crate::domain::Money;
use crate::domain::order::{DepositKind, DepositTotals};
use crate::store::db::params;
use crate::store::{Result, Store};

impl Store {
    /// An order line's ordered quantity is its sale's invoice line's, and what it delivered is
    /// what its sale and its final invoices handed over.
    pub(super) fn check_order_lines_against_invoices(
        &self,
        findings: &mut Vec<Finding>,
    ) -> Result<()> {
        self.collect(
            findings,
            "order lines = their invoice lines",
            "WITH lines AS (
                 SELECT ol.order_number, ol.product_id, sum(ol.ordered) AS ordered,
                        sum(ol.delivered) AS delivered
                 FROM order_lines ol GROUP BY ol.order_number, ol.product_id),
             sold AS (
                 SELECT o.number AS order_number, il.product_id, sum(il.ordered) AS ordered,
                        sum(il.qty) AS qty
                 FROM orders o JOIN invoice_lines il ON il.invoice_number = o.invoice_number
                 GROUP BY o.number, il.product_id),
             filled AS (
                 SELECT i.order_number, il.product_id, sum(il.qty) AS qty
                 FROM invoices i JOIN invoice_lines il ON il.invoice_number = i.number
                 WHERE i.kind = 'final' GROUP BY i.order_number, il.product_id)
             SELECT l.order_number, p.sku, l.ordered, coalesce(s.ordered, 0), l.delivered,
                    coalesce(s.qty, 0) + coalesce(f.qty, 0)
             FROM lines l JOIN products p ON p.id = l.product_id
             LEFT JOIN sold s ON s.order_number = l.order_number AND s.product_id = l.product_id
             LEFT JOIN filled f ON f.order_number = l.order_number AND f.product_id = l.product_id
             WHERE l.ordered <> coalesce(s.ordered, 0)
                OR l.delivered <> coalesce(s.qty, 0) + coalesce(f.qty, 0)
             ORDER BY l.order_number, p.sku",
            |r| {
                Ok(format!(
                    "order {} {}: ordered {} (its invoice line says {}), delivered {} (its invoices handed over {})",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?,
                    r.get::<i64>(5)?
                ))
            },
        )
    }

    /// What an invoice handed over left the stock through its sale or fill movements.
    pub(super) fn check_invoice_lines_against_movements(
        &self,
        findings: &mut Vec<Finding>,
    ) -> Result<()> {
        self.collect(
            findings,
            "invoice lines = their stock movements",
            "WITH handed AS (
                 SELECT il.invoice_number, il.product_id, sum(il.qty) AS qty
                 FROM invoice_lines il JOIN invoices i ON i.number = il.invoice_number
                 WHERE i.kind IN ('sale', 'final')
                 GROUP BY il.invoice_number, il.product_id),
             moved AS (
                 SELECT CAST(substr(reference, 9) AS INTEGER) AS invoice_number, product_id,
                        -sum(qty) AS qty
                 FROM stock_movements
                 WHERE kind IN ('sale', 'fill') AND reference LIKE 'invoice %'
                 GROUP BY reference, product_id),
             both_sides AS (
                 SELECT h.invoice_number, h.product_id, h.qty AS handed,
                        coalesce(m.qty, 0) AS moved
                 FROM handed h LEFT JOIN moved m
                   ON m.invoice_number = h.invoice_number AND m.product_id = h.product_id
                 UNION ALL
                 SELECT m.invoice_number, m.product_id, 0, m.qty FROM moved m
                 WHERE NOT EXISTS (SELECT 1 FROM handed h
                                   WHERE h.invoice_number = m.invoice_number
                                     AND h.product_id = m.product_id))
             SELECT b.invoice_number, p.sku, b.handed, b.moved
             FROM both_sides b JOIN products p ON p.id = b.product_id
             WHERE b.handed <> b.moved
             ORDER BY b.invoice_number, p.sku",
            |r| {
                Ok(format!(
                    "invoice {} {}: handed over {} but the stock movements took {}",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )
    }

    /// Deposits taken − applied − refunded = the outstanding deposits report, in total and
    /// order by order.
    pub(super) fn check_deposits_report(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let ledger: Vec<(DepositKind, Money)> = self
            .conn
            .prepare("SELECT kind, amount FROM deposits")?
            .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_>>()?;
        let all = DepositTotals::of(ledger);
        let per_order = self.outstanding_deposits_by_order()?;
        let outstanding = all.held();
        let report = self.deposits_report()?;
        let listed: Money = report.iter().map(|r| r.deposit).sum();
        if listed != outstanding {
            findings.push(Finding {
                invariant: "deposits taken - applied - refunded = outstanding deposits report",
                detail: format!(
                    "taken {} - applied {} - refunded {} = {outstanding}, but the report totals {listed}",
                    all.taken, all.applied, all.refunded
                ),
            });
        }
        for row in &report {
            let held = per_order.get(&row.order).copied().unwrap_or_default();
            if held != row.deposit {
                findings.push(Finding {
                    invariant: "deposits taken - applied - refunded = outstanding deposits report",
                    detail: format!(
                        "order {}: the report lists {} but the deposits add up to {held}",
                        row.order, row.deposit
                    ),
                });
            }
        }
        Ok(())
    }

    /// Every receipt, transfer and count in the ledger has its audit row, and every unit
    /// cancelled on an order was cancelled by an audited cancel or void. Ledger rows from
    /// before movements named their user, and imports (which set stock from a file), are
    /// not audited one by one.
    pub(super) fn check_audit_trail(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "every receipt, transfer and count is audited",
            "SELECT m.id, m.kind, p.sku, m.qty, m.location, m.reference, m.user_name
             FROM stock_movements m JOIN products p ON p.id = m.product_id
             WHERE m.kind IN ('receipt', 'count', 'transfer_in', 'transfer_out')
               AND m.user_name NOT IN ('', 'import')
               AND NOT EXISTS (
                 SELECT 1 FROM audit_log a
                 WHERE a.product_id = m.product_id AND a.reference = m.reference
                   AND a.action = CASE WHEN m.kind LIKE 'transfer%' THEN 'transfer'
                                       ELSE m.kind END
                   AND a.qty = CASE m.kind WHEN 'transfer_out' THEN -m.qty ELSE m.qty END)
             ORDER BY m.id",
            |r| {
                Ok(format!(
                    "movement {} ({} of {} {} at {}, {:?} by {}) has no audit row",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(3)?,
                    r.get::<String>(2)?,
                    r.get::<String>(4)?,
                    r.get::<String>(5)?,
                    r.get::<String>(6)?
                ))
            },
        )?;
        self.collect(
            findings,
            "cancelled units = audited cancels and voids",
            "WITH lines AS (
                 SELECT order_number, sum(cancelled) AS cancelled FROM order_lines
                 GROUP BY order_number),
             audited AS (
                 SELECT other_order AS order_number, sum(qty) AS cancelled FROM audit_log
                 WHERE action IN ('cancel_backorder', 'void_order') GROUP BY other_order)
             SELECT l.order_number, l.cancelled, coalesce(a.cancelled, 0)
             FROM lines l LEFT JOIN audited a ON a.order_number = l.order_number
             WHERE l.cancelled <> coalesce(a.cancelled, 0)
             ORDER BY l.order_number",
            |r| {
                Ok(format!(
                    "order {}: {} unit(s) cancelled, but the audit log records {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?
                ))
            },
        )?;
        self.collect(
            findings,
            "every void order is audited",
            "SELECT o.number FROM orders o WHERE o.status = 'void' AND NOT EXISTS (
                 SELECT 1 FROM audit_log a WHERE a.action = 'void_order'
                   AND a.other_order = o.number)
             ORDER BY o.number",
            |r| {
                Ok(format!(
                    "order {} is void, but no void is audited",
                    r.get::<i64>(0)?
                ))
            },
        )
    }
}
