//! Payments on account: a named customer pays, in cash or by card, against what they owe
//! on account. A payment never exceeds the balance: overpaying would leave the store owing
//! the customer, which is a refund, not a payment, so it is refused and the clerk takes
//! the balance instead.

use super::Money;

/// How a payment on account is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentTender {
    Cash,
    Card,
}

impl PaymentTender {
    pub const ALL: [PaymentTender; 2] = [PaymentTender::Cash, PaymentTender::Card];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentTender::Cash => "cash",
            PaymentTender::Card => "card",
        }
    }

    pub fn parse(text: &str) -> Option<PaymentTender> {
        PaymentTender::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// Why a payment on account is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("amount {0}: must be more than zero")]
    NotPositive(Money),
    #[error("amount {0}: more places than the currency has")]
    TooPrecise(Money),
    #[error("amount {amount}: the customer owes nothing on account")]
    NothingOwed { amount: Money },
    #[error("amount {amount}: more than the {balance} owed; a payment never exceeds the balance")]
    OverBalance { amount: Money, balance: Money },
}

/// Checks a payment of `amount` against the customer's `balance` owed on account; returns
/// the balance after it.
pub fn check_payment(amount: Money, balance: Money) -> Result<Money, PaymentError> {
    if !amount.is_positive() {
        return Err(PaymentError::NotPositive(amount));
    }
    if amount.round().amount() != amount.amount() {
        return Err(PaymentError::TooPrecise(amount));
    }
    if !balance.is_positive() {
        return Err(PaymentError::NothingOwed { amount });
    }
    if amount > balance {
        return Err(PaymentError::OverBalance { amount, balance });
    }
    Ok((balance - amount).round())
}

/// A customer's balance on account: what was charged to the account (tenders of kind
/// `account`, negative when a refund went back to it) less what was paid against it.
pub fn balance(
    charged: impl IntoIterator<Item = Money>,
    paid: impl IntoIterator<Item = Money>,
) -> Money {
    let charged: Money = charged.into_iter().sum();
    let paid: Money = paid.into_iter().sum();
    (charged - paid).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::new(s.parse().unwrap())
    }

    #[test]
    fn a_payment_lowers_the_balance() {
        assert_eq!(check_payment(m("40.00"), m("100.00")), Ok(m("60.00")));
        assert_eq!(check_payment(m("100.00"), m("100.00")), Ok(m("0.00")));
    }

    #[test]
    fn nothing_or_less_is_refused() {
        assert_eq!(
            check_payment(m("0.00"), m("10.00")),
            Err(PaymentError::NotPositive(m("0.00")))
        );
        assert_eq!(
            check_payment(m("-5.00"), m("10.00")),
            Err(PaymentError::NotPositive(m("-5.00")))
        );
    }

    #[test]
    fn more_than_owed_is_refused() {
        assert_eq!(
            check_payment(m("10.01"), m("10.00")),
            Err(PaymentError::OverBalance {
                amount: m("10.01"),
                balance: m("10.00")
            })
        );
        assert_eq!(
            check_payment(m("1.00"), m("0.00")),
            Err(PaymentError::NothingOwed { amount: m("1.00") })
        );
        // A credit balance (a refund went to the account) owes nothing either.
        assert_eq!(
            check_payment(m("1.00"), m("-3.00")),
            Err(PaymentError::NothingOwed { amount: m("1.00") })
        );
    }

    #[test]
    fn fractions_of_a_cent_are_refused() {
        assert_eq!(
            check_payment(m("1.005"), m("10.00")),
            Err(PaymentError::TooPrecise(m("1.005")))
        );
    }

    #[test]
    fn the_balance_is_charges_less_payments() {
        assert_eq!(
            balance([m("30.00"), m("-5.00"), m("20.00")], [m("10.00")]),
            m("35.00")
        );
        assert_eq!(balance([], []), m("0.00"));
    }

    #[test]
    fn tenders_read_back() {
        for t in PaymentTender::ALL {
            assert_eq!(PaymentTender::parse(t.as_str()), Some(t));
        }
        assert_eq!(PaymentTender::parse("account"), None);
    }
}
