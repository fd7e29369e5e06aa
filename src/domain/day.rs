//! The end of the day: a location's figures from the documents it wrote since its last
//! close (the X report while the day runs, the Z report when it closes), the cash the
//! drawer should hold, and what the count found over or short.
//!
//! Every figure comes from the invoices of the day (sales, final invoices and refund
//! documents), so a closed day can always be computed again from them:
//!
//! sales − returns + deposits taken − deposits applied − refunds + payments on account
//! = the tenders of the day (cash net of change, card, on account, refund tenders).
//!
//! Payments on account are documents of their own (see [`super::payment`]): they add to
//! payments on account and to the cash or card of the day. Returns are invoices of kind
//! `return` with negative goods, tax and tenders: `returns` is what they gave back, tax
//! included, and a return refunded in cash is cash out.

use serde::Serialize;

use super::Money;
use super::order::InvoiceKind;

/// How money changed hands on a document, as tenders are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayTender {
    Cash,
    Card,
    Account,
    /// Money a final invoice gave back (a deposit larger than the goods): paid from the
    /// drawer, so it counts as cash out.
    Refund,
}

impl DayTender {
    pub const ALL: [DayTender; 4] = [
        DayTender::Cash,
        DayTender::Card,
        DayTender::Account,
        DayTender::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DayTender::Cash => "cash",
            DayTender::Card => "card",
            DayTender::Account => "account",
            DayTender::Refund => "refund",
        }
    }

    pub fn parse(text: &str) -> Option<DayTender> {
        DayTender::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// One invoice of the day, with what was tendered on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDocument {
    pub number: i64,
    pub kind: InvoiceKind,
    pub goods: Money,
    pub tax: Money,
    /// Prices include tax: `goods` already holds it.
    pub tax_included: bool,
    /// A sale's prepaid deposit; on a refund document, the deposit given back (negative).
    pub deposit: Money,
    pub deposit_applied: Money,
    /// Cash given back as change.
    pub change: Money,
    pub tenders: Vec<(DayTender, Money)>,
}

/// A payment on account of the day: how it was handed over and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPayment {
    pub tender: DayTender,
    pub amount: Money,
}

/// The money of one tender kind over the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TenderTotal {
    pub kind: &'static str,
    pub amount: Money,
}

/// A day's figures, as the X and Z reports show them. Every amount is rounded to the
/// currency's places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayFigures {
    /// Invoices (sales, final invoices, refund documents) in the day.
    pub invoices: i64,
    pub first_invoice: Option<i64>,
    pub last_invoice: Option<i64>,
    /// Goods handed over, tax included (sales at the counter and final invoices).
    pub sales: Money,
    /// The tax in those sales.
    pub tax: Money,
    pub returns: Money,
    pub deposits_taken: Money,
    pub deposits_applied: Money,
    /// Deposits given back on cancels and voids.
    pub refunds: Money,
    pub payments_on_account: Money,
    /// Net per tender kind: cash less change and cash refunds, card, on account, and the
    /// money final invoices gave back (negative).
    pub tenders: Vec<TenderTotal>,
    /// The drawer's float when the day opened.
    pub opening_float: Money,
    /// Cash taken less change given.
    pub cash_in: Money,
    /// Cash paid back: refunds in cash and the money final invoices gave back.
    pub cash_out: Money,
    /// Opening float + cash in − cash out: what the drawer should hold.
    pub expected_cash: Money,
    /// Times the drawer was opened without a sale.
    pub no_sales: i64,
}

impl DayFigures {
    /// The net amount of one tender kind.
    pub fn tender(&self, kind: DayTender) -> Money {
        self.tenders
            .iter()
            .find(|t| t.kind == kind.as_str())
            .map_or(Money::ZERO.round(), |t| t.amount)
    }

    /// What the documents brought in: sales − returns + deposits taken − deposits applied
    /// − refunds + payments on account. Equals the sum of the tenders.
    pub fn net_takings(&self) -> Money {
        self.sales - self.returns + self.deposits_taken - self.deposits_applied - self.refunds
            + self.payments_on_account
    }

    /// The money figures by their snake_case names, in the order the reports show them;
    /// the tenders as `cash`, `card`, `account` and `refund_tendered`.
    pub fn amounts(&self) -> Vec<(&'static str, Money)> {
        vec![
            ("sales", self.sales),
            ("tax", self.tax),
            ("returns", self.returns),
            ("deposits_taken", self.deposits_taken),
            ("deposits_applied", self.deposits_applied),
            ("refunds", self.refunds),
            ("payments_on_account", self.payments_on_account),
            ("cash", self.tender(DayTender::Cash)),
            ("card", self.tender(DayTender::Card)),
            ("account", self.tender(DayTender::Account)),
            ("refund_tendered", self.tender(DayTender::Refund)),
            ("opening_float", self.opening_float),
            ("cash_in", self.cash_in),
            ("cash_out", self.cash_out),
            ("expected_cash", self.expected_cash),
        ]
    }

