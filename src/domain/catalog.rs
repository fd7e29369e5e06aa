//! What the store sells and to whom: products, customers, users.

use rust_decimal::Decimal;

use super::Money;
use super::pricing::{PriceBreak, PriceList};

/// A product row with its price breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub barcode: Option<String>,
    pub description: String,
    pub price: Money,
    pub breaks: Vec<PriceBreak>,
    pub tax_class: String,
    pub min_stock: i64,
    pub reorder_qty: i64,
    pub supplier: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub credit_limit: Money,
    /// Discount in percent off the unit price.
    pub price_level_pct: Decimal,
}

impl Product {
    /// The prices of this product for a customer (or a cash sale), ready to freeze on a line.
    pub fn price_list(&self, customer: Option<&Customer>, special: Option<Money>) -> PriceList {
        PriceList {
            regular: self.price,
            special,
            level_pct: customer.map_or(Decimal::ZERO, |c| c.price_level_pct),
            breaks: self.breaks.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Clerk,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "clerk" => Some(Role::Clerk),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }
}

/// The most digits a PIN may have.
pub const MAX_PIN_DIGITS: usize = 12;

/// How many digits a PIN needs, by role: a manager's PIN unlocks more, so it is longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinRules {
    pub min_manager: usize,
    pub min_clerk: usize,
}

impl Default for PinRules {
    fn default() -> PinRules {
        PinRules {
            min_manager: 6,
            min_clerk: 4,
        }
    }
}

impl PinRules {
    pub fn min_for(self, role: Role) -> usize {
        match role {
            Role::Manager => self.min_manager,
            Role::Clerk => self.min_clerk,
        }
    }

    /// Checks a new PIN for a user of `role`: digits only, between the role's minimum and
    /// [`MAX_PIN_DIGITS`], and for a manager not one of the first guesses (see
    /// [`is_guessable`]). The error says what is allowed, never the PIN.
    pub fn check(self, pin: &str, role: Role) -> Result<(), String> {
        let min = self.min_for(role);
        if !(min..=MAX_PIN_DIGITS).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!(
                "a {}'s PIN must be {min} to {MAX_PIN_DIGITS} digits",
                role.as_str()
            ));
        }
        if role == Role::Manager && is_guessable(pin) {
            return Err(
                "a manager's PIN must not be one digit repeated (111111), a run up or \
                 down (123456, 654321), a short pattern repeated (121212, 123123) or another \
                 common PIN; choose digits without a pattern"
                    .to_string(),
            );
        }
        Ok(())
    }
}

/// PINs people choose first, beyond those [`is_guessable`] finds by their pattern.
const COMMON_PINS: &[&str] = &[
    "112233", "123321", "147258", "147852", "159753", "159357", "258456", "520520", "654123",
    "789456", "102030", "100200", "696969", "101010", "11223344", "12344321", "19691969",
];

/// True for a PIN an attacker tries first: one digit repeated (`111111`), each digit one up
/// or one down from the last (`123456`, `654321`, `890123`), a pattern of up to three digits
/// repeated (`121212`, `123123`), or one of a short list of common PINs.
pub fn is_guessable(pin: &str) -> bool {
    let digits: Vec<i16> = pin
        .bytes()
        .map(|b| i16::from(b) - i16::from(b'0'))
        .collect();
    let steps: Vec<i16> = digits
        .windows(2)
        .map(|pair| (pair[1] - pair[0]).rem_euclid(10))
        .collect();
    let run = |step: i16| steps.iter().all(|&s| s == step);
    let repeated = (1..=3).any(|len| {
        pin.len() > len
            && pin.len().is_multiple_of(len)
            && pin
                .as_bytes()
                .chunks(len)
                .all(|c| c == &pin.as_bytes()[..len])
    });
    run(0) || run(1) || run(9) || repeated || COMMON_PINS.contains(&pin)
}

#[cfg(test)]
mod pin_tests {
    use super::*;

    #[test]
    fn a_pin_is_as_long_as_its_role_needs_and_digits_only() {
        let rules = PinRules::default();
        assert!(rules.check("1357", Role::Clerk).is_ok());
        assert!(rules.check("135", Role::Clerk).is_err());
        assert!(rules.check("2468", Role::Manager).is_err());
        assert!(rules.check("24681", Role::Manager).is_err());
        assert!(rules.check("246810", Role::Manager).is_ok());
        assert!(rules.check("135792468024", Role::Manager).is_ok());
        assert!(rules.check("1234567890123", Role::Clerk).is_err());
        assert!(rules.check("12a4", Role::Clerk).is_err());
        assert!(rules.check("", Role::Clerk).is_err());
        let message = rules.check("2468", Role::Manager).unwrap_err();
        assert_eq!(message, "a manager's PIN must be 6 to 12 digits");
        assert!(!message.contains("2468"));
    }

    #[test]
    fn the_minimums_are_configurable() {
        let rules = PinRules {
            min_manager: 8,
            min_clerk: 5,
        };
        assert_eq!(rules.min_for(Role::Manager), 8);
        assert!(rules.check("2468135", Role::Manager).is_err());
        assert!(rules.check("24681357", Role::Manager).is_ok());
        assert!(rules.check("1234", Role::Clerk).is_err());
        assert!(rules.check("12345", Role::Clerk).is_ok());
    }

    #[test]
    fn a_manager_pin_is_not_a_first_guess() {
        let rules = PinRules::default();
        for pin in [
            "123456", "111111", "654321", "000000", "999999", "890123", "210987", "121212",
            "123123", "112233", "696969", "12345678", "147258",
        ] {
            let refused = rules.check(pin, Role::Manager).unwrap_err();
            assert!(
                refused.contains("manager's PIN must not"),
                "{pin}: {refused}"
            );
        }
        for pin in ["246810", "135790", "864213", "902718", "4417825"] {
            assert!(rules.check(pin, Role::Manager).is_ok(), "{pin}");
        }
        // A clerk's PIN is held only to its length.
        assert!(rules.check("1234", Role::Clerk).is_ok());
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// Stock of one product at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StockLevel {
    pub on_hand: i64,
    pub committed: i64,
}

impl StockLevel {
    /// Units free to sell here: on hand less what is promised to orders, never below zero.
    pub fn available(self) -> i64 {
        (self.on_hand - self.committed).max(0)
    }
}

/// A location code: short, no spaces, safe to print in a column.
pub fn is_code(text: &str) -> bool {
    (1..=12).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
