//! Sales put aside (parked to serve someone else, or kept as numbered quotes), shared by
//! every terminal on the store, and the void of a sale in progress. Each write is one short
//! transaction with its audit row; a recall takes a parked sale off the list in the same
//! transaction that reads it, so two terminals can never both recall it.

use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, Row, params};
use super::{Result, Store, StoreError, optional};
use crate::domain::parked::{ParkKind, ParkedLine};
use crate::domain::pricing::adjust::{Adjustment, PriceChange};
use crate::domain::sale::Payment;
use crate::domain::{Customer, Money};

/// A sale to put aside.
#[derive(Debug, Clone, Copy)]
pub struct ToPark<'a> {
    pub kind: ParkKind,
    pub location: &'a str,
    pub user: &'a str,
    pub customer: Option<&'a Customer>,
    pub payment: Payment,
    pub lines: &'a [ParkedLine],
    pub total: Money,
    /// What a quote prints: its tax, what it comes to with tax, and its last valid day.
    pub quote: Option<&'a QuoteTerms>,
    /// The percent off the whole sale, if any.
    pub discount: Option<&'a Adjustment>,
}

/// A quote's figures as printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteTerms {
    pub tax: Money,
    pub due: Money,
    pub valid_until: String,
}

/// A parked sale or quote as stored, with its customer and lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParkedSale {
    pub id: i64,
    pub kind: &'static str,
    /// The quote's number; none for a parked sale.
    pub number: Option<i64>,
    pub account: Option<String>,
    pub customer: Option<String>,
    #[serde(skip)]
    pub customer_id: Option<i64>,
    pub payment: String,
    pub total: Money,
    pub location: String,
    pub user: String,
    pub at: String,
    pub lines: Vec<ParkedLine>,
    /// A quote's tax, total with tax and last valid day (none on a parked sale, or a quote
    /// printed before quotes showed them).
    #[serde(flatten)]
    pub terms: Option<QuoteTerms>,
    /// The percent off the whole sale it was parked with.
    #[serde(skip)]
    pub discount: Option<Adjustment>,
}

impl ParkedSale {
    pub fn kind(&self) -> ParkKind {
        ParkKind::parse(self.kind).unwrap_or(ParkKind::Parked)
    }

    /// `quote 3` or `parked sale`, for messages.
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("quote {n}"),
            None => "parked sale".into(),
        }
    }
}

const HEAD_COLUMNS: &str = "s.id, s.kind, s.number, c.account, c.name, s.customer_id, s.payment, \
     s.total, s.location, s.user_name, s.at, s.discount_pct, s.discount_reason, \
     s.discount_approved_by, s.tax, s.due, s.valid_until";

/// A price change as stored (change, reason, approver), None when there is none; a change
/// that does not read back is refused as corrupt rather than dropped.
fn adjustment(
    r: &Row<'_>,
    at: usize,
    column: &'static str,
    percent_only: bool,
) -> Result<Option<Adjustment>> {
    let Some(text) = r.get::<Option<String>>(at)? else {
        return Ok(None);
    };
    let text = if percent_only {
        format!("percent {text}")
    } else {
        text
    };
    let change = PriceChange::from_text(&text).ok_or(StoreError::Corrupt {
        column,
        value: text,
    })?;
    Ok(Some(Adjustment {
        change,
        reason: r.get::<Option<String>>(at + 1)?.unwrap_or_default(),
        approved_by: r.get(at + 2)?,
    }))
}

/// The columns of a price change: (change, reason, approver).
fn adjustment_columns(a: Option<&Adjustment>) -> (Option<String>, Option<String>, Option<String>) {
    match a {
        Some(a) => (
            Some(a.change.to_text()),
            Some(a.reason.clone()),
            a.approved_by.clone(),
        ),
        None => (None, None, None),
    }
}

