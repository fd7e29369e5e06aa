//! The invariants of purchase orders: numbers without gaps, received units within what was
//! ordered unless recorded as an over-receipt, a status that agrees with the lines, and
//! every received unit a receipt movement referencing the order.

use super::Finding;
use crate::store::{Result, Store};

impl Store {
    pub(super) fn check_purchase_orders(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "purchase order numbers have no gaps",
            "SELECT x.n, x.highest FROM (
                 SELECT count(*) AS n, coalesce(max(number), 0) AS highest FROM purchase_orders
             ) x WHERE x.n <> x.highest",
            |r| {
                Ok(format!(
                    "{} purchase orders but the highest number is {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?
                ))
            },
        )?;
        self.collect(
            findings,
            "purchase order received <= ordered unless recorded as an over-receipt",
            "SELECT pl.po_number, pl.line_no, p.sku, pl.qty, pl.received, pl.over_received
             FROM po_lines pl JOIN products p ON p.id = pl.product_id
             WHERE pl.received > pl.qty + pl.over_received
                OR pl.over_received > CASE WHEN pl.received > pl.qty
                                           THEN pl.received - pl.qty ELSE 0 END
             ORDER BY pl.po_number, pl.line_no",
            |r| {
                Ok(format!(
                    "purchase order {} line {} ({}): ordered {}, received {}, recorded over-receipt {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?,
                    r.get::<i64>(5)?
                ))
            },
        )?;
        self.collect(
            findings,
            "purchase order status agrees with its lines",
            "SELECT po.number, po.status,
                    sum(CASE WHEN pl.received < pl.qty THEN 1 ELSE 0 END) AS to_come
             FROM purchase_orders po JOIN po_lines pl ON pl.po_number = po.number
             WHERE po.status <> 'cancelled'
             GROUP BY po.number, po.status
             HAVING (po.status = 'open' AND sum(CASE WHEN pl.received < pl.qty THEN 1 ELSE 0 END) = 0)
                 OR (po.status = 'received' AND sum(CASE WHEN pl.received < pl.qty THEN 1 ELSE 0 END) > 0)
             ORDER BY po.number",
            |r| {
                Ok(format!(
                    "purchase order {} is {} but {} line(s) have units to come",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?
                ))
            },
        )?;
        // Both sides per order and product: a receipt movement naming a purchase order it
        // is not on shows up as well as a received figure no movement accounts for.
        self.collect(
            findings,
            "every purchase order receipt is a ledger movement",
            "WITH lines AS (
                 SELECT po_number, product_id, sum(received) AS received FROM po_lines
                 GROUP BY po_number, product_id),
             moved AS (
                 SELECT po.number AS po_number, m.product_id, sum(m.qty) AS qty
                 FROM stock_movements m JOIN purchase_orders po
                   ON m.reference = 'po ' || po.number
                 WHERE m.kind = 'receipt'
                 GROUP BY po.number, m.product_id)
             SELECT x.po_number, p.sku, x.received, x.moved FROM (
                 SELECT l.po_number, l.product_id, l.received, coalesce(m.qty, 0) AS moved
                 FROM lines l LEFT JOIN moved m
                   ON m.po_number = l.po_number AND m.product_id = l.product_id
                 UNION ALL
                 SELECT m.po_number, m.product_id, 0, m.qty FROM moved m
                 WHERE NOT EXISTS (SELECT 1 FROM lines l
                     WHERE l.po_number = m.po_number AND l.product_id = m.product_id)
             ) x JOIN products p ON p.id = x.product_id
             WHERE x.received <> x.moved
             ORDER BY x.po_number, p.sku",
            |r| {
                Ok(format!(
                    "purchase order {} ({}): {} received but the receipt movements add up to {}",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )
    }
}
