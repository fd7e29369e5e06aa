//! The policy was followed in the past: every audited operation that the policy gives only
//! to a manager was done by one, or names the manager who approved it.

use super::Finding;
use crate::store::{Result, Store};

impl Store {
    pub(super) fn check_approvals(&self, findings: &mut Vec<Finding>) -> Result<()> {
        // A store without users runs as a manager: nothing there needed another's approval.
        // A manager's own operation names them as its approver; one recorded so by a name
        // that is no clerk's was a manager's then (a store without users, or one since gone).
        self.collect(
            findings,
            "what needs a manager was done or approved by one",
            "SELECT a.id, a.action, a.user_name, coalesce(a.approved_by, '') FROM audit_log a
             WHERE (a.action IN ('queue_jump', 'over_credit_limit', 'set_due', 'override_ignore',
                                 'override_release', 'override_approved',
                                 'fill_all_backorders')
                    OR (a.action = 'return' AND a.detail LIKE '%no invoice%'))
               AND EXISTS (SELECT 1 FROM users)
               AND NOT EXISTS (SELECT 1 FROM users u
                               WHERE lower(u.name) = lower(a.user_name) AND u.role = 'manager')
               AND NOT EXISTS (SELECT 1 FROM users u
                               WHERE lower(u.name) = lower(a.approved_by) AND u.role = 'manager')
               AND NOT (lower(a.approved_by) = lower(a.user_name)
                        AND NOT EXISTS (SELECT 1 FROM users u
                                        WHERE lower(u.name) = lower(a.user_name)
                                          AND u.role = 'clerk'))
             ORDER BY a.id",
            |r| {
                let approver: String = r.get(3)?;
                Ok(format!(
                    "audit row {}: {} by {} {}",
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    if approver.is_empty() {
                        "with no manager's approval".to_string()
                    } else {
                        format!("approved by {approver}, who is not a manager")
                    }
                ))
            },
        )
    }
}
