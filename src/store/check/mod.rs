//! `ringup check`: every stock and money invariant of the store, each failure named.

use crate::store::db::{Row, params};
use std::collections::BTreeMap;

mod days;
mod parked;
mod payments;
mod policy;
mod purchasing;
mod reconcile;
mod returns;

use super::{Result, Store};
use crate::domain::Money;
use crate::domain::order::{DepositKind, DepositTotals};
use crate::domain::pricing::{Basis, PriceList, parse_breaks};
use crate::domain::sale::gross;

/// One broken invariant, said in words a manager can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub invariant: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.invariant, self.detail)
    }
}

/// Stop listing one kind of failure after this many; the count still says how many.
const MAX_PER_INVARIANT: usize = 20;

/// How deep `ringup check` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Depth {
    /// The invariants of stock and orders that a daily cron can afford on a big store:
    /// SQLite's `quick_check`, the ledger, committed units, order lines and statuses,
    /// invoice numbers and tenders, deposits.
    Quick,
    /// Everything: SQLite's full `integrity_check`, and every document reconciled with the
    /// others and with the audit log.
    #[default]
    Full,
}

impl Store {
    /// Checks every invariant under the default settings (`split`, cents); an empty list
    /// means the store is sound.
    pub fn check(&self) -> Result<Vec<Finding>> {
        self.check_with(Basis::Split, Depth::Full)
    }

