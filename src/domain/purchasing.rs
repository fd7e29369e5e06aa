//! Purchase orders: when one is expected, what a receipt does to a line, and the order's
//! status from its lines. Today comes in as an argument; the clock is never read here.

use jiff::civil::Date;

/// Where a purchase order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PoStatus {
    /// Sent to the supplier, goods still to come.
    Open,
    /// Every line received in full (or beyond).
    Received,
    /// Nothing more will come.
    Cancelled,
}

impl PoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PoStatus::Open => "open",
            PoStatus::Received => "received",
            PoStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<PoStatus> {
        match text {
            "open" => Some(PoStatus::Open),
            "received" => Some(PoStatus::Received),
            "cancelled" => Some(PoStatus::Cancelled),
            _ => None,
        }
    }
}

/// The longest lead time a supplier may have, in days: more is a typing slip.
pub const MAX_LEAD_TIME_DAYS: i64 = 365;

/// When the goods are expected: the date asked for, else the order date plus the supplier's
/// lead time.
pub fn expected_date(ordered_on: Date, lead_time_days: i64, asked: Option<Date>) -> Date {
    asked.unwrap_or_else(|| {
        let days = lead_time_days.clamp(0, MAX_LEAD_TIME_DAYS);
        ordered_on.saturating_add(jiff::Span::new().days(days))
    })
}

/// Why an expected date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be from {earliest} (the order's date) to {latest}")]
pub struct ExpectedOutOfRange {
    pub earliest: Date,
    pub latest: Date,
}

/// An expected date asked for by hand falls between the order date and two years later.
pub fn check_expected(asked: Date, ordered_on: Date) -> Result<Date, ExpectedOutOfRange> {
    let (earliest, latest) = crate::domain::calendar::due_range(ordered_on);
    if (earliest..=latest).contains(&asked) {
        Ok(asked)
    } else {
        Err(ExpectedOutOfRange { earliest, latest })
    }
}

/// A purchase order line's quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoLineQty {
    /// Units ordered from the supplier.
    pub qty: i64,
    /// Units received so far (over-receipts included).
    pub received: i64,
    /// Units received beyond `qty`, recorded as such.
    pub over_received: i64,
}

impl PoLineQty {
    /// Units still to come (none once the line is received in full).
    pub fn outstanding(self) -> i64 {
        (self.qty - self.received).max(0)
    }

    /// The line after `units` more arrive: an over-receipt is allowed and recorded as the
    /// units beyond the ordered quantity.
    pub fn receive(self, units: i64) -> PoLineQty {
        let received = self.received + units.max(0);
        PoLineQty {
            qty: self.qty,
            received,
            over_received: (received - self.qty).max(0),
        }
    }

    /// Whether the line is in order: received beyond ordered only as a recorded
    /// over-receipt, and an over-receipt only where units came beyond ordered.
    pub fn is_sound(self) -> bool {
        self.received >= 0
            && self.over_received >= 0
            && self.received <= self.qty + self.over_received
            && self.over_received <= (self.received - self.qty).max(0)
    }
}

/// The status a purchase order takes from its lines: received once every line is, open
/// while any has units to come. A cancelled order stays cancelled; an order with no lines
/// is open (lines are still being added).
pub fn status_from_lines(current: PoStatus, lines: &[PoLineQty]) -> PoStatus {
    match current {
        PoStatus::Cancelled => PoStatus::Cancelled,
        _ if !lines.is_empty() && lines.iter().all(|l| l.outstanding() == 0) => PoStatus::Received,
        _ => PoStatus::Open,
    }
}

/// What is left to buy of a need once open purchase orders' outstanding units are counted:
/// the one rule of the purchase report, which `po suggest` and the screens show.
pub fn still_to_order(suggested: i64, on_order: i64) -> i64 {
    (suggested - on_order.max(0)).max(0)
}

