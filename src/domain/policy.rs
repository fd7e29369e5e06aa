//! Who may do what: one pure rule, asked on an operation's final figures when the user
//! commits (F10, `y`, the command), by both front ends and again by the store as it writes.
//! A screen or a command never compares a role or reads an approval setting itself.
//!
//! The answer is one of three: allowed; refused, with the reason; or allowed once a manager
//! approves, naming what is approved (the operation and its amount). A manager's own
//! operation needs no second manager: their sign-in is the approval.

use rust_decimal::Decimal;

use crate::domain::Money;
use crate::domain::catalog::Role;
use crate::domain::tender::TenderKind;

/// The settings the rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A return refunding more than this (goods and tax) needs a manager
    /// (`[returns] approval_above`).
    pub return_approval_above: Money,
    /// A price cut of more than this percent needs a manager (`[overrides]
    /// approval_above_pct`).
    pub override_approval_above_pct: Decimal,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            return_approval_above: Money::new(Decimal::ONE_HUNDRED),
            override_approval_above_pct: Decimal::new(10, 0),
        }
    }
}

/// An operation with its final figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Goods back: against their invoice (`linked`) or without it, refunding `refund` by
    /// `refund_by` where the money came by `paid_by`.
    Return {
        linked: bool,
        refund: Money,
        refund_by: TenderKind,
        paid_by: TenderKind,
    },
    /// A deposit given back on a cancel or a void, by `refund_by` where it was paid by
    /// `paid_by`.
    Refund {
        amount: Money,
        refund_by: TenderKind,
        paid_by: TenderKind,
    },
    /// `amount` charged to a customer's account that owes `owed` already, against its
    /// credit limit.
    OnAccount {
        amount: Money,
        owed: Money,
        limit: Money,
    },
    /// A customer's credit limit set (a new customer: from 0) from `old` to `new`.
    CreditLimit { old: Money, new: Money },
    /// Stock released to an order; `jumps_queue` when an older order waits for it.
    Release { jumps_queue: bool },
    /// An order's committed units invoiced and handed over (a pickup at the counter).
    Convert,
    /// An order's due date set or cleared.
    DueDate,
    /// A price cut of `cut_pct` percent on a line (an override, a discount, an open price).
    PriceCut { cut_pct: Decimal },
    /// At the counter, what the shelf and the queue would not allow: delivering units not
    /// on hand, taking them from another order, filling every backorder.
    Override,
    /// A payment taken on a customer's account.
    AccountPayment,
    /// The drawer opened without a sale (audited).
    NoSale,
    /// A manager's work: receipts, counts, transfers, purchase orders, the day's close,
    /// imports, users and the rest of the manager's menu.
    Managing(String),
}

/// What a manager is asked to approve: the operation, and its amount when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approve {
    /// The audit action the approval is recorded under, e.g. `return_over_limit`.
    pub action: &'static str,
    pub amount: Option<Money>,
    /// Why, in words a clerk reads.
    pub why: String,
}

impl Approve {
    fn new(action: &'static str, amount: Option<Money>, why: String) -> Approve {
        Approve {
            action,
            amount,
            why,
        }
    }
}

/// The rule's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Allowed once a manager approves this.
    NeedsApproval(Approve),
    /// Not allowed to this user; the reason.
    Refused(String),
}

/// What `role` may do of `op` under `limits`.
pub fn decide(op: &Operation, role: Role, limits: &Limits) -> Decision {
    match (needs(op, limits), role) {
        (Need::Nothing, _) | (Need::Manager(_) | Need::ManagerOnly(_), Role::Manager) => {
            Decision::Allowed
        }
        (Need::Manager(approve), Role::Clerk) => Decision::NeedsApproval(approve),
        (Need::ManagerOnly(why) | Need::No(why), Role::Clerk) | (Need::No(why), Role::Manager) => {
            Decision::Refused(why)
        }
    }
}

/// What a manager approves of `op`, whoever does it (a manager doing it approves it
/// themselves, and is recorded as its approver); Err with the reason when a manager's
/// approval cannot make it anyone's.
pub fn approval_needed(op: &Operation, limits: &Limits) -> Result<Option<Approve>, String> {
    match needs(op, limits) {
        Need::Nothing => Ok(None),
        Need::Manager(approve) => Ok(Some(approve)),
        Need::ManagerOnly(why) | Need::No(why) => Err(why),
    }
}

enum Need {
    Nothing,
    /// A manager's, or approved by one.
    Manager(Approve),
    /// A manager's own work: no approval lends it to a clerk.
    ManagerOnly(String),
    No(String),
}

