//! The number of a document as its receipt prints it for a scanner: `INV-000123` for an
//! invoice, `ORD-000045` for a customer order. Scanned at the item entry, it recalls the
//! invoice for a return or the order for pickup.

/// A document a scanned code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocCode {
    Invoice(i64),
    Order(i64),
}

impl DocCode {
    /// The code as printed (and as a barcode encodes it: CODE39 and CODE128 both carry it).
    pub fn text(self) -> String {
        match self {
            DocCode::Invoice(n) => format!("INV-{n:06}"),
            DocCode::Order(n) => format!("ORD-{n:06}"),
        }
    }

    /// A scanned or typed code: `INV-` or `ORD-` (any case) and a positive number; anything
    /// else is not a document code.
    pub fn parse(text: &str) -> Option<DocCode> {
        let text = text.trim();
        let (prefix, digits) = text.split_at_checked(4)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number = digits.parse::<i64>().ok().filter(|n| *n > 0)?;
        match prefix.to_ascii_uppercase().as_str() {
            "INV-" => Some(DocCode::Invoice(number)),
            "ORD-" => Some(DocCode::Order(number)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_printed() {
        for code in [
            DocCode::Invoice(1),
            DocCode::Order(45),
            DocCode::Invoice(1234567),
        ] {
            assert_eq!(DocCode::parse(&code.text()), Some(code));
        }
        assert_eq!(DocCode::Invoice(123).text(), "INV-000123");
        assert_eq!(DocCode::parse("inv-12"), Some(DocCode::Invoice(12)));
        assert_eq!(DocCode::parse(" ORD-000007 "), Some(DocCode::Order(7)));
    }

    #[test]
    fn anything_else_is_not_a_document_code() {
        for text in [
            "",
            "INV-",
            "INV-0",
            "INV-12a",
            "INV--3",
            "INV-+3",
            "PLB-VALVE-075",
            "INV12",
            "ORDER-1",
            "123456",
            "IN-12",
            "é-12345",
        ] {
            assert_eq!(DocCode::parse(text), None, "{text}");
        }
    }
}
