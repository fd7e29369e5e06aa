//! The end of the day: the X report (a location's running figures since its last close),
//! closing the day (the Z report, numbered and stored), and no-sales. The figures are the
//! domain's ([`crate::domain::day`]) from the invoices of the day, read here.

use crate::domain::policy::Operation;
use crate::store::policy::authorize;
use crate::store::policy::managers_only;
use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, Row, params};
use super::sales::next_number;
use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::day::{
    self, DayCounts, DayDocument, DayEvents, DayFigures, DayPayment, DayPriceChange, DayTender,
    DayVoid, PriceChangeKind, TenderTotal,
};

/// A day's report: the X report of the day still open (no number, nothing counted), or
/// the Z report of a closed day as it was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayReport {
    /// The day's number once closed.
    pub number: Option<i64>,
    pub location: String,
    /// When the day opened: the previous close of this location; for its first day, the
    /// first thing the day counts (an invoice, a no-sale, a payment on account or a void),
    /// none while there is nothing (nor on a first day closed before it was kept).
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    #[serde(flatten)]
    pub figures: DayFigures,
    pub counted_cash: Option<Money>,
    /// Counted − expected: above zero over, below zero short.
    pub over_short: Option<Money>,
}

/// Where a location's day begins: what its last close covered.
#[derive(Debug, Clone, Default)]
struct DayStart {
    closed_at: Option<String>,
    last_invoice: i64,
    last_no_sale: i64,
    last_payment: i64,
    last_audit: i64,
}

/// How far a day runs: the last invoice, no-sale, payment on account and audit row (for
/// its voids) it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayEnd {
    pub invoice: i64,
    pub no_sale: i64,
    pub payment: i64,
    pub audit: i64,
}

impl DayEnd {
    /// Everything written so far.
    const OPEN: DayEnd = DayEnd {
        invoice: i64::MAX,
        no_sale: i64::MAX,
        payment: i64::MAX,
        audit: i64::MAX,
    };
}

/// The last close of `location` before day `before` (every day when None).
fn day_start(conn: &Conn, location: &str, before: Option<i64>) -> Result<DayStart> {
    let start = conn.query_opt(
        "SELECT closed_at, last_invoice, last_no_sale, last_payment, last_audit FROM days
         WHERE location = ?1 AND number < ?2 ORDER BY number DESC LIMIT 1",
        params![location, before.unwrap_or(i64::MAX)],
        |r| {
            Ok(DayStart {
                closed_at: r.get(0)?,
                last_invoice: r.get(1)?,
                last_no_sale: r.get(2)?,
                last_payment: r.get(3)?,
                last_audit: r.get(4)?,
            })
        },
    )?;
    Ok(start.unwrap_or_default())
}

/// When a day of `location` from `start` up to `end` opened: the previous close, or on the
/// location's first day the first thing it counts (none while there is nothing).
fn opened_at(conn: &Conn, location: &str, start: &DayStart, end: DayEnd) -> Result<Option<String>> {
    if start.closed_at.is_some() {
        return Ok(start.closed_at.clone());
    }
    conn.query_row(
        "SELECT min(at) FROM (
             SELECT min(at) AS at FROM invoices WHERE location = ?1 AND number <= ?2
             UNION ALL
             SELECT min(at) FROM no_sales WHERE location = ?1 AND id <= ?3
             UNION ALL
             SELECT min(at) FROM account_payments WHERE location = ?1 AND number <= ?4
             UNION ALL
             SELECT min(at) FROM audit_log
             WHERE location = ?1 AND action = 'void_sale' AND id <= ?5
         ) firsts",
        params![location, end.invoice, end.no_sale, end.payment, end.audit],
        |r| r.get(0),
    )
}