fn needs(op: &Operation, limits: &Limits) -> Need {
    match *op {
        Operation::Return {
            linked,
            refund,
            refund_by,
            paid_by,
        } => {
            if !linked {
                return Need::Manager(Approve::new(
                    "return_without_invoice",
                    Some(refund),
                    format!("a return without an invoice (refund {refund}) needs a manager"),
                ));
            }
            if refund > limits.return_approval_above {
                return Need::Manager(Approve::new(
                    "return_over_limit",
                    Some(refund),
                    format!(
                        "a refund of {refund} is above {}: a manager approves it",
                        limits.return_approval_above
                    ),
                ));
            }
            other_way(refund, refund_by, paid_by)
        }
        Operation::Refund {
            amount,
            refund_by,
            paid_by,
        } => other_way(amount, refund_by, paid_by),
        Operation::OnAccount {
            amount,
            owed,
            limit,
        } => {
            let after = owed + amount;
            if amount.is_positive() && after > limit {
                Need::Manager(Approve::new(
                    "over_credit_limit",
                    Some(amount),
                    format!(
                        "{amount} on account takes the customer to {after}, over the credit limit of {limit}"
                    ),
                ))
            } else {
                Need::Nothing
            }
        }
        Operation::CreditLimit { old, new } => {
            if new.is_negative() {
                Need::No(format!("a credit limit of {new} is below 0"))
            } else if new > old && new.is_positive() {
                Need::Manager(Approve::new(
                    "credit_limit",
                    Some(new),
                    format!(
                        "a credit limit of {} (was {}) needs a manager",
                        new.round(),
                        old.round()
                    ),
                ))
            } else {
                Need::Nothing
            }
        }
        // Stock to the oldest order waiting for it is the queue's own order: anyone may.
        Operation::Release { jumps_queue: false } => Need::Nothing,
        Operation::Release { jumps_queue: true } => Need::Manager(Approve::new(
            "queue_jump",
            None,
            "releasing stock ahead of an older order needs a manager".into(),
        )),
        // Handing a customer the goods ready for them is the counter's work; what it puts on
        // account is asked as on account. Taking a payment and opening the drawer are the
        // counter's too (the no-sale is audited and counted on the X/Z).
        Operation::Convert | Operation::AccountPayment | Operation::NoSale => Need::Nothing,
        Operation::DueDate => Need::Manager(Approve::new(
            "due_date",
            None,
            "setting an order's due date needs a manager".into(),
        )),
        Operation::PriceCut { cut_pct } => {
            if cut_pct > limits.override_approval_above_pct || cut_pct >= Decimal::ONE_HUNDRED {
                Need::Manager(Approve::new(
                    "price_override",
                    None,
                    format!(
                        "a cut of {cut_pct}% is above {}%: a manager approves it",
                        limits.override_approval_above_pct
                    ),
                ))
            } else {
                Need::Nothing
            }
        }
        Operation::Managing(ref what) => {
            Need::ManagerOnly(format!("a clerk may not {what}; a manager must"))
        }
        Operation::Override => Need::Manager(Approve::new(
            "override",
            None,
            "an override of what the shelf and the queue allow needs a manager".into(),
        )),
    }
}

/// Money goes back the way it came; cash back for money that came another way (a card, an
/// account) takes a manager.
fn other_way(amount: Money, refund_by: TenderKind, paid_by: TenderKind) -> Need {
    if refund_by == TenderKind::Cash && paid_by != TenderKind::Cash && amount.is_positive() {
        Need::Manager(Approve::new(
            "refund_other_way",
            Some(amount),
            format!(
                "{amount} back in cash for money paid by {}: a manager approves it",
                paid_by.as_str()
            ),
        ))
    } else {
        Need::Nothing
    }
}

