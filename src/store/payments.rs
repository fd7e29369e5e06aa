//! Payments on account: a named customer pays against what they owe, in cash or by card.
//! A payment is a document of its own, numbered without gaps in its own sequence, written
//! with its audit row in one transaction; the balance, the credit limit check at the
//! counter and the day's figures all read it.

use crate::domain::policy::Operation;
use crate::store::policy::authorize;
use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, Row, params};
use super::docs::balance_of;
use super::sales::next_number;
use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::payment::{self, PaymentTender};

/// A payment on account as stored, with its customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentDoc {
    pub number: i64,
    pub account: String,
    pub customer: String,
    pub location: String,
    pub tender: &'static str,
    pub amount: Money,
    pub balance_before: Money,
    pub balance_after: Money,
    pub user: String,
    pub at: String,
}

/// A payment to write: who pays, how much, how, where and by whom.
#[derive(Debug, Clone, Copy)]
pub struct NewPayment<'a> {
    pub account: &'a str,
    pub amount: Money,
    pub tender: PaymentTender,
    pub location: &'a str,
    pub user: &'a str,
}

pub(crate) const PAYMENT_COLUMNS: &str = "p.number, c.account, c.name, p.location, p.tender, \
     p.amount, p.balance_before, p.balance_after, p.user_name, p.at";

pub(crate) fn payment_doc(r: &Row<'_>) -> Result<PaymentDoc> {
    let tender: PaymentTender = r.get(4)?;
    Ok(PaymentDoc {
        number: r.get(0)?,
        account: r.get(1)?,
        customer: r.get(2)?,
        location: r.get(3)?,
        tender: tender.as_str(),
        amount: r.get(5)?,
        balance_before: r.get(6)?,
        balance_after: r.get(7)?,
        user: r.get(8)?,
        at: r.get(9)?,
    })
}

/// The detail of a payment's audit row: `check` holds the stored payment to it.
pub(crate) fn audit_detail(account: &str, tender: PaymentTender, amount: Money) -> String {
    format!("{} {amount} paid on account {account}", tender.as_str())
}

fn payment_by_number(conn: &Conn, number: i64) -> Result<Option<PaymentDoc>> {
    optional(conn.query_row(
        &format!(
            "SELECT {PAYMENT_COLUMNS} FROM account_payments p
             JOIN customers c ON c.id = p.customer_id WHERE p.number = ?1"
        ),
        params![number],
        payment_doc,
    ))
}

impl Store {
    /// Takes a payment on account: checked against the balance inside the writing
    /// transaction (another terminal may have charged or taken a payment meanwhile),
    /// numbered, stored and audited together. Nothing is written on a refusal.
    pub fn pay_on_account(&mut self, p: &NewPayment<'_>) -> Result<PaymentDoc> {
        let limits = self.limits;
        let tx = self.write()?;
        authorize(&tx, &limits, p.user, &Operation::AccountPayment, &[])?;
        let customer = tx
            .query_opt(
                "SELECT id FROM customers WHERE account = ?1",
                params![p.account],
                |r| r.get::<i64>(0),
            )?
            .ok_or_else(|| StoreError::UnknownCustomer(p.account.to_string()))?;
        let known: i64 = tx.query_row(
            "SELECT count(*) FROM locations WHERE code = ?1",
            params![p.location],
            |r| r.get(0),
        )?;
        if known == 0 {
            return Err(StoreError::bad_input(
                "location",
                p.location,
                "no such location",
            ));
        }
        let before = balance_of(&tx, customer)?;
        let after = payment::check_payment(p.amount, before)?;
        let amount = p.amount.round();
        let number = next_number(&tx, "account_payments")?;
        tx.execute(
            "INSERT INTO account_payments (number, customer_id, location, tender, amount,
                                           balance_before, balance_after, user_name, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                number,
                customer,
                p.location,
                p.tender,
                amount,
                before,
                after,
                p.user,
                tx.now_text()
            ],
        )?;
        let reference = format!("payment {number}");
        audit(
            &tx,
            &Audit {
                user: p.user,
                action: "account_payment",
                reference: &reference,
                detail: audit_detail(p.account, p.tender, amount),
                ..Audit::default()
            },
        )?;
        let doc = payment_by_number(&tx, number)?.ok_or(StoreError::NoRows)?;
        tx.commit()?;
        tracing::info!(number, account = p.account, "payment on account");
        Ok(doc)
    }

    /// A payment on account by its number.
    pub fn payment(&self, number: i64) -> Result<Option<PaymentDoc>> {
        payment_by_number(&self.conn, number)
    }

    /// The number of the last payment on account, if any.
    pub fn last_payment_number(&self) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT max(number) FROM account_payments", params![], |r| {
                r.get(0)
            })
    }
}
