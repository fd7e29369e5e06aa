//! A sale put aside: parked to serve someone else, or kept as a quote. What a parked line
//! keeps (quantities, what the clerk decided about held-back and backordered units, the
//! price it was rung at), and what it becomes when recalled into a sale.
//!
//! Recalling re-reads prices from the catalog: a parked sale or a quote is not a promise
//! of a price, and the clerk is told of every line whose price moved. Manager overrides
//! are not kept: they were approved against the stock of that moment.

use serde::Serialize;

use super::Money;
use super::sale::{LineOutcome, Payment, SaleLine};

/// What kind of sale was put aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParkKind {
    /// Parked to serve someone else; gone from the list once recalled.
    Parked,
    /// A numbered quote, printed for the customer; stays listed, recalled as often as wanted.
    Quote,
}

impl ParkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParkKind::Parked => "parked",
            ParkKind::Quote => "quote",
        }
    }

    pub fn parse(text: &str) -> Option<ParkKind> {
        match text {
            "parked" => Some(ParkKind::Parked),
            "quote" => Some(ParkKind::Quote),
            _ => None,
        }
    }
}

/// One line of a parked sale, as it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParkedLine {
    #[serde(skip)]
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    pub ordered: u32,
    pub held_back: u32,
    /// Units backordered by hand (F5).
    #[serde(rename = "backordered_by_hand")]
    pub manual_backorder: u32,
    /// The unit price at the line's quantity when it was parked.
    pub unit_price: Money,
    /// What the whole line came to when it was parked.
    pub amount: Money,
}

impl ParkedLine {
    /// The line of a sale in progress as it is parked.
    pub fn of(line: &SaleLine, outcome: &LineOutcome) -> ParkedLine {
        ParkedLine {
            product_id: line.product_id,
            sku: line.sku.clone(),
            description: line.description.clone(),
            ordered: line.ordered,
            held_back: line.held_back,
            manual_backorder: line.manual_backorder,
            unit_price: outcome.unit_price,
            amount: outcome.total,
        }
    }
}

/// A line whose price moved between parking and recall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChange {
    pub sku: String,
    pub parked: Money,
    pub now: Money,
}

/// What a recalled line becomes: the line rung afresh (today's price for the customer and
/// today's stock) with the parked quantities and decisions; a held-back count needs a
/// named customer. Says whether the unit price moved.
pub fn recall_line(
    parked: &ParkedLine,
    mut fresh: SaleLine,
    named_customer: bool,
) -> (SaleLine, Option<PriceChange>) {
    fresh.ordered = parked.ordered;
    fresh.held_back = if named_customer {
        parked.held_back.min(parked.ordered)
    } else {
        0
    };
    fresh.manual_backorder = parked
        .manual_backorder
        .min(parked.ordered - fresh.held_back);
    fresh.overrides.clear();
    let now = fresh.prices.unit_price(fresh.ordered);
    let change = (now.round() != parked.unit_price.round()).then(|| PriceChange {
        sku: parked.sku.clone(),
        parked: parked.unit_price.round(),
        now: now.round(),
    });
    (fresh, change)
}

/// The words for the status line after a recall: which prices moved, if any.
pub fn price_changes_text(changes: &[PriceChange]) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let each: Vec<String> = changes
        .iter()
        .map(|c| format!("{} {} now {}", c.sku, c.parked, c.now))
        .collect();
    Some(format!("prices changed: {}", each.join(", ")))
}

/// The payment choice of a parked sale, the given default when what is stored is unknown.
pub fn payment_of(text: &str, default: Payment) -> Payment {
    Payment::parse(text).unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pricing::PriceList;
    use rust_decimal::Decimal;

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn line(price: &str) -> SaleLine {
        SaleLine {
            product_id: 1,
            sku: "VALVE".into(),
            description: "Ball valve".into(),
            tax_class: "standard".into(),
            prices: PriceList {
                regular: money(price),
                special: None,
                level_pct: Decimal::ZERO,
                breaks: Vec::new(),
            },
            tax_rate: Decimal::ZERO,
            ordered: 1,
            held_back: 0,
            manual_backorder: 0,
            overrides: vec![super::super::sale::Override::Ignore { qty: 1 }],
            adjust: Default::default(),
            available: 5,
        }
    }

    fn parked(held: u32, manual: u32) -> ParkedLine {
        ParkedLine {
            product_id: 1,
            sku: "VALVE".into(),
            description: "Ball valve".into(),
            ordered: 4,
            held_back: held,
            manual_backorder: manual,
            unit_price: money("10.00"),
            amount: money("40.00"),
        }
    }

    #[test]
    fn a_recalled_line_keeps_its_quantities_and_drops_overrides() {
        let (l, change) = recall_line(&parked(1, 2), line("10.00"), true);
        assert_eq!((l.ordered, l.held_back, l.manual_backorder), (4, 1, 2));
        assert!(l.overrides.is_empty());
        assert_eq!(change, None);
    }

    #[test]
    fn a_cash_sale_holds_nothing_back() {
        let (l, _) = recall_line(&parked(3, 1), line("10.00"), false);
        assert_eq!((l.held_back, l.manual_backorder), (0, 1));
    }

    #[test]
    fn a_moved_price_is_named() {
        let (_, change) = recall_line(&parked(0, 0), line("12.00"), false);
        let change = change.unwrap();
        assert_eq!(
            (change.parked, change.now),
            (money("10.00"), money("12.00"))
        );
        assert_eq!(
            price_changes_text(&[change]).unwrap(),
            "prices changed: VALVE 10.00 now 12.00"
        );
    }

    #[test]
    fn kinds_read_back() {
        for kind in [ParkKind::Parked, ParkKind::Quote] {
            assert_eq!(ParkKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ParkKind::parse("other"), None);
    }
}
