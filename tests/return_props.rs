//! The refund of returned units, over random prices, breaks, deliveries and returns, under
//! every price break basis: refunds of a line never exceed what it was charged, returning
//! everything refunds exactly that, and returned + kept = delivered.

use proptest::prelude::*;
use ringup::domain::Money;
use ringup::domain::pricing::{Basis, PriceBreak, PriceList, charge_now, line_tax};
use ringup::domain::returns::DeliveredLine;
use rust_decimal::Decimal;

fn cents(n: i64) -> Money {
    Money::from_minor(n)
}

fn price_list() -> impl Strategy<Value = PriceList> {
    (1i64..=5_000).prop_flat_map(|regular| {
        (
            prop::collection::btree_map(1u32..=6, 0i64..=regular * 6, 0..=2),
            prop::collection::btree_map(1u32..=8, 0i64..=regular, 0..=2),
            prop_oneof![Just(0i64), 0i64..=3_000],
        )
            .prop_map(move |(sets, tiers, level)| {
                let mut breaks: Vec<PriceBreak> = sets
                    .into_iter()
                    .map(|(qty, p)| PriceBreak::Set {
                        qty,
                        price: cents(p),
                    })
                    .collect();
                breaks.extend(tiers.into_iter().map(|(min_qty, p)| PriceBreak::Tier {
                    min_qty,
                    unit: cents(p),
                }));
                PriceList {
                    regular: cents(regular),
                    special: None,
                    level_pct: Decimal::new(level, 2),
                    breaks,
                }
            })
    })
}

fn basis() -> impl Strategy<Value = Basis> {
    prop_oneof![Just(Basis::Split), Just(Basis::Order), Just(Basis::Shipped)]
}

proptest! {
    #[test]
    fn refunds_never_exceed_the_charge(
        prices in price_list(),
        basis in basis(),
        hand_overs in prop::collection::vec(1u32..=6, 1..=4),
        extra in 0u32..=6,
        known in any::<bool>(),
        returns in prop::collection::vec(1u32..=6, 1..=8),
        rate in 0i64..=2_500,
    ) {
        let ordered: u32 = hand_overs.iter().sum::<u32>() + extra;
        let rate = Decimal::new(rate, 2);
        let mut before = 0;
        let mut charged_before = Money::ZERO;
        for &n in &hand_overs {
            let charged = charge_now(&prices, basis, ordered, before, n, charged_before);
            let line = DeliveredLine {
                prices: known.then(|| prices.clone()),
                basis,
                ordered,
                delivered_before: before,
                delivered: n,
                charged,
                tax: line_tax(charged, rate, false),
            };
            let mut returned = 0u32;
            let mut goods = Money::ZERO;
            let mut tax = Money::ZERO;
            for &k in &returns {
                match line.refund(returned, k) {
                    Ok(r) => {
                        prop_assert!(!r.goods.is_negative() && !r.tax.is_negative());
                        returned += k;
                        goods += r.goods;
                        tax += r.tax;
                    }
                    Err(_) => prop_assert!(k > n - returned),
                }
                let kept = n - returned;
                prop_assert_eq!(returned + kept, n);
                prop_assert!(goods <= line.charged, "{} back of {}", goods, line.charged);
                prop_assert!(tax <= line.tax);
            }
            if returned < n {
                let last = line.refund(returned, n - returned).unwrap();
                goods += last.goods;
                tax += last.tax;
            }
            prop_assert_eq!(goods, line.charged.round());
            prop_assert_eq!(tax, line.tax.round());
            before += n;
            charged_before += charged;
        }
    }
}
