//! Replenishing one location: what the other locations can spare is moved before anything
//! is bought.

use super::order::{Restock, allocate, restock};

/// What a location can give away: on hand less what is promised to its orders and less its
/// own minimum stock, never below 0.
pub fn spare(on_hand: i64, committed: i64, min_stock: i64) -> i64 {
    (on_hand - committed.max(0) - min_stock.max(0)).max(0)
}

/// How a need is met: transfers from other locations, then a purchase of the rest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// (location, units) to move, the location with the most to spare first.
    pub transfers: Vec<(String, i64)>,
    /// All the units moved.
    pub transfer: i64,
    pub purchase: i64,
}

impl Plan {
    /// Where the transfer comes from: one location by its code, several with their units
    /// (`YARD 10, SHED 5`); empty when nothing moves.
    pub fn transfer_from(&self) -> String {
        match self.transfers.as_slice() {
            [(location, _)] => location.clone(),
            many => many
                .iter()
                .map(|(l, q)| format!("{l} {q}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Splits `need` into transfers from `spares` ((location, units it can spare)) and a
/// purchase of the rest. The locations with the most to spare give first, so the fewest
/// moves are made; ties go by location code.
pub fn plan(need: i64, spares: &[(String, i64)]) -> Plan {
    let mut sources: Vec<(String, i64)> = spares.iter().filter(|(_, s)| *s > 0).cloned().collect();
    sources.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
    let total: i64 = sources.iter().map(|(_, s)| s).sum();
    let Restock { transfer, purchase } = restock(need, total);
    let wants: Vec<i64> = sources.iter().map(|(_, s)| *s).collect();
    let transfers = sources
        .into_iter()
        .zip(allocate(transfer, &wants))
        .filter(|(_, qty)| *qty > 0)
        .map(|((location, _), qty)| (location, qty))
        .collect();
    Plan {
        transfers,
        transfer,
        purchase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(spares: &[(&str, i64)]) -> Vec<(String, i64)> {
        spares.iter().map(|(l, s)| (l.to_string(), *s)).collect()
    }

    #[test]
    fn spare_keeps_the_promises_and_the_minimum() {
        assert_eq!(spare(123, 0, 0), 123);
        assert_eq!(spare(123, 3, 20), 100);
        assert_eq!(spare(10, 8, 5), 0);
        assert_eq!(spare(-4, 0, 0), 0);
    }

    #[test]
    fn the_yard_lumber_is_moved_before_any_is_bought() {
        // YRD-LUM-2X4-8: 60 needed at MAIN, 123 at YARD with nothing promised.
        let p = plan(60, &at(&[("YARD", 123)]));
        assert_eq!(
            (p.transfers.clone(), p.transfer, p.purchase),
            (at(&[("YARD", 60)]), 60, 0)
        );
        assert_eq!(p.transfer_from(), "YARD");
    }

    #[test]
    fn what_no_one_can_spare_is_bought() {
        let p = plan(23, &at(&[("YARD", 15), ("SHED", 0)]));
        assert_eq!((p.transfer, p.purchase), (15, 8));
        assert_eq!(p.transfer_from(), "YARD");
        assert_eq!(
            plan(5, &[]),
            Plan {
                transfers: vec![],
                transfer: 0,
                purchase: 5
            }
        );
        assert_eq!(plan(0, &at(&[("YARD", 9)])), Plan::default());
    }

    #[test]
    fn the_location_with_most_to_spare_gives_first() {
        let p = plan(14, &at(&[("SHED", 5), ("YARD", 10)]));
        assert_eq!(p.transfers, at(&[("YARD", 10), ("SHED", 4)]));
        assert_eq!(p.transfer_from(), "YARD 10, SHED 4");
        assert_eq!(p.purchase, 0);
    }

    proptest! {
        #[test]
        fn transfer_and_purchase_cover_the_need_within_what_is_spare(
            need in -10i64..500,
            spares in proptest::collection::vec(-5i64..200, 0..5),
        ) {
            let spares: Vec<(String, i64)> =
                spares.iter().enumerate().map(|(i, s)| (format!("L{i}"), *s)).collect();
            let can_spare: i64 = spares.iter().map(|(_, s)| (*s).max(0)).sum();
            let p = plan(need, &spares);
            prop_assert!(p.transfer + p.purchase >= need);
            prop_assert!(p.transfer <= can_spare);
            prop_assert!(p.transfer >= 0 && p.purchase >= 0);
            prop_assert_eq!(p.transfers.iter().map(|(_, q)| q).sum::<i64>(), p.transfer);
            for (location, qty) in &p.transfers {
                let own = spares.iter().find(|(l, _)| l == location).map_or(0, |(_, s)| *s);
                prop_assert!(*qty > 0 && *qty <= own);
            }
            // Nothing is bought while another location could still spare it.
            prop_assert!(p.purchase == 0 || p.transfer == can_spare);
        }
    }
}
