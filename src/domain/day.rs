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
//!
//! Beside the money, the report counts ([`DayCounts`]): the sales and the returns apart,
//! the sales voided at the counter before they were finished and what they came to, and
//! the price overrides and discounts of the day's sales with what they took off the list.
//! None of these move money, so none is in the sum above.

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

/// A sale voided at the counter before it was finished: what it came to, when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayVoid {
    pub amount: Option<Money>,
}

/// What a clerk changed about a line's price on one of the day's sales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceChangeKind {
    /// A unit price set by hand.
    Override,
    /// A percent off the line or the whole sale.
    Discount,
}

impl PriceChangeKind {
    /// The kind by the action its audit row is written under.
    pub fn of_action(action: &str) -> Option<PriceChangeKind> {
        match action {
            "price_override" => Some(PriceChangeKind::Override),
            "discount" => Some(PriceChangeKind::Discount),
            _ => None,
        }
    }
}

/// One price change of the day's sales, and what it took off the line's list value (list
/// value less charged value; below zero when it raised the price). None when there was no
/// list to take it from (the price of an open-price item) or when it was not recorded
/// (changes written before the saving was kept): such a change is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPriceChange {
    pub kind: PriceChangeKind,
    pub saved: Option<Money>,
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
    /// The counts of the day; none on a day closed before they were kept.
    #[serde(flatten)]
    pub counts: Option<DayCounts>,
}

/// What the day counts beside its money: sales and returns apart, voids, price overrides
/// and discounts, each with its amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCounts {
    /// Sales at the counter and final invoices: the documents in `sales`.
    pub sales_count: i64,
    /// Return documents: those in `returns`.
    pub returns_count: i64,
    /// Sales voided at the counter before they were finished (no invoice).
    pub voids_count: i64,
    /// What those sales came to, tax included.
    pub voids: Money,
    /// Unit prices set by hand on the day's sales.
    pub price_overrides_count: i64,
    /// What they took off the list value of their lines.
    pub price_overrides: Money,
    /// Percents off a line or a whole sale on the day's sales (a whole sale's counts once
    /// for each line it changed).
    pub discounts_count: i64,
    /// What they took off the list value of their lines.
    pub discounts: Money,
}

impl DayCounts {
    /// The counts and their amounts by their snake_case names, in the order the reports
    /// show them after the money (sales and returns are shown beside their amounts).
    pub fn exceptions(&self) -> Vec<(&'static str, String)> {
        vec![
            ("voids_count", self.voids_count.to_string()),
            ("voids", self.voids.to_string()),
            (
                "price_overrides_count",
                self.price_overrides_count.to_string(),
            ),
            ("price_overrides", self.price_overrides.to_string()),
            ("discounts_count", self.discounts_count.to_string()),
            ("discounts", self.discounts.to_string()),
        ]
    }

    /// Every count and amount by name: what a stored day is checked on.
    pub fn all(&self) -> Vec<(&'static str, String)> {
        let mut all = vec![
            ("sales_count", self.sales_count.to_string()),
            ("returns_count", self.returns_count.to_string()),
        ];
        all.extend(self.exceptions());
        all
    }
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

/// What happened at the counter in a day beside its documents: the sales voided, the
/// price changes of its sales, and how often the drawer opened without a sale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayEvents {
    pub voids: Vec<DayVoid>,
    pub price_changes: Vec<DayPriceChange>,
    pub no_sales: i64,
}

/// The counts of a day of `documents` and `events`.
fn counts(documents: &[DayDocument], events: &DayEvents) -> DayCounts {
    let returns_count = documents
        .iter()
        .filter(|d| d.kind == InvoiceKind::Return)
        .count() as i64;
    let sales_count = documents
        .iter()
        .filter(|d| matches!(d.kind, InvoiceKind::Sale | InvoiceKind::Final))
        .count() as i64;
    let changes = |kind: PriceChangeKind| {
        let saved: Vec<Money> = events
            .price_changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| c.saved)
            .collect();
        (saved.len() as i64, saved.into_iter().sum::<Money>().round())
    };
    let (price_overrides_count, price_overrides) = changes(PriceChangeKind::Override);
    let (discounts_count, discounts) = changes(PriceChangeKind::Discount);
    DayCounts {
        sales_count,
        returns_count,
        voids_count: events.voids.len() as i64,
        voids: events
            .voids
            .iter()
            .filter_map(|v| v.amount)
            .sum::<Money>()
            .round(),
        price_overrides_count,
        price_overrides,
        discounts_count,
        discounts,
    }
}