/// The invoices of `location` numbered after `after` up to `upto`, with their tenders.
fn documents(conn: &Conn, location: &str, after: i64, upto: i64) -> Result<Vec<DayDocument>> {
    let mut docs: Vec<DayDocument> = conn.query_map(
        "SELECT number, kind, goods, tax, tax_included, deposit, deposit_applied, change_given
         FROM invoices WHERE location = ?1 AND number > ?2 AND number <= ?3 ORDER BY number",
        params![location, after, upto],
        |r| {
            Ok(DayDocument {
                number: r.get(0)?,
                kind: r.get(1)?,
                goods: r.get(2)?,
                tax: r.get(3)?,
                tax_included: r.get(4)?,
                deposit: r.get(5)?,
                deposit_applied: r.get(6)?,
                change: r.get(7)?,
                tenders: Vec::new(),
            })
        },
    )?;
    conn.for_each(
        "SELECT t.invoice_number, t.kind, t.amount
         FROM tenders t JOIN invoices i ON i.number = t.invoice_number
         WHERE i.location = ?1 AND i.number > ?2 AND i.number <= ?3
         ORDER BY t.invoice_number, t.id",
        params![location, after, upto],
        |r| {
            let number: i64 = r.get(0)?;
            let kind: DayTender = r.get(1)?;
            let amount: Money = r.get(2)?;
            if let Ok(i) = docs.binary_search_by_key(&number, |d| d.number) {
                docs[i].tenders.push((kind, amount));
            }
            Ok(())
        },
    )?;
    Ok(docs)
}

/// The payments on account taken at `location` numbered after `after` up to `upto`.
fn payments(conn: &Conn, location: &str, after: i64, upto: i64) -> Result<Vec<DayPayment>> {
    conn.query_map(
        "SELECT tender, amount FROM account_payments
         WHERE location = ?1 AND number > ?2 AND number <= ?3 ORDER BY number",
        params![location, after, upto],
        |r| {
            let tender: crate::domain::payment::PaymentTender = r.get(0)?;
            Ok(DayPayment {
                tender: match tender {
                    crate::domain::payment::PaymentTender::Cash => DayTender::Cash,
                    crate::domain::payment::PaymentTender::Card => DayTender::Card,
                },
                amount: r.get(1)?,
            })
        },
    )
}

/// The sales voided at the counter of `location`, audited after row `after` up to `upto`.
fn voids(conn: &Conn, location: &str, after: i64, upto: i64) -> Result<Vec<DayVoid>> {
    conn.query_map(
        "SELECT amount FROM audit_log
         WHERE location = ?1 AND action = 'void_sale' AND id > ?2 AND id <= ?3",
        params![location, after, upto],
        |r| Ok(DayVoid { amount: r.get(0)? }),
    )
}

/// The price overrides and discounts of the sales of `location` numbered after `after` up
/// to `upto`, from the audit rows written with them (one statement for them all).
fn price_changes(
    conn: &Conn,
    location: &str,
    after: i64,
    upto: i64,
) -> Result<Vec<DayPriceChange>> {
    let rows: Vec<(String, Option<Money>)> = conn.query_map(
        "SELECT a.action, a.amount FROM invoices i
         JOIN audit_log a ON a.reference = 'invoice ' || i.number
                         AND a.action IN ('price_override', 'discount')
         WHERE i.location = ?1 AND i.number > ?2 AND i.number <= ?3 AND i.kind = 'sale'",
        params![location, after, upto],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(action, saved)| {
            PriceChangeKind::of_action(&action).map(|kind| DayPriceChange { kind, saved })
        })
        .collect())
}

fn no_sales_between(conn: &Conn, location: &str, after: i64, upto: i64) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM no_sales WHERE location = ?1 AND id > ?2 AND id <= ?3",
        params![location, after, upto],
        |r| r.get(0),
    )
}

/// The figures of `location`'s documents after `start` up to `end`.
fn figures_since(
    conn: &Conn,
    location: &str,
    start: &DayStart,
    end: DayEnd,
    opening_float: Money,
) -> Result<DayFigures> {
    let docs = documents(conn, location, start.last_invoice, end.invoice)?;
    let paid = payments(conn, location, start.last_payment, end.payment)?;
    let events = DayEvents {
        voids: voids(conn, location, start.last_audit, end.audit)?,
        price_changes: price_changes(conn, location, start.last_invoice, end.invoice)?,
        no_sales: no_sales_between(conn, location, start.last_no_sale, end.no_sale)?,
    };
    Ok(day::figures(&docs, &paid, &events, opening_float))
}

