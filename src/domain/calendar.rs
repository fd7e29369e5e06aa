//! Dates and times as the counter types and shows them. Calendar rules come from `jiff`;
//! the clock is never read (today and the store's time zone come in as arguments). Instants
//! are stored in UTC; people read them in the store's own zone.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

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

/// The local day of a stored timestamp (`2026-03-02T09:15:00.000Z` as the store writes it,
/// a civil `YYYY-MM-DD HH:MM:SS` already local, or a date alone), as `YYYY-MM-DD`; a text
/// that is none of these is shown as it is.
pub fn day_of(timestamp: &str, zone: &TimeZone) -> String {
    match local(timestamp, zone) {
        Some(at) => at.date().to_string(),
        None => {
            parse_date(timestamp).map_or_else(|_| timestamp.trim().to_string(), |d| d.to_string())
        }
    }
}

/// A stored timestamp as a person reads it on a document: `YYYY-MM-DD HH:MM` in the store's
/// zone; a date alone, or a text that is not a time, is shown as it is.
pub fn minute_of(timestamp: &str, zone: &TimeZone) -> String {
    match local(timestamp, zone) {
        Some(at) => at.strftime("%Y-%m-%d %H:%M").to_string(),
        None => timestamp.trim().to_string(),
    }
}

/// A stored instant (`2026-12-08T01:30:00.000Z`, exactly as the store writes it) as ISO 8601
/// in the store's zone with its offset (`2026-12-07T17:30:00.000-08:00`), for JSON; None for
/// any other text (a date, a name, a number), which is left as it is.
pub fn iso_in_zone(text: &str, zone: &TimeZone) -> Option<String> {
    let stored_shape = text.len() == 24 && text.ends_with('Z') && text.as_bytes()[10] == b'T';
    let instant = text.parse::<Timestamp>().ok().filter(|_| stored_shape)?;
    Some(
        instant
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string(),
    )
}

/// The local date and time of a stored instant, or of a civil date and time taken as local.
fn local(timestamp: &str, zone: &TimeZone) -> Option<DateTime> {
    let t = timestamp.trim();
    if let Ok(instant) = t.parse::<Timestamp>() {
        return Some(zone.to_datetime(instant));
    }
    // A date alone is a day, not its midnight.
    let timed = t.len() > 10;
    t.replacen(' ', "T", 1)
        .parse::<DateTime>()
        .ok()
        .filter(|_| timed)
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

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    #[test]
    fn the_day_of_a_timestamp() {
        let utc = TimeZone::UTC;
        assert_eq!(day_of("2026-11-22 09:15:02", &utc), "2026-11-22");
        assert_eq!(day_of("2026-03-02T09:15:00.000Z", &utc), "2026-03-02");
        assert_eq!(day_of("2026-03-02T23:59:59.999Z", &utc), "2026-03-02");
        assert_eq!(day_of("2026-11-22", &utc), "2026-11-22");
        assert_eq!(day_of("yesterday", &utc), "yesterday");
    }

    #[test]
    fn a_stored_instant_is_read_in_the_stores_zone() {
        let la = zone("America/Los_Angeles");
        assert_eq!(day_of("2026-12-08T01:30:00.000Z", &la), "2026-12-07");
        assert_eq!(
            minute_of("2026-12-08T01:30:00.000Z", &la),
            "2026-12-07 17:30"
        );
        assert_eq!(day_of("2026-12-08T08:00:00.000Z", &la), "2026-12-08");
        // A civil time is already local, and a date alone stays as it is.
        assert_eq!(minute_of("2026-11-22 09:15:02", &la), "2026-11-22 09:15");
        assert_eq!(minute_of("2026-11-22", &la), "2026-11-22");
        let auckland = zone("Pacific/Auckland");
        assert_eq!(
            minute_of("2026-12-31T11:00:00.000Z", &auckland),
            "2027-01-01 00:00"
        );
    }

    #[test]
    fn across_a_clock_change_each_instant_keeps_its_own_offset() {
        let la = zone("America/Los_Angeles");
        // 2026-11-01: 01:00-01:59 happens twice in Los Angeles, first at -07:00, then -08:00.
        assert_eq!(
            iso_in_zone("2026-11-01T08:30:00.000Z", &la).unwrap(),
            "2026-11-01T01:30:00.000-07:00"
        );
        assert_eq!(
            iso_in_zone("2026-11-01T09:30:00.000Z", &la).unwrap(),
            "2026-11-01T01:30:00.000-08:00"
        );
        assert_eq!(day_of("2026-11-01T09:30:00.000Z", &la), "2026-11-01");
    }

    #[test]
    fn only_a_stored_instant_is_rewritten_for_json() {
        let la = zone("America/Los_Angeles");
        assert_eq!(
            iso_in_zone("2026-12-08T01:30:00.000Z", &la).as_deref(),
            Some("2026-12-07T17:30:00.000-08:00")
        );
        for other in [
            "2026-12-08",
            "ORD-000008",
            "12.50",
            "2026-12-08T01:30:00Z",
            "",
        ] {
            assert_eq!(iso_in_zone(other, &la), None, "{other}");
        }
    }
}
