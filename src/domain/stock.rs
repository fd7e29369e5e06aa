//! Quantities of stock as people type them: a receipt or a transfer, a correction, a count.
//! The store, the command line and the screens all read them through here.

/// The most units one entry may move: more is a typing or scanning slip, not stock.
pub const MAX_UNITS: i64 = 1_000_000;

/// What is wrong with a typed quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityProblem {
    NotPositive,
    TooMany,
    BadCorrection,
    BadCount,
}

impl QuantityProblem {
    /// The rule the quantity broke, in the clerk's words.
    pub fn reason(self) -> &'static str {
        match self {
            QuantityProblem::NotPositive => "must be a whole number of at least 1",
            QuantityProblem::TooMany => "more than 1,000,000 units is not a believable quantity",
            QuantityProblem::BadCorrection => {
                "a correction is a whole number from -1,000,000 to 1,000,000, not 0"
            }
            QuantityProblem::BadCount => "a count is a whole number from 0 to 1,000,000",
        }
    }
}

/// Why a typed quantity is refused: the field, what was typed, and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} '{text}': {}", .problem.reason())]
pub struct QuantityError {
    pub field: &'static str,
    pub text: String,
    pub problem: QuantityProblem,
}

fn refuse(field: &'static str, text: &str, problem: QuantityProblem) -> QuantityError {
    QuantityError {
        field,
        text: text.to_string(),
        problem,
    }
}

fn whole(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok()
}

/// Units received, transferred or cancelled: 1 to 1,000,000.
pub fn parse_quantity(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) if (1..=MAX_UNITS).contains(&q) => Ok(q),
        Some(q) if q > MAX_UNITS => Err(refuse(field, text, QuantityProblem::TooMany)),
        _ => Err(refuse(field, text, QuantityProblem::NotPositive)),
    }
}

/// A receipt (positive) or a correction (negative) on the receive screen; never 0.
pub fn parse_correction(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) if q != 0 && q.abs() <= MAX_UNITS => Ok(q),
        _ => Err(refuse(field, text, QuantityProblem::BadCorrection)),
    }
}

/// What a count found on the shelf: 0 to 1,000,000.
pub fn parse_count(field: &'static str, text: &str) -> Result<i64, QuantityError> {
    match whole(text) {
        Some(q) => check_count(field, q),
        None => Err(refuse(field, text, QuantityProblem::BadCount)),
    }
}

/// A counted quantity already read as a number: 0 to 1,000,000.
pub fn check_count(field: &'static str, counted: i64) -> Result<i64, QuantityError> {
    if (0..=MAX_UNITS).contains(&counted) {
        Ok(counted)
    } else {
        Err(refuse(
            field,
            &counted.to_string(),
            QuantityProblem::BadCount,
        ))
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
            assert_eq!(
                parse_quantity("QTY", bad).map_err(|e| e.problem),
                Err(QuantityProblem::NotPositive),
                "{bad}"
            );
        }
        let err = parse_quantity("QTY", "1000001").unwrap_err();
        assert_eq!(err.problem, QuantityProblem::TooMany);
        assert_eq!(err.field, "QTY");
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
    fn a_count_read_as_a_number_keeps_the_same_bounds() {
        assert_eq!(check_count("QTY", 0), Ok(0));
        assert_eq!(check_count("QTY", 1_000_000), Ok(1_000_000));
        let err = check_count("QTY", -1).unwrap_err();
        assert_eq!(
            (err.text.as_str(), err.problem),
            ("-1", QuantityProblem::BadCount)
        );
        assert!(check_count("QTY", 1_000_001).is_err());
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
