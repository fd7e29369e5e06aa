//! Tenders and settlement: what a customer hands over against what is due, and what comes
//! back. One function, [`settle`], decides the change or the refund of every document (a
//! sale at the counter, a final invoice on the order screen or the command line), so they
//! can never disagree.

use super::Money;

/// How money is handed over for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TenderKind {
    Cash,
    Card,
    Account,
}

impl TenderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
            TenderKind::Account => "account",
        }
    }

    /// A kind as stored (`cash`, `card`, `account`).
    pub fn parse(text: &str) -> Option<TenderKind> {
        match text {
            "cash" => Some(TenderKind::Cash),
            "card" => Some(TenderKind::Card),
            "account" => Some(TenderKind::Account),
            _ => None,
        }
    }
}

/// Why a tender or a set of tenders is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenderError {
    #[error("amount {0}: must be more than zero")]
    NotPositive(Money),
    #[error("card {offered}: more than the {remaining} still due; a card is never overpaid")]
    CardOverpay { offered: Money, remaining: Money },
    #[error("on account {offered}: more than the {remaining} still due")]
    AccountOverpay { offered: Money, remaining: Money },
    #[error("on account needs a named customer (F2)")]
    AccountNeedsCustomer,
    #[error("on account {offered}: over the credit limit of {limit} ({balance} owed already)")]
    OverCreditLimit {
        offered: Money,
        limit: Money,
        balance: Money,
    },
    #[error("tenders {paid}: {due} is due")]
    Short { paid: Money, due: Money },
    #[error("tenders {paid}: nothing is due; {refund} goes back to the customer")]
    RefundDue { paid: Money, refund: Money },
    #[error("change {change}: change is given from cash only ({cash} cash taken)")]
    ChangeFromCashOnly { change: Money, cash: Money },
}

/// Applies one tender to what remains due; cash may exceed it (change), card and account not.
pub fn check_tender(kind: TenderKind, offered: Money, remaining: Money) -> Result<(), TenderError> {
    if !offered.is_positive() {
        return Err(TenderError::NotPositive(offered));
    }
    match kind {
        TenderKind::Card if offered > remaining => {
            Err(TenderError::CardOverpay { offered, remaining })
        }
        TenderKind::Account if offered > remaining => {
            Err(TenderError::AccountOverpay { offered, remaining })
        }
        _ => Ok(()),
    }
}

/// How a document is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settlement {
    /// The sum of the tenders handed over.
    pub tendered: Money,
    /// Cash given back because more cash was handed over than was due.
    pub change: Money,
    /// Money the store owes the customer on this document (a due below zero: a deposit
    /// larger than what the final invoice charges). Recorded as a refund tender.
    pub refund: Money,
}

impl Settlement {
    /// What the store keeps: tendered − change − refund, which equals what was due.
    pub fn net(&self) -> Money {
        self.tendered - self.change - self.refund
    }
}

/// What is still to pay after `tenders` (never below zero).
pub fn remaining(due: Money, tenders: &[(TenderKind, Money)]) -> Money {
    (due - total(tenders)).max(Money::ZERO)
}

/// True once the tenders cover what is due (nothing due counts as covered).
pub fn is_covered(due: Money, tenders: &[(TenderKind, Money)]) -> bool {
    total(tenders) >= due
}

fn total(tenders: &[(TenderKind, Money)]) -> Money {
    tenders.iter().map(|(_, m)| *m).sum()
}

