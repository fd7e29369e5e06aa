//! How long backordered goods have waited, what they are worth, and when they are expected.
//! Today comes in as an argument; the clock is never read here.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::domain::Money;
use crate::domain::order::{OrderLine, OrderRules};

/// The age buckets of the aging report, in days waited (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AgeBucket {
    #[serde(rename = "0-7")]
    UpToWeek,
    #[serde(rename = "8-30")]
    UpToMonth,
    #[serde(rename = "31-90")]
    UpToQuarter,
    #[serde(rename = "90+")]
    Older,
}

impl AgeBucket {
    /// Every bucket, youngest first.
    pub const ALL: [AgeBucket; 4] = [
        AgeBucket::UpToWeek,
        AgeBucket::UpToMonth,
        AgeBucket::UpToQuarter,
        AgeBucket::Older,
    ];

    /// The bucket of a line that has waited `days` days (a date in the future counts as 0).
    pub fn of(days: i64) -> AgeBucket {
        match days {
            ..=7 => AgeBucket::UpToWeek,
            8..=30 => AgeBucket::UpToMonth,
            31..=90 => AgeBucket::UpToQuarter,
            _ => AgeBucket::Older,
        }
    }

    /// The bucket's name as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            AgeBucket::UpToWeek => "0-7",
            AgeBucket::UpToMonth => "8-30",
            AgeBucket::UpToQuarter => "31-90",
            AgeBucket::Older => "90+",
        }
    }
}

/// Whole days from `since` to `today`, never below 0.
pub fn days_since(since: Date, today: Date) -> i64 {
    since
        .until(today)
        .map_or(0, |span| i64::from(span.get_days()))
        .max(0)
}

/// The store's local date of a stored time (a UTC instant `YYYY-MM-DDTHH:MM:SS.sssZ`, or a
/// civil `YYYY-MM-DD HH:MM:SS` already local).
pub fn date_of(stored: &str, zone: &TimeZone) -> Option<Date> {
    crate::domain::calendar::day_of(stored, zone).parse().ok()
}

/// Days a line's backordered units have waited: from when the line took its place in the
/// queue. None when nothing on the line is backordered.
pub fn days_waiting(line: &OrderLine, today: Date, zone: &TimeZone) -> Option<i64> {
    if line.backordered <= 0 {
        return None;
    }
    Some(date_of(&line.queued_at, zone).map_or(0, |since| days_since(since, today)))
}

/// What the backordered units of a line are worth: what they will be charged when handed
/// over after the committed ones, by the line's frozen prices and partial-fill rule (goods,
/// tax apart).
pub fn backordered_value(line: &OrderLine, rules: &OrderRules) -> Money {
    if line.backordered <= 0 {
        return Money::ZERO;
    }
    line.charge_for(line.committed + line.backordered, rules)
        - line.charge_for(line.committed, rules)
}

/// How a line's backordered units wait: what the store works out for documents and lists
/// (all empty on a line with nothing backordered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Wait {
    /// Days since the line took its place in the queue; None with nothing backordered.
    pub days_waiting: Option<i64>,
    /// What the backordered units are worth ([`backordered_value`]).
    pub backordered_value: Money,
    /// When they are expected: the expected date of the purchase order that completes them.
    pub eta: Option<String>,
    /// That purchase order.
    pub po: Option<i64>,
}

impl Wait {
    /// The wait of a line on `today` (the store's local date, in `zone`), with its expected
    /// date when a purchase order covers it.
    pub fn of(
        line: &OrderLine,
        rules: &OrderRules,
        today: Date,
        zone: &TimeZone,
        eta: Option<Eta>,
    ) -> Wait {
        let (eta, po) = match eta.filter(|_| line.backordered > 0) {
            Some(Eta { expected, po }) => (Some(expected), Some(po)),
            None => (None, None),
        };
        Wait {
            days_waiting: days_waiting(line, today, zone),
            // 0.00 rather than 0 where nothing waits.
            backordered_value: backordered_value(line, rules).round(),
            eta,
            po,
        }
    }
}

