//! The audit log: one row for each thing done that a manager may want to look back on
//! (who, what, on which product or order, approved by whom), written in the transaction of
//! what it records.

use super::Result;
use crate::domain::Money;
use crate::store::db::{Conn, params};

/// One row of the audit log.
#[derive(Debug, Clone, Default)]
pub(crate) struct Audit<'a> {
    pub user: &'a str,
    pub action: &'a str,
    pub product_id: Option<i64>,
    pub qty: Option<i64>,
    pub other_order: Option<i64>,
    pub reference: &'a str,
    pub detail: String,
    /// The manager who approved it, when it needed one.
    pub approved_by: Option<&'a str>,
    /// Where it happened, when what it records is counted by location (a void).
    pub location: Option<&'a str>,
    /// The money it is about, when the day's report counts it: what a voided sale came
    /// to, what a price change took off the line's list value.
    pub amount: Option<Money>,
}

pub(crate) fn audit(conn: &Conn, a: &Audit<'_>) -> Result<()> {
    if a.location.is_some() || a.amount.is_some() {
        conn.prepare_cached(
            "INSERT INTO audit_log (user_name, action, product_id, qty, other_order, reference,
                                    detail, approved_by, location, amount, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            a.user,
            a.action,
            a.product_id,
            a.qty,
            a.other_order,
            a.reference,
            a.detail,
            a.approved_by,
            a.location,
            a.amount,
            conn.now_text()
        ])?;
        return Ok(());
    }
    // Rows without a location or amount name only the columns every schema has had
    // since approvals were kept.
    conn.prepare_cached(
        "INSERT INTO audit_log (user_name, action, product_id, qty, other_order, reference, detail,
                                approved_by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        a.user,
        a.action,
        a.product_id,
        a.qty,
        a.other_order,
        a.reference,
        a.detail,
        a.approved_by,
        conn.now_text()
    ])?;
    Ok(())
}
