//! The audit log: one row for each thing done that a manager may want to look back on
//! (who, what, on which product or order, approved by whom), written in the transaction of
//! what it records.

use super::Result;
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
}

pub(crate) fn audit(conn: &Conn, a: &Audit<'_>) -> Result<()> {
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