fn head(r: &Row<'_>) -> Result<ParkedSale> {
    let kind: String = r.get(1)?;
    let kind = ParkKind::parse(&kind).ok_or(StoreError::Corrupt {
        column: "parked_sales.kind",
        value: kind,
    })?;
    Ok(ParkedSale {
        id: r.get(0)?,
        kind: kind.as_str(),
        number: r.get(2)?,
        account: r.get(3)?,
        customer: r.get(4)?,
        customer_id: r.get(5)?,
        payment: r.get(6)?,
        total: r.get(7)?,
        location: r.get(8)?,
        user: r.get(9)?,
        at: r.get(10)?,
        lines: Vec::new(),
        discount: adjustment(r, 11, "parked_sales.discount_pct", true)?,
        terms: match (r.get(14)?, r.get(15)?, r.get(16)?) {
            (Some(tax), Some(due), Some(valid_until)) => Some(QuoteTerms {
                tax,
                due,
                valid_until,
            }),
            _ => None,
        },
    })
}

fn lines_of(conn: &Conn, id: i64) -> Result<Vec<ParkedLine>> {
    conn.query_map(
        "SELECT l.product_id, p.sku, p.description, l.ordered, l.held_back, l.manual_backorder,
                l.unit_price, l.amount, l.price_change, l.price_reason, l.price_approved_by
         FROM parked_lines l JOIN products p ON p.id = l.product_id
         WHERE l.parked_id = ?1 ORDER BY l.line_no",
        params![id],
        |r| {
            Ok(ParkedLine {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                description: r.get(2)?,
                ordered: r.get(3)?,
                held_back: r.get(4)?,
                manual_backorder: r.get(5)?,
                unit_price: r.get(6)?,
                amount: r.get(7)?,
                adjust: adjustment(r, 8, "parked_lines.price_change", false)?,
            })
        },
    )
}

fn read_where(conn: &Conn, condition: &str, value: i64) -> Result<Option<ParkedSale>> {
    let found = optional(conn.query_row(
        &format!(
            "SELECT {HEAD_COLUMNS} FROM parked_sales s
             LEFT JOIN customers c ON c.id = s.customer_id WHERE {condition}"
        ),
        params![value],
        head,
    ))?;
    match found {
        Some(mut sale) => {
            sale.lines = lines_of(conn, sale.id)?;
            Ok(Some(sale))
        }
        None => Ok(None),
    }
}

/// What an audit row says of a sale put aside, voided or recalled.
fn described(lines: usize, total: Money, customer: Option<&str>) -> String {
    let who = customer.map_or_else(|| "cash sale".to_string(), |c| format!("bill to {c}"));
    format!("{lines} line(s), total {}, {who}", total.round())
}