/// What a customer order line still needs covered by purchase orders: its backordered
/// units less those already covered by open purchase orders.
pub fn uncovered(backordered: i64, covered: i64) -> i64 {
    (backordered - covered.max(0)).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn expected_is_order_date_plus_lead_time_unless_asked() {
        let on = date(2026, 11, 22);
        assert_eq!(expected_date(on, 10, None), date(2026, 12, 2));
        assert_eq!(expected_date(on, 0, None), on);
        assert_eq!(
            expected_date(on, 10, Some(date(2026, 12, 24))),
            date(2026, 12, 24)
        );
        // A negative or huge lead time cannot push the date out of range.
        assert_eq!(expected_date(on, -5, None), on);
        assert_eq!(expected_date(on, 100_000, None), date(2027, 11, 22));
    }

    #[test]
    fn an_expected_date_before_the_order_is_refused() {
        let on = date(2026, 11, 22);
        assert!(check_expected(date(2026, 11, 21), on).is_err());
        assert!(check_expected(on, on).is_ok());
        assert!(check_expected(date(2028, 11, 22), on).is_ok());
        assert!(check_expected(date(2028, 11, 23), on).is_err());
    }

    #[test]
    fn a_partial_receipt_leaves_units_to_come_and_an_over_receipt_is_recorded() {
        let line = PoLineQty {
            qty: 10,
            ..Default::default()
        };
        let part = line.receive(4);
        assert_eq!(
            (part.received, part.over_received, part.outstanding()),
            (4, 0, 6)
        );
        let over = part.receive(8);
        assert_eq!(
            (over.received, over.over_received, over.outstanding()),
            (12, 2, 0)
        );
        assert!(part.is_sound() && over.is_sound());
    }

    #[test]
    fn a_line_received_beyond_ordered_without_a_record_is_unsound() {
        let tampered = PoLineQty {
            qty: 5,
            received: 7,
            over_received: 0,
        };
        assert!(!tampered.is_sound());
        let invented = PoLineQty {
            qty: 5,
            received: 5,
            over_received: 2,
        };
        assert!(!invented.is_sound());
    }

    #[test]
    fn status_follows_the_lines() {
        let open = PoLineQty {
            qty: 3,
            received: 1,
            over_received: 0,
        };
        let done = open.receive(2);
        assert_eq!(status_from_lines(PoStatus::Open, &[]), PoStatus::Open);
        assert_eq!(
            status_from_lines(PoStatus::Open, &[open, done]),
            PoStatus::Open
        );
        assert_eq!(
            status_from_lines(PoStatus::Open, &[done, done.receive(1)]),
            PoStatus::Received
        );
        assert_eq!(
            status_from_lines(PoStatus::Cancelled, &[done]),
            PoStatus::Cancelled
        );
    }

    #[test]
    fn suggestions_and_cover_never_go_below_zero() {
        assert_eq!(still_to_order(10, 4), 6);
        assert_eq!(still_to_order(3, 4), 0);
        assert_eq!(still_to_order(3, -2), 3);
        assert_eq!(uncovered(5, 2), 3);
        assert_eq!(uncovered(2, 5), 0);
    }

    #[test]
    fn statuses_read_back_as_written() {
        for s in [PoStatus::Open, PoStatus::Received, PoStatus::Cancelled] {
            assert_eq!(PoStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(PoStatus::parse("closed"), None);
    }

    proptest! {
        #[test]
        fn receipts_in_parts_add_up_and_stay_sound(
            qty in 1i64..1000,
            parts in proptest::collection::vec(0i64..400, 0..6),
        ) {
            let mut line = PoLineQty { qty, ..Default::default() };
            for p in &parts {
                line = line.receive(*p);
                prop_assert!(line.is_sound());
            }
            let total: i64 = parts.iter().sum();
            prop_assert_eq!(line.received, total);
            prop_assert_eq!(line.over_received, (total - qty).max(0));
            prop_assert_eq!(line.outstanding() + line.received - line.over_received, qty);
        }
    }
}