/// Whether an approval given for `given` covers what is now asked, `asked`: the same
/// operation, for no more than the amount approved. A change after an approval (another
/// line, another quantity) that raises the amount asks again.
pub fn covers(given: &Approve, asked: &Approve) -> bool {
    given.action == asked.action
        && match (given.amount, asked.amount) {
            (Some(given), Some(asked)) => asked <= given,
            (None, None) => true,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TenderKind::{Account, Card, Cash};

    fn m(text: &str) -> Money {
        match text.strip_prefix('-') {
            Some(positive) => Money::ZERO - Money::parse(positive).unwrap(),
            None => Money::parse(text).unwrap(),
        }
    }

    fn limits() -> Limits {
        Limits {
            return_approval_above: m("200.00"),
            override_approval_above_pct: Decimal::new(10, 0),
        }
    }

    fn ask(op: Operation, role: Role) -> Decision {
        decide(&op, role, &limits())
    }

    fn action(d: &Decision) -> Option<&'static str> {
        match d {
            Decision::NeedsApproval(a) => Some(a.action),
            _ => None,
        }
    }

    fn ret(linked: bool, refund: &str, refund_by: TenderKind, paid_by: TenderKind) -> Operation {
        Operation::Return {
            linked,
            refund: m(refund),
            refund_by,
            paid_by,
        }
    }

    #[test]
    fn a_return_over_the_limit_needs_a_manager_at_its_final_refund() {
        assert_eq!(
            ask(ret(true, "200.00", Cash, Cash), Role::Clerk),
            Decision::Allowed
        );
        let over = ask(ret(true, "200.01", Cash, Cash), Role::Clerk);
        assert_eq!(
            over,
            Decision::NeedsApproval(Approve {
                action: "return_over_limit",
                amount: Some(m("200.01")),
                why: "a refund of 200.01 is above 200.00: a manager approves it".into(),
            })
        );
        assert_eq!(
            ask(ret(true, "200.01", Cash, Cash), Role::Manager),
            Decision::Allowed
        );
    }

    #[test]
    fn a_return_without_an_invoice_always_needs_a_manager_for_its_amount() {
        let d = ask(ret(false, "0.01", Cash, Cash), Role::Clerk);
        assert_eq!(action(&d), Some("return_without_invoice"));
        let Decision::NeedsApproval(a) = d else {
            unreachable!()
        };
        assert_eq!(a.amount, Some(m("0.01")));
        assert_eq!(
            ask(ret(false, "2045922.95", Cash, Cash), Role::Manager),
            Decision::Allowed
        );
    }

    #[test]
    fn money_goes_back_the_way_it_came_unless_a_manager_says_otherwise() {
        assert_eq!(
            ask(ret(true, "10.00", Card, Card), Role::Clerk),
            Decision::Allowed
        );
        assert_eq!(
            action(&ask(ret(true, "10.00", Cash, Card), Role::Clerk)),
            Some("refund_other_way")
        );
        assert_eq!(
            ask(ret(true, "10.00", Cash, Card), Role::Manager),
            Decision::Allowed
        );
        // Card back for cash is not money out of the drawer.
        assert_eq!(
            ask(ret(true, "10.00", Card, Cash), Role::Clerk),
            Decision::Allowed
        );
        // Store credit on the customer's account is not money out of the drawer either.
        assert_eq!(
            ask(ret(true, "10.00", Account, Cash), Role::Clerk),
            Decision::Allowed
        );
        assert_eq!(
            ask(ret(true, "10.00", Cash, Account), Role::Clerk),
            Decision::NeedsApproval(Approve {
                action: "refund_other_way",
                amount: Some(m("10.00")),
                why: "10.00 back in cash for money paid by account: a manager approves it".into(),
            })
        );
        let refund = |by, paid| Operation::Refund {
            amount: m("5.00"),
            refund_by: by,
            paid_by: paid,
        };
        assert_eq!(ask(refund(Card, Card), Role::Clerk), Decision::Allowed);
        assert_eq!(
            action(&ask(refund(Cash, Card), Role::Clerk)),
            Some("refund_other_way")
        );
        assert_eq!(ask(refund(Account, Cash), Role::Clerk), Decision::Allowed);
        let nothing = Operation::Refund {
            amount: Money::ZERO,
            refund_by: Cash,
            paid_by: Card,
        };
        assert_eq!(ask(nothing, Role::Clerk), Decision::Allowed);
    }

    #[test]
    fn on_account_up_to_the_limit_and_past_it_with_a_manager() {
        let charge = |amount: &str, owed: &str| Operation::OnAccount {
            amount: m(amount),
            owed: m(owed),
            limit: m("100.00"),
        };
        assert_eq!(
            ask(charge("40.00", "60.00"), Role::Clerk),
            Decision::Allowed
        );
        let over = ask(charge("40.01", "60.00"), Role::Clerk);
        assert_eq!(action(&over), Some("over_credit_limit"));
        assert_eq!(
            ask(charge("40.01", "60.00"), Role::Manager),
            Decision::Allowed
        );
        // A customer with no limit at all.
        let none = Operation::OnAccount {
            amount: m("0.01"),
            owed: Money::ZERO,
            limit: Money::ZERO,
        };
        assert_eq!(action(&ask(none, Role::Clerk)), Some("over_credit_limit"));
        // Money back onto an account is never over the limit.
        let back = Operation::OnAccount {
            amount: m("-5.00"),
            owed: m("500.00"),
            limit: Money::ZERO,
        };
        assert_eq!(ask(back, Role::Clerk), Decision::Allowed);
    }

    #[test]
    fn a_credit_limit_is_given_or_raised_only_by_a_manager() {
        let limit = |old: &str, new: &str| Operation::CreditLimit {
            old: m(old),
            new: m(new),
        };
        assert_eq!(ask(limit("0.00", "0.00"), Role::Clerk), Decision::Allowed);
        assert_eq!(
            action(&ask(limit("0.00", "0.01"), Role::Clerk)),
            Some("credit_limit")
        );
        assert_eq!(
            action(&ask(limit("100.00", "100.01"), Role::Clerk)),
            Some("credit_limit")
        );
        assert_eq!(
            ask(limit("100.00", "100.00"), Role::Clerk),
            Decision::Allowed
        );
        assert_eq!(
            ask(limit("100.00", "50.00"), Role::Clerk),
            Decision::Allowed
        );
        assert_eq!(
            ask(limit("0.00", "50000.00"), Role::Manager),
            Decision::Allowed
        );
        assert_eq!(
            ask(limit("0.00", "-1.00"), Role::Manager),
            Decision::Refused("a credit limit of -1.00 is below 0".into())
        );
    }

    #[test]
    fn order_work_is_a_managers_or_approved_by_one() {
        for (op, act) in [
            (Operation::Release { jumps_queue: true }, "queue_jump"),
            (Operation::DueDate, "due_date"),
            (Operation::Override, "override"),
        ] {
            assert_eq!(action(&ask(op.clone(), Role::Clerk)), Some(act), "{op:?}");
            assert_eq!(ask(op, Role::Manager), Decision::Allowed);
        }
        assert_eq!(ask(Operation::Convert, Role::Clerk), Decision::Allowed);
        assert_eq!(
            ask(Operation::AccountPayment, Role::Clerk),
            Decision::Allowed
        );
        assert_eq!(ask(Operation::NoSale, Role::Clerk), Decision::Allowed);
        let managing = Operation::Managing("receive stock".into());
        assert_eq!(
            ask(managing.clone(), Role::Clerk),
            Decision::Refused("a clerk may not receive stock; a manager must".into())
        );
        assert_eq!(ask(managing.clone(), Role::Manager), Decision::Allowed);
        assert!(approval_needed(&managing, &limits()).is_err());
        assert_eq!(
            ask(Operation::Release { jumps_queue: false }, Role::Clerk),
            Decision::Allowed
        );
    }

    #[test]
    fn a_price_cut_above_the_limit_or_to_nothing_needs_a_manager() {
        let cut = |pct: i64| Operation::PriceCut {
            cut_pct: Decimal::new(pct, 0),
        };
        assert_eq!(ask(cut(10), Role::Clerk), Decision::Allowed);
        assert_eq!(action(&ask(cut(11), Role::Clerk)), Some("price_override"));
        let free = decide(
            &cut(100),
            Role::Clerk,
            &Limits {
                override_approval_above_pct: Decimal::ONE_HUNDRED,
                ..limits()
            },
        );
        assert_eq!(action(&free), Some("price_override"));
        assert_eq!(ask(cut(100), Role::Manager), Decision::Allowed);
    }

    #[test]
    fn an_approval_covers_the_same_operation_up_to_its_amount() {
        let approve = |action, amount: Option<&str>| Approve {
            action,
            amount: amount.map(m),
            why: String::new(),
        };
        let given = approve("return_without_invoice", Some("10.00"));
        assert!(covers(
            &given,
            &approve("return_without_invoice", Some("10.00"))
        ));
        assert!(covers(
            &given,
            &approve("return_without_invoice", Some("9.99"))
        ));
        assert!(!covers(
            &given,
            &approve("return_without_invoice", Some("10.01"))
        ));
        assert!(!covers(&given, &approve("return_over_limit", Some("5.00"))));
        assert!(!covers(&given, &approve("return_without_invoice", None)));
        assert!(covers(&approve("convert", None), &approve("convert", None)));
        assert!(!covers(
            &approve("convert", None),
            &approve("convert", Some("1.00"))
        ));
    }
}
