//! Invariants of the pricing engine over random prices, breaks, quantities and deliveries.

use proptest::prelude::*;
use ringup::domain::Money;
use ringup::domain::pricing::{
    Basis, PriceBreak, PriceList, charge_now, format_breaks, line_charge, parse_breaks,
};
use rust_decimal::Decimal;

const MU: u32 = 2;

fn cents(n: i64) -> Money {
    Money::from_minor(n)
}

/// Breaks as a product could have them: at most one set and one tier per quantity.
fn breaks(regular: i64) -> impl Strategy<Value = Vec<PriceBreak>> {
    let sets = prop::collection::btree_map(1u32..=12, 0i64..=regular * 12, 0..=3);
    let tiers = prop::collection::btree_map(1u32..=15, 0i64..=regular, 0..=3);
    (sets, tiers).prop_map(|(sets, tiers)| {
        let mut all: Vec<PriceBreak> = sets
            .into_iter()
            .map(|(qty, p)| PriceBreak::Set {
                qty,
                price: cents(p),
            })
            .collect();
        all.extend(tiers.into_iter().map(|(min_qty, p)| PriceBreak::Tier {
            min_qty,
            unit: cents(p),
        }));
        all
    })
}

fn price_list() -> impl Strategy<Value = PriceList> {
    (1i64..=5_000).prop_flat_map(|regular| {
        (
            breaks(regular),
            prop::option::of(1i64..=5_000),
            prop_oneof![Just(0i64), 0i64..=3_000],
        )
            .prop_map(move |(breaks, special, level)| PriceList {
                regular: cents(regular),
                special: special.map(cents),
                level_pct: Decimal::new(level, 2),
                breaks,
            })
    })
}

/// The hand-overs of one line: the first at the counter (possibly none), then fills.
fn deliveries() -> impl Strategy<Value = Vec<u32>> {
    (0u32..=10, prop::collection::vec(1u32..=10, 0..=6)).prop_map(|(first, rest)| {
        let mut all = vec![first];
        all.extend(rest);
        all
    })
}

fn is_in_minor_units(m: Money) -> bool {
    m == m.round() && m.amount().scale() == MU
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fills_add_up_to_the_line_total(prices in price_list(), deliveries in deliveries()) {
        let ordered: u32 = deliveries.iter().sum();
        let total = prices.total(ordered);
        for basis in [Basis::Split, Basis::Order] {
            let mut delivered = 0;
            let mut charged = Money::ZERO;
            for &now in &deliveries {
                let charge = charge_now(&prices, basis, ordered, delivered, now, charged);
                prop_assert!(!charge.is_negative(), "{basis}: charge {charge} for {now} units");
                prop_assert!(is_in_minor_units(charge), "{basis}: charge {charge}");
                delivered += now;
                charged += charge;
            }
            prop_assert_eq!(charged, total, "{}: charges of {:?}", basis, deliveries);
        }
    }

    #[test]
    fn split_counter_charge_never_exceeds_the_quantity_alone(
        prices in price_list(),
        ordered in 0u32..=40,
        delivered_pct in 0u32..=100,
    ) {
        let delivered = ordered * delivered_pct / 100;
        let c = line_charge(&prices, Basis::Split, ordered, delivered);
        prop_assert!(c.delivered <= prices.total(delivered));
        prop_assert!(!c.delivered.is_negative());
        prop_assert!(!c.backordered.is_negative());
        prop_assert_eq!(c.delivered + c.backordered, c.total);
        prop_assert_eq!(c.total, prices.total(ordered));
    }

    #[test]
    fn unit_amounts_are_highest_first_and_add_up(prices in price_list(), qty in 0u32..=60) {
        let amounts = prices.unit_amounts(qty);
        prop_assert_eq!(amounts.len(), qty as usize);
        prop_assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{:?}", amounts);
        prop_assert!(amounts.iter().all(|&a| !a.is_negative() && is_in_minor_units(a)));
        prop_assert_eq!(amounts.iter().copied().sum::<Money>(), prices.total(qty));
    }

    #[test]
    fn order_amounts_are_even_to_the_minor_unit(prices in price_list(), qty in 1u32..=60) {
        let c = line_charge(&prices, Basis::Order, qty, 0);
        let amounts = &c.unit_amounts;
        prop_assert_eq!(amounts.len(), qty as usize);
        prop_assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{:?}", amounts);
        let spread = amounts[0] - amounts[amounts.len() - 1];
        prop_assert!(spread <= Money::minor_unit(), "{:?}", amounts);
        prop_assert_eq!(amounts.iter().copied().sum::<Money>(), c.total);
    }

    #[test]
    fn breaks_text_round_trips(breaks in breaks(5_000)) {
        let text = format_breaks(&breaks);
        prop_assert_eq!(parse_breaks(&text), Ok(breaks));
    }
}