    /// The sum of the day's tenders, every kind.
    pub fn tendered(&self) -> Money {
        self.tenders.iter().map(|t| t.amount).sum()
    }
}

/// The figures of a day of `documents` (any order) and `payments` on account, with
/// `no_sales` drawer openings and the drawer's `opening_float`.
pub fn figures(
    documents: &[DayDocument],
    payments: &[DayPayment],
    no_sales: i64,
    opening_float: Money,
) -> DayFigures {
    let mut sales = Money::ZERO;
    let mut tax = Money::ZERO;
    let mut deposits_taken = Money::ZERO;
    let mut deposits_applied = Money::ZERO;
    let mut refunds = Money::ZERO;
    let mut returns = Money::ZERO;
    let mut by_kind = [Money::ZERO; 4];
    let mut cash_in = Money::ZERO;
    let mut cash_out = Money::ZERO;
    for doc in documents {
        let gross = if doc.tax_included {
            doc.goods
        } else {
            doc.goods + doc.tax
        };
        if doc.kind == InvoiceKind::Return {
            // Sales are what went out; a return's goods and tax are its own figure.
            returns -= gross;
        } else {
            sales += gross;
            tax += doc.tax;
        }
        match doc.kind {
            InvoiceKind::Return => {}
            // A refund document carries the deposit it gives back as a negative deposit.
            InvoiceKind::Refund => refunds -= doc.deposit,
            InvoiceKind::Sale | InvoiceKind::Final => deposits_taken += doc.deposit,
        }
        deposits_applied += doc.deposit_applied;
        for &(kind, amount) in &doc.tenders {
            by_kind[kind as usize] += amount;
            match kind {
                DayTender::Cash if amount.is_negative() => cash_out -= amount,
                DayTender::Cash => cash_in += amount,
                DayTender::Refund => cash_out -= amount,
                DayTender::Card | DayTender::Account => {}
            }
        }
        by_kind[DayTender::Cash as usize] -= doc.change;
        cash_in -= doc.change;
    }
    let mut payments_on_account = Money::ZERO;
    for payment in payments {
        payments_on_account += payment.amount;
        by_kind[payment.tender as usize] += payment.amount;
        if payment.tender == DayTender::Cash {
            cash_in += payment.amount;
        }
    }
    let round = Money::round;
    let opening_float = opening_float.round();
    DayFigures {
        invoices: documents.len() as i64,
        first_invoice: documents.iter().map(|d| d.number).min(),
        last_invoice: documents.iter().map(|d| d.number).max(),
        sales: round(sales),
        tax: round(tax),
        returns: round(returns),
        deposits_taken: round(deposits_taken),
        deposits_applied: round(deposits_applied),
        refunds: round(refunds),
        payments_on_account: round(payments_on_account),
        tenders: DayTender::ALL
            .iter()
            .zip(by_kind)
            .map(|(kind, amount)| TenderTotal {
                kind: kind.as_str(),
                amount: round(amount),
            })
            .collect(),
        opening_float,
        cash_in: round(cash_in),
        cash_out: round(cash_out),
        expected_cash: round(opening_float + cash_in - cash_out),
        no_sales,
    }
}

