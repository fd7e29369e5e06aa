//! The policy enforced where it is written: every write the policy covers asks
//! [`crate::domain::policy::decide`] inside its transaction, on the figures it is about to
//! write, with the role the store itself knows for the user, and refuses (a typed error,
//! nothing written) when an approval the rule asks for is missing. An [`Approval`] is a
//! value only a manager's PIN, checked here, can make.

use super::audit::{Audit, audit};
use super::db::{Conn, params};
use super::docs::balance_of;
use super::{Result, Store, StoreError};
use crate::domain::policy::Operation;
use crate::domain::policy::{Approve, Decision, Limits, approval_needed, covers, decide};
use crate::domain::sale::OVER_CREDIT_LIMIT;
use crate::domain::tender::TenderKind;
use crate::domain::{Money, Role};

/// A manager's approval of one operation, for the amount it names. Made only by
/// [`Store::approve`], after the manager's PIN is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    manager: String,
    approves: Approve,
}

impl Approval {
    /// The manager who approved.
    pub fn manager(&self) -> &str {
        &self.manager
    }

    /// What was approved.
    pub fn approves(&self) -> &Approve {
        &self.approves
    }
}

/// Why an approval was not given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalRefused {
    #[error("wrong name or PIN for '{0}'")]
    WrongPin(String),
    #[error("{0} is not a manager")]
    NotAManager(String),
}

/// The role the store knows for `user`: a store without users runs as a manager (as a new
/// store is set up); a name that is no user's is a clerk's.
pub(crate) fn role_of(conn: &Conn, user: &str) -> Result<Role> {
    // One round trip: whether the store has users, and this one's role.
    let (users, role): (i64, Option<String>) = conn.query_row(
        "SELECT (SELECT count(*) FROM users),
                (SELECT role FROM users WHERE lower(name) = lower(?1) AND disabled = 0)",
        params![user.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if users == 0 {
        return Ok(Role::Manager);
    }
    Ok(role.and_then(|r| Role::parse(&r)).unwrap_or(Role::Clerk))
}

/// Asks the policy about `op` by `user`, inside the write: Ok with the approving manager's
/// name when the operation needs one (a manager doing it is their own approver), Ok(None)
/// when it needs none.
pub(crate) fn authorize(
    conn: &Conn,
    limits: &Limits,
    user: &str,
    op: &Operation,
    approvals: &[Approval],
) -> Result<Option<String>> {
    let Some(asked) = approval_needed(op, limits).map_err(StoreError::Refused)? else {
        return Ok(None);
    };
    if role_of(conn, user)? == Role::Manager {
        return Ok(Some(user.to_string()));
    }
    approvals
        .iter()
        .find(|a| covers(&a.approves, &asked))
        .map(|a| Some(a.manager.clone()))
        .ok_or(StoreError::NeedsApproval(asked))
}

impl Store {
    /// The limits the policy reads (the configuration's).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// What the policy says of `op` by `user` now (a front end asks before it commits, to
    /// ask for the manager at the right moment; the write asks again).
    pub fn decide(&self, user: &str, op: &Operation) -> Result<Decision> {
        Ok(decide(op, role_of(&self.conn, user)?, &self.limits))
    }

    /// A manager approves `what` with name and PIN. A refusal is audited as asked by
    /// `asked_by`; it never counts against the manager's own sign-in.
    pub fn approve(
        &mut self,
        manager: &str,
        pin: &str,
        asked_by: &str,
        what: &Approve,
    ) -> Result<std::result::Result<Approval, ApprovalRefused>> {
        // The PIN is checked without counting against the manager's own sign-in.
        let refused = match self.verify_pin(manager, pin)? {
            Some(user) if user.role == Role::Manager => {
                return Ok(Ok(Approval {
                    manager: user.name,
                    approves: what.clone(),
                }));
            }
            Some(user) => ApprovalRefused::NotAManager(user.name),
            None => ApprovalRefused::WrongPin(manager.trim().to_string()),
        };
        self.audit_failed_approval(manager, asked_by, &refused.to_string())?;
        Ok(Err(refused))
    }
}

/// On account over a customer's credit limit, approved: who approved, what the customer
/// owed before, and their limit.
#[derive(Debug, Clone)]
pub(crate) struct OverLimit {
    pub approver: String,
    pub owed: Money,
    pub limit: Money,
    pub amount: Money,
}

/// What `tenders` put on account for `customer_id`, asked of the policy against that
/// customer's own balance and limit as they stand inside the write: Some when it takes them
/// over the limit with a manager's approval (the user's own, when a manager).
pub(crate) fn authorize_on_account(
    conn: &Conn,
    limits: &Limits,
    user: &str,
    customer_id: i64,
    tenders: &[(TenderKind, Money)],
    approvals: &[Approval],
) -> Result<Option<OverLimit>> {
    let amount: Money = tenders
        .iter()
        .filter(|(kind, _)| *kind == TenderKind::Account)
        .map(|(_, amount)| *amount)
        .sum();
    if !amount.is_positive() {
        return Ok(None);
    }
    let owed = balance_of(conn, customer_id)?.round();
    let limit: Money = conn.query_row(
        "SELECT credit_limit FROM customers WHERE id = ?1",
        params![customer_id],
        |r| r.get(0),
    )?;
    let op = Operation::OnAccount {
        amount,
        owed,
        limit,
    };
    Ok(
        authorize(conn, limits, user, &op, approvals)?.map(|approver| OverLimit {
            approver,
            owed,
            limit: limit.round(),
            amount,
        }),
    )
}

/// The audit row of on account over the limit, approved.
pub(crate) fn audit_over_limit(
    conn: &Conn,
    user: &str,
    order: Option<i64>,
    reference: &str,
    over: &OverLimit,
) -> Result<()> {
    audit(
        conn,
        &Audit {
            user,
            action: OVER_CREDIT_LIMIT,
            other_order: order,
            reference,
            detail: format!(
                "approved by {}: {} on account over the credit limit of {} ({} owed already, \
                 {} after)",
                over.approver,
                over.amount,
                over.limit,
                over.owed,
                (over.owed + over.amount).round()
            ),
            approved_by: Some(&over.approver),
            ..Audit::default()
        },
    )
}

/// A manager's own work (`what`, as the front ends name it), refused inside the write to
/// anyone else: no approval lends it to a clerk.
pub(crate) fn managers_only(conn: &Conn, user: &str, what: &str) -> Result<()> {
    let op = Operation::Managing(what.to_string());
    match decide(&op, role_of(conn, user)?, &Limits::default()) {
        Decision::Allowed => Ok(()),
        Decision::Refused(why) | Decision::NeedsApproval(Approve { why, .. }) => {
            Err(StoreError::Refused(why))
        }
    }
}
