//! The invariants of payments on account: numbers without gaps; each payment positive, in
//! cash or by card, never more than the balance it found, and leaving that balance less
//! the amount; and each with its audit row saying the same account, tender and amount.

use std::collections::HashMap;

use super::{Finding, MAX_PER_INVARIANT};
use crate::domain::Money;
use crate::domain::payment::{PaymentTender, check_payment};
use crate::store::db::params;
use crate::store::payments::audit_detail;
use crate::store::{Result, Store};

const SOUND: &str = "a payment on account is positive, in cash or card, within the balance";
const AUDITED: &str = "every payment on account is audited as stored";

struct Stored {
    number: i64,
    account: String,
    tender: String,
    amount: Money,
    before: Money,
    after: Money,
}

fn push_capped(findings: &mut Vec<Finding>, invariant: &'static str, found: Vec<String>) {
    let more = found.len().saturating_sub(MAX_PER_INVARIANT);
    findings.extend(
        found
            .into_iter()
            .take(MAX_PER_INVARIANT)
            .map(|detail| Finding { invariant, detail }),
    );
    if more > 0 {
        findings.push(Finding {
            invariant,
            detail: format!("... and {more} more"),
        });
    }
}

impl Store {
    pub(super) fn check_payment_numbers(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "payment on account numbers have no gaps",
            "SELECT x.n, x.highest FROM (
                 SELECT count(*) AS n, coalesce(max(number), 0) AS highest FROM account_payments
             ) x WHERE x.n <> x.highest",
            |r| {
                Ok(format!(
                    "{} payments on account but the highest number is {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?
                ))
            },
        )
    }

    pub(super) fn check_payments(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let stored = self.conn.query_map(
            "SELECT p.number, c.account, p.tender, p.amount, p.balance_before, p.balance_after
             FROM account_payments p JOIN customers c ON c.id = p.customer_id
             ORDER BY p.number",
            params![],
            |r| {
                Ok(Stored {
                    number: r.get(0)?,
                    account: r.get(1)?,
                    tender: r.get(2)?,
                    amount: r.get(3)?,
                    before: r.get(4)?,
                    after: r.get(5)?,
                })
            },
        )?;
        let mut audited: HashMap<String, Vec<String>> = HashMap::new();
        self.conn.for_each(
            "SELECT reference, detail FROM audit_log WHERE action = 'account_payment'",
            params![],
            |r| {
                audited
                    .entry(r.get(0)?)
                    .or_default()
                    .push(r.get::<String>(1)?);
                Ok(())
            },
        )?;
        let mut unsound = Vec::new();
        let mut unaudited = Vec::new();
        for p in &stored {
            let n = p.number;
            let tender = PaymentTender::parse(&p.tender);
            if tender.is_none() {
                unsound.push(format!(
                    "payment {n}: tender '{}' is neither cash nor card",
                    p.tender
                ));
            }
            match check_payment(p.amount, p.before) {
                Err(e) => unsound.push(format!("payment {n}: {e}")),
                Ok(after) if after != p.after.round() => unsound.push(format!(
                    "payment {n}: {} owed less {} is {after}, but {} is stored",
                    p.before, p.amount, p.after
                )),
                Ok(_) => {}
            }
            let reference = format!("payment {n}");
            let rows = audited.get(&reference).map_or(&[][..], Vec::as_slice);
            let expected = tender.map(|t| audit_detail(&p.account, t, p.amount.round()));
            if rows.is_empty() {
                unaudited.push(format!("payment {n} has no audit row"));
            } else if expected.is_none_or(|e| !rows.contains(&e)) {
                unaudited.push(format!(
                    "payment {n}: stored as {} {} on account {}, but the audit log says {}",
                    p.tender,
                    p.amount,
                    p.account,
                    rows.join("; ")
                ));
            }
        }
        push_capped(findings, SOUND, unsound);
        push_capped(findings, AUDITED, unaudited);
        Ok(())
    }
}