/// What the count found against what the drawer should hold: above zero over, below zero
/// short.
pub fn over_short(expected: Money, counted: Money) -> Money {
    (counted - expected).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse::<rust_decimal::Decimal>()
            .map(Money::new)
            .unwrap()
            .round()
    }

    fn doc(number: i64, kind: InvoiceKind, goods: &str, tax: &str) -> DayDocument {
        DayDocument {
            number,
            kind,
            goods: m(goods),
            tax: m(tax),
            tax_included: false,
            deposit: m("0"),
            deposit_applied: m("0"),
            change: m("0"),
            tenders: Vec::new(),
        }
    }

    /// A cash sale with change, a prepaid sale by card, its final invoice, a refund of a
    /// deposit in cash, and a final invoice that gives money back.
    fn a_day() -> Vec<DayDocument> {
        let cash_sale = DayDocument {
            change: m("3.50"),
            tenders: vec![(DayTender::Cash, m("20.00"))],
            ..doc(1, InvoiceKind::Sale, "15.00", "1.50")
        };
        let prepaid = DayDocument {
            deposit: m("16.66"),
            tenders: vec![(DayTender::Card, m("34.00"))],
            ..doc(2, InvoiceKind::Sale, "17.34", "0")
        };
        let final_invoice = DayDocument {
            deposit_applied: m("16.66"),
            tenders: vec![(DayTender::Account, m("3.34"))],
            ..doc(3, InvoiceKind::Final, "20.00", "0")
        };
        let refund = DayDocument {
            deposit: m("-1.90"),
            tenders: vec![(DayTender::Cash, m("-1.90"))],
            ..doc(4, InvoiceKind::Refund, "0", "0")
        };
        let gives_back = DayDocument {
            deposit_applied: m("10.00"),
            tenders: vec![(DayTender::Refund, m("-2.00"))],
            ..doc(5, InvoiceKind::Final, "8.00", "0")
        };
        vec![cash_sale, prepaid, final_invoice, refund, gives_back]
    }

    #[test]
    fn the_figures_of_a_day_come_from_its_documents() {
        let f = figures(&a_day(), &[], 2, m("150.00"));
        assert_eq!(f.invoices, 5);
        assert_eq!((f.first_invoice, f.last_invoice), (Some(1), Some(5)));
        assert_eq!(f.sales, m("61.84"));
        assert_eq!(f.tax, m("1.50"));
        assert_eq!(f.deposits_taken, m("16.66"));
        assert_eq!(f.deposits_applied, m("26.66"));
        assert_eq!(f.refunds, m("1.90"));
        assert_eq!(f.returns, m("0"));
        assert_eq!(f.payments_on_account, m("0"));
        assert_eq!(f.tender(DayTender::Cash), m("14.60"));
        assert_eq!(f.tender(DayTender::Card), m("34.00"));
        assert_eq!(f.tender(DayTender::Account), m("3.34"));
        assert_eq!(f.tender(DayTender::Refund), m("-2.00"));
        assert_eq!(f.cash_in, m("16.50"));
        assert_eq!(f.cash_out, m("3.90"));
        assert_eq!(f.expected_cash, m("162.60"));
        assert_eq!(f.no_sales, 2);
    }

    #[test]
    fn what_the_documents_brought_in_is_what_was_tendered() {
        let f = figures(&a_day(), &[], 0, m("0"));
        assert_eq!(f.net_takings(), f.tendered());
        assert_eq!(f.net_takings(), m("49.94"));
    }

    #[test]
    fn payments_on_account_count_in_the_tenders_and_the_drawer() {
        let payments = [
            DayPayment {
                tender: DayTender::Cash,
                amount: m("25.00"),
            },
            DayPayment {
                tender: DayTender::Card,
                amount: m("40.00"),
            },
        ];
        let f = figures(&a_day(), &payments, 0, m("150.00"));
        assert_eq!(f.payments_on_account, m("65.00"));
        assert_eq!(f.tender(DayTender::Cash), m("39.60"));
        assert_eq!(f.tender(DayTender::Card), m("74.00"));
        assert_eq!(f.cash_in, m("41.50"));
        assert_eq!(f.expected_cash, m("187.60"));
        assert_eq!(f.net_takings(), f.tendered());
        assert_eq!(f.invoices, 5);
    }

    #[test]
    fn prices_with_tax_included_count_the_tax_once() {
        let sale = DayDocument {
            tax_included: true,
            tenders: vec![(DayTender::Cash, m("11.00"))],
            ..doc(1, InvoiceKind::Sale, "11.00", "1.00")
        };
        let f = figures(&[sale], &[], 0, m("0"));
        assert_eq!((f.sales, f.tax), (m("11.00"), m("1.00")));
        assert_eq!(f.net_takings(), f.tendered());
    }

    #[test]
    fn an_empty_day_expects_the_float_and_shows_every_tender_kind() {
        let f = figures(&[], &[], 0, m("100"));
        assert_eq!(f.expected_cash, m("100.00"));
        assert_eq!(f.expected_cash.to_string(), "100.00");
        let kinds: Vec<&str> = f.tenders.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, ["cash", "card", "account", "refund"]);
        assert!(f.tenders.iter().all(|t| t.amount.to_string() == "0.00"));
        assert_eq!((f.first_invoice, f.last_invoice), (None, None));
    }

    #[test]
    fn over_is_above_zero_and_short_below() {
        assert_eq!(over_short(m("162.60"), m("165.00")), m("2.40"));
        assert_eq!(over_short(m("162.60"), m("160.00")), m("-2.60"));
        assert_eq!(over_short(m("162.60"), m("162.60")).to_string(), "0.00");
    }

    #[test]
    fn tender_kinds_read_back_as_stored() {
        for kind in DayTender::ALL {
            assert_eq!(DayTender::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(DayTender::parse("cheque"), None);
    }
}