/// Counts and value of backordered lines in one age bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BucketTotal {
    pub bucket: AgeBucket,
    /// Lines waiting in the bucket.
    pub lines: i64,
    /// Units backordered on them.
    pub units: i64,
    /// What those units are worth.
    pub value: Money,
    /// Deposits the lines hold.
    pub deposits: Money,
}

/// One waiting line as the buckets count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aged {
    pub days: i64,
    pub units: i64,
    pub value: Money,
    pub deposit: Money,
}

/// Sums waiting lines into the four buckets, youngest first; every bucket is present, empty
/// ones with zeros.
pub fn age_buckets(lines: impl IntoIterator<Item = Aged>) -> Vec<BucketTotal> {
    let mut totals: Vec<BucketTotal> = AgeBucket::ALL
        .into_iter()
        .map(|bucket| BucketTotal {
            bucket,
            lines: 0,
            units: 0,
            value: Money::ZERO,
            deposits: Money::ZERO,
        })
        .collect();
    for line in lines {
        let total = &mut totals[AgeBucket::of(line.days) as usize];
        total.lines += 1;
        total.units += line.units;
        total.value += line.value;
        total.deposits += line.deposit;
    }
    // At the currency's places: an empty bucket shows 0.00, not 0.
    for total in &mut totals {
        total.value = total.value.round();
        total.deposits = total.deposits.round();
    }
    totals
}

/// When a waiting line's units are expected, and on which purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eta {
    /// The purchase order's expected date, `YYYY-MM-DD`.
    pub expected: String,
    pub po: i64,
}

/// Units still to come on one open purchase order line for a product and location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub expected: String,
    pub po: i64,
    pub units: i64,
}