/// Settles `due` with `tenders`: every tender above zero; a due below zero is a refund of
/// its size and takes no tenders; otherwise the tenders cover the due exactly or with cash
/// over, which is given back as change (a card or on-account tender is never overpaid).
pub fn settle(due: Money, tenders: &[(TenderKind, Money)]) -> Result<Settlement, TenderError> {
    if let Some((_, bad)) = tenders.iter().find(|(_, m)| !m.is_positive()) {
        return Err(TenderError::NotPositive(*bad));
    }
    let tendered = total(tenders);
    if due.is_negative() {
        if !tenders.is_empty() {
            return Err(TenderError::RefundDue {
                paid: tendered,
                refund: -due,
            });
        }
        return Ok(Settlement {
            tendered,
            change: Money::ZERO,
            refund: -due,
        });
    }
    if tendered < due {
        return Err(TenderError::Short {
            paid: tendered,
            due,
        });
    }
    let change = tendered - due;
    let cash: Money = tenders
        .iter()
        .filter(|(k, _)| *k == TenderKind::Cash)
        .map(|(_, m)| *m)
        .sum();
    if change > cash {
        return Err(TenderError::ChangeFromCashOnly { change, cash });
    }
    Ok(Settlement {
        tendered,
        change,
        refund: Money::ZERO,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TenderKind::*;

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    #[test]
    fn exact_cash_gives_no_change() {
        let s = settle(m("18.34"), &[(Cash, m("18.34"))]).unwrap();
        assert_eq!((s.change, s.refund, s.net()), (m("0"), m("0"), m("18.34")));
    }

    #[test]
    fn cash_over_the_due_is_change() {
        let s = settle(m("18.34"), &[(Card, m("10.00")), (Cash, m("20.00"))]).unwrap();
        assert_eq!(s.tendered, m("30.00"));
        assert_eq!(s.change, m("11.66"));
        assert_eq!(s.net(), m("18.34"));
    }

    #[test]
    fn change_never_comes_from_a_card() {
        let err = settle(m("10.00"), &[(Cash, m("1.00")), (Card, m("12.00"))]).unwrap_err();
        assert_eq!(
            err,
            TenderError::ChangeFromCashOnly {
                change: m("3.00"),
                cash: m("1.00")
            }
        );
        // Exactly the cash taken may go back as change.
        let s = settle(m("10.00"), &[(Cash, m("3.00")), (Card, m("10.00"))]).unwrap();
        assert_eq!(s.change, m("3.00"));
    }

    #[test]
    fn short_tenders_are_refused() {
        let err = settle(m("10.00"), &[(Cash, m("9.99"))]).unwrap_err();
        assert_eq!(
            err,
            TenderError::Short {
                paid: m("9.99"),
                due: m("10.00")
            }
        );
    }

    #[test]
    fn nothing_due_settles_with_no_tenders() {
        let s = settle(m("0.00"), &[]).unwrap();
        assert_eq!(s, Settlement::default());
        assert!(is_covered(m("0.00"), &[]));
    }

    #[test]
    fn a_negative_due_is_a_refund_and_takes_no_tenders() {
        let s = settle(-m("3.34"), &[]).unwrap();
        assert_eq!(
            (s.change, s.refund, s.net()),
            (m("0"), m("3.34"), -m("3.34"))
        );
        let err = settle(-m("3.34"), &[(Cash, m("1.00"))]).unwrap_err();
        assert_eq!(
            err,
            TenderError::RefundDue {
                paid: m("1.00"),
                refund: m("3.34")
            }
        );
    }

    #[test]
    fn zero_or_negative_tenders_are_refused() {
        for bad in [m("0.00"), -m("1.00")] {
            let err = settle(m("5.00"), &[(Cash, m("5.00")), (Card, bad)]).unwrap_err();
            assert_eq!(err, TenderError::NotPositive(bad));
        }
    }

    #[test]
    fn remaining_counts_down_to_zero() {
        let tenders = [(Cash, m("4.00"))];
        assert_eq!(remaining(m("10.00"), &tenders), m("6.00"));
        assert_eq!(remaining(m("3.00"), &tenders), m("0.00"));
        assert!(!is_covered(m("10.00"), &tenders));
        assert!(is_covered(m("4.00"), &tenders));
    }

    #[test]
    fn one_tender_checks() {
        assert!(check_tender(Cash, m("50.00"), m("10.00")).is_ok());
        assert!(check_tender(Card, m("10.00"), m("10.00")).is_ok());
        assert!(matches!(
            check_tender(Card, m("10.01"), m("10.00")),
            Err(TenderError::CardOverpay { .. })
        ));
        assert!(matches!(
            check_tender(Account, m("10.01"), m("10.00")),
            Err(TenderError::AccountOverpay { .. })
        ));
        assert!(check_tender(Account, m("10.00"), m("10.00")).is_ok());
        assert_eq!(
            check_tender(Cash, m("0.00"), m("1.00")),
            Err(TenderError::NotPositive(m("0.00")))
        );
    }
}