impl Store {
    /// Puts a sale aside with its audit row; a quote takes the next quote number.
    pub fn park_sale(&mut self, p: &ToPark<'_>) -> Result<ParkedSale> {
        if p.lines.is_empty() {
            return Err(StoreError::bad_input(
                "sale",
                "empty",
                "has no line to park",
            ));
        }
        let discount = adjustment_columns(p.discount);
        // A sale's discount is always a percent off (a unit price is a line's own).
        let discount_pct = p.discount.and_then(|a| match a.change {
            PriceChange::PercentOff(pct) => Some(pct.normalize().to_string()),
            PriceChange::UnitPrice(_) => None,
        });
        let tx = self.write()?;
        let number: Option<i64> = match p.kind {
            ParkKind::Quote => Some(tx.query_row(
                "SELECT coalesce(max(number), 0) + 1 FROM parked_sales WHERE kind = 'quote'",
                params![],
                |r| r.get(0),
            )?),
            ParkKind::Parked => None,
        };
        let id: i64 = tx.query_row(
            "INSERT INTO parked_sales (kind, number, customer_id, payment, total, location,
                                       user_name, at, discount_pct, discount_reason,
                                       discount_approved_by, tax, due, valid_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
            params![
                p.kind.as_str(),
                number,
                p.customer.map(|c| c.id),
                p.payment.as_str(),
                p.total.round(),
                p.location,
                p.user,
                tx.now_text(),
                discount_pct,
                discount.1,
                discount.2,
                p.quote.map(|q| q.tax),
                p.quote.map(|q| q.due),
                p.quote.map(|q| q.valid_until.as_str())
            ],
            |r| r.get(0),
        )?;
        for (i, line) in p.lines.iter().enumerate() {
            let (change, reason, approved_by) = adjustment_columns(line.adjust.as_ref());
            tx.execute(
                "INSERT INTO parked_lines (parked_id, line_no, product_id, ordered, held_back,
                                           manual_backorder, unit_price, amount, price_change,
                                           price_reason, price_approved_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    i + 1,
                    line.product_id,
                    line.ordered,
                    line.held_back,
                    line.manual_backorder,
                    line.unit_price.round(),
                    line.amount.round(),
                    change,
                    reason,
                    approved_by
                ],
            )?;
        }
        let reference = match number {
            Some(n) => format!("quote {n}"),
            None => format!("parked {id}"),
        };
        let customer = p.customer.map(|c| c.account.as_str());
        audit(
            &tx,
            &Audit {
                user: p.user,
                action: match p.kind {
                    ParkKind::Parked => "park_sale",
                    ParkKind::Quote => "quote",
                },
                qty: Some(i64::try_from(p.lines.len()).unwrap_or(i64::MAX)),
                reference: &reference,
                detail: described(p.lines.len(), p.total, customer),
                ..Audit::default()
            },
        )?;
        let parked = read_where(&tx, "s.id = ?1", id)?.ok_or(StoreError::NoRows)?;
        tx.commit()?;
        Ok(parked)
    }

    /// Every parked sale and quote, newest first, with their lines.
    pub fn parked_sales(&self) -> Result<Vec<ParkedSale>> {
        let mut sales = self.conn.query_map(
            &format!(
                "SELECT {HEAD_COLUMNS} FROM parked_sales s
                 LEFT JOIN customers c ON c.id = s.customer_id ORDER BY s.at DESC, s.id DESC"
            ),
            params![],
            head,
        )?;
        for sale in &mut sales {
            sale.lines = lines_of(&self.conn, sale.id)?;
        }
        Ok(sales)
    }

    /// One parked sale or quote by its id.
    pub fn parked_sale(&self, id: i64) -> Result<Option<ParkedSale>> {
        read_where(&self.conn, "s.id = ?1", id)
    }

    /// One quote by its number.
    pub fn quote(&self, number: i64) -> Result<Option<ParkedSale>> {
        read_where(&self.conn, "s.kind = 'quote' AND s.number = ?1", number)
    }

    /// Takes a parked sale or quote back to the counter. A parked sale leaves the list in
    /// the same transaction, so two terminals cannot both recall it; a quote stays listed.
    pub fn recall_parked(&mut self, id: i64, user: &str) -> Result<ParkedSale> {
        let tx = self.write()?;
        let sale = read_where(&tx, "s.id = ?1", id)?.ok_or_else(|| {
            StoreError::bad_input(
                "parked sale",
                id,
                "is no longer parked: another terminal recalled it",
            )
        })?;
        let reference = match sale.kind() {
            ParkKind::Parked => {
                tx.execute("DELETE FROM parked_lines WHERE parked_id = ?1", params![id])?;
                tx.execute("DELETE FROM parked_sales WHERE id = ?1", params![id])?;
                format!("parked {id}")
            }
            ParkKind::Quote => format!("quote {}", sale.number.unwrap_or_default()),
        };
        audit(
            &tx,
            &Audit {
                user,
                action: "recall_sale",
                qty: Some(i64::try_from(sale.lines.len()).unwrap_or(i64::MAX)),
                reference: &reference,
                detail: format!(
                    "recalled {} parked by {}: {}",
                    sale.label(),
                    sale.user,
                    described(sale.lines.len(), sale.total, sale.account.as_deref())
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(sale)
    }

    /// Audits the void of a sale in progress at `location`: who, how many lines, and what
    /// was due (tax included), which the day's report counts. Nothing else is written (the
    /// sale was never written).
    pub fn record_void(
        &mut self,
        user: &str,
        location: &str,
        lines: usize,
        total: Money,
        customer: Option<&str>,
    ) -> Result<()> {
        let tx = self.write()?;
        audit(
            &tx,
            &Audit {
                user,
                action: "void_sale",
                location: Some(location),
                amount: Some(total.round()),
                qty: Some(i64::try_from(lines).unwrap_or(i64::MAX)),
                detail: format!(
                    "voided a sale of {lines} line(s), {} due, {}",
                    total.round(),
                    customer.map_or_else(|| "cash sale".to_string(), |c| format!("bill to {c}"))
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()
    }
}
