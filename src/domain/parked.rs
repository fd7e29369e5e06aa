//! A sale put aside: parked to serve someone else, or kept as a quote. What a parked line
//! keeps (quantities, what the clerk decided about held-back and backordered units, the
//! price it was rung at), and what it becomes when recalled into a sale.
//!
//! Recalling re-reads prices from the catalog: a parked sale or a quote is not a promise
//! of a price, and the clerk is told of every line whose price moved. The clerk's price
//! changes are kept (a unit price set by hand, a percent off a line or the whole sale, with
//! the reason and the approving manager) and apply again to today's prices. Manager
//! overrides of stock are not kept: they were approved against the stock of that moment.

use serde::Serialize;

use super::Money;
use super::pricing::adjust::{Adjustment, LineAdjustments};
use super::sale::{LineOutcome, Payment, SaleLine, gross};
use super::tax::line_tax;

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

/// What a quote comes to, as printed on it: the lines' goods for every unit (delivered now
/// or later), the tax on each line's charge, and the total with tax (the goods when prices
/// include it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteFigures {
    pub goods: Money,
    pub tax: Money,
    pub due: Money,
}

impl QuoteFigures {
    pub fn of(lines: &[SaleLine], outcomes: &[LineOutcome], prices_include_tax: bool) -> Self {
        let goods: Money = outcomes.iter().map(|o| o.total).sum();
        let tax: Money = lines
            .iter()
            .zip(outcomes)
            .map(|(line, o)| line_tax(o.total, line.tax_rate, prices_include_tax))
            .sum();
        QuoteFigures {
            goods: goods.round(),
            tax: tax.round(),
            due: gross(goods, tax, prices_include_tax).round(),
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
    /// The clerk's own price change on the line, if any.
    #[serde(skip)]
    pub adjust: Option<Adjustment>,
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
            adjust: line.adjust.line.clone(),
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
/// today's stock) with the parked quantities, decisions and price changes (its own and the
/// sale's `discount`); a held-back count needs a named customer. Says whether the unit
/// price it is charged moved.
pub fn recall_line(
    parked: &ParkedLine,
    mut fresh: SaleLine,
    named_customer: bool,
    discount: Option<&Adjustment>,
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
    fresh.adjust = LineAdjustments {
        line: parked.adjust.clone(),
        sale: discount.cloned(),
    };
    let now = fresh.charged_prices().unit_price(fresh.ordered);
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
            elsewhere: Vec::new(),
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
            adjust: None,
        }
    }

    #[test]
    fn a_quote_comes_to_every_unit_with_its_tax_whether_delivered_now_or_later() {
        let rules = |prices_include_tax| crate::domain::sale::Rules {
            allow_on_invoice: true,
            basis: crate::domain::pricing::Basis::Split,
            prices_include_tax,
        };
        let mut on_shelf = line("10.00");
        (on_shelf.ordered, on_shelf.overrides) = (3, Vec::new());
        let mut backordered = line("5.50");
        (backordered.available, backordered.overrides) = (0, Vec::new());
        let mut lines = vec![on_shelf, backordered];
        for l in &mut lines {
            l.tax_rate = Decimal::new(10, 0);
        }
        let figures = |include| {
            let outcomes: Vec<_> = lines.iter().map(|l| l.outcome(&rules(include))).collect();
            QuoteFigures::of(&lines, &outcomes, include)
        };
        assert_eq!(
            figures(false),
            QuoteFigures {
                goods: money("35.50"),
                tax: money("3.55"),
                due: money("39.05"),
            }
        );
        // Prices with tax in them: 30.00 holds 2.73 and 5.50 holds 0.50.
        assert_eq!(
            figures(true),
            QuoteFigures {
                goods: money("35.50"),
                tax: money("3.23"),
                due: money("35.50"),
            }
        );
    }

    #[test]
    fn a_recalled_line_keeps_its_quantities_and_drops_overrides() {
        let (l, change) = recall_line(&parked(1, 2), line("10.00"), true, None);
        assert_eq!((l.ordered, l.held_back, l.manual_backorder), (4, 1, 2));
        assert!(l.overrides.is_empty());
        assert_eq!(change, None);
    }

    #[test]
    fn units_backordered_by_hand_never_exceed_what_is_not_held_back() {
        // 4 ordered, 3 held back: at most 1 can be backordered by hand.
        let (l, _) = recall_line(&parked(3, 2), line("10.00"), true, None);
        assert_eq!((l.held_back, l.manual_backorder), (3, 1));
    }

    #[test]
    fn a_cash_sale_holds_nothing_back() {
        let (l, _) = recall_line(&parked(3, 1), line("10.00"), false, None);
        assert_eq!((l.held_back, l.manual_backorder), (0, 1));
    }

    #[test]
    fn a_moved_price_is_named() {
        let (_, change) = recall_line(&parked(0, 0), line("12.00"), false, None);
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
    fn price_changes_come_back_and_apply_to_todays_price() {
        use crate::domain::pricing::adjust::PriceChange;
        let adjust = |change| Adjustment {
            change,
            reason: "price match".into(),
            approved_by: Some("morgan".into()),
        };
        let discount = adjust(PriceChange::PercentOff(Decimal::from(10)));
        // Parked at 9.00 a unit (10.00 less 10%): today's 12.00 less 10% is 10.80.
        let mut at_nine = parked(0, 0);
        at_nine.unit_price = money("9.00");
        let (l, change) = recall_line(&at_nine, line("12.00"), false, Some(&discount));
        assert_eq!(l.adjust.sale.as_ref(), Some(&discount));
        assert_eq!(l.adjust.line, None);
        assert_eq!(change.unwrap().now, money("10.80"));
        // A unit price set by hand does not move with the catalog.
        let mut by_hand = parked(0, 0);
        by_hand.adjust = Some(adjust(PriceChange::UnitPrice(money("10.00"))));
        let (l, change) = recall_line(&by_hand, line("12.00"), false, None);
        assert_eq!(l.adjust.line, by_hand.adjust);
        assert_eq!(change, None);
    }

    #[test]
    fn price_changes_are_stored_as_text_and_read_back() {
        use crate::domain::pricing::adjust::PriceChange;
        for change in [
            PriceChange::UnitPrice(money("8.50")),
            PriceChange::PercentOff(Decimal::new(125, 1)),
        ] {
            assert_eq!(PriceChange::from_text(&change.to_text()), Some(change));
        }
        assert_eq!(PriceChange::UnitPrice(money("8.5")).to_text(), "price 8.50");
        assert_eq!(
            PriceChange::PercentOff(Decimal::from(15)).to_text(),
            "percent 15"
        );
        assert_eq!(PriceChange::from_text("percent x"), None);
        assert_eq!(PriceChange::from_text("free 1"), None);
    }

    #[test]
    fn kinds_read_back() {
        for kind in [ParkKind::Parked, ParkKind::Quote] {
            assert_eq!(ParkKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ParkKind::parse("other"), None);
    }
}
