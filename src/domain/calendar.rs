//! Dates as the counter types and shows them. Calendar rules come from `jiff`; the time of
//! day never matters here, and the clock is never read (today comes in as an argument).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' must be a date written YYYY-MM-DD")]
    Format(String),
    #[error("'{0}' is not a date on the calendar")]
    NotOnCalendar(String),
}

/// A date typed as `YYYY-MM-DD` (exactly: four, two and two digits), on the calendar.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    let shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return Err(DateError::Format(text.to_string()));
    }
    let number = |range: std::ops::Range<usize>| t[range].parse::<i16>();
    let (Ok(year), Ok(month), Ok(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(DateError::Format(text.to_string()));
    };
    let month = i8::try_from(month).map_err(|_| DateError::NotOnCalendar(text.to_string()))?;
    let day = i8::try_from(day).map_err(|_| DateError::NotOnCalendar(text.to_string()))?;
    Date::new(year, month, day).map_err(|_| DateError::NotOnCalendar(text.to_string()))
}

/// A due date is set for a day between the order's date and this many years after it
/// (inclusive): a due date before the order was taken, or in 9999, is a typing slip.
pub const DUE_WITHIN_YEARS: i16 = 2;

/// A due date outside the days an order may be due.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be between {earliest} and {latest} (the order's date and two years after it)")]
pub struct DueOutOfRange {
    pub earliest: Date,
    pub latest: Date,
}

/// The first and last day an order taken on `ordered_on` may be due.
pub fn due_range(ordered_on: Date) -> (Date, Date) {
    let latest = ordered_on.saturating_add(jiff::Span::new().years(DUE_WITHIN_YEARS));
    (ordered_on, latest)
}

/// Checks that `due` falls within [`due_range`] of the order's date.
pub fn check_due(due: Date, ordered_on: Date) -> Result<Date, DueOutOfRange> {
    let (earliest, latest) = due_range(ordered_on);
    if (earliest..=latest).contains(&due) {
        Ok(due)
    } else {
        Err(DueOutOfRange { earliest, latest })
    }
}

/// The day of a stored timestamp (`2026-03-02T09:15:00.000Z` as SQLite writes it, a civil
/// `YYYY-MM-DD HH:MM:SS`, or a date alone), as `YYYY-MM-DD` (a UTC instant's day in UTC, as
/// stored); a text that is none of these is shown as it is.
pub fn day_of(timestamp: &str) -> String {
    let t = timestamp.trim();
    if let Ok(instant) = t.parse::<Timestamp>() {
        return Offset::UTC.to_datetime(instant).date().to_string();
    }
    if let Ok(at) = t.replacen(' ', "T", 1).parse::<DateTime>() {
        return at.date().to_string();
    }
    parse_date(t).map_or_else(|_| t.to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_on_the_calendar_parse() {
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(
            parse_date(" 2030-01-31 ").unwrap().to_string(),
            "2030-01-31"
        );
    }

    #[test]
    fn other_shapes_and_impossible_days_are_refused() {
        for bad in [
            "tomorrow",
            "2025-1-01",
            "20250101",
            "2025/01/01",
            "2025-01-011",
            "",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(DateError::Format(bad.to_string())),
                "{bad}"
            );
        }
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "2023-02-29",
            "2025-00-10",
            "2025-04-31",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(DateError::NotOnCalendar(bad.to_string())),
                "{bad}"
            );
        }
    }

    fn day(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    #[test]
    fn a_due_date_falls_between_the_order_date_and_two_years_on() {
        let ordered = day("2026-03-02");
        for ok in ["2026-03-02", "2026-03-03", "2027-12-31", "2028-03-02"] {
            assert_eq!(check_due(day(ok), ordered), Ok(day(ok)), "{ok}");
        }
        let range = DueOutOfRange {
            earliest: ordered,
            latest: day("2028-03-02"),
        };
        for bad in ["2026-03-01", "2028-03-03", "9999-12-31", "1999-01-01"] {
            assert_eq!(check_due(day(bad), ordered), Err(range.clone()), "{bad}");
        }
        assert_eq!(
            range.to_string(),
            "must be between 2026-03-02 and 2028-03-02 (the order's date and two years after it)"
        );
    }

    #[test]
    fn two_years_after_a_leap_day_is_the_last_day_of_february() {
        assert_eq!(
            due_range(day("2024-02-29")),
            (day("2024-02-29"), day("2026-02-28"))
        );
        // Near the end of the calendar the range stops at its last day.
        assert_eq!(due_range(day("9999-06-01")).1, day("9999-12-31"));
    }

    #[test]
    fn the_day_of_a_timestamp() {
        assert_eq!(day_of("2026-11-22 09:15:02"), "2026-11-22");
        assert_eq!(day_of("2026-03-02T09:15:00.000Z"), "2026-03-02");
        assert_eq!(day_of("2026-03-02T23:59:59.999Z"), "2026-03-02");
        assert_eq!(day_of("2026-11-22"), "2026-11-22");
        assert_eq!(day_of("yesterday"), "yesterday");
    }
}
