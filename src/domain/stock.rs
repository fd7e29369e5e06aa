//! Quantities of stock as people type them: a receipt or a transfer, a correction, a count.
//! The store, the command line and the screens all read them through here.

/// The most units one entry may move: more is a typing or scanning slip, not stock.
pub const MAX_UNITS: i64 = 1_000_000;

/// Why a typed quantity is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("{field} '{text}': must be a whole number of at least 1")]
    NotPositive { field: &'static str, text: String },
    #[error("{field} '{text}': more than 1,000,000 units is not a believable quantity")]
    TooMany { field: &'static str, text: String },
    #[error("{field} '{text}': a correction is a whole number from -1,000,000 to 1,000,000, not 0")]
    BadCorrection { field: &'static str, text: String },
    #[error("{field} '{text}': a count is a whole number from 0 to 1,000,000")]
    BadCount { field: &'static str, text: String },
}

impl QuantityError {
    /// The field the quantity was typed in.
    pub fn field(&self) -> &'static str {
        match self {
            QuantityError::NotPositive { field, .. }
            | QuantityError::TooMany { field, .. }
            | QuantityError::BadCorrection { field, .. }
            | QuantityError::BadCount { field, .. } => field,
        }
    }
}

fn whole(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok()
}

/// Units received, transferred or cancelled: 1 to 1,000,000.
pub fn parse_quantity(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) if (1..=MAX_UNITS).contains(&q) => Ok(q),
        Some(q) if q > MAX_UNITS => Err(QuantityError::TooMany {
            field,
            text: text.to_string(),
        }),
        _ => Err(QuantityError::NotPositive {
            field,
            text: text.to_string(),
        }),
    }
}

/// A receipt (positive) or a correction (negative) on the receive screen; never 0.
pub fn parse_correction(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) if q != 0 && q.abs() <= MAX_UNITS => Ok(q),
        _ => Err(QuantityError::BadCorrection {
            field,
            text: text.to_string(),
        }),
    }
}

/// What a count found on the shelf: 0 to 1,000,000.
pub fn parse_count(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) if (0..=MAX_UNITS).contains(&q) => Ok(q),
        _ => Err(QuantityError::BadCount {
            field,
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_from_one_to_a_million() {
        assert_eq!(parse_quantity("QTY", " 12 "), Ok(12));
        assert_eq!(parse_quantity("QTY", "1"), Ok(1));
        assert_eq!(parse_quantity("QTY", "1000000"), Ok(1_000_000));
        for bad in ["0", "-3", "abc", "", "1.5"] {
            assert!(
                matches!(
                    parse_quantity("QTY", bad),
                    Err(QuantityError::NotPositive { .. })
                ),
                "{bad}"
            );
        }
        let err = parse_quantity("QTY", "1000001").unwrap_err();
        assert!(matches!(err, QuantityError::TooMany { .. }));
        assert_eq!(err.field(), "QTY");
    }

    #[test]
    fn corrections_are_signed_and_never_zero() {
        assert_eq!(parse_correction("Quantity", "-2"), Ok(-2));
        assert_eq!(parse_correction("Quantity", "5"), Ok(5));
        assert_eq!(parse_correction("Quantity", "-1000000"), Ok(-1_000_000));
        for bad in ["0", "1000001", "-1000001", "x"] {
            assert!(parse_correction("Quantity", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_from_zero_to_a_million() {
        assert_eq!(parse_count("QTY", "0"), Ok(0));
        assert_eq!(parse_count("QTY", "1000000"), Ok(1_000_000));
        for bad in ["-1", "1000001", "lots"] {
            let err = parse_count("QTY", bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("QTY '{bad}': a count is a whole number from 0 to 1,000,000")
            );
        }
    }
}