/// The columns of a stored day, as [`stored_day`] reads them. The counts (from
/// `sales_count` on) are NULL on a day closed before they were kept.
const DAY_COLUMNS: &str = "number, location, opened_at, closed_at, closed_by, last_invoice, \
     last_no_sale, invoices, no_sales, sales, tax, returns, deposits_taken, deposits_applied, \
     refunds, payments_on_account, cash, card, account, refund_tendered, opening_float, cash_in, \
     cash_out, expected_cash, counted_cash, over_short, last_payment, last_audit, sales_count, \
     returns_count, voids_count, voids, price_overrides_count, price_overrides, discounts_count, \
     discounts";

/// A closed day as stored, and the invoice and no-sale it runs up to.
pub(crate) struct StoredDay {
    pub report: DayReport,
    pub last_invoice: i64,
    pub last_no_sale: i64,
    pub last_payment: i64,
    pub last_audit: i64,
}

impl StoredDay {
    fn end(&self) -> DayEnd {
        DayEnd {
            invoice: self.last_invoice,
            no_sale: self.last_no_sale,
            payment: self.last_payment,
            audit: self.last_audit,
        }
    }
}

fn stored_day(r: &Row<'_>) -> Result<StoredDay> {
    let tender = |kind: DayTender, index: usize| -> Result<TenderTotal> {
        Ok(TenderTotal {
            kind: kind.as_str(),
            amount: r.get(index)?,
        })
    };
    Ok(StoredDay {
        report: DayReport {
            number: r.get(0)?,
            location: r.get(1)?,
            opened_at: r.get(2)?,
            closed_at: r.get(3)?,
            closed_by: r.get(4)?,
            figures: DayFigures {
                invoices: r.get(7)?,
                // Filled in from the documents by the caller.
                first_invoice: None,
                last_invoice: None,
                no_sales: r.get(8)?,
                sales: r.get(9)?,
                tax: r.get(10)?,
                returns: r.get(11)?,
                deposits_taken: r.get(12)?,
                deposits_applied: r.get(13)?,
                refunds: r.get(14)?,
                payments_on_account: r.get(15)?,
                tenders: vec![
                    tender(DayTender::Cash, 16)?,
                    tender(DayTender::Card, 17)?,
                    tender(DayTender::Account, 18)?,
                    tender(DayTender::Refund, 19)?,
                ],
                opening_float: r.get(20)?,
                cash_in: r.get(21)?,
                cash_out: r.get(22)?,
                expected_cash: r.get(23)?,
                counts: stored_counts(r)?,
            },
            counted_cash: Some(r.get(24)?),
            over_short: Some(r.get(25)?),
        },
        last_invoice: r.get(5)?,
        last_no_sale: r.get(6)?,
        last_payment: r.get(26)?,
        last_audit: r.get(27)?,
    })
}

/// A stored day's counts; none when it was closed before they were kept.
fn stored_counts(r: &Row<'_>) -> Result<Option<DayCounts>> {
    let Some(sales_count) = r.get::<Option<i64>>(28)? else {
        return Ok(None);
    };
    Ok(Some(DayCounts {
        sales_count,
        returns_count: r.get(29)?,
        voids_count: r.get(30)?,
        voids: r.get(31)?,
        price_overrides_count: r.get(32)?,
        price_overrides: r.get(33)?,
        discounts_count: r.get(34)?,
        discounts: r.get(35)?,
    }))
}