/// The figures of a day of `documents` (any order) and `payments` on account, with what
/// else happened at the counter (`events`) and the drawer's `opening_float`.
pub fn figures(
    documents: &[DayDocument],
    payments: &[DayPayment],
    events: &DayEvents,
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
        no_sales: events.no_sales,
        counts: Some(counts(documents, events)),
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

    /// Nothing happened at the counter but `no_sales` drawer openings.
    fn drawer(no_sales: i64) -> DayEvents {
        DayEvents {
            no_sales,
            ..DayEvents::default()
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
        let f = figures(&a_day(), &[], &drawer(2), m("150.00"));
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
        let f = figures(&a_day(), &[], &drawer(0), m("0"));
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
        let f = figures(&a_day(), &payments, &drawer(0), m("150.00"));
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
        let f = figures(&[sale], &[], &drawer(0), m("0"));
        assert_eq!((f.sales, f.tax), (m("11.00"), m("1.00")));
        assert_eq!(f.net_takings(), f.tendered());
    }

    #[test]
    fn an_empty_day_expects_the_float_and_shows_every_tender_kind() {
        let f = figures(&[], &[], &drawer(0), m("100"));
        assert_eq!(f.expected_cash, m("100.00"));
        assert_eq!(f.expected_cash.to_string(), "100.00");
        let kinds: Vec<&str> = f.tenders.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, ["cash", "card", "account", "refund"]);
        assert!(f.tenders.iter().all(|t| t.amount.to_string() == "0.00"));
        assert_eq!((f.first_invoice, f.last_invoice), (None, None));
    }

    #[test]
    fn the_day_counts_sales_and_returns_apart_voids_overrides_and_discounts() {
        let mut docs = a_day();
        let ret = DayDocument {
            tenders: vec![(DayTender::Cash, m("-5.50"))],
            ..doc(6, InvoiceKind::Return, "-5.00", "-0.50")
        };
        docs.push(ret);
        let change = |kind, saved: Option<&str>| DayPriceChange {
            kind,
            saved: saved.map(m),
        };
        let events = DayEvents {
            voids: vec![
                DayVoid {
                    amount: Some(m("20.00")),
                },
                DayVoid {
                    amount: Some(m("3.35")),
                },
                // Counted though what it came to is not known.
                DayVoid { amount: None },
            ],
            price_changes: vec![
                change(PriceChangeKind::Override, Some("1.00")),
                // A price raised by hand takes off less than nothing.
                change(PriceChangeKind::Override, Some("-0.25")),
                // An open-price item's price is no override.
                change(PriceChangeKind::Override, None),
                change(PriceChangeKind::Discount, Some("2.50")),
                change(PriceChangeKind::Discount, Some("0.01")),
            ],
            no_sales: 1,
        };
        let f = figures(&docs, &[], &events, m("0"));
        let c = f.counts.unwrap();
        // The refund document (4) is neither a sale nor a return.
        assert_eq!((f.invoices, c.sales_count, c.returns_count), (6, 4, 1));
        assert_eq!((f.returns, f.sales), (m("5.50"), m("61.84")));
        assert_eq!((c.voids_count, c.voids), (3, m("23.35")));
        assert_eq!((c.price_overrides_count, c.price_overrides), (2, m("0.75")));
        assert_eq!((c.discounts_count, c.discounts), (2, m("2.51")));
        assert_eq!(f.no_sales, 1);
        // None of them moves money.
        assert_eq!(f.net_takings(), f.tendered());
        let names: Vec<&str> = c.all().into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "sales_count",
                "returns_count",
                "voids_count",
                "voids",
                "price_overrides_count",
                "price_overrides",
                "discounts_count",
                "discounts"
            ]
        );
        let empty = figures(&[], &[], &drawer(0), m("0")).counts.unwrap();
        assert!(empty.all().iter().all(|(_, v)| v == "0" || v == "0.00"));
    }

    #[test]
    fn price_changes_are_read_by_their_audit_action() {
        assert_eq!(
            PriceChangeKind::of_action("price_override"),
            Some(PriceChangeKind::Override)
        );
        assert_eq!(
            PriceChangeKind::of_action("discount"),
            Some(PriceChangeKind::Discount)
        );
        assert_eq!(PriceChangeKind::of_action("void_sale"), None);
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