    /// Checks the invariants of SPEC section 8, all of them or the quick ones. The price
    /// break basis is the config's: under `split` a fully delivered order line must have
    /// been charged exactly T(ordered).
    pub fn check_with(&self, basis: Basis, depth: Depth) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        self.check_ledger(&mut findings)?;
        self.check_committed(&mut findings)?;
        self.check_shortfalls(&mut findings)?;
        self.check_order_lines(&mut findings)?;
        self.check_order_status(&mut findings)?;
        self.check_invoice_numbers(&mut findings)?;
        self.check_invoice_tenders(&mut findings)?;
        self.check_deposits(&mut findings)?;
        self.check_day_numbers(&mut findings)?;
        self.check_payment_numbers(&mut findings)?;
        self.check_quote_numbers(&mut findings)?;
        if depth == Depth::Quick {
            return Ok(findings);
        }
        self.check_order_lines_against_invoices(&mut findings)?;
        self.check_invoice_lines_against_movements(&mut findings)?;
        self.check_deposit_documents(&mut findings)?;
        self.check_deposit_lines(&mut findings)?;
        self.check_deposits_report(&mut findings)?;
        self.check_audit_trail(&mut findings)?;
        self.check_purchase_orders(&mut findings)?;
        self.check_day_figures(&mut findings)?;
        self.check_day_audit(&mut findings)?;
        self.check_payments(&mut findings)?;
        self.check_parked(&mut findings)?;
        self.check_returns(&mut findings)?;
        self.check_approvals(&mut findings)?;
        if basis == Basis::Split {
            self.check_split_charges(&mut findings)?;
        }
        Ok(findings)
    }

    fn collect(
        &self,
        findings: &mut Vec<Finding>,
        invariant: &'static str,
        sql: &str,
        describe: impl Fn(&Row<'_>) -> Result<String>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query(params![])?;
        let mut count = 0usize;
        while let Some(row) = rows.next()? {
            count += 1;
            if count <= MAX_PER_INVARIANT {
                findings.push(Finding {
                    invariant,
                    detail: describe(&row)?,
                });
            }
        }
        if count > MAX_PER_INVARIANT {
            findings.push(Finding {
                invariant,
                detail: format!("... and {} more", count - MAX_PER_INVARIANT),
            });
        }
        Ok(())
    }

    fn check_ledger(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "on hand = sum of stock movements",
            "WITH ledger AS (
                 SELECT product_id, location, sum(qty) AS qty FROM stock_movements
                 GROUP BY product_id, location)
             SELECT p.sku, x.location, x.on_hand, x.ledger FROM (
                 SELECT s.product_id, s.location, s.on_hand, coalesce(l.qty, 0) AS ledger
                 FROM stock s LEFT JOIN ledger l
                   ON l.product_id = s.product_id AND l.location = s.location
                 UNION ALL
                 SELECT l.product_id, l.location, 0, l.qty FROM ledger l
                 WHERE NOT EXISTS (SELECT 1 FROM stock s
                                   WHERE s.product_id = l.product_id AND s.location = l.location)
             ) x JOIN products p ON p.id = x.product_id
             WHERE x.on_hand <> x.ledger
             ORDER BY p.sku, x.location",
            |r| {
                Ok(format!(
                    "{} at {}: on hand {} but the movements add up to {}",
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )
    }

    /// The kept shortfalls (what the reorder and purchase reports read) are exactly the
    /// products below their minimum at each location, each with its product's columns and
    /// its stock there as they are, and the SKUs kept on order lines
    /// (what the orders filter matches) are their products'.
    fn check_shortfalls(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "shortfalls = products below their minimum",
            "WITH expected AS (
                 SELECT l.code AS location, p.id AS product_id, p.sku, p.description,
                        p.supplier, p.min_stock, p.reorder_qty,
                        coalesce(s.on_hand, 0) AS on_hand, coalesce(s.committed, 0) AS committed
                 FROM products p CROSS JOIN locations l
                 LEFT JOIN stock s ON s.product_id = p.id AND s.location = l.code
                 WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock),
             kept AS (
                 SELECT location, product_id, sku, description, supplier, min_stock,
                        reorder_qty, on_hand, committed
                 FROM shortfalls),
             missing AS (SELECT * FROM expected EXCEPT SELECT * FROM kept),
             wrong AS (SELECT * FROM kept EXCEPT SELECT * FROM expected)
             SELECT 0 AS kept, sku, location, on_hand, committed, min_stock FROM missing
             UNION ALL
             SELECT 1, coalesce(p.sku, '#' || CAST(w.product_id AS TEXT)), w.location,
                    w.on_hand, w.committed, w.min_stock
             FROM wrong w LEFT JOIN products p ON p.id = w.product_id
             ORDER BY 2, 3, 1",
            |r| {
                let (sku, location) = (r.get::<String>(1)?, r.get::<String>(2)?);
                let (on_hand, committed) = (r.get::<i64>(3)?, r.get::<i64>(4)?);
                let min_stock = r.get::<i64>(5)?;
                Ok(match r.get::<i64>(0)? {
                    0 => format!(
                        "{sku} at {location}: {} available (on hand {on_hand}, committed \
                         {committed}) under its minimum {min_stock}, but not among the \
                         shortfalls as it is",
                        on_hand - committed
                    ),
                    _ => format!(
                        "{sku} at {location}: the shortfalls hold on hand {on_hand}, committed \
                         {committed}, minimum {min_stock}, which its product and stock do not"
                    ),
                })
            },
        )?;
        self.collect(
            findings,
            "order line SKUs = their products' SKUs",
            "SELECT t.order_number, t.line_no, coalesce(t.sku, ''), coalesce(p.sku, '')
             FROM order_lines t LEFT JOIN products p ON p.id = t.product_id
             WHERE t.sku IS NULL OR p.sku IS NULL OR t.sku <> p.sku
             ORDER BY t.order_number, t.line_no",
            |r| {
                Ok(format!(
                    "order {} line {}: the line says SKU '{}' but its product is '{}'",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?
                ))
            },
        )
    }

    fn check_committed(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "committed = committed units of open orders",
            "WITH promised AS (
                 SELECT ol.product_id, o.location, sum(ol.committed) AS qty
                 FROM order_lines ol JOIN orders o ON o.number = ol.order_number
                 WHERE o.status = 'open' GROUP BY ol.product_id, o.location)
             SELECT p.sku, x.location, x.committed, x.promised FROM (
                 SELECT s.product_id, s.location, s.committed, coalesce(pr.qty, 0) AS promised
                 FROM stock s LEFT JOIN promised pr
                   ON pr.product_id = s.product_id AND pr.location = s.location
                 UNION ALL
                 SELECT pr.product_id, pr.location, 0, pr.qty FROM promised pr
                 WHERE pr.qty <> 0 AND NOT EXISTS (SELECT 1 FROM stock s
                     WHERE s.product_id = pr.product_id AND s.location = pr.location)
             ) x JOIN products p ON p.id = x.product_id
             WHERE x.committed <> x.promised
             ORDER BY p.sku",
            |r| {
                Ok(format!(
                    "{} at {}: committed {} but open orders hold {}",
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )?;
        // Committed beyond on hand is allowed only where an override said so.
        self.collect(
            findings,
            "committed never exceeds on hand without an override",
            "SELECT p.sku, s.location, s.committed, s.on_hand FROM stock s
             JOIN products p ON p.id = s.product_id
             WHERE s.committed > s.on_hand AND NOT EXISTS (
                 SELECT 1 FROM audit_log a WHERE a.product_id = s.product_id
                   AND a.action LIKE 'override%')",
            |r| {
                Ok(format!(
                    "{} at {}: {} committed but only {} on hand, and no override recorded",
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )
    }

    fn check_order_lines(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "ordered = delivered + committed + backordered + cancelled",
            "SELECT order_number, line_no, ordered, delivered, committed, backordered, cancelled
             FROM order_lines
             WHERE ordered <> delivered + committed + backordered + cancelled
                OR delivered < 0 OR committed < 0 OR backordered < 0 OR cancelled < 0",
            |r| {
                Ok(format!(
                    "order {} line {}: ordered {} but delivered {} + committed {} + backordered {} + cancelled {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?,
                    r.get::<i64>(5)?,
                    r.get::<i64>(6)?
                ))
            },
        )
    }

    fn check_invoice_numbers(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "invoice numbers are consecutive",
            "SELECT prev, number FROM (
                 SELECT number, lag(number, 1, 0) OVER (ORDER BY number) AS prev FROM invoices) AS seq
             WHERE number <> prev + 1",
            |r| {
                Ok(format!(
                    "invoice {} follows invoice {}",
                    r.get::<i64>(1)?,
                    r.get::<i64>(0)?
                ))
            },
        )
    }

    /// Lines (deposits included) + tax − deposits applied = tenders − change.
    fn check_invoice_tenders(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let mut lines: BTreeMap<i64, (Money, Money)> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT invoice_number, amount, tax, deposit FROM invoice_lines ORDER BY invoice_number",
        )?;
        let mut rows = stmt.query(params![])?;
        while let Some(r) = rows.next()? {
            let e = lines.entry(r.get(0)?).or_default();
            e.0 += r.get::<Money>(1)? + r.get::<Money>(3)?;
            e.1 += r.get::<Money>(2)?;
        }
        let mut tenders: BTreeMap<i64, Money> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT invoice_number, amount FROM tenders")?;
        let mut rows = stmt.query(params![])?;
        while let Some(r) = rows.next()? {
            *tenders.entry(r.get(0)?).or_default() += r.get::<Money>(1)?;
        }
        let mut stmt = self.conn.prepare(
            "SELECT number, goods, tax, deposit, deposit_applied, total, change_given, tax_included
             FROM invoices ORDER BY number",
        )?;
        let mut rows = stmt.query(params![])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let number: i64 = r.get(0)?;
            let (goods, tax, deposit, applied, total, change): (
                Money,
                Money,
                Money,
                Money,
                Money,
                Money,
            ) = (
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            );
            let (line_sum, line_tax) = lines.get(&number).copied().unwrap_or_default();
            let paid = tenders.get(&number).copied().unwrap_or_default() - change;
            let mut problems = Vec::new();
            if line_sum != goods + deposit || line_tax != tax {
                problems.push(format!(
                    "lines add up to {line_sum} + tax {line_tax}, the header says {} + tax {tax}",
                    goods + deposit
                ));
            }
            let tax_included: bool = r.get(7)?;
            if gross(goods, tax, tax_included) + deposit - applied != total {
                problems.push(format!(
                    "goods {goods} + tax {tax} + deposit {deposit} - deposit applied {applied} is not the total {total}"
                ));
            }
            if paid != total {
                problems.push(format!(
                    "tenders less change come to {paid}, the total is {total}"
                ));
            }
            for p in problems {
                count += 1;
                if count <= MAX_PER_INVARIANT {
                    findings.push(Finding {
                        invariant: "invoice lines + tax - deposits applied = tenders",
                        detail: format!("invoice {number}: {p}"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Deposits taken − applied − refunded is never negative for any order.
    fn check_deposits(&self, findings: &mut Vec<Finding>) -> Result<()> {
        for (order, outstanding) in self.outstanding_deposits_by_order()? {
            if outstanding.is_negative() {
                findings.push(Finding {
                    invariant: "deposits taken - applied - refunded >= 0",
                    detail: format!("order {order}: {outstanding} outstanding"),
                });
            }
        }
        Ok(())
    }

    /// Deposit held per order (taken − applied − refunded), for every order that ever took one.
    pub fn outstanding_deposits_by_order(&self) -> Result<BTreeMap<i64, Money>> {
        let mut out: BTreeMap<i64, Money> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT order_number, kind, amount FROM deposits")?;
        let mut entries: BTreeMap<i64, Vec<(DepositKind, Money)>> = BTreeMap::new();
        let mut rows = stmt.query(params![])?;
        while let Some(r) = rows.next()? {
            entries
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
        }
        for (order, ledger) in entries {
            out.insert(order, DepositTotals::of(ledger).held());
        }
        Ok(out)
    }

    /// A closed or void order has nothing left committed or backordered.
    fn check_order_status(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "closed and void orders hold nothing",
            "SELECT o.number, o.status, sum(ol.committed), sum(ol.backordered)
             FROM orders o JOIN order_lines ol ON ol.order_number = o.number
             WHERE o.status <> 'open'
             GROUP BY o.number HAVING sum(ol.committed) > 0 OR sum(ol.backordered) > 0",
            |r| {
                Ok(format!(
                    "order {} is {} but still has {} committed and {} backordered",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<i64>(3)?
                ))
            },
        )
    }

    /// Every deposit movement is on a document that shows it: taken on a sale invoice
    /// (its Deposit), applied on a final invoice or a refund document (its deposit applied),
    /// refunded on a refund document (its negative Deposit); and every such figure has its
    /// ledger row.
    fn check_deposit_documents(&self, findings: &mut Vec<Finding>) -> Result<()> {
        // (invoice, kind) -> (order, amount)
        let mut ledger: BTreeMap<(i64, String), (i64, Money)> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT invoice_number, kind, order_number, amount FROM deposits")?;
        let mut rows = stmt.query(params![])?;
        while let Some(r) = rows.next()? {
            let e = ledger.entry((r.get(0)?, r.get(1)?)).or_default();
            e.0 = r.get(2)?;
            e.1 += r.get::<Money>(3)?;
        }
        let mut documents: BTreeMap<(i64, String), (Option<i64>, Money)> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT number, kind, order_number, deposit, deposit_applied FROM invoices
             WHERE order_number IS NOT NULL OR deposit NOT IN ('0', '0.00')
                OR deposit_applied NOT IN ('0', '0.00')",
        )?;
        let mut rows = stmt.query(params![])?;
        while let Some(r) = rows.next()? {
            let number: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let order: Option<i64> = r.get(2)?;
            let deposit: Money = r.get(3)?;
            let applied: Money = r.get(4)?;
            // A refund document may also apply deposit: what a cancel or void charged the
            // units kept.
            let entries = match kind.as_str() {
                "sale" => [("taken", deposit), ("applied", applied)],
                _ => [("refunded", -deposit), ("applied", applied)],
            };
            for (what, amount) in entries {
                if !amount.is_zero() {
                    documents.insert((number, what.to_string()), (order, amount));
                }
            }
        }
        let mut keys: Vec<&(i64, String)> = ledger.keys().chain(documents.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut count = 0;
        for key in keys {
            let (invoice, kind) = key;
            let in_ledger = ledger.get(key);
            let on_doc = documents.get(key);
            let problem = match (in_ledger, on_doc) {
                (Some((_, l)), Some((_, d))) if l != d => Some(format!(
                    "invoice {invoice} shows deposit {kind} {d} but the deposits ledger records {l}"
                )),
                (Some((lo, _)), Some((Some(o), _))) if lo != o => Some(format!(
                    "invoice {invoice} belongs to order {o} but its deposit {kind} is recorded for order {lo}"
                )),
                (Some((_, l)), None) if !l.is_zero() => Some(format!(
                    "the deposits ledger records {l} {kind} on invoice {invoice}, which does not show it"
                )),
                (None, Some((_, d))) => Some(format!(
                    "invoice {invoice} shows deposit {kind} {d} but the deposits ledger has no such row"
                )),
                _ => None,
            };
            if let Some(detail) = problem {
                count += 1;
                if count <= MAX_PER_INVARIANT {
                    findings.push(Finding {
                        invariant: "deposits ledger = deposits on documents",
                        detail,
                    });
                }
            }
        }
        Ok(())
    }

    /// Per order line: 0 <= prepaid_applied + prepaid_refunded <= prepaid; per order: the
    /// deposit held by the ledger = its lines' prepaid - applied - refunded.
    fn check_deposit_lines(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let mut by_order: BTreeMap<i64, Money> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT order_number, line_no, prepaid, prepaid_applied, prepaid_refunded
             FROM order_lines ORDER BY order_number, line_no",
        )?;
        let mut rows = stmt.query(params![])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let order: i64 = r.get(0)?;
            let line: i64 = r.get(1)?;
            // Rounded so a stored '0' reads like every other amount in the finding.
            let (prepaid, applied, refunded) = (
                r.get::<Money>(2)?.round(),
                r.get::<Money>(3)?.round(),
                r.get::<Money>(4)?.round(),
            );
            *by_order.entry(order).or_default() += prepaid - applied - refunded;
            if prepaid.is_negative()
                || applied.is_negative()
                || refunded.is_negative()
                || applied + refunded > prepaid
            {
                count += 1;
                if count <= MAX_PER_INVARIANT {
                    findings.push(Finding {
                        invariant: "deposit applied + refunded <= prepaid on each order line",
                        detail: format!(
                            "order {order} line {line}: prepaid {prepaid}, applied {applied}, refunded {refunded}"
                        ),
                    });
                }
            }
        }
        let ledger = self.outstanding_deposits_by_order()?;
        let mut orders: Vec<i64> = by_order.keys().chain(ledger.keys()).copied().collect();
        orders.sort_unstable();
        orders.dedup();
        let mut count = 0;
        for order in orders {
            let lines = by_order.get(&order).copied().unwrap_or_default().round();
            let held = ledger.get(&order).copied().unwrap_or_default().round();
            if lines != held {
                count += 1;
                if count <= MAX_PER_INVARIANT {
                    findings.push(Finding {
                        invariant: "deposit held = lines' prepaid - applied - refunded",
                        detail: format!(
                            "order {order}: the deposits ledger holds {held} but its lines hold {lines}"
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Under `split`, the charges of a fully delivered line add up to T(ordered), priced
    /// from the line's frozen prices.
    fn check_split_charges(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT order_number, line_no, ordered, regular_price, special_price, level_pct,
                    breaks, charged
             FROM order_lines WHERE delivered = ordered ORDER BY order_number, line_no",
        )?;
        let mut rows = stmt.query(params![])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let order: i64 = r.get(0)?;
            let line: i64 = r.get(1)?;
            let ordered: i64 = r.get(2)?;
            let level: String = r.get(5)?;
            let breaks: String = r.get(6)?;
            let charged: Money = r.get(7)?;
            let problem = match (level.parse(), parse_breaks(&breaks)) {
                (Ok(level_pct), Ok(breaks)) => {
                    let prices = PriceList {
                        regular: r.get(3)?,
                        special: r.get(4)?,
                        level_pct,
                        breaks,
                    };
                    let total = prices.total(u32::try_from(ordered).unwrap_or(0));
                    (total != charged).then(|| {
                        format!(
                            "order {order} line {line}: all {ordered} delivered and charged {charged}, but T({ordered}) = {total}"
                        )
                    })
                }
                _ => Some(format!(
                    "order {order} line {line}: the frozen prices cannot be read (level '{level}', breaks '{breaks}')"
                )),
            };
            if let Some(detail) = problem {
                count += 1;
                if count <= MAX_PER_INVARIANT {
                    findings.push(Finding {
                        invariant: "under split, a fully delivered line is charged T(ordered)",
                        detail,
                    });
                }
            }
        }
        Ok(())
    }
}