/// The expected date of each waiting line: the units still to come on open purchase orders
/// go, earliest expected first, to the lines waiting for the product in queue order, as a
/// receipt fills them oldest first. A line's ETA is that of the purchase order whose units
/// complete it; a line the incoming units do not cover in full has none. `wants` holds the
/// backordered units of each waiting line in queue order.
pub fn etas(incoming: &[Incoming], wants: &[i64]) -> Vec<Option<Eta>> {
    let mut supply: Vec<&Incoming> = incoming.iter().filter(|i| i.units > 0).collect();
    supply.sort_by(|a, b| a.expected.cmp(&b.expected).then(a.po.cmp(&b.po)));
    let mut supply = supply.into_iter();
    let mut current: Option<(&Incoming, i64)> = None;
    let mut result = Vec::with_capacity(wants.len());
    for &want in wants {
        let mut need = want.max(0);
        let mut last: Option<&Incoming> = None;
        while need > 0 {
            let (source, left) = match current.take() {
                Some(open) => open,
                None => match supply.next() {
                    Some(next) => (next, next.units),
                    None => break,
                },
            };
            let take = need.min(left);
            need -= take;
            last = Some(source);
            if left > take {
                current = Some((source, left - take));
            }
        }
        result.push(match (need, last) {
            (0, Some(source)) => Some(Eta {
                expected: source.expected.clone(),
                po: source.po,
            }),
            _ => None,
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn incoming(expected: &str, po: i64, units: i64) -> Incoming {
        Incoming {
            expected: expected.to_string(),
            po,
            units,
        }
    }

    fn eta(expected: &str, po: i64) -> Option<Eta> {
        Some(Eta {
            expected: expected.to_string(),
            po,
        })
    }

    #[test]
    fn buckets_have_inclusive_edges() {
        let cases = [
            (-3, AgeBucket::UpToWeek),
            (0, AgeBucket::UpToWeek),
            (7, AgeBucket::UpToWeek),
            (8, AgeBucket::UpToMonth),
            (30, AgeBucket::UpToMonth),
            (31, AgeBucket::UpToQuarter),
            (90, AgeBucket::UpToQuarter),
            (91, AgeBucket::Older),
            (5000, AgeBucket::Older),
        ];
        for (days, bucket) in cases {
            assert_eq!(AgeBucket::of(days), bucket, "{days} days");
        }
        let labels: Vec<&str> = AgeBucket::ALL.iter().map(|b| b.label()).collect();
        assert_eq!(labels, ["0-7", "8-30", "31-90", "90+"]);
    }

    #[test]
    fn days_are_counted_between_dates_and_never_negative() {
        let today = date("2026-03-01");
        assert_eq!(days_since(date("2026-02-01"), today), 28);
        assert_eq!(days_since(date("2025-03-01"), today), 365);
        assert_eq!(days_since(today, today), 0);
        assert_eq!(days_since(date("2026-03-05"), today), 0);
        assert_eq!(
            date_of("2026-02-27 10:11:12", &TimeZone::UTC),
            Some(date("2026-02-27"))
        );
        assert_eq!(
            date_of("2026-02-27T10:11:12Z", &TimeZone::UTC),
            Some(date("2026-02-27"))
        );
        assert_eq!(date_of("yesterday", &TimeZone::UTC), None);
    }

    #[test]
    fn buckets_sum_lines_units_and_value() {
        let m = |s: &str| Money::parse(s).unwrap();
        let aged = |days, units, value, deposit| Aged {
            days,
            units,
            value: m(value),
            deposit: m(deposit),
        };
        let totals = age_buckets([
            aged(0, 2, "10.00", "1.00"),
            aged(7, 1, "5.50", "0.00"),
            aged(8, 3, "1.00", "0.50"),
            aged(120, 4, "100.00", "20.00"),
        ]);
        let figures: Vec<(i64, i64, Money, Money)> = totals
            .iter()
            .map(|t| (t.lines, t.units, t.value, t.deposits))
            .collect();
        assert_eq!(
            figures,
            [
                (2, 3, m("15.50"), m("1.00")),
                (1, 3, m("1.00"), m("0.50")),
                (0, 0, Money::ZERO, Money::ZERO),
                (1, 4, m("100.00"), m("20.00"))
            ]
        );
    }

    #[test]
    fn incoming_units_reach_waiting_lines_in_queue_order_earliest_po_first() {
        let incoming = [
            incoming("2026-04-10", 7, 5),
            incoming("2026-04-01", 9, 3),
            incoming("2026-05-01", 8, 0),
        ];
        // 3 units of PO 9 (earliest) then 5 of PO 7: lines of 2, 2, 3, 2 wanted.
        assert_eq!(
            etas(&incoming, &[2, 2, 3, 2]),
            [
                eta("2026-04-01", 9),
                eta("2026-04-10", 7),
                eta("2026-04-10", 7),
                None
            ]
        );
        assert_eq!(etas(&incoming, &[8]), [eta("2026-04-10", 7)]);
        assert_eq!(etas(&incoming, &[9]), [None]);
        assert_eq!(etas(&[], &[1]), [None]);
        assert_eq!(etas(&incoming, &[0, 3]), [None, eta("2026-04-01", 9)]);
        // What a PO has left after a line goes on to the next line.
        let ten = [Incoming {
            expected: "2026-04-01".into(),
            po: 3,
            units: 10,
        }];
        assert_eq!(
            etas(&ten, &[2, 7, 1, 1]),
            [
                eta("2026-04-01", 3),
                eta("2026-04-01", 3),
                eta("2026-04-01", 3),
                None
            ]
        );
    }

    #[test]
    fn purchase_orders_expected_the_same_day_go_by_number() {
        let incoming = [incoming("2026-04-01", 12, 1), incoming("2026-04-01", 11, 1)];
        assert_eq!(
            etas(&incoming, &[1, 1]),
            [eta("2026-04-01", 11), eta("2026-04-01", 12)]
        );
    }

    /// 4 valves at 10.00 with `3for25.00`: 2 delivered, 2 backordered, queued on the 1st of
    /// March; no tax.
    fn valve_line() -> OrderLine {
        use crate::domain::pricing::{PriceList, parse_breaks};
        OrderLine {
            line_no: 1,
            product_id: 7,
            sku: "VALVE".into(),
            description: "Ball valve".into(),
            ordered: 4,
            delivered: 2,
            committed: 0,
            backordered: 2,
            cancelled: 0,
            prices: PriceList {
                regular: Money::parse("10.00").unwrap(),
                special: None,
                level_pct: rust_decimal::Decimal::ZERO,
                breaks: parse_breaks("3for25.00").unwrap(),
            },
            tax_rate: rust_decimal::Decimal::ZERO,
            charged: Money::parse("18.34").unwrap(),
            prepaid: Money::ZERO,
            prepaid_applied: Money::ZERO,
            prepaid_refunded: Money::ZERO,
            queued_at: "2026-03-01T09:00:00.000Z".into(),
            wait: Wait::default(),
        }
    }

    fn rules(basis: crate::domain::pricing::Basis) -> OrderRules {
        OrderRules {
            basis,
            prices_include_tax: false,
        }
    }

    #[test]
    fn a_line_waits_from_its_queue_date_and_only_while_something_is_backordered() {
        let line = valve_line();
        assert_eq!(
            days_waiting(&line, date("2026-03-11"), &TimeZone::UTC),
            Some(10)
        );
        assert_eq!(
            days_waiting(&line, date("2026-03-01"), &TimeZone::UTC),
            Some(0)
        );
        let mut undated = valve_line();
        undated.queued_at = "unknown".into();
        assert_eq!(
            days_waiting(&undated, date("2026-03-11"), &TimeZone::UTC),
            Some(0)
        );
        let mut filled = valve_line();
        filled.backordered = 0;
        filled.committed = 2;
        assert_eq!(
            days_waiting(&filled, date("2026-03-11"), &TimeZone::UTC),
            None
        );
        assert_eq!(
            backordered_value(&filled, &rules(Default::default())),
            Money::ZERO
        );
    }

    #[test]
    fn backordered_units_are_worth_what_they_will_be_charged_by_the_basis() {
        use crate::domain::pricing::Basis;
        let line = valve_line();
        let m = |s: &str| Money::parse(s).unwrap();
        // split: T(4) = 35.00 less the 18.34 the two delivered carried.
        assert_eq!(backordered_value(&line, &rules(Basis::Split)), m("16.66"));
        // order: every unit at 35.00 / 4; the two delivered were charged 17.50.
        let mut by_order = valve_line();
        by_order.charged = m("17.50");
        assert_eq!(
            backordered_value(&by_order, &rules(Basis::Order)),
            m("17.50")
        );
        // shipped: the two still to come priced on their own, 2 x 10.00.
        let mut shipped = valve_line();
        shipped.charged = m("20.00");
        assert_eq!(
            backordered_value(&shipped, &rules(Basis::Shipped)),
            m("20.00")
        );
        // One of the two waiting is committed: the other is worth what is left after it.
        let mut part = valve_line();
        part.committed = 1;
        part.backordered = 1;
        let split = rules(Basis::Split);
        assert_eq!(
            backordered_value(&part, &split) + part.charge_for(1, &split),
            m("16.66")
        );
        // The third unit is capped at T(3) - 18.34 = 6.66, so the fourth carries 10.00.
        assert_eq!(backordered_value(&part, &split), m("10.00"));
        let mut one = valve_line();
        one.backordered = 1;
        one.cancelled = 1;
        assert!(backordered_value(&one, &rules(Basis::Split)) < m("16.66"));
    }

    #[test]
    fn a_wait_carries_its_eta_only_while_units_are_backordered() {
        let line = valve_line();
        let today = date("2026-03-11");
        let wait = Wait::of(
            &line,
            &rules(Default::default()),
            today,
            &TimeZone::UTC,
            eta("2026-04-01", 9),
        );
        assert_eq!(
            wait,
            Wait {
                days_waiting: Some(10),
                backordered_value: Money::parse("16.66").unwrap(),
                eta: Some("2026-04-01".into()),
                po: Some(9),
            }
        );
        assert_eq!(wait.backordered_value.to_string(), "16.66");
        let mut filled = valve_line();
        filled.backordered = 0;
        filled.committed = 2;
        let wait = Wait::of(
            &filled,
            &rules(Default::default()),
            today,
            &TimeZone::UTC,
            eta("2026-04-01", 9),
        );
        assert_eq!((wait.eta, wait.po, wait.days_waiting), (None, None, None));
        assert_eq!(wait.backordered_value.to_string(), "0.00");
        let none = Wait::of(
            &line,
            &rules(Default::default()),
            today,
            &TimeZone::UTC,
            None,
        );
        assert_eq!((none.eta, none.po), (None, None));
    }
}
