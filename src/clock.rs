//! The clock: the current instant and the store's time zone, handed to the store, the
//! counter and the commands. This is the only place that reads the system time; tests hand
//! in a fixed clock instead, so nothing they compare depends on the day they run.
//!
//! Instants are stored in UTC; the zone decides what a person reads (a receipt's time, an
//! order's date, "today" for ages and due dates). What a stored instant looks like in the
//! zone is the domain's (`domain::calendar`), which never reads the clock.

use std::sync::{Arc, Mutex, PoisonError};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Where the current instant comes from.
#[derive(Debug, Clone)]
enum Source {
    /// The machine's clock.
    System,
    /// A fixed instant that only moves when told (tests); clones share it.
    Fixed(Arc<Mutex<Timestamp>>),
}

/// The current instant and the store's time zone.
#[derive(Debug, Clone)]
pub struct Clock {
    source: Source,
    zone: TimeZone,
}

impl Clock {
    /// The machine's clock, showing times in `zone`.
    pub fn system(zone: TimeZone) -> Clock {
        Clock {
            source: Source::System,
            zone,
        }
    }

    /// A clock that stands at `at` until it is moved.
    pub fn fixed(at: Timestamp, zone: TimeZone) -> Clock {
        Clock {
            source: Source::Fixed(Arc::new(Mutex::new(at))),
            zone,
        }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        match &self.source {
            Source::System => Timestamp::now(),
            Source::Fixed(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// The store's time zone.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// The store's local date now: "today" for ages, due dates and a day's documents.
    pub fn today(&self) -> Date {
        self.zone.to_datetime(self.now()).date()
    }

    /// Sets a fixed clock to `to` (every clone with it); the machine's clock is not moved.
    pub fn set(&self, to: Timestamp) {
        if let Source::Fixed(at) = &self.source {
            *at.lock().unwrap_or_else(PoisonError::into_inner) = to;
        }
    }
}

impl Default for Clock {
    /// The machine's clock in the machine's time zone.
    fn default() -> Clock {
        Clock::system(TimeZone::system())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[test]
    fn a_fixed_clock_stands_still_until_moved_and_its_clones_move_with_it() {
        let at: Timestamp = "2026-12-08T01:30:00Z".parse().unwrap();
        let zone = TimeZone::get("America/Los_Angeles").unwrap();
        let clock = Clock::fixed(at, zone);
        let other = clock.clone();
        assert_eq!(clock.now(), at);
        assert_eq!(clock.today(), jiff::civil::date(2026, 12, 7));
        other.set(at + SignedDuration::from_hours(8));
        assert_eq!(clock.now().to_string(), "2026-12-08T09:30:00Z");
        assert_eq!(clock.today(), jiff::civil::date(2026, 12, 8));
        clock.set(at);
        assert_eq!(other.now(), at);
    }
}