/// The first and last invoice of `location` after `after` up to `upto`.
fn invoice_range(
    conn: &Conn,
    location: &str,
    after: i64,
    upto: i64,
) -> Result<(Option<i64>, Option<i64>)> {
    conn.query_row(
        "SELECT min(number), max(number) FROM invoices
         WHERE location = ?1 AND number > ?2 AND number <= ?3",
        params![location, after, upto],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Every closed day as stored, in number order, with what its documents come to now:
/// (stored, computed again). `check` compares the two.
pub(crate) fn days_against_documents(conn: &Conn) -> Result<Vec<(StoredDay, DayReport)>> {
    let stored = conn.query_map(
        &format!("SELECT {DAY_COLUMNS} FROM days ORDER BY number"),
        params![],
        stored_day,
    )?;
    let mut out = Vec::with_capacity(stored.len());
    for mut day in stored {
        let report = &mut day.report;
        let start = day_start(conn, &report.location, report.number)?;
        let (first, last) =
            invoice_range(conn, &report.location, start.last_invoice, day.last_invoice)?;
        report.figures.first_invoice = first;
        report.figures.last_invoice = last;
        let end = day.end();
        let report = &mut day.report;
        let figures = figures_since(
            conn,
            &report.location,
            &start,
            end,
            report.figures.opening_float,
        )?;
        let over_short = report
            .counted_cash
            .map(|counted| day::over_short(figures.expected_cash, counted));
        // A first day closed before its counts were kept was not given its opening either.
        let opened = match report.figures.counts {
            Some(_) => opened_at(conn, &report.location, &start, end)?,
            None => start.closed_at.clone(),
        };
        let computed = DayReport {
            opened_at: opened,
            figures,
            over_short,
            ..report.clone()
        };
        out.push((day, computed));
    }
    Ok(out)
}

impl Store {
    /// The X report: `location`'s figures since its last close, the drawer having opened
    /// with `opening_float`. Reads only.
    pub fn day_report(&self, location: &str, opening_float: Money) -> Result<DayReport> {
        let start = day_start(&self.conn, location, None)?;
        let figures = figures_since(&self.conn, location, &start, DayEnd::OPEN, opening_float)?;
        Ok(DayReport {
            number: None,
            location: location.to_string(),
            opened_at: opened_at(&self.conn, location, &start, DayEnd::OPEN)?,
            closed_at: None,
            closed_by: None,
            figures,
            counted_cash: None,
            over_short: None,
        })
    }

    /// Closes `location`'s day (the Z report): its figures from the documents since the
    /// last close, the cash counted and what it is over or short, numbered without gaps and
    /// stored in one transaction with its audit row. `user` must be a manager (the caller
    /// checks). Returns the stored report.
    pub fn close_day(
        &mut self,
        location: &str,
        counted_cash: Money,
        opening_float: Money,
        user: &str,
    ) -> Result<DayReport> {
        if counted_cash.is_negative() {
            return Err(StoreError::bad_input(
                "counted cash",
                counted_cash,
                "must be 0 or more",
            ));
        }
        let counted_cash = counted_cash.round();
        let tx = self.write()?;
        managers_only(&tx, user, "close the day")?;
        let known: i64 = tx.query_row(
            "SELECT count(*) FROM locations WHERE code = ?1",
            params![location],
            |r| r.get(0),
        )?;
        if known == 0 {
            return Err(StoreError::bad_input(
                "location",
                location,
                "no such location",
            ));
        }
        let start = day_start(&tx, location, None)?;
        // Everything written so far, read under the write lock: what this day runs up to.
        let end = tx.query_row(
            "SELECT (SELECT coalesce(max(number), 0) FROM invoices),
                    (SELECT coalesce(max(id), 0) FROM no_sales),
                    (SELECT coalesce(max(number), 0) FROM account_payments),
                    (SELECT coalesce(max(id), 0) FROM audit_log)",
            params![],
            |r| {
                Ok(DayEnd {
                    invoice: r.get(0)?,
                    no_sale: r.get(1)?,
                    payment: r.get(2)?,
                    audit: r.get(3)?,
                })
            },
        )?;
        let figures = figures_since(&tx, location, &start, end, opening_float)?;
        let over_short = day::over_short(figures.expected_cash, counted_cash);
        let opened = opened_at(&tx, location, &start, end)?;
        let number = next_number(&tx, "days")?;
        let closed_at = tx.now_text();
        let f = &figures;
        let c = f.counts.as_ref();
        tx.execute(
            &format!(
                "INSERT INTO days ({DAY_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,
                         ?31, ?32, ?33, ?34, ?35, ?36)"
            ),
            params![
                number,
                location,
                opened,
                closed_at,
                user,
                end.invoice,
                end.no_sale,
                f.invoices,
                f.no_sales,
                f.sales,
                f.tax,
                f.returns,
                f.deposits_taken,
                f.deposits_applied,
                f.refunds,
                f.payments_on_account,
                f.tender(DayTender::Cash),
                f.tender(DayTender::Card),
                f.tender(DayTender::Account),
                f.tender(DayTender::Refund),
                f.opening_float,
                f.cash_in,
                f.cash_out,
                f.expected_cash,
                counted_cash,
                over_short,
                end.payment,
                end.audit,
                c.map(|c| c.sales_count),
                c.map(|c| c.returns_count),
                c.map(|c| c.voids_count),
                c.map(|c| c.voids),
                c.map(|c| c.price_overrides_count),
                c.map(|c| c.price_overrides),
                c.map(|c| c.discounts_count),
                c.map(|c| c.discounts)
            ],
        )?;
        let reference = format!("day {number}");
        audit(
            &tx,
            &Audit {
                user,
                action: "day_close",
                reference: &reference,
                detail: format!(
                    "closed day {number} at {location}: {} invoice(s), expected cash {}, counted {counted_cash}, over/short {over_short}",
                    f.invoices, f.expected_cash
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        tracing::info!(number, location, "day closed");
        self.day(number)?.ok_or(StoreError::NoRows)
    }

    /// A closed day's Z report as stored.
    pub fn day(&self, number: i64) -> Result<Option<DayReport>> {
        let stored = optional(self.conn.query_row(
            &format!("SELECT {DAY_COLUMNS} FROM days WHERE number = ?1"),
            params![number],
            stored_day,
        ))?;
        let Some(StoredDay {
            mut report,
            last_invoice,
            ..
        }) = stored
        else {
            return Ok(None);
        };
        let start = day_start(&self.conn, &report.location, report.number)?;
        let (first, last) = invoice_range(
            &self.conn,
            &report.location,
            start.last_invoice,
            last_invoice,
        )?;
        report.figures.first_invoice = first;
        report.figures.last_invoice = last;
        Ok(Some(report))
    }

    /// The number of the last closed day, if any.
    pub fn last_day_number(&self) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT max(number) FROM days", params![], |r| r.get(0))
    }

    /// A no-sale: the drawer of `location` opened without a sale, by `user`. Recorded,
    /// audited and counted on the day's report. Returns the no-sales of the day so far.
    /// The drawer opened without a sale, for `reason` (audited with it).
    pub fn no_sale(&mut self, location: &str, user: &str, reason: &str) -> Result<i64> {
        super::check_text("reason", reason, 60)?;
        let limits = self.limits;
        let tx = self.write()?;
        authorize(&tx, &limits, user, &Operation::NoSale, &[])?;
        let id: i64 = tx.query_row(
            "INSERT INTO no_sales (location, user_name, at) VALUES (?1, ?2, ?3) RETURNING id",
            params![location, user, tx.now_text()],
            |r| r.get(0),
        )?;
        let reference = format!("no sale {id}");
        audit(
            &tx,
            &Audit {
                user,
                action: "no_sale",
                reference: &reference,
                detail: format!("drawer opened without a sale at {location}; reason: {reason}"),
                ..Audit::default()
            },
        )?;
        let start = day_start(&tx, location, None)?;
        let today = no_sales_between(&tx, location, start.last_no_sale, i64::MAX)?;
        tx.commit()?;
        Ok(today)
    }
}
