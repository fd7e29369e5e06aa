//! The figures of the manager's dashboard: what waits and for how long, the deposits held,
//! the most backordered products, and what open purchase orders bring by supplier and week.

use std::collections::BTreeMap;

use super::orders::{OrderFilter, StatusFilter};
use super::{Result, Store};
use crate::domain::Money;
use crate::domain::aging::{Aged, BucketTotal, age_buckets};
use crate::domain::purchasing::PoStatus;

/// A product with backordered units on open orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backordered {
    pub sku: String,
    pub units: i64,
    pub value: Money,
}

/// Units still to come from one supplier in one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub supplier: String,
    /// The ISO week of the expected date, `2026-W49`.
    pub week: String,
    pub units: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// Backordered lines by days waited, with their value and the deposits they hold.
    pub aging: Vec<BucketTotal>,
    /// Every deposit held on open orders.
    pub deposits_held: Money,
    /// The ten products with the most units backordered (then the highest value).
    pub top: Vec<Backordered>,
    /// Open purchase orders by expected week, then supplier.
    pub incoming: Vec<Incoming>,
}

impl Store {
    pub fn dashboard(&self) -> Result<Dashboard> {
        let orders = self.orders(&OrderFilter {
            status: StatusFilter::All,
            ..OrderFilter::default()
        })?;
        let lines = || {
            orders
                .iter()
                .flat_map(|o| o.doc.lines.iter())
                .filter(|l| l.backordered > 0)
        };
        let aging = age_buckets(lines().map(|l| Aged {
            days: l.wait.days_waiting.unwrap_or(0),
            units: l.backordered,
            value: l.wait.backordered_value,
            deposit: l.held(),
        }));
        let deposits_held = orders.iter().map(|o| o.doc.deposit).sum::<Money>().round();
        let mut by_sku: BTreeMap<&str, (i64, Money)> = BTreeMap::new();
        for line in lines() {
            let entry = by_sku.entry(&line.sku).or_insert((0, Money::ZERO));
            entry.0 += line.backordered;
            entry.1 += line.wait.backordered_value;
        }
        let mut top: Vec<Backordered> = by_sku
            .into_iter()
            .map(|(sku, (units, value))| Backordered {
                sku: sku.to_string(),
                units,
                value: value.round(),
            })
            .collect();
        top.sort_by(|a, b| b.units.cmp(&a.units).then(b.value.cmp(&a.value)));
        top.truncate(10);
        let mut weeks: BTreeMap<(String, String), i64> = BTreeMap::new();
        for po in self.purchase_orders(Some(PoStatus::Open))? {
            let week = match po.expected.parse::<jiff::civil::Date>() {
                Ok(date) => {
                    let iso = date.iso_week_date();
                    format!("{}-W{:02}", iso.year(), iso.week())
                }
                Err(_) => po.expected.clone(),
            };
            *weeks.entry((week, po.supplier)).or_default() += (po.qty - po.received).max(0);
        }
        let incoming = weeks
            .into_iter()
            .filter(|(_, units)| *units > 0)
            .map(|((week, supplier), units)| Incoming {
                supplier,
                week,
                units,
            })
            .collect();
        Ok(Dashboard {
            aging,
            deposits_held,
            top,
            incoming,
        })
    }
}
