//! The invariants of sales put aside: quote numbers without gaps (a parked sale has none);
//! every parked sale or quote has lines, each of an existing product with sound quantities,
//! and names an existing customer if any, a known kind and a known payment choice.

use super::Finding;
use crate::store::{Result, Store};

impl Store {
    pub(super) fn check_quote_numbers(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "quote numbers have no gaps",
            "SELECT x.n, x.highest FROM (
                 SELECT count(number) AS n, coalesce(max(number), 0) AS highest
                 FROM parked_sales WHERE kind = 'quote'
             ) x WHERE x.n <> x.highest",
            |r| {
                Ok(format!(
                    "{} quotes but the highest number is {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?
                ))
            },
        )?;
        self.collect(
            findings,
            "quote numbers have no gaps",
            "SELECT id, kind, number FROM parked_sales
             WHERE (kind = 'quote' AND number IS NULL) OR (kind <> 'quote' AND number IS NOT NULL)
             ORDER BY id",
            |r| {
                Ok(format!(
                    "parked sale {} ({}) has number {:?}: only a quote is numbered",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<Option<i64>>(2)?
                ))
            },
        )
    }

    pub(super) fn check_parked(&self, findings: &mut Vec<Finding>) -> Result<()> {
        const SOUND: &str = "parked sales and quotes refer to existing products and customers";
        self.collect(
            findings,
            SOUND,
            "SELECT s.id, s.kind, s.customer_id FROM parked_sales s
             LEFT JOIN customers c ON c.id = s.customer_id
             WHERE s.customer_id IS NOT NULL AND c.id IS NULL ORDER BY s.id",
            |r| {
                Ok(format!(
                    "parked sale {} ({}) bills customer id {}, which does not exist",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?
                ))
            },
        )?;
        self.collect(
            findings,
            SOUND,
            "SELECT l.parked_id, l.line_no, l.product_id FROM parked_lines l
             LEFT JOIN products p ON p.id = l.product_id
             WHERE p.id IS NULL ORDER BY l.parked_id, l.line_no",
            |r| {
                Ok(format!(
                    "parked sale {} line {} is of product id {}, which does not exist",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?
                ))
            },
        )?;
        self.collect(
            findings,
            SOUND,
            "SELECT l.parked_id, l.line_no FROM parked_lines l
             LEFT JOIN parked_sales s ON s.id = l.parked_id
             WHERE s.id IS NULL ORDER BY l.parked_id, l.line_no",
            |r| {
                Ok(format!(
                    "line {} belongs to parked sale {}, which does not exist",
                    r.get::<i64>(1)?,
                    r.get::<i64>(0)?
                ))
            },
        )?;
        self.collect(
            findings,
            SOUND,
            "SELECT s.id, s.kind, s.payment FROM parked_sales s
             WHERE s.kind NOT IN ('parked', 'quote')
                OR s.payment NOT IN ('when_received', 'when_invoiced')
                OR NOT EXISTS (SELECT 1 FROM parked_lines l WHERE l.parked_id = s.id)
             ORDER BY s.id",
            |r| {
                Ok(format!(
                    "parked sale {} (kind '{}', payment '{}') is of an unknown kind or payment, \
                     or has no line",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?
                ))
            },
        )?;
        self.collect(
            findings,
            SOUND,
            "SELECT parked_id, line_no, ordered, held_back, manual_backorder FROM parked_lines
             WHERE ordered < 1 OR held_back < 0 OR manual_backorder < 0
                OR held_back + manual_backorder > ordered
             ORDER BY parked_id, line_no",
            |r| {
                Ok(format!(
                    "parked sale {} line {}: {} ordered, {} held back, {} backordered do not fit",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?
                ))
            },
        )
    }
}
